"""Task writes of the daily loop: assigning people, clearing assignations, priorities, bulk deletion."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, insert, select, update

from tenko.auth.deps import Context
from tenko.core import http, jsonutil, records
from tenko.core.access import Caller, Role
from tenko.core.db import DbSession
from tenko.core.deletion import delete_records
from tenko.core.errors import BadRequest, Forbidden
from tenko.core.events import events_of
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.model import table_of
from tenko.core.resource import Row
from tenko.core.types import utc_now
from tenko.domains.notifications import service as notifications
from tenko.domains.people.models import DepartmentLink
from tenko.domains.people.resources import PERSONS
from tenko.domains.projects.access import managed_project
from tenko.domains.projects.models import ProjectPersonLink
from tenko.domains.tasks.access import TASK, TASK_LINK, TaskAccess, accesses_to, fetch_task
from tenko.domains.tasks.endpoints import task_list

router = APIRouter(tags=["tasks"])
TEAM = table_of(ProjectPersonLink)
DEPARTMENT_LINK = table_of(DepartmentLink)
Int32 = Field(ge=-(2**31), le=2**31 - 1)


class TaskIds(BaseModel):
    model_config = ConfigDict(extra="ignore")

    task_ids: list[uuid.UUID] = Field(max_length=10_000)
    person_id: uuid.UUID | None = None


class OnePerson(BaseModel):
    model_config = ConfigDict(extra="ignore")

    person_id: uuid.UUID


class Priorities(BaseModel):
    model_config = ConfigDict(extra="ignore")

    task_ids: list[uuid.UUID] = Field(max_length=10_000)
    priority: int = Int32


async def body_of(request: Request, context: Context, model: type[BaseModel]) -> dict[str, Any]:
    return http.validate(model, await http.json_object(request))


def may_assign(access: TaskAccess, person: Row, person_departments: set[uuid.UUID]) -> bool:
    """permissions.md: managers anyone; supervisors people of their departments on their
    departments' task types; artists only themselves, on task types of their department."""
    caller = access.caller
    if access.is_manager:
        return True
    if access.role is Role.SUPERVISOR:
        if not caller.department_ids:
            return True
        return access.in_departments() and bool(person_departments & caller.department_ids)
    if access.role is Role.USER:
        own_department = access.department_id is None or access.department_id in caller.department_ids
        return person["id"] == caller.id and own_department
    return False


async def departments_of(session: DbSession, person_id: uuid.UUID) -> set[uuid.UUID]:
    link = DEPARTMENT_LINK
    statement = select(link.c.department_id).where(link.c.person_id == person_id)
    return set((await session.execute(statement)).scalars())


async def assign(session: DbSession, caller: Caller, person: Row, task_ids: list[uuid.UUID]) -> list[Row]:
    """Assign a person to tasks (all authorised first), adding them to each project's team."""
    departments = await departments_of(session, person["id"])

    def check(access: TaskAccess) -> None:
        if not may_assign(access, person, departments):
            raise Forbidden(f"You may not assign this person to the task {access.id}")

    accesses = await accesses_to(session, caller, task_ids, check)
    new = [access for access in accesses if person["id"] not in access.assignees]
    if new:
        ids = [access.id for access in new]
        await session.execute(insert(TASK_LINK), [{"task_id": i, "person_id": person["id"]} for i in ids])
        await session.execute(update(TASK).where(TASK.c.id.in_(ids)).values(assigner_id=caller.id))
        projects = {access.project_id for access in new}
        team = select(TEAM.c.project_id).where(TEAM.c.person_id == person["id"], TEAM.c.project_id.in_(projects))
        if missing := projects - set((await session.execute(team)).scalars()):
            await session.execute(insert(TEAM), [{"project_id": i, "person_id": person["id"]} for i in missing])
        await record(session, caller, "task:assign", [(access, {"person_id": person["id"]}) for access in new])
    assigned = [access.row for access in new]
    await notifications.notify_assignation(session, assigned, person["id"], caller.id)
    return assigned


async def record(
    session: DbSession, caller: Caller, name: str, changes: list[tuple[TaskAccess, dict[str, Any]]]
) -> None:
    """One event per changed task, stored in one statement."""
    bus = events_of(session)
    if bus is not None:
        events = [(name, {"task_id": a.id, "project_id": a.project_id, **data}, a.project_id) for a, data in changes]
        await bus.record_all(session, events, user_id=caller.id)


@router.put("/actions/persons/{person_id}/assign", summary="Assign a person to tasks")
async def assign_person(
    person_id: str, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    """Assign a person to the given tasks (``task_ids``); answers the tasks."""
    person = await records.fetch_row(session, PERSONS, records.parse_id(person_id, "person id"))
    body = await body_of(request, context, TaskIds)
    await assign(session, caller, person, body["task_ids"])
    return JSONResponse(await task_list(session, TASK.c.id.in_(body["task_ids"])))


@router.put("/actions/tasks/{task_id}/assign", summary="Assign a person to a task")
async def assign_task(
    task_id: str, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    """Assign the person ``person_id`` to this task; answers the task."""
    task = await fetch_task(session, records.parse_id(task_id, "task id"))
    body = await body_of(request, context, OnePerson)
    person = await records.fetch_row(session, PERSONS, body["person_id"])
    await assign(session, caller, person, [task["id"]])
    return JSONResponse((await task_list(session, TASK.c.id == task["id"]))[0])


@router.put("/actions/tasks/clear-assignation", summary="Clear the assignations of tasks")
async def clear_assignation(
    request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    """Remove everyone (or ``person_id`` only) from the given tasks; answers the task ids."""
    body = await body_of(request, context, TaskIds)
    person_id = body.get("person_id")

    def check(access: TaskAccess) -> None:
        removed = [person_id] if person_id is not None else list(access.assignees)
        allowed = access.is_manager or (access.role is Role.SUPERVISOR and access.in_departments())
        if not allowed and not (access.role is Role.USER and removed == [caller.id]):
            raise Forbidden(f"You may not clear the assignations of the task {access.id}")

    accesses = await accesses_to(session, caller, body["task_ids"], check)
    condition = TASK_LINK.c.task_id.in_([access.id for access in accesses])
    if person_id is not None:
        condition = condition & (TASK_LINK.c.person_id == person_id)
    await session.execute(delete(TASK_LINK).where(condition))
    removed = [(a, {"person_id": p}) for a in accesses for p in a.assignees if person_id in (None, p)]
    await record(session, caller, "task:unassign", removed)
    return JSONResponse([str(access.id) for access in accesses])


@router.put("/actions/tasks/set-priority", summary="Set the priority of tasks")
async def set_priority(request: Request, session: DbSession, caller: CurrentCaller, context: Context) -> JSONResponse:
    """Set ``priority`` on the given tasks (managers; supervisors of their departments)."""
    body = await body_of(request, context, Priorities)

    def check(access: TaskAccess) -> None:
        if not access.may_update_fields():
            raise Forbidden(f"You may not change the priority of the task {access.id}")

    accesses = await accesses_to(session, caller, body["task_ids"], check)
    values = {"priority": body["priority"], "updated_at": utc_now()}
    await session.execute(update(TASK).where(TASK.c.id.in_([access.id for access in accesses])).values(**values))
    await record(session, caller, "task:update", [(access, {}) for access in accesses])
    return JSONResponse(await task_list(session, TASK.c.id.in_(body["task_ids"]), relations=False))


async def delete_tasks(session: DbSession, caller: Caller, project_id: uuid.UUID, task_ids: list[uuid.UUID]) -> None:
    """Delete tasks and what hangs on them (comments, time, notifications...), then their events."""
    # the cascade follows the foreign keys: comments, time spents, notifications, links...
    await delete_records(session, TASK.metadata, TASK, task_ids, force=True, label="task")
    bus = events_of(session)
    if bus is not None:
        events = [("task:delete", {"task_id": i, "project_id": project_id}, project_id) for i in task_ids]
        await bus.record_all(session, events, user_id=caller.id)


@router.post("/actions/projects/{project_id}/delete-tasks", summary="Delete tasks of a project")
async def delete_project_tasks(
    project_id: str, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    """Delete the given tasks (a JSON list of ids) of a project (its managers); answers their ids."""
    project = await managed_project(project_id, session, caller)
    raw = await request.body()
    try:
        ids = jsonutil.loads(raw) if raw.strip() else None
    except ValueError as exc:
        raise BadRequest("Invalid JSON body") from exc
    if not isinstance(ids, list) or len(ids) > 10_000:
        raise BadRequest("The body must be a list of task ids")
    task_ids = list(dict.fromkeys(records.parse_id(str(i), "task id") for i in ids))
    statement = select(TASK.c.id).where(TASK.c.id.in_(task_ids), TASK.c.project_id == project.id)
    found = set((await session.execute(statement)).scalars())
    if missing := [str(i) for i in task_ids if i not in found]:
        raise BadRequest(f"These tasks are not tasks of this project: {', '.join(missing[:5])}")
    await delete_tasks(session, caller, project.id, task_ids)
    return JSONResponse([str(i) for i in task_ids])


@router.delete(
    "/actions/projects/{project_id}/task-types/{task_type_id}/delete-tasks",
    summary="Delete every task of a task type in a project",
    status_code=204,
)
async def delete_type_tasks(project_id: str, task_type_id: str, session: DbSession, caller: CurrentCaller) -> Response:
    """Delete every task of a task type in a project (its managers)."""
    project = await managed_project(project_id, session, caller)
    type_id = records.parse_id(task_type_id, "task type id")
    statement = select(TASK.c.id).where(TASK.c.project_id == project.id, TASK.c.task_type_id == type_id)
    await delete_tasks(session, caller, project.id, list((await session.execute(statement)).scalars()))
    return Response(status_code=204)
