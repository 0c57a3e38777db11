"""Routes reached through another entity: children, context tasks, scene links, entity extras.

Children (``/data/episodes/{id}/sequences``...) and the task lists of an episode or sequence
(``/shot-tasks``...) are declared as data and served by the same two handlers.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import ColumnElement, select

from tenko.auth.deps import Context
from tenko.core import http, records
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, NotFound
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.domains.entities import service, service_previews, service_reads
from tenko.domains.entities.endpoints import named
from tenko.domains.entities.kinds import ASSET, EDIT, EPISODE, SCENE, SEQUENCE, SHOT, Kind
from tenko.domains.entities.service import ENTITY, TASK, kind_condition

router = APIRouter(tags=["breakdown"])
Condition = Callable[[uuid.UUID], ColumnElement[bool]]


def sequences_of(episode_id: uuid.UUID) -> Any:
    return select(ENTITY.c.id).where(ENTITY.c.parent_id == episode_id, kind_condition(SEQUENCE))


@dataclass(frozen=True)
class Children:
    """``/data/<parent>/{id}/<suffix>``: the ``kind`` entities matching ``condition(parent id)``."""

    parent: Kind
    suffix: str
    kind: Kind
    condition: Condition
    tasks: bool = False  # list their tasks instead of the entities


CHILDREN = (
    Children(EPISODE, "sequences", SEQUENCE, lambda i: ENTITY.c.parent_id == i),
    Children(EPISODE, "shots", SHOT, lambda i: ENTITY.c.parent_id.in_(sequences_of(i))),
    Children(EPISODE, "edits", EDIT, lambda i: ENTITY.c.parent_id == i),
    Children(SEQUENCE, "shots", SHOT, lambda i: ENTITY.c.parent_id == i),
    Children(SEQUENCE, "scenes", SCENE, lambda i: ENTITY.c.parent_id == i),
    Children(SCENE, "shots", SHOT, lambda i: ENTITY.c.source_id == i),
    Children(EPISODE, "asset-tasks", ASSET, lambda i: ENTITY.c.source_id == i, tasks=True),
    Children(EPISODE, "shot-tasks", SHOT, lambda i: ENTITY.c.parent_id.in_(sequences_of(i)), tasks=True),
    Children(EPISODE, "edit-tasks", EDIT, lambda i: ENTITY.c.parent_id == i, tasks=True),
    Children(SEQUENCE, "shot-tasks", SHOT, lambda i: ENTITY.c.parent_id == i, tasks=True),
)


def add_children_route(spec: Children) -> None:
    key = f"{spec.parent.event}_id"

    async def children(entity_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller) -> Any:
        parent = await service.load_entity(session, caller, spec.parent, entity_id)
        condition = spec.condition(parent["id"])
        if spec.tasks:
            entities = select(ENTITY.c.id).where(condition, kind_condition(spec.kind))
            rows = await service_reads.task_rows(session, caller, TASK.c.entity_id.in_(entities), parent["project_id"])
            return JSONResponse(rows)
        result = await service_reads.list_entities(
            session, caller, spec.kind, request.query_params, conditions=(condition,), pages=False
        )
        return JSONResponse(result)

    what = f"tasks of the {spec.kind.route}" if spec.tasks else spec.kind.route
    router.add_api_route(
        f"/data/{spec.parent.route}/{{{key}:uuid}}/{spec.suffix}",
        named(children, key),
        methods=["GET"],
        summary=f"List the {what} of a {spec.parent.type_name.lower()}",
        response_class=JSONResponse,
    )


for _spec in CHILDREN:
    add_children_route(_spec)


@router.post("/data/scenes/{scene_id:uuid}/shots", summary="Mark a shot as issued from a scene", status_code=201)
async def add_shot_to_scene(
    scene_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    scene = await service.load_entity(session, caller, SCENE, scene_id)
    body = await http.json_object(request)
    shot_id = records.parse_id(str(body.get("shot_id", "")), "shot_id")
    shot = await service.load_entity(session, caller, SHOT, shot_id)
    if shot["project_id"] != scene["project_id"]:
        raise BadRequest("The shot and the scene belong to different projects")
    row = await service.update_entity(session, caller, SHOT, shot_id, {"source_id": str(scene["id"])})
    return JSONResponse(row, status_code=201)


@router.delete(
    "/data/scenes/{scene_id:uuid}/shots/{shot_id:uuid}", summary="Unlink a shot from its scene", status_code=204
)
async def remove_shot_from_scene(
    scene_id: uuid.UUID, shot_id: uuid.UUID, session: DbSession, caller: CurrentCaller
) -> Response:
    scene = await service.load_entity(session, caller, SCENE, scene_id)
    shot = await service.load_entity(session, caller, SHOT, shot_id)
    if shot["source_id"] != scene["id"]:
        raise NotFound("This shot is not linked to this scene")
    await service.update_entity(session, caller, SHOT, shot_id, {"source_id": None})
    return Response(status_code=204)


async def any_entity(session: Any, caller: Any, entity_id: uuid.UUID) -> tuple[Kind, dict[str, Any]]:
    kind = await service.kind_of_entity(session, entity_id)
    return kind, await service.load_entity(session, caller, kind, entity_id)


@router.get("/data/entities/{entity_id:uuid}/preview-files", summary="List the preview files of an entity's tasks")
async def entity_preview_files(entity_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    _, row = await any_entity(session, caller, entity_id)
    return JSONResponse(await service_previews.entity_preview_files(session, caller, row))


@router.get("/data/entities/{entity_id:uuid}/time-spents", summary="List the time spent on an entity's tasks")
async def entity_time_spents(entity_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    _, row = await any_entity(session, caller, entity_id)
    return JSONResponse(await service_previews.entity_time_spents(session, caller, row))


@router.get("/data/entities/{entity_id:uuid}/news", summary="The news feed of an entity's tasks (paginated)")
async def entity_news(entity_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller) -> Any:
    _, row = await any_entity(session, caller, entity_id)
    return JSONResponse(await service_previews.entity_news(session, caller, row, request.query_params))
