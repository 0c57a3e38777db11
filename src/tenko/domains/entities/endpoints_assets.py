"""Asset types, asset creation and shared assets (assets a project lends to the others)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import ColumnElement, and_, select, true, update

from tenko.auth.deps import Context
from tenko.core import http, records
from tenko.core.access import Caller, Role
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, NotFound
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import attach_relations, filters_from_query, to_rows
from tenko.core.resource import Row
from tenko.core.schemas import json_schema_of
from tenko.domains.entities import service, service_reads
from tenko.domains.entities.kinds import ASSET, BREAKDOWN_TYPE_NAMES, EPISODE, SHOT, kind_of_type
from tenko.domains.entities.resources import ENTITY_LINK, ENTITY_TYPES
from tenko.domains.entities.service import ENTITY, ENTITY_TYPE, entity_select, kind_condition, visible

router = APIRouter(tags=["assets"])
ASSET_TYPE_CONDITION = ENTITY_TYPE.c.name.not_in(sorted(BREAKDOWN_TYPE_NAMES))
MANAGERS = frozenset({Role.MANAGER})


async def asset_type_rows(session: Any, where: ColumnElement[bool], params: Any = None) -> list[Row]:
    conditions = [ASSET_TYPE_CONDITION, where]
    if params is not None:
        conditions += filters_from_query(ENTITY_TYPES, params)
    statement = select(*ENTITY_TYPES.visible_columns).where(*conditions).order_by(ENTITY_TYPE.c.name)
    rows = to_rows(ENTITY_TYPES, await session.execute(statement))
    for row in rows:
        row["type"] = "AssetType"
    return rows


@router.get("/data/asset-types", summary="List the asset types (entity types that are not breakdown types)")
async def all_asset_types(request: Request, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    rows = await asset_type_rows(session, true(), request.query_params)
    await attach_relations(session, ENTITY_TYPES, rows)
    return JSONResponse(rows)


@router.get("/data/asset-types/{asset_type_id:uuid}", summary="Get an asset type")
async def one_asset_type(asset_type_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    rows = await asset_type_rows(session, ENTITY_TYPE.c.id == asset_type_id)
    if not rows:
        raise NotFound(f"Asset type {asset_type_id} not found")
    await attach_relations(session, ENTITY_TYPES, rows)
    return JSONResponse(rows[0])


def asset_types_of(entities: Any) -> ColumnElement[bool]:
    return ENTITY_TYPE.c.id.in_(select(ENTITY.c.entity_type_id).where(ENTITY.c.id.in_(entities)))


@router.get("/data/projects/{project_id}/asset-types", summary="List the asset types used by a project's assets")
async def project_asset_types(project_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    assets = select(ENTITY.c.id).where(ENTITY.c.project_id == project_id, kind_condition(ASSET), visible(caller))
    return JSONResponse(await asset_type_rows(session, asset_types_of(assets)))


@router.get("/data/shots/{shot_id:uuid}/asset-types", summary="List the asset types of the assets cast in a shot")
async def shot_asset_types(shot_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    shot = await service.load_entity(session, caller, SHOT, shot_id)
    cast = select(ENTITY_LINK.c.entity_out_id).where(ENTITY_LINK.c.entity_in_id == shot["id"])
    return JSONResponse(await asset_type_rows(session, asset_types_of(cast)))


@router.get(
    "/data/projects/{project_id}/asset-types/{asset_type_id}/assets",
    summary="List a project's assets of one asset type",
)
async def project_type_assets(
    project_id: uuid.UUID, asset_type_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    condition = and_(ENTITY.c.project_id == project_id, ENTITY.c.entity_type_id == asset_type_id)
    rows = await service_reads.list_entities(
        session, caller, ASSET, request.query_params, conditions=(condition,), pages=False
    )
    return JSONResponse(rows)


@router.post(
    "/data/projects/{project_id}/asset-types/{asset_type_id}/assets/new",
    summary="Create an asset of a type in a project (episode_id links it to an episode)",
    status_code=201,
    openapi_extra={"requestBody": json_schema_of(service.kind_resource(ASSET).create_model)},
)
async def new_asset(
    project_id: uuid.UUID,
    asset_type_id: uuid.UUID,
    request: Request,
    session: DbSession,
    caller: CurrentCaller,
    context: Context,
) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    if await kind_of_type(session, asset_type_id) is not ASSET:
        raise BadRequest(f"{asset_type_id} is not an asset type")
    body = await http.json_object(request)
    body["entity_type_id"] = str(asset_type_id)
    row = await service.create_entity(session, caller, ASSET, project_id, body)
    return JSONResponse(row, status_code=201)


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
    for project_id in {row["project_id"] for row in rows}:
        service.require_project_role(caller, project_id, MANAGERS)
    ids = [row["id"] for row in rows]
    if ids:
        await session.execute(update(ENTITY).where(ENTITY.c.id.in_(ids)).values(is_shared=is_shared))
    resource = service.kind_resource(ASSET)
    for row in rows:
        row.update(is_shared=is_shared, type=ASSET.type_name)
        await records.record_event(session, resource, caller, "update", row)
    return rows


@router.post("/actions/assets/share", summary="Share or unshare the given assets (asset_ids, is_shared)")
async def share_assets(request: Request, session: DbSession, caller: CurrentCaller, context: Context) -> JSONResponse:
    body = await http.json_object(request)
    if not isinstance(body.get("asset_ids"), list):
        raise BadRequest("asset_ids: a list of asset ids is required")
    return JSONResponse(await share(session, caller, kind_condition(ASSET), body))


@router.post("/actions/projects/{project_id}/assets/share", summary="Share or unshare a project's assets")
async def share_project_assets(
    project_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    service.require_project_role(caller, project_id, MANAGERS)
    body = await http.json_object(request, optional=True)
    return JSONResponse(await share(session, caller, ENTITY.c.project_id == project_id, body))


@router.post(
    "/actions/projects/{project_id}/asset-types/{asset_type_id}/assets/share",
    summary="Share or unshare a project's assets of one type",
)
async def share_project_type_assets(
    project_id: uuid.UUID,
    asset_type_id: uuid.UUID,
    request: Request,
    session: DbSession,
    caller: CurrentCaller,
    context: Context,
) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    service.require_project_role(caller, project_id, MANAGERS)
    body = await http.json_object(request, optional=True)
    condition = and_(ENTITY.c.project_id == project_id, ENTITY.c.entity_type_id == asset_type_id)
    return JSONResponse(await share(session, caller, condition, body))


async def shared_used(session: Any, caller: Caller, project_id: uuid.UUID, casting: Any) -> list[Row]:
    """Shared assets of other projects cast in the given entities of this project."""
    used = select(ENTITY_LINK.c.entity_out_id).where(ENTITY_LINK.c.entity_in_id.in_(casting))
    statement = entity_select(ASSET).where(
        ENTITY.c.id.in_(used), ENTITY.c.is_shared.is_(True), ENTITY.c.project_id != project_id
    )
    rows = [dict(r) for r in (await session.execute(statement.order_by(ENTITY.c.name))).mappings()]
    for row in rows:
        row["type"] = ASSET.type_name
    return rows


@router.get("/data/projects/{project_id}/assets/shared-used", summary="Shared assets of other projects cast here")
async def project_shared_used(project_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    casting = select(ENTITY.c.id).where(ENTITY.c.project_id == project_id)
    return JSONResponse(await shared_used(session, caller, project_id, casting))


@router.get(
    "/data/projects/{project_id}/episodes/{episode_id}/assets/shared-used",
    summary="Shared assets of other projects cast in an episode's shots",
)
async def episode_shared_used(
    project_id: uuid.UUID, episode_id: uuid.UUID, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    await service.load_project(session, caller, project_id)
    episode = await service.load_entity(session, caller, EPISODE, episode_id)
    if episode["project_id"] != project_id:
        raise NotFound(f"Episode {episode_id} not found in this project")
    sequences = select(ENTITY.c.id).where(ENTITY.c.parent_id == episode_id)
    shots = select(ENTITY.c.id).where(ENTITY.c.parent_id.in_(sequences), kind_condition(SHOT))
    return JSONResponse(await shared_used(session, caller, project_id, shots))
