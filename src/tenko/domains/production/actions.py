"""Kind-aware writes through ``/data/entities`` and the breakdown actions of a project.

``POST /data/entities``, ``PUT`` and ``DELETE /data/entities/{id}`` apply the rules of the
entity's kind (a shot's parent is a sequence...) and record ``shot:update``-style events,
exactly as the per-kind routes do.
"""

import uuid
from typing import Annotated, Any

from fastapi import Request, Response
from sqlalchemy import select, update

from tenko.core import answers, http, records
from tenko.core.access import PROJECT_MANAGER, Caller
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest
from tenko.core.guard import PathId, body_references, parse_uuid, requires
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import parse_bool
from tenko.core.ranges import frame_rate, within
from tenko.core.resource import Row
from tenko.core.schemas import json_schema_of
from tenko.domains.entities import service
from tenko.domains.entities.access import LoadedEntity, entity_loader
from tenko.domains.entities.models import ENTITY
from tenko.domains.entities.resources import ENTITIES
from tenko.domains.entities.service import kind_condition
from tenko.domains.previews.models import PREVIEW_FILE
from tenko.domains.production import reads as service_reads
from tenko.domains.production import schemas
from tenko.domains.projects.access import ManagedProject, MemberProject
from tenko.domains.projects.models import PROJECT, PROJECT_TASK_TYPE_LINK
from tenko.domains.studio.kinds import ASSET, SHOT, kind_of_type
from tenko.domains.studio.models import TASK_STATUS, TASK_TYPE
from tenko.domains.tasks.models import TASK
from tenko.domains.tasks.resources import TASKS

router = api_router(tags=["entities"])
NB_FRAMES = within(ENTITY.c.nb_frames)
AnyEntity = Annotated[LoadedEntity, entity_loader(None, "instance_id")("read")]
DeletableEntity = Annotated[LoadedEntity, entity_loader(None, "instance_id")("delete")]
ManagedEntity = Annotated[LoadedEntity, entity_loader(None, "entity_id")("manage")]
#: the project is in the body: callers who manage no project are refused before it is read
ProjectManager = Annotated[Caller, requires(PROJECT_MANAGER)]
ENTITY_ANSWER = answers.record_schema(ENTITIES, schemas.context_keys(ASSET) | schemas.context_keys(SHOT))
#: a task made by ``create_entity_tasks``: no entity nor project name (the reference's answer)
NEW_TASK_WITHOUT = ("entity_name", "entity_type_name", "project_name")
NEW_TASK = answers.record_schema(
    TASKS,
    {
        **{key: value for key, value in schemas.TASK_ROW["properties"].items() if key not in NEW_TASK_WITHOUT},
        "task_type_color": answers.STRING,
        "task_type_priority": answers.INTEGER,
        "task_status_color": answers.STRING,
        "task_status_short_name": answers.STRING,
    },
)


@router.post(
    "/data/entities",
    summary="Create an entity of any kind (the rules of its entity type apply)",
    status_code=201,
    openapi_extra={"requestBody": json_schema_of(ENTITIES.create_model)},
    dependencies=body_references(service.kind_resource(SHOT)),  # every kind has the same references
    **answers.answer(ENTITY_ANSWER, 201, "One Entity"),
)
async def create_entity(request: Request, session: DbSession, caller: ProjectManager) -> JSONResponse:
    """Create an entity of any kind (the rules of its entity type apply)."""
    body = await http.json_object(request)
    # every field is checked (and named when wrong) before the kind is looked up
    values = http.validate(ENTITIES.create_model, records.clean_body(ENTITIES, body, frozenset()))
    project_id, type_id = values["project_id"], values["entity_type_id"]
    kind = await kind_of_type(session, type_id)
    if kind is None:
        raise BadRequest(f"entity_type_id: no entity type with id {type_id}")
    found = (await session.execute(select(PROJECT.c.id).where(PROJECT.c.id == project_id))).first()
    if found is None:
        raise BadRequest(f"project_id: no project with id {project_id}")
    row = await service.create_entity(session, caller, kind, project_id, body)
    return JSONResponse(row, status_code=201)


@router.put(
    "/data/entities/{instance_id}",
    summary="Update an entity of any kind (shots, assets, sequences, episodes, edits, concepts...)",
    openapi_extra={"requestBody": json_schema_of(ENTITIES.update_model)},
    dependencies=body_references(service.kind_resource(SHOT)),
    **answers.one(ENTITIES),
)
async def update_entity(entity: AnyEntity, request: Request, session: DbSession) -> JSONResponse:
    """Update an entity of any kind (shots, assets, sequences, episodes, edits, concepts...)."""
    body = await http.json_object(request)
    return JSONResponse(await service.update_loaded(session, entity.caller, entity.kind, entity.row, body))


@router.delete(
    "/data/entities/{instance_id}",
    summary="Delete an entity (canceled instead when it has tasks, unless force=true)",
    **answers.no_content(),
)
async def delete_entity(entity: DeletableEntity, request: Request, session: DbSession) -> Response:
    """Delete an entity (canceled instead when it has tasks, unless force=true)."""
    force = parse_bool(request.query_params.get("force"))
    await service.remove_entity(session, entity.caller, entity.kind, entity.row, force)
    return Response(status_code=204)


@router.post(
    "/data/entities/{entity_id:uuid}/tasks",
    summary="Create the entity's tasks of the given task types (task_type_ids)",
    status_code=201,
    **answers.answer(answers.list_of(NEW_TASK), 201, "A list of Task"),
)
async def create_entity_tasks(entity: ManagedEntity, request: Request, session: DbSession) -> JSONResponse:
    """Create the entity's tasks of the given task types (task_type_ids), each enabled in the project;
    the caller is their assigner. Task types the entity already has are skipped."""
    body = await http.json_object(request)
    raw = body.get("task_type_ids") or []
    if not isinstance(raw, list):
        raise BadRequest("task_type_ids: a list of task type ids is expected")
    wanted = list(dict.fromkeys(records.parse_id(str(value), "task_type_ids") for value in raw))
    enabled_query = select(PROJECT_TASK_TYPE_LINK.c.task_type_id).where(
        PROJECT_TASK_TYPE_LINK.c.project_id == entity.project_id, PROJECT_TASK_TYPE_LINK.c.task_type_id.in_(wanted)
    )
    enabled = set((await session.execute(enabled_query)).scalars())
    if disabled := [task_type_id for task_type_id in wanted if task_type_id not in enabled]:
        raise BadRequest(f"Task type {disabled[0]} is not enabled in project {entity.project_id}")
    existing_query = select(TASK.c.task_type_id).where(TASK.c.entity_id == entity.id, TASK.c.task_type_id.in_(wanted))
    existing = set((await session.execute(existing_query)).scalars())
    created = []
    for task_type_id in wanted:
        if task_type_id in existing:
            continue
        values = {
            "name": "main",
            "entity_id": str(entity.id),
            "project_id": str(entity.project_id),
            "task_type_id": str(task_type_id),
            "assigner_id": str(entity.caller.id),
        }
        created.append((await records.create(session, TASKS, entity.caller, values))["id"])
    return JSONResponse(await created_task_rows(session, entity.caller, created), status_code=201)


async def created_task_rows(session: Any, caller: Any, task_ids: list[uuid.UUID]) -> list[Row]:
    """The new tasks with the names, colors and priorities of their type and status."""
    if not task_ids:
        return []
    rows = await service_reads.task_rows(session, caller, TASK.c.id.in_(task_ids), None)
    types = TASK_TYPE
    statuses = TASK_STATUS
    extra_query = (
        select(
            TASK.c.id,
            types.c.color.label("task_type_color"),
            types.c.priority.label("task_type_priority"),
            statuses.c.color.label("task_status_color"),
            statuses.c.short_name.label("task_status_short_name"),
        )
        .select_from(
            TASK.join(types, types.c.id == TASK.c.task_type_id).join(statuses, statuses.c.id == TASK.c.task_status_id)
        )
        .where(TASK.c.id.in_(task_ids))
    )
    extras = {row.id: dict(row._mapping) for row in (await session.execute(extra_query)).all()}
    for row in rows:
        row.update(extras.get(row["id"], {}))
        row["assignees"] = []
        for key in NEW_TASK_WITHOUT:
            del row[key]
    return rows


@router.post(
    "/actions/projects/{project_id}/delete-entities",
    summary="Remove assets, shots, edits and concepts of a project in one request (a list of ids)",
    **answers.answer(answers.ID_LIST, 200, "The ids removed or canceled"),
)
async def delete_entities(project: MemberProject, request: Request, session: DbSession) -> JSONResponse:
    """Remove assets, shots, edits and concepts of a project in one request (a list of ids)."""
    body = await http.json_value(request, optional=True)
    if isinstance(body, dict):
        body = body.get("entity_ids")
    if not isinstance(body, list):
        raise BadRequest("The body must be a list of entity ids")
    force = parse_bool(request.query_params.get("force"))
    return JSONResponse(await service.delete_many(session, project.caller, project.id, body, force))


@router.post(
    "/actions/projects/{project_id}/task-types/{task_type_id}/set-shot-nb-frames",
    summary="Set each shot's number of frames from the last preview of its task of this type",
    **answers.answer(answers.list_of(answers.object_of({"id": answers.UUID, "nb_frames": answers.INTEGER})), 200),
)
async def set_shot_nb_frames(
    project: ManagedProject, task_type_id: PathId, request: Request, session: DbSession
) -> JSONResponse:
    """Set each shot's number of frames from the last preview of its task of this type."""
    type_id = parse_uuid(task_type_id, "task type id")
    project_id, caller = project.id, project.caller
    shots = select(ENTITY.c.id).where(ENTITY.c.project_id == project_id, kind_condition(SHOT))
    episode = request.query_params.get("episode_id")
    if episode:
        episode_id = records.parse_id(episode, "episode_id")
        sequences = select(ENTITY.c.id).where(ENTITY.c.parent_id == episode_id)
        shots = shots.where(ENTITY.c.parent_id.in_(sequences))
    statement = (
        select(TASK.c.entity_id, PREVIEW_FILE.c.duration)
        .select_from(PREVIEW_FILE.join(TASK, TASK.c.id == PREVIEW_FILE.c.task_id))
        .where(TASK.c.task_type_id == type_id, TASK.c.entity_id.in_(shots))
        .order_by(TASK.c.entity_id, PREVIEW_FILE.c.revision.desc(), PREVIEW_FILE.c.created_at.desc())
    )
    latest: dict[uuid.UUID, float] = {}
    for shot_id, duration in (await session.execute(statement)).all():
        latest.setdefault(shot_id, duration or 0.0)
    fps = frame_rate(project.row.get("fps"))
    frames = {shot_id: duration * fps for shot_id, duration in latest.items() if duration}
    # a duration stored before the ranges were checked may give a count the column cannot hold
    fitting = {shot_id: round(count) for shot_id, count in frames.items() if NB_FRAMES.allowed.holds(count)}
    changes = [{"id": shot_id, "nb_frames": count} for shot_id, count in fitting.items()]
    resource = service.kind_resource(SHOT)
    for change in changes:
        await session.execute(update(ENTITY).where(ENTITY.c.id == change["id"]).values(nb_frames=change["nb_frames"]))
        await records.record_event(session, resource, caller, "update", {**change, "project_id": project_id})
    return JSONResponse(changes)
