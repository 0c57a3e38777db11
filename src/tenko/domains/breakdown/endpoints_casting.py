"""Casting routes: read it per entity, sequence, episode or asset type; replace it; cast one asset.

Reads are for the members of the project (vendors: the entities they reach); writes for its
managers and the admins. Ids are matched as UUIDs so ``sequences/all`` never reaches an id.
"""

from __future__ import annotations

import uuid

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest
from tenko.core.guard import PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.domains.breakdown import casting, casting_writes, links
from tenko.domains.breakdown.bodies import cast_asset_body, casting_body, many_castings_body
from tenko.domains.entities.access import (
    LoadedEntity,
    ManagedAsset,
    ReadableAsset,
    ReadableEpisode,
    ReadableSequence,
    ReadableShot,
)
from tenko.domains.entities.models import ENTITY
from tenko.domains.entities.resources import ENTITY_LINKS
from tenko.domains.entities.service import kind_condition
from tenko.domains.production import schemas
from tenko.domains.projects.access import ManagedProject, MemberProject
from tenko.domains.studio.kinds import ASSET, EPISODE, SHOT

router = api_router(tags=["breakdown"])
PROJECT = "/data/projects/{project_id}"
CASTING = answers.answer(answers.list_of(schemas.CAST_ITEM), 200, "A casting")
#: ``{entity id: casting}`` (the castings of several entities; shots also name their sequence)
CASTINGS = answers.answer(
    answers.keyed_by("entity id", answers.list_of(schemas.CAST_ITEM), "Castings"), 200, "Castings by entity id"
)


def by_id(castings: dict[uuid.UUID, list[Row]]) -> dict[str, list[Row]]:
    """JSON object keys are strings (the database driver's UUID type is not one orjson keys on)."""
    return {str(key): value for key, value in castings.items()}


async def replace_one(request: Request, session: AsyncSession, caller: Caller, entity: Row) -> list[Row]:
    """Replace the casting of an entity whose project the caller manages (checked by the route's guard)."""
    items = casting_body(await http.json_value(request))
    await casting_writes.replace_castings(session, caller, entity["project_id"], {entity["id"]: items})
    return (await casting.casting_of(session, [entity["id"]]))[entity["id"]]


@router.get(
    f"{PROJECT}/entities/{{entity_id:uuid}}/casting",
    summary="The casting of an entity (shot, asset, episode)",
    **CASTING,
)
async def get_entity_casting(project: MemberProject, entity_id: PathId, session: DbSession) -> JSONResponse:
    """The casting of an entity (shot, asset, episode)."""
    entity = await casting.project_entity(session, project.caller, project.id, parse_uuid(entity_id, "entity id"))
    return JSONResponse((await casting.casting_of(session, [entity["id"]]))[entity["id"]])


@router.put(
    f"{PROJECT}/entities/{{entity_id:uuid}}/casting", summary="Replace the whole casting of an entity", **CASTING
)
async def put_entity_casting(
    project: ManagedProject, entity_id: PathId, request: Request, session: DbSession
) -> JSONResponse:
    """Replace the whole casting of an entity."""
    items = casting_body(await http.json_value(request))
    entity = await casting.project_entity(session, project.caller, project.id, parse_uuid(entity_id, "entity id"))
    await casting_writes.replace_castings(session, project.caller, project.id, {entity["id"]: items})
    return JSONResponse((await casting.casting_of(session, [entity["id"]]))[entity["id"]])


@router.get("/data/assets/{asset_id:uuid}/casting", summary="The assets cast in an asset", **CASTING)
async def get_asset_casting(asset: ReadableAsset, session: DbSession) -> JSONResponse:
    """The assets cast in an asset."""
    return JSONResponse((await casting.casting_of(session, [asset.id]))[asset.id])


@router.put("/data/assets/{asset_id:uuid}/casting", summary="Replace the whole casting of an asset", **CASTING)
async def put_asset_casting(asset: ManagedAsset, request: Request, session: DbSession) -> JSONResponse:
    """Replace the whole casting of an asset."""
    return JSONResponse(await replace_one(request, session, asset.caller, asset.row))


@router.put(
    f"{PROJECT}/entities/casting",
    summary="Replace the castings of several entities ({entity_id: [casting]})",
    **CASTINGS,
)
async def put_many_castings(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
    """Replace the castings of several entities ({entity_id: [casting]})."""
    castings = many_castings_body(await http.json_value(request))
    ids = await casting_writes.replace_castings(session, project.caller, project.id, castings)
    return JSONResponse(by_id(await casting.casting_of(session, ids)))


@router.put(
    f"{PROJECT}/entities/casting/assets/{{asset_id:uuid}}",
    summary="Cast one asset in several entities (nb_occurences 0 uncasts it), other assets untouched",
    **CASTINGS,
)
async def put_cast_asset(
    project: ManagedProject, asset_id: PathId, request: Request, session: DbSession
) -> JSONResponse:
    """Cast one asset in several entities (nb_occurences 0 uncasts it), other assets untouched."""
    body = cast_asset_body(await http.json_value(request))
    cast = parse_uuid(asset_id, "asset id")
    ids = await casting_writes.cast_asset(session, project.caller, project.id, cast, body)
    return JSONResponse(by_id(await casting.casting_of(session, ids)))


def in_project(entity: LoadedEntity, project_id: uuid.UUID) -> Row:
    """A breakdown entity named with its project in the path must belong to it (400 otherwise)."""
    if entity.project_id != project_id:
        raise BadRequest(f"The {entity.kind.type_name.lower()} {entity.id} does not belong to the project {project_id}")
    return entity.row


@router.get(f"{PROJECT}/sequences/all/casting", summary="The casting of every shot of a project, by shot", **CASTINGS)
async def project_shots_casting(project: MemberProject, session: DbSession) -> JSONResponse:
    """The casting of every shot of a project, by shot."""
    condition = (ENTITY.c.project_id == project.id) & kind_condition(SHOT)
    return JSONResponse(await casting.castings_where(session, project.caller, condition, with_sequence=True))


@router.get(
    f"{PROJECT}/sequences/{{sequence_id:uuid}}/casting",
    summary="The casting of a sequence's shots, by shot",
    **CASTINGS,
)
async def sequence_casting(project: MemberProject, sequence: ReadableSequence, session: DbSession) -> JSONResponse:
    """The casting of a sequence's shots, by shot."""
    row = in_project(sequence, project.id)
    condition = (ENTITY.c.parent_id == row["id"]) & kind_condition(SHOT)
    return JSONResponse(await casting.castings_where(session, project.caller, condition, with_sequence=True))


@router.get(
    f"{PROJECT}/episodes/{{episode_id:uuid}}/sequences/all/casting",
    summary="The casting of the shots of an episode's sequences, by shot",
    **CASTINGS,
)
async def episode_shots_casting(project: MemberProject, episode: ReadableEpisode, session: DbSession) -> JSONResponse:
    """The casting of the shots of an episode's sequences, by shot."""
    row = in_project(episode, project.id)
    condition = casting.shots_of_sequences(casting.sequences_of_episode(row["id"]))
    return JSONResponse(await casting.castings_where(session, project.caller, condition, with_sequence=True))


@router.get(f"{PROJECT}/episodes/casting", summary="The casting of every episode of a project, by episode", **CASTINGS)
async def episodes_casting(project: MemberProject, session: DbSession) -> JSONResponse:
    """The casting of every episode of a project, by episode."""
    condition = (ENTITY.c.project_id == project.id) & kind_condition(EPISODE)
    return JSONResponse(await casting.castings_where(session, project.caller, condition))


@router.get(
    f"{PROJECT}/asset-types/{{asset_type_id:uuid}}/casting",
    summary="The casting of a project's assets of one type",
    **CASTINGS,
)
async def asset_type_casting(project: MemberProject, asset_type_id: PathId, session: DbSession) -> JSONResponse:
    """The casting of a project's assets of one type."""
    type_id = parse_uuid(asset_type_id, "asset type id")
    condition = (ENTITY.c.project_id == project.id) & (ENTITY.c.entity_type_id == type_id)
    # the reference's items here leave out the asset's sharing and project
    condition = condition & kind_condition(ASSET)
    return JSONResponse(
        await casting.castings_where(session, project.caller, condition, without=("is_shared", "project_id"))
    )


CAST_IN = answers.object_of(
    {
        "shot_id": answers.UUID,
        "shot_name": answers.STRING,
        "sequence_name": answers.NULLABLE_STRING,
        "episode_id": answers.NULLABLE_UUID,
        "episode_name": answers.NULLABLE_STRING,
        "preview_file_id": answers.NULLABLE_UUID,
        "nb_occurences": answers.INTEGER,
    }
)


@router.get(
    "/data/assets/{asset_id:uuid}/cast-in",
    summary="The shots that cast an asset",
    **answers.answer(answers.list_of(CAST_IN), 200, "The shots casting the asset"),
)
async def asset_cast_in(asset: ReadableAsset, session: DbSession) -> JSONResponse:
    """The shots that cast an asset."""
    return JSONResponse(await casting.cast_in(session, asset.caller, asset.id))


@router.get(
    "/data/assets/{asset_id:uuid}/assets",
    summary="The assets cast in an asset, as asset records",
    **schemas.many_entities(ASSET),
)
async def asset_assets(asset: ReadableAsset, session: DbSession) -> JSONResponse:
    """The assets cast in an asset, as asset records."""
    return JSONResponse(await casting.cast_assets(session, asset.id))


@router.get(
    "/data/shots/{shot_id:uuid}/assets",
    summary="The assets cast in a shot, as asset records",
    **schemas.many_entities(ASSET),
)
async def shot_assets(shot: ReadableShot, session: DbSession) -> JSONResponse:
    """The assets cast in a shot, as asset records."""
    return JSONResponse(await casting.cast_assets(session, shot.id))


@router.get(
    f"{PROJECT}/entity-links",
    summary="A project's entity links (page, limit, cursor_created_at)",
    **answers.list_or_page(answers.record_schema(ENTITY_LINKS, without={"updated_at"}), "EntityLink"),
)
async def project_entity_links(project: MemberProject, request: Request, session: DbSession) -> JSONResponse:
    """A project's entity links (page, limit, cursor_created_at)."""
    return JSONResponse(await links.project_links(session, project.caller, project.id, request.query_params))


@router.delete(
    f"{PROJECT}/entity-links/{{entity_link_id:uuid}}",
    summary="Delete one entity link of a project",
    **answers.one(ENTITY_LINKS),
)
async def delete_project_entity_link(
    project: ManagedProject, entity_link_id: PathId, session: DbSession
) -> JSONResponse:
    """Delete one entity link of a project."""
    link_id = parse_uuid(entity_link_id, "entity link id")
    return JSONResponse(await links.delete_project_link(session, project.caller, project.id, link_id))
