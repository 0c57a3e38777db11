"""Routes reached through another entity: children, scene links, entity extras.

Children (``/data/episodes/{id}/sequences``...) are declared as data and served by one handler.
The task lists of an episode or sequence (``/shot-tasks``...) are served by ``with_tasks.task_lists``.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Request, Response
from sqlalchemy import ColumnElement, select

from tenko.core import answers, http, records
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, NotFound
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.domains.entities import service
from tenko.domains.entities.access import LoadedEntity, ReadableScene, ReadableShot, entity_loader
from tenko.domains.entities.models import ENTITY
from tenko.domains.entities.service import kind_condition
from tenko.domains.entities.shapes import PROJECT_AND_SEQUENCE, written
from tenko.domains.previews.models import PREVIEW_FILE
from tenko.domains.production import related_reads as service_previews
from tenko.domains.production import schemas
from tenko.domains.production.reads import list_entities
from tenko.domains.studio.kinds import EDIT, EPISODE, SCENE, SEQUENCE, SHOT, Kind
from tenko.domains.tasks.resources import TIME_SPENTS

router = api_router(tags=["breakdown"])
#: a preview in the list of an entity's previews
ENTITY_PREVIEW = answers.table_schema(
    PREVIEW_FILE, without=set(PREVIEW_FILE.c.keys()) - set(service_previews.ENTITY_PREVIEW_COLUMNS)
)
Condition = Callable[[uuid.UUID], ColumnElement[bool]]
#: annotations are evaluated (no ``from __future__``): the children handler names a per-spec guard
AnyEntity = Annotated[LoadedEntity, entity_loader(None, "entity_id")("read")]


def sequences_of(episode_id: uuid.UUID) -> Any:
    return select(ENTITY.c.id).where(ENTITY.c.parent_id == episode_id, kind_condition(SEQUENCE))


@dataclass(frozen=True)
class Children:
    """``/data/<parent>/{id}/<suffix>``: the ``kind`` entities matching ``condition(parent id)``."""

    parent: Kind
    suffix: str
    kind: Kind
    condition: Condition
    names: frozenset[str] = frozenset()  # the joined names of the list (the reference's)


# the task lists (/data/episodes/{id}/shot-tasks...) were declared here too, after ``with_tasks.task_lists``
# had registered the same paths: never served, they are gone (with_tasks.task_lists answers them)
CHILDREN = (
    Children(EPISODE, "sequences", SEQUENCE, lambda i: ENTITY.c.parent_id == i),
    Children(EPISODE, "shots", SHOT, lambda i: ENTITY.c.parent_id.in_(sequences_of(i))),
    Children(EPISODE, "edits", EDIT, lambda i: ENTITY.c.parent_id == i),
    Children(SEQUENCE, "shots", SHOT, lambda i: ENTITY.c.parent_id == i, PROJECT_AND_SEQUENCE),
    Children(SEQUENCE, "scenes", SCENE, lambda i: ENTITY.c.parent_id == i),
    Children(SCENE, "shots", SHOT, lambda i: ENTITY.c.source_id == i, PROJECT_AND_SEQUENCE),
)


def add_children_route(spec: Children) -> None:
    key = f"{spec.parent.event}_id"
    Parent = Annotated[LoadedEntity, entity_loader(spec.parent, key)("read")]

    async def children(parent: Parent, request: Request, session: DbSession) -> JSONResponse:
        condition = spec.condition(parent.id)
        result = await list_entities(
            session,
            parent.caller,
            spec.kind,
            request.query_params,
            conditions=(condition,),
            pages=False,
            names=spec.names,
        )
        return JSONResponse(result)

    children.__name__ = f"{spec.parent.event}_{spec.suffix.replace('-', '_')}"
    router.add_api_route(
        f"/data/{spec.parent.route}/{{{key}:uuid}}/{spec.suffix}",
        children,
        methods=["GET"],
        summary=f"List the {spec.kind.route} of a {spec.parent.type_name.lower()}",
        response_class=JSONResponse,
        **schemas.many_entities(spec.kind, spec.names),
    )


for _spec in CHILDREN:
    add_children_route(_spec)


@router.post(
    "/data/scenes/{scene_id:uuid}/shots",
    summary="Mark a shot as issued from a scene",
    status_code=201,
    **schemas.written_entity(SHOT, 201),
)
async def add_shot_to_scene(scene: ReadableScene, request: Request, session: DbSession) -> JSONResponse:
    """Mark a shot as issued from a scene."""
    body = await http.json_object(request)
    shot_id = records.parse_id(str(body.get("shot_id", "")), "shot_id")
    shot = await service.load_entity(session, scene.caller, SHOT, shot_id)
    if shot["project_id"] != scene.project_id:
        raise BadRequest("The shot and the scene belong to different projects")
    row = await service.update_loaded(session, scene.caller, SHOT, shot, {"source_id": str(scene.id)})
    return JSONResponse(written(SHOT, row), status_code=201)


@router.delete(
    "/data/scenes/{scene_id:uuid}/shots/{shot_id:uuid}",
    summary="Unlink a shot from its scene",
    **answers.no_content(),
)
async def remove_shot_from_scene(scene: ReadableScene, shot: ReadableShot, session: DbSession) -> Response:
    """Unlink a shot from its scene."""
    if shot.row["source_id"] != scene.id:
        raise NotFound("This shot is not linked to this scene")
    await service.update_loaded(session, shot.caller, SHOT, shot.row, {"source_id": None})
    return Response(status_code=204)


@router.get(
    "/data/entities/{entity_id:uuid}/preview-files",
    summary="List the preview files of an entity's tasks",
    **answers.answer(answers.list_of(ENTITY_PREVIEW), 200, "The previews of the entity's tasks"),
)
async def entity_preview_files(entity: AnyEntity, session: DbSession) -> JSONResponse:
    """List the preview files of an entity's tasks."""
    return JSONResponse(await service_previews.entity_preview_files(session, entity.caller, entity.row))


@router.get(
    "/data/entities/{entity_id:uuid}/time-spents",
    summary="List the time spent on an entity's tasks",
    **answers.many(TIME_SPENTS),
)
async def entity_time_spents(entity: AnyEntity, session: DbSession) -> JSONResponse:
    """List the time spent on an entity's tasks."""
    return JSONResponse(await service_previews.entity_time_spents(session, entity.caller, entity.row))


@router.get(
    "/data/entities/{entity_id:uuid}/news",
    summary="The news feed of an entity's tasks (paginated)",
    **answers.answer(answers.page_schema(answers.OBJECT), 200, "A page of news"),
)
async def entity_news(entity: AnyEntity, request: Request, session: DbSession) -> JSONResponse:
    """The news feed of an entity's tasks (paginated)."""
    rows = await service_previews.entity_news(session, entity.caller, entity.row, request.query_params)
    return JSONResponse(rows)
