"""Casting routes: read it per entity, sequence, episode or asset type; replace it; cast one asset.

Reads are for the members of the project (vendors: the entities they reach); writes for its
managers and the admins. Ids are matched as UUIDs so ``sequences/all`` never reaches an id.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.deps import Context
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.domains.breakdown import casting, casting_writes, links
from tenko.domains.breakdown.bodies import cast_asset_body, casting_body, many_castings_body, read_json
from tenko.domains.entities import service
from tenko.domains.entities.kinds import ASSET, EPISODE, SEQUENCE, SHOT
from tenko.domains.entities.service import ENTITY, kind_condition

router = APIRouter(tags=["breakdown"])
PROJECT = "/data/projects/{project_id}"


def by_id(castings: dict[uuid.UUID, list[Row]]) -> dict[str, list[Row]]:
    """JSON object keys are strings (the database driver's UUID type is not one orjson keys on)."""
    return {str(key): value for key, value in castings.items()}


async def entity_casting(session: AsyncSession, caller: Caller, project_id: uuid.UUID, entity_id: uuid.UUID) -> Any:
    await service.load_project(session, caller, project_id)
    await casting.project_entity(session, caller, project_id, entity_id)
    return (await casting.casting_of(session, [entity_id]))[entity_id]


async def replace_one(
    request: Request, session: AsyncSession, caller: Caller, context: Any, project_id: uuid.UUID, entity_id: uuid.UUID
) -> list[Row]:
    await service.load_project(session, caller, project_id)
    casting_writes.require_manager(caller, project_id)
    items = casting_body(await read_json(request, context.settings.max_body_bytes))
    await casting.project_entity(session, caller, project_id, entity_id)
    await casting_writes.replace_castings(session, caller, project_id, {entity_id: items})
    return (await casting.casting_of(session, [entity_id]))[entity_id]


@router.get(f"{PROJECT}/entities/{{entity_id:uuid}}/casting", summary="The casting of an entity (shot, asset, episode)")
async def get_entity_casting(
    project_id: uuid.UUID, entity_id: uuid.UUID, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    return JSONResponse(await entity_casting(session, caller, project_id, entity_id))


@router.put(f"{PROJECT}/entities/{{entity_id:uuid}}/casting", summary="Replace the whole casting of an entity")
async def put_entity_casting(
    project_id: uuid.UUID,
    entity_id: uuid.UUID,
    request: Request,
    session: DbSession,
    caller: CurrentCaller,
    context: Context,
) -> JSONResponse:
    return JSONResponse(await replace_one(request, session, caller, context, project_id, entity_id))


@router.get("/data/assets/{asset_id:uuid}/casting", summary="The assets cast in an asset")
async def get_asset_casting(asset_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    asset = await service.load_entity(session, caller, ASSET, asset_id)
    return JSONResponse((await casting.casting_of(session, [asset["id"]]))[asset["id"]])


@router.put("/data/assets/{asset_id:uuid}/casting", summary="Replace the whole casting of an asset")
async def put_asset_casting(
    asset_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    asset = await service.load_entity(session, caller, ASSET, asset_id)
    return JSONResponse(await replace_one(request, session, caller, context, asset["project_id"], asset_id))


@router.put(f"{PROJECT}/entities/casting", summary="Replace the castings of several entities ({entity_id: [casting]})")
async def put_many_castings(
    project_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    casting_writes.require_manager(caller, project_id)
    castings = many_castings_body(await read_json(request, context.settings.max_body_bytes))
    ids = await casting_writes.replace_castings(session, caller, project_id, castings)
    return JSONResponse(by_id(await casting.casting_of(session, ids)))


@router.put(
    f"{PROJECT}/entities/casting/assets/{{asset_id:uuid}}",
    summary="Cast one asset in several entities (nb_occurences 0 uncasts it), other assets untouched",
)
async def put_cast_asset(
    project_id: uuid.UUID,
    asset_id: uuid.UUID,
    request: Request,
    session: DbSession,
    caller: CurrentCaller,
    context: Context,
) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    casting_writes.require_manager(caller, project_id)
    body = cast_asset_body(await read_json(request, context.settings.max_body_bytes))
    ids = await casting_writes.cast_asset(session, caller, project_id, asset_id, body)
    return JSONResponse(by_id(await casting.casting_of(session, ids)))


async def in_project(
    session: AsyncSession, caller: Caller, kind: Any, entity_id: uuid.UUID, project_id: uuid.UUID
) -> Row:
    row = await service.load_entity(session, caller, kind, entity_id)
    if row["project_id"] != project_id:
        raise BadRequest(f"The {kind.type_name.lower()} {entity_id} does not belong to the project {project_id}")
    return row


@router.get(f"{PROJECT}/sequences/all/casting", summary="The casting of every shot of a project, by shot")
async def project_shots_casting(project_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    condition = (ENTITY.c.project_id == project_id) & kind_condition(SHOT)
    return JSONResponse(await casting.castings_where(session, caller, condition, with_sequence=True))


@router.get(f"{PROJECT}/sequences/{{sequence_id:uuid}}/casting", summary="The casting of a sequence's shots, by shot")
async def sequence_casting(
    project_id: uuid.UUID, sequence_id: uuid.UUID, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    sequence = await in_project(session, caller, SEQUENCE, sequence_id, project_id)
    condition = (ENTITY.c.parent_id == sequence["id"]) & kind_condition(SHOT)
    return JSONResponse(await casting.castings_where(session, caller, condition, with_sequence=True))


@router.get(
    f"{PROJECT}/episodes/{{episode_id:uuid}}/sequences/all/casting",
    summary="The casting of the shots of an episode's sequences, by shot",
)
async def episode_shots_casting(
    project_id: uuid.UUID, episode_id: uuid.UUID, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    episode = await in_project(session, caller, EPISODE, episode_id, project_id)
    condition = casting.shots_of_sequences(casting.sequences_of_episode(episode["id"]))
    return JSONResponse(await casting.castings_where(session, caller, condition, with_sequence=True))


@router.get(f"{PROJECT}/episodes/casting", summary="The casting of every episode of a project, by episode")
async def episodes_casting(project_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    condition = (ENTITY.c.project_id == project_id) & kind_condition(EPISODE)
    return JSONResponse(await casting.castings_where(session, caller, condition))


@router.get(
    f"{PROJECT}/asset-types/{{asset_type_id:uuid}}/casting", summary="The casting of a project's assets of one type"
)
async def asset_type_casting(
    project_id: uuid.UUID, asset_type_id: uuid.UUID, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    condition = (ENTITY.c.project_id == project_id) & (ENTITY.c.entity_type_id == asset_type_id)
    return JSONResponse(await casting.castings_where(session, caller, condition & kind_condition(ASSET)))


@router.get("/data/assets/{asset_id:uuid}/cast-in", summary="The shots that cast an asset")
async def asset_cast_in(asset_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    asset = await service.load_entity(session, caller, ASSET, asset_id)
    return JSONResponse(await casting.cast_in(session, caller, asset["id"]))


@router.get("/data/assets/{asset_id:uuid}/assets", summary="The assets cast in an asset, as asset records")
async def asset_assets(asset_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    asset = await service.load_entity(session, caller, ASSET, asset_id)
    return JSONResponse(await casting.cast_assets(session, asset["id"]))


@router.get("/data/shots/{shot_id:uuid}/assets", summary="The assets cast in a shot, as asset records")
async def shot_assets(shot_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    shot = await service.load_entity(session, caller, SHOT, shot_id)
    return JSONResponse(await casting.cast_assets(session, shot["id"]))


@router.get(f"{PROJECT}/entity-links", summary="A project's entity links (page, limit, cursor_created_at)")
async def project_entity_links(
    project_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    return JSONResponse(await links.project_links(session, caller, project_id, request.query_params))


@router.delete(f"{PROJECT}/entity-links/{{entity_link_id:uuid}}", summary="Delete one entity link of a project")
async def delete_project_entity_link(
    project_id: uuid.UUID, entity_link_id: uuid.UUID, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    return JSONResponse(await links.delete_project_link(session, caller, project_id, entity_link_id))
