"""Asset types, asset creation and shared assets (assets a project lends to the others)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Request
from sqlalchemy import ColumnElement, and_, select, true, update

from tenko.core import answers, http, records
from tenko.core.access import PROJECT_MANAGER, Caller
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, NotFound
from tenko.core.guard import Anyone, PathId, body_references, parse_uuid, requires
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import attach_relations
from tenko.core.resource import Row
from tenko.core.schemas import json_schema_of
from tenko.domains.entities import service
from tenko.domains.entities.access import ReadableEpisode, ReadableShot, check_manages_all
from tenko.domains.entities.models import ENTITY, ENTITY_LINK
from tenko.domains.entities.service import entity_select, kind_condition, visible
from tenko.domains.entities.shapes import keep_names, written
from tenko.domains.production import reads as service_reads
from tenko.domains.production import schemas
from tenko.domains.production.reads import asset_type_rows
from tenko.domains.projects.access import ManagedProject, MemberProject
from tenko.domains.studio.kinds import ASSET, SHOT, kind_of_type
from tenko.domains.studio.models import ENTITY_TYPE
from tenko.domains.studio.resources import ENTITY_TYPES

router = api_router(tags=["assets"])
#: the assets are named in the body: callers who manage no project are refused before it is read
ProjectManager = Annotated[Caller, requires(PROJECT_MANAGER)]
ASSET_TYPE = answers.record_schema(ENTITY_TYPES, {"type": answers.type_const("AssetType")})
ASSET_TYPES = answers.answer(answers.list_of(ASSET_TYPE), 200, "A list of AssetType")
#: the shared assets of ``share`` and ``shared_used`` (the entity select of assets)
ASSETS = schemas.many_entities(ASSET)


@router.get(
    "/data/asset-types", summary="List the asset types (entity types that are not breakdown types)", **ASSET_TYPES
)
async def all_asset_types(request: Request, session: DbSession, caller: Anyone) -> JSONResponse:
    """List the asset types (entity types that are not breakdown types)."""
    rows = await asset_type_rows(session, true(), request.query_params)
    await attach_relations(session, ENTITY_TYPES, rows)
    return JSONResponse(rows)


@router.get(
    "/data/asset-types/{asset_type_id:uuid}",
    summary="Get an asset type",
    **answers.answer(ASSET_TYPE, 200, "One AssetType"),
)
async def one_asset_type(asset_type_id: PathId, session: DbSession, caller: Anyone) -> JSONResponse:
    """Get an asset type."""
    type_id = parse_uuid(asset_type_id, "asset type id")
    rows = await asset_type_rows(session, ENTITY_TYPE.c.id == type_id)
    if not rows:
        raise NotFound(f"Asset type {type_id} not found")
    await attach_relations(session, ENTITY_TYPES, rows)
    return JSONResponse(rows[0])


def asset_types_of(entities: Any) -> ColumnElement[bool]:
    return ENTITY_TYPE.c.id.in_(select(ENTITY.c.entity_type_id).where(ENTITY.c.id.in_(entities)))


@router.get(
    "/data/projects/{project_id}/asset-types",
    summary="List the asset types used by a project's assets",
    **ASSET_TYPES,
)
async def project_asset_types(project: MemberProject, session: DbSession) -> JSONResponse:
    """List the asset types used by a project's assets."""
    visible_assets = (ENTITY.c.project_id == project.id, kind_condition(ASSET), visible(project.caller))
    assets = select(ENTITY.c.id).where(*visible_assets)
    return JSONResponse(await asset_type_rows(session, asset_types_of(assets)))


@router.get(
    "/data/shots/{shot_id:uuid}/asset-types",
    summary="List the asset types of the assets cast in a shot",
    **ASSET_TYPES,
)
async def shot_asset_types(shot: ReadableShot, session: DbSession) -> JSONResponse:
    """List the asset types of the assets cast in a shot."""
    cast = select(ENTITY_LINK.c.entity_out_id).where(ENTITY_LINK.c.entity_in_id == shot.id)
    return JSONResponse(await asset_type_rows(session, asset_types_of(cast)))


@router.get(
    "/data/projects/{project_id}/asset-types/{asset_type_id}/assets",
    summary="List a project's assets of one asset type",
    **ASSETS,
)
async def project_type_assets(
    project: MemberProject, asset_type_id: PathId, request: Request, session: DbSession
) -> JSONResponse:
    """List a project's assets of one asset type."""
    type_id = parse_uuid(asset_type_id, "asset type id")
    condition = and_(ENTITY.c.project_id == project.id, ENTITY.c.entity_type_id == type_id)
    rows = await service_reads.list_entities(
        session, project.caller, ASSET, request.query_params, conditions=(condition,), pages=False
    )
    return JSONResponse(rows)


@router.post(
    "/data/projects/{project_id}/asset-types/{asset_type_id}/assets/new",
    summary="Create an asset of a type in a project (episode_id links it to an episode)",
    status_code=201,
    openapi_extra={"requestBody": json_schema_of(service.kind_resource(ASSET).create_model)},
    dependencies=body_references(service.kind_resource(ASSET)),
    **schemas.written_entity(ASSET, 201),
)
async def new_asset(
    project: ManagedProject, asset_type_id: PathId, request: Request, session: DbSession
) -> JSONResponse:
    """Create an asset of a type in a project (episode_id links it to an episode)."""
    type_id = parse_uuid(asset_type_id, "asset type id")
    if await kind_of_type(session, type_id) is not ASSET:
        raise BadRequest(f"{type_id} is not an asset type")
    body = await http.json_object(request)
    body["entity_type_id"] = str(type_id)
    row = await service.create_entity(session, project.caller, ASSET, project.id, body)
    return JSONResponse(written(ASSET, row), status_code=201)


async def share(session: Any, caller: Caller, condition: ColumnElement[bool], body: dict[str, Any]) -> list[Row]:
    """Set ``is_shared`` on the matching assets (of projects the caller manages), one event each."""
    is_shared = body.get("is_shared", True)
    if not isinstance(is_shared, bool):
        raise BadRequest("is_shared must be a boolean")
    if body.get("asset_ids") is not None:
        raw = body["asset_ids"]
        if not isinstance(raw, list):
            raise BadRequest("asset_ids must be a list of ids")
        condition = and_(condition, ENTITY.c.id.in_([records.parse_id(str(i), "asset_ids") for i in raw]))
    rows = [dict(r) for r in (await session.execute(entity_select(ASSET).where(condition))).mappings()]
    keep_names(ASSET, rows, frozenset())
    check_manages_all(caller, {row["project_id"] for row in rows})
    ids = [row["id"] for row in rows]
    if ids:
        await session.execute(update(ENTITY).where(ENTITY.c.id.in_(ids)).values(is_shared=is_shared))
    resource = service.kind_resource(ASSET)
    for row in rows:
        row.update(is_shared=is_shared, type=ASSET.type_name)
        await records.record_event(session, resource, caller, "update", row)
    return rows


@router.post("/actions/assets/share", summary="Share or unshare the given assets (asset_ids, is_shared)", **ASSETS)
async def share_assets(request: Request, session: DbSession, caller: ProjectManager) -> JSONResponse:
    """Share or unshare the given assets (asset_ids, is_shared)."""
    body = await http.json_object(request)
    if not isinstance(body.get("asset_ids"), list):
        raise BadRequest("asset_ids: a list of asset ids is required")
    return JSONResponse(await share(session, caller, kind_condition(ASSET), body))


@router.post("/actions/projects/{project_id}/assets/share", summary="Share or unshare a project's assets", **ASSETS)
async def share_project_assets(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
    """Share or unshare a project's assets."""
    body = await http.json_object(request, optional=True)
    return JSONResponse(await share(session, project.caller, ENTITY.c.project_id == project.id, body))


@router.post(
    "/actions/projects/{project_id}/asset-types/{asset_type_id}/assets/share",
    summary="Share or unshare a project's assets of one type",
    **ASSETS,
)
async def share_project_type_assets(
    project: ManagedProject, asset_type_id: PathId, request: Request, session: DbSession
) -> JSONResponse:
    """Share or unshare a project's assets of one type."""
    type_id = parse_uuid(asset_type_id, "asset type id")
    body = await http.json_object(request, optional=True)
    condition = and_(ENTITY.c.project_id == project.id, ENTITY.c.entity_type_id == type_id)
    return JSONResponse(await share(session, project.caller, condition, body))


async def shared_used(session: Any, caller: Caller, project_id: uuid.UUID, casting: Any) -> list[Row]:
    """Shared assets of other projects cast in the given entities of this project."""
    used = select(ENTITY_LINK.c.entity_out_id).where(ENTITY_LINK.c.entity_in_id.in_(casting))
    statement = entity_select(ASSET).where(
        ENTITY.c.id.in_(used), ENTITY.c.is_shared.is_(True), ENTITY.c.project_id != project_id
    )
    rows = [dict(r) for r in (await session.execute(statement.order_by(ENTITY.c.name))).mappings()]
    for row in rows:
        row["type"] = ASSET.type_name
    return keep_names(ASSET, rows, frozenset())


@router.get(
    "/data/projects/{project_id}/assets/shared-used", summary="Shared assets of other projects cast here", **ASSETS
)
async def project_shared_used(project: MemberProject, session: DbSession) -> JSONResponse:
    """Shared assets of other projects cast here."""
    casting = select(ENTITY.c.id).where(ENTITY.c.project_id == project.id)
    return JSONResponse(await shared_used(session, project.caller, project.id, casting))


@router.get(
    "/data/projects/{project_id}/episodes/{episode_id}/assets/shared-used",
    summary="Shared assets of other projects cast in an episode's shots",
    **ASSETS,
)
async def episode_shared_used(project: MemberProject, episode: ReadableEpisode, session: DbSession) -> JSONResponse:
    """Shared assets of other projects cast in an episode's shots."""
    if episode.project_id != project.id:
        raise NotFound(f"Episode {episode.id} not found in this project")
    sequences = select(ENTITY.c.id).where(ENTITY.c.parent_id == episode.id)
    shots = select(ENTITY.c.id).where(ENTITY.c.parent_id.in_(sequences), kind_condition(SHOT))
    return JSONResponse(await shared_used(session, project.caller, project.id, shots))
