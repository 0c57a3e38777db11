"""Reading tasks: one task with everything around it, and the task lists of a project, entity or person."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, records
from tenko.core.access import Caller, Target
from tenko.core.db import DbSession
from tenko.core.guard import Action, Anyone, Loaded, PathId, PathLoader, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import to_rows
from tenko.core.resource import Row
from tenko.domains.entities.resources import ENTITIES
from tenko.domains.people.resources import PERSONS, add_full_name
from tenko.domains.projects.access import MemberProject
from tenko.domains.projects.resources import PROJECTS
from tenko.domains.studio.kinds import SEQUENCE, SHOT
from tenko.domains.studio.models import ENTITY_TYPE
from tenko.domains.studio.resources import TASK_STATUSES, TASK_TYPES
from tenko.domains.tasks.access import CurrentTask
from tenko.domains.tasks.lists import person_of, query_filters, task_list, task_page
from tenko.domains.tasks.models import SUBSCRIPTION, TASK, TASK_PERSON_LINK
from tenko.domains.tasks.reach import reach
from tenko.domains.tasks.resources import TASKS

router = api_router(tags=["tasks"])
_RECORD = answers.nullable(answers.OBJECT)
FULL_TASK = answers.one(
    TASKS,
    extra={
        "entity": _RECORD,
        "entity_type": _RECORD,
        "sequence": answers.OBJECT,  # shot tasks only
        "task_type": answers.OBJECT,
        "task_status": answers.OBJECT,
        "project": answers.OBJECT,
        "persons": answers.list_of(answers.OBJECT),
        "assigner": _RECORD,
        "is_subscribed": answers.BOOLEAN,
    },
)


async def load_entity(session: AsyncSession, caller: Caller, entity_id: uuid.UUID) -> Loaded:
    row = await records.fetch_row(session, ENTITIES, entity_id)
    return Loaded(row, caller, Target(frozenset({row["project_id"]}), row))


#: the entity of the path, for the members of its project
EntityOf = PathLoader(
    "entity_id",
    "entity",
    load_entity,
    {
        "read": Action[Loaded](
            "admins; or project members",
            lambda entity: entity.role is not None,
            "You are not a member of the team of this entity's project",
        )
    },
)


async def people(session: AsyncSession, caller: Caller, ids: list[uuid.UUID]) -> list[Row]:
    if not ids:
        return []
    statement = select(*PERSONS.visible_columns).where(PERSONS.table.c.id.in_(ids))
    rows = to_rows(PERSONS, await session.execute(statement))
    await add_full_name(session, caller, rows)
    return rows


@router.get(
    "/data/tasks/{task_id}/full", summary="A task with its entity, type, status, project and people", **FULL_TASK
)
async def full_task(task: CurrentTask, session: DbSession) -> JSONResponse:
    """A task with its entity, entity type, task type, status, project, assigner and assignees."""
    row = dict(task.row)
    row["assignees"] = task.assignees
    entity = await records.fetch_row(session, ENTITIES, row["entity_id"]) if row["entity_id"] else None
    row["entity"] = entity
    row["entity_type"] = None
    if entity is not None:
        statement = select(ENTITY_TYPE).where(ENTITY_TYPE.c.id == entity["entity_type_id"])
        mapping = (await session.execute(statement)).mappings().first()
        row["entity_type"] = dict(mapping, type="EntityType") if mapping else None
        if entity["parent_id"] is not None and mapping is not None and mapping["name"] == SHOT.entity_type:
            # a shot task carries its sequence, as the reference answers (gazu's publishers name files by it)
            sequence = await records.fetch_row(session, ENTITIES, entity["parent_id"])
            row["sequence"] = dict(sequence, type=SEQUENCE.type_name)
    row["task_type"] = await records.fetch_row(session, TASK_TYPES, row["task_type_id"])
    row["task_status"] = await records.fetch_row(session, TASK_STATUSES, row["task_status_id"])
    # the bare project row, as the reference answers (its team and settings have their own routes)
    row["project"] = await records.fetch_row(session, PROJECTS, row["project_id"])
    found = await people(session, task.caller, [*task.assignees, *([row["assigner_id"]] if row["assigner_id"] else [])])
    by_id = {person["id"]: person for person in found}
    row["persons"] = [by_id[i] for i in task.assignees if i in by_id]
    row["assigner"] = by_id.get(row["assigner_id"])
    subscribed = (SUBSCRIPTION.c.task_id == task.id) & (SUBSCRIPTION.c.person_id == task.caller.id)
    row["is_subscribed"] = (await session.execute(select(SUBSCRIPTION.c.id).where(subscribed))).first() is not None
    return JSONResponse(row)


@router.get("/data/projects/{project_id}/tasks", summary="The tasks of a project", **answers.many_or_page(TASKS))
async def project_tasks(project: MemberProject, request: Request, session: DbSession) -> JSONResponse:
    """The tasks of a project, with their assignees (vendors: theirs only); filtered and paged as
    ``/data/tasks`` (gazu's ``all_tasks_for_project`` sends ``task_type_id`` and ``episode_id``)."""
    condition = (TASK.c.project_id == project.id) & reach(project.caller)
    return JSONResponse(await task_page(session, condition, request.query_params, project.caller))


@router.get(
    "/data/entities/{entity_id}/task-types/{task_type_id}/tasks",
    summary="The tasks of an entity for a task type",
    **answers.many(TASKS),
)
async def entity_type_tasks(
    entity: Annotated[Loaded, EntityOf("read")], task_type_id: PathId, request: Request, session: DbSession
) -> JSONResponse:
    """The tasks of an entity for one task type (without their assignees); column filters as ``/data/tasks``."""
    type_id = parse_uuid(task_type_id, "task type id")
    condition = (TASK.c.entity_id == entity.id) & (TASK.c.task_type_id == type_id) & reach(entity.caller)
    condition &= query_filters(request.query_params, entity.caller)
    return JSONResponse(await task_list(session, condition, relations=False))


@router.get(
    "/data/persons/{person_id}/related-tasks/{task_type_id}",
    summary="Tasks of a type on a person's entities",
    **answers.many(TASKS),
)
async def related_tasks(
    person_id: PathId, task_type_id: PathId, request: Request, session: DbSession, caller: Anyone
) -> JSONResponse:
    """Tasks of a task type on the entities where the person has an assigned task (without their
    assignees); column filters as ``/data/tasks``."""
    person = await person_of(session, person_id)
    type_id = parse_uuid(task_type_id, "task type id")
    mine = select(TASK_PERSON_LINK.c.task_id).where(TASK_PERSON_LINK.c.person_id == person)
    entities = select(TASK.c.entity_id).where(TASK.c.id.in_(mine))
    condition = TASK.c.entity_id.in_(entities) & (TASK.c.task_type_id == type_id) & reach(caller)
    condition &= query_filters(request.query_params, caller)
    return JSONResponse(await task_list(session, condition, relations=False))
