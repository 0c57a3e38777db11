"""Asset instance routes: a scene's and an asset's instances, the instances a shot uses."""

from __future__ import annotations

import uuid
from typing import TypeVar

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from tenko.auth.deps import Context
from tenko.core import http
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.domains.breakdown import instances
from tenko.domains.breakdown.casting_writes import require_manager
from tenko.domains.entities import service, service_reads
from tenko.domains.entities.kinds import ASSET, SCENE, SHOT

router = APIRouter(tags=["breakdown"])
Body = TypeVar("Body", bound=BaseModel)


class SceneInstanceBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    asset_id: uuid.UUID
    description: str | None = Field(default=None, max_length=200)


class AssetInstanceBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    asset_to_instantiate_id: uuid.UUID
    description: str | None = Field(default=None, max_length=200)


class ShotInstanceBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    asset_instance_id: uuid.UUID


async def body_of(request: Request, context: Context, model: type[Body]) -> Body:
    body = await http.json_object(request)
    return model.model_validate(http.validate(model, body))


@router.get("/data/scenes/{scene_id:uuid}/asset-instances", summary="A scene's asset instances, by asset")
async def scene_asset_instances(scene_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    scene = await service.load_entity(session, caller, SCENE, scene_id)
    return JSONResponse(await instances.scene_instances(session, scene["id"]))


@router.post(
    "/data/scenes/{scene_id:uuid}/asset-instances",
    summary="Place the next numbered instance of an asset in a scene",
    status_code=201,
)
async def new_scene_asset_instance(
    scene_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    scene = await service.load_entity(session, caller, SCENE, scene_id)
    require_manager(caller, scene["project_id"])
    body = await body_of(request, context, SceneInstanceBody)
    asset = await instances.usable_asset(session, body.asset_id, scene["project_id"], "asset_id")
    row = await instances.new_instance(
        session, caller, asset, scene["project_id"], body.description, scene_id=scene["id"]
    )
    return JSONResponse(row, status_code=201)


@router.get("/data/scenes/{scene_id:uuid}/camera-instances", summary="A scene's camera instances, by camera asset")
async def scene_camera_instances(scene_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    scene = await service.load_entity(session, caller, SCENE, scene_id)
    return JSONResponse(await instances.scene_instances(session, scene["id"], cameras=True))


@router.get("/data/shots/{shot_id:uuid}/asset-instances", summary="The asset instances a shot uses, by asset")
async def shot_asset_instances(shot_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    shot = await service.load_entity(session, caller, SHOT, shot_id)
    return JSONResponse(await instances.shot_instances(session, shot["id"]))


@router.post("/data/shots/{shot_id:uuid}/asset-instances", summary="Let a shot use an asset instance", status_code=201)
async def add_shot_asset_instance(
    shot_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    shot = await service.load_entity(session, caller, SHOT, shot_id)
    require_manager(caller, shot["project_id"])
    body = await body_of(request, context, ShotInstanceBody)
    await instances.add_to_shot(session, caller, shot, body.asset_instance_id)
    row = await service.fetch_entity(session, SHOT, shot["id"])
    return JSONResponse(await service_reads.present_detail(session, caller, SHOT, row), status_code=201)


@router.delete(
    "/data/shots/{shot_id:uuid}/asset-instances/{asset_instance_id:uuid}",
    summary="Stop a shot using an asset instance",
    status_code=204,
)
async def remove_shot_asset_instance(
    shot_id: uuid.UUID, asset_instance_id: uuid.UUID, session: DbSession, caller: CurrentCaller
) -> Response:
    shot = await service.load_entity(session, caller, SHOT, shot_id)
    await instances.remove_from_shot(session, caller, shot, asset_instance_id)
    return Response(status_code=204)


@router.get("/data/assets/{asset_id:uuid}/asset-asset-instances", summary="The instances inside an asset, by asset")
async def asset_asset_instances(asset_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    asset = await service.load_entity(session, caller, ASSET, asset_id)
    return JSONResponse(await instances.asset_asset_instances(session, asset["id"]))


@router.post(
    "/data/assets/{asset_id:uuid}/asset-asset-instances",
    summary="Place the next numbered instance of an asset inside this asset",
    status_code=201,
)
async def new_asset_asset_instance(
    asset_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    target = await service.load_entity(session, caller, ASSET, asset_id)
    require_manager(caller, target["project_id"])
    body = await body_of(request, context, AssetInstanceBody)
    if body.asset_to_instantiate_id == target["id"]:
        raise BadRequest("asset_to_instantiate_id: an asset cannot be instantiated inside itself")
    asset = await instances.usable_asset(
        session, body.asset_to_instantiate_id, target["project_id"], "asset_to_instantiate_id"
    )
    row = await instances.new_instance(
        session, caller, asset, target["project_id"], body.description, target_asset_id=target["id"]
    )
    return JSONResponse(row, status_code=201)


@router.get("/data/assets/{asset_id:uuid}/shot-asset-instances", summary="An asset's instances used by shots, by shot")
async def asset_shot_instances(asset_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    asset = await service.load_entity(session, caller, ASSET, asset_id)
    return JSONResponse(await instances.instances_of_asset_by_shot(session, caller, asset["id"]))


@router.get("/data/assets/{asset_id:uuid}/scene-asset-instances", summary="An asset's instances in scenes, by scene")
async def asset_scene_instances(asset_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    asset = await service.load_entity(session, caller, ASSET, asset_id)
    return JSONResponse(await instances.instances_of_asset_by_scene(session, caller, asset["id"]))
