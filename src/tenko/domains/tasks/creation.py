"""Creating the tasks of a task type for entities of a kind (idempotent: existing tasks are returned)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import Request
from sqlalchemy import select

from tenko.core import answers, http, records
from tenko.core.atomic import conflict_insert
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, NotFound
from tenko.core.events import emit
from tenko.core.guard import PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.core.types import new_id, utc_now
from tenko.domains.entities.models import ENTITY
from tenko.domains.entities.service import kind_condition
from tenko.domains.projects.access import ManagedProject, ProjectAccess
from tenko.domains.studio.kinds import ALL_KINDS, ASSET, CONCEPT, CONCEPT_FOLDER, EDIT, SHOT, Kind
from tenko.domains.studio.models import TASK_STATUS, TASK_TYPE
from tenko.domains.studio.resources import TASK_TYPES
from tenko.domains.tasks.lists import task_list
from tenko.domains.tasks.models import TASK
from tenko.domains.tasks.resources import TASKS, default_status_id

router = api_router(tags=["tasks"])
MAX_ENTITIES = 20_000
_TEXT = answers.nullable(answers.STRING)
#: the tasks, with the names of their status and type
CREATED_TASKS = answers.answer(
    answers.list_of(
        answers.record_schema(
            TASKS,
            extra={
                "task_status_name": _TEXT,
                "task_status_short_name": _TEXT,
                "task_status_color": _TEXT,
                "task_type_name": _TEXT,
                "task_type_color": _TEXT,
                "task_type_priority": answers.nullable(answers.INTEGER),
            },
        )
    ),
    201,
)


def kind_from_segment(segment: str) -> Kind:
    """``shots``, ``Shot`` or ``shot`` all name the shot kind."""
    wanted = segment.strip().lower()
    for kind in ALL_KINDS:
        if kind is CONCEPT_FOLDER:  # folders only group concepts: they carry no tasks
            continue
        if wanted in {kind.route, kind.event, (kind.entity_type or "asset").lower()}:
            return kind
    raise NotFound(f"Unknown entity kind {segment[:40]!r}")


async def requested_ids(request: Request) -> list[uuid.UUID] | None:
    """Entity ids from the body (a list) or ``?id=``; None means every entity of the kind."""
    ids: list[Any] = list(request.query_params.getlist("id"))
    body = await http.json_value(request, optional=True)
    if isinstance(body, list):
        ids.extend(body)
    elif body is not None and not isinstance(body, dict):
        raise BadRequest("The body must be a list of entity ids")
    if len(ids) > MAX_ENTITIES:
        raise BadRequest(f"At most {MAX_ENTITIES} entities at once")
    return [parse_uuid(i, "entity id") for i in ids] if ids else None


async def default_status(session: DbSession, task_type: Row) -> uuid.UUID:
    status_id = await default_status_id(session, for_concept=task_type.get("for_entity") == "Concept")
    if status_id is None:
        raise BadRequest("No default task status exists")
    return status_id


async def create_tasks(
    session: DbSession, project: ProjectAccess, kind: Kind, task_type: Row, ids: list[uuid.UUID] | None
) -> list[uuid.UUID]:
    """The tasks of ``task_type`` for these entities of the project, created where missing."""
    condition = (ENTITY.c.project_id == project.id) & kind_condition(kind)
    statement = select(ENTITY.c.id).where(condition, ENTITY.c.canceled.isnot(True))
    if ids is not None:
        statement = select(ENTITY.c.id).where(condition, ENTITY.c.id.in_(ids))
    entities = list((await session.execute(statement)).scalars())
    if ids is not None and (missing := set(ids) - set(entities)):
        raise BadRequest(f"Not {kind.route} of this project: {', '.join(sorted(str(i) for i in missing)[:5])}")
    existing_query = select(TASK.c.entity_id, TASK.c.id).where(
        TASK.c.task_type_id == task_type["id"], TASK.c.entity_id.in_(entities)
    )
    existing = dict((await session.execute(existing_query)).all())
    status_id = await default_status(session, task_type)
    now = utc_now()
    new_rows = [
        {
            "id": new_id(),
            "name": "main",
            "project_id": project.id,
            "entity_id": entity_id,
            "task_type_id": task_type["id"],
            "task_status_id": status_id,
            "assigner_id": project.caller.id,
            "created_at": now,
            "updated_at": now,
            "priority": 0,
            "difficulty": 3,
            "duration": 0,
            "estimation": 0,
            "completion_rate": 0,
            "retake_count": 0,
            "sort_order": 0,
            "nb_assets_ready": 0,
            "nb_drawings": 0,
        }
        for entity_id in entities
        if entity_id not in existing
    ]
    created: set[uuid.UUID] = set()
    if new_rows:
        # a racing call may create some of them first (task_uc): those are its own, this call keeps them
        new_rows.sort(key=lambda row: row["entity_id"])  # one order for all: racing inserts cannot deadlock
        adding = conflict_insert(session, TASK).on_conflict_do_nothing().returning(TASK.c.id)
        created = set((await session.execute(adding, new_rows)).scalars())
        existing = dict((await session.execute(existing_query)).all())
    for row in new_rows:
        if row["id"] in created:
            data = {"task_id": row["id"], "project_id": project.id}
            await emit(session, "task:new", data, user_id=project.caller.id, project_id=project.id)
    return [existing[entity_id] for entity_id in entities]


async def answer(session: DbSession, task_ids: list[uuid.UUID]) -> JSONResponse:
    rows = await task_list(session, TASK.c.id.in_(task_ids))
    statuses = {r["id"]: r for r in (await session.execute(select(TASK_STATUS))).mappings()}
    types = {r["id"]: r for r in (await session.execute(select(TASK_TYPE))).mappings()}
    for row in rows:
        status: Any = statuses.get(row["task_status_id"], {})
        task_type: Any = types.get(row["task_type_id"], {})
        row.update(
            task_status_name=status.get("name"),
            task_status_short_name=status.get("short_name"),
            task_status_color=status.get("color"),
            task_type_name=task_type.get("name"),
            task_type_color=task_type.get("color"),
            task_type_priority=task_type.get("priority"),
        )
    return JSONResponse(rows, status_code=201)


async def create_for_kind(
    project: ProjectAccess, task_type_id: str, kind: Kind, request: Request, session: DbSession
) -> JSONResponse:
    task_type = await records.fetch_row(session, TASK_TYPES, parse_uuid(task_type_id, "task type id"))
    ids = await requested_ids(request)
    return await answer(session, await create_tasks(session, project, kind, task_type, ids))


def _route(segment: str, kind: Kind) -> None:
    path = f"/actions/projects/{{project_id}}/task-types/{{task_type_id}}/{segment}/create-tasks"

    async def handler(
        project: ManagedProject, task_type_id: PathId, request: Request, session: DbSession
    ) -> JSONResponse:
        return await create_for_kind(project, task_type_id, kind, request, session)

    handler.__doc__ = f"Create the tasks of a task type for {segment} of a project (all of them without ids)."
    router.add_api_route(
        path,
        handler,
        methods=["POST"],
        status_code=201,
        summary=f"Create tasks of a task type for {segment}",
        name=f"create_{segment}_tasks",
        **CREATED_TASKS,
    )


for _segment, _kind in (("assets", ASSET), ("shots", SHOT), ("edits", EDIT), ("concepts", CONCEPT)):
    _route(_segment, _kind)


@router.post(
    "/actions/projects/{project_id}/task-types/{task_type_id}/create-tasks/{entity_type}",
    summary="Create tasks of a task type for entities of a kind",
    status_code=201,
    **CREATED_TASKS,
)
async def create_for_entity_type(
    project: ManagedProject, task_type_id: PathId, entity_type: str, request: Request, session: DbSession
) -> JSONResponse:
    """Create the tasks of a task type for entities of a kind (``sequences``, ``episodes``...)."""
    return await create_for_kind(project, task_type_id, kind_from_segment(entity_type), request, session)
