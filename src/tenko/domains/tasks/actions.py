"""Task writes of the daily loop: assigning people, clearing assignations, priorities, bulk deletion."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http, records
from tenko.core.access import CONTRIBUTOR, PROJECT_STAFF, Caller
from tenko.core.atomic import conflict_insert
from tenko.core.db import DbSession
from tenko.core.deletion import delete_records
from tenko.core.errors import BadRequest
from tenko.core.events import emit_all
from tenko.core.guard import PathId, parse_uuid, requires
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.ranges import within
from tenko.core.resource import Row
from tenko.core.types import utc_now
from tenko.domains.people.models import DEPARTMENT_LINK
from tenko.domains.people.resources import PERSONS
from tenko.domains.projects.access import ManagedProject, ProjectAccess
from tenko.domains.projects.models import PROJECT_PERSON_LINK
from tenko.domains.tasks.access import (
    ASSIGN_TEXT,
    CLEAR_TEXT,
    PLAN_TASK,
    CurrentTask,
    TaskAccess,
    accesses_to,
    assigning,
    clearing,
)
from tenko.domains.tasks.lists import task_list
from tenko.domains.tasks.models import TASK, TASK_PERSON_LINK
from tenko.domains.tasks.resources import TASKS

router = api_router(tags=["tasks"])


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
    priority: Annotated[int, within(TASK.c.priority)]


async def departments_of(session: DbSession, person_id: uuid.UUID) -> set[uuid.UUID]:
    link = DEPARTMENT_LINK
    statement = select(link.c.department_id).where(link.c.person_id == person_id)
    return set((await session.execute(statement)).scalars())


async def assign(session: DbSession, caller: Caller, person: Row, task_ids: list[uuid.UUID]) -> list[Row]:
    """Assign a person to tasks (all authorised first), adding them to each project's team."""
    departments = await departments_of(session, person["id"])
    accesses = await accesses_to(session, caller, task_ids, assigning(person, departments))
    new = [access for access in accesses if person["id"] not in access.assignees]
    if not new:
        return []
    # the links a racing call has not added meanwhile are this call's (and so are their events)
    links = [{"task_id": i, "person_id": person["id"]} for i in sorted(access.id for access in new)]
    statement = conflict_insert(session, TASK_PERSON_LINK).on_conflict_do_nothing()
    added = set((await session.execute(statement.returning(TASK_PERSON_LINK.c.task_id), links)).scalars())
    new = [access for access in new if access.id in added]
    if not new:
        return []
    await session.execute(update(TASK).where(TASK.c.id.in_(added)).values(assigner_id=caller.id))
    members = [{"project_id": i, "person_id": person["id"]} for i in sorted({access.project_id for access in new})]
    await session.execute(conflict_insert(session, PROJECT_PERSON_LINK).on_conflict_do_nothing(), members)
    # the assigned person is notified by the notifications domain, listening to task:assign
    await record(session, caller, "task:assign", [(access, {"person_id": person["id"]}) for access in new])
    return [access.row for access in new]


async def record(
    session: DbSession, caller: Caller, name: str, changes: list[tuple[TaskAccess, dict[str, Any]]]
) -> None:
    """One event per changed task, stored in one statement."""
    events = [(name, {"task_id": a.id, "project_id": a.project_id, **data}, a.project_id) for a, data in changes]
    await emit_all(session, events, user_id=caller.id)


#: who may assign (each task of the body is then judged by ``assigning``)
ASSIGNERS = requires(CONTRIBUTOR, f"admins; or project managers, supervisors and artists; {ASSIGN_TEXT}")
Assigner = Annotated[Caller, ASSIGNERS]
TASK_IDS = answers.answer(answers.ID_LIST)


@router.put("/actions/persons/{person_id}/assign", summary="Assign a person to tasks", **answers.many(TASKS))
async def assign_person(person_id: PathId, request: Request, session: DbSession, caller: Assigner) -> JSONResponse:
    """Assign a person to the given tasks (``task_ids``); answers the tasks."""
    person = await records.fetch_row(session, PERSONS, parse_uuid(person_id, "person id"))
    body = await http.json_body(request, TaskIds)
    await assign(session, caller, person, body["task_ids"])
    return JSONResponse(await task_list(session, TASK.c.id.in_(body["task_ids"])))


@router.put(
    "/actions/tasks/{task_id}/assign",
    summary="Assign a person to a task",
    dependencies=[ASSIGNERS],
    **answers.one(TASKS),
)
async def assign_task(task: CurrentTask, request: Request, session: DbSession) -> JSONResponse:
    """Assign the person ``person_id`` to this task; answers the task."""
    body = await http.json_body(request, OnePerson)
    person = await records.fetch_row(session, PERSONS, body["person_id"])
    await assign(session, task.caller, person, [task.id])
    return JSONResponse((await task_list(session, TASK.c.id == task.id))[0])


@router.put("/actions/tasks/clear-assignation", summary="Clear the assignations of tasks", **TASK_IDS)
async def clear_assignation(
    request: Request,
    session: DbSession,
    caller: Annotated[
        Caller, requires(CONTRIBUTOR, f"admins; or project managers, supervisors and artists; {CLEAR_TEXT}")
    ],
) -> JSONResponse:
    """Remove everyone (or ``person_id`` only) from the given tasks; answers the task ids."""
    body = await http.json_body(request, TaskIds)
    person_id = body.get("person_id")
    accesses = await accesses_to(session, caller, body["task_ids"], clearing(person_id))
    condition = TASK_PERSON_LINK.c.task_id.in_([access.id for access in accesses])
    if person_id is not None:
        condition = condition & (TASK_PERSON_LINK.c.person_id == person_id)
    await session.execute(delete(TASK_PERSON_LINK).where(condition))
    removed = [(a, {"person_id": p}) for a in accesses for p in a.assignees if person_id in (None, p)]
    await record(session, caller, "task:unassign", removed)
    return JSONResponse([str(access.id) for access in accesses])


@router.put("/actions/tasks/set-priority", summary="Set the priority of tasks", **answers.many(TASKS))
async def set_priority(
    request: Request,
    session: DbSession,
    caller: Annotated[
        Caller, requires(PROJECT_STAFF, f"admins; or project managers and supervisors; per task: {PLAN_TASK.text}")
    ],
) -> JSONResponse:
    """Set ``priority`` on the given tasks (managers; supervisors of their departments)."""
    body = await http.json_body(request, Priorities)
    accesses = await accesses_to(session, caller, body["task_ids"], PLAN_TASK)
    values = {"priority": body["priority"], "updated_at": utc_now()}
    await session.execute(update(TASK).where(TASK.c.id.in_([access.id for access in accesses])).values(**values))
    await record(session, caller, "task:update", [(access, {}) for access in accesses])
    return JSONResponse(await task_list(session, TASK.c.id.in_(body["task_ids"]), relations=False))


async def delete_tasks(session: AsyncSession, project: ProjectAccess, task_ids: list[uuid.UUID]) -> None:
    """Delete tasks and what hangs on them (comments, time, notifications...), then their events."""
    # the cascade follows the foreign keys: comments, time spents, notifications, links...
    await delete_records(session, TASK.metadata, TASK, task_ids, force=True, label="task")
    events = [("task:delete", {"task_id": i, "project_id": project.id}, project.id) for i in task_ids]
    await emit_all(session, events, user_id=project.caller.id)


@router.post("/actions/projects/{project_id}/delete-tasks", summary="Delete tasks of a project", **TASK_IDS)
async def delete_project_tasks(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
    """Delete the given tasks (a JSON list of ids) of a project (its managers); answers their ids."""
    ids = await http.json_value(request)
    if not isinstance(ids, list) or len(ids) > 10_000:
        raise BadRequest("The body must be a list of task ids")
    task_ids = list(dict.fromkeys(parse_uuid(i, "task id") for i in ids))
    statement = select(TASK.c.id).where(TASK.c.id.in_(task_ids), TASK.c.project_id == project.id)
    found = set((await session.execute(statement)).scalars())
    if missing := [str(i) for i in task_ids if i not in found]:
        raise BadRequest(f"These tasks are not tasks of this project: {', '.join(missing[:5])}")
    await delete_tasks(session, project, task_ids)
    return JSONResponse([str(i) for i in task_ids])


@router.delete(
    "/actions/projects/{project_id}/task-types/{task_type_id}/delete-tasks",
    summary="Delete every task of a task type in a project",
    **answers.no_content(),
)
async def delete_type_tasks(project: ManagedProject, task_type_id: PathId, session: DbSession) -> Response:
    """Delete every task of a task type in a project (its managers)."""
    type_id = parse_uuid(task_type_id, "task type id")
    statement = select(TASK.c.id).where(TASK.c.project_id == project.id, TASK.c.task_type_id == type_id)
    await delete_tasks(session, project, list((await session.execute(statement)).scalars()))
    return Response(status_code=204)
