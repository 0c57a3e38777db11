"""Asset instance routes: a scene's and an asset's instances, the instances a shot uses."""

from __future__ import annotations

import uuid

from fastapi import Request, Response
from pydantic import BaseModel, ConfigDict, Field

from tenko.core import answers, http
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest
from tenko.core.guard import PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.domains.breakdown import instances
from tenko.domains.entities import service
from tenko.domains.entities.access import (
    ManagedAsset,
    ManagedScene,
    ManagedShot,
    ReadableAsset,
    ReadableScene,
    ReadableShot,
)
from tenko.domains.entities.resources import ASSET_INSTANCES
from tenko.domains.entities.shapes import keep_names
from tenko.domains.production import schemas
from tenko.domains.studio.kinds import SHOT

router = api_router(tags=["breakdown"])


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


INSTANCE = answers.record_schema(ASSET_INSTANCES)
#: ``{asset, shot or scene id: [instances]}``
INSTANCES_BY_ID = answers.answer(
    answers.keyed_by("asset, shot or scene id", answers.list_of(INSTANCE), "AssetInstancesById"),
    200,
    "Asset instances by id",
)


@router.get(
    "/data/scenes/{scene_id:uuid}/asset-instances", summary="A scene's asset instances, by asset", **INSTANCES_BY_ID
)
async def scene_asset_instances(scene: ReadableScene, session: DbSession) -> JSONResponse:
    """A scene's asset instances, by asset."""
    return JSONResponse(await instances.scene_instances(session, scene.id))


@router.post(
    "/data/scenes/{scene_id:uuid}/asset-instances",
    summary="Place the next numbered instance of an asset in a scene",
    status_code=201,
    **answers.answer(INSTANCE, 201, "One AssetInstance"),
)
async def new_scene_asset_instance(scene: ManagedScene, request: Request, session: DbSession) -> JSONResponse:
    """Place the next numbered instance of an asset in a scene."""
    body = SceneInstanceBody.model_validate(await http.json_body(request, SceneInstanceBody))
    asset = await instances.usable_asset(session, body.asset_id, scene.project_id, "asset_id")
    row = await instances.new_instance(
        session, scene.caller, asset, scene.project_id, body.description, scene_id=scene.id
    )
    return JSONResponse(row, status_code=201)


@router.get(
    "/data/scenes/{scene_id:uuid}/camera-instances",
    summary="A scene's camera instances, by camera asset",
    **INSTANCES_BY_ID,
)
async def scene_camera_instances(scene: ReadableScene, session: DbSession) -> JSONResponse:
    """A scene's camera instances, by camera asset."""
    return JSONResponse(await instances.scene_instances(session, scene.id, cameras=True))


@router.get(
    "/data/shots/{shot_id:uuid}/asset-instances", summary="The asset instances a shot uses, by asset", **INSTANCES_BY_ID
)
async def shot_asset_instances(shot: ReadableShot, session: DbSession) -> JSONResponse:
    """The asset instances a shot uses, by asset."""
    return JSONResponse(await instances.shot_instances(session, shot.id))


@router.post(
    "/data/shots/{shot_id:uuid}/asset-instances",
    summary="Let a shot use an asset instance",
    status_code=201,
    **schemas.written_entity(SHOT, 201),
)
async def add_shot_asset_instance(shot: ManagedShot, request: Request, session: DbSession) -> JSONResponse:
    """Let a shot use an asset instance."""
    body = ShotInstanceBody.model_validate(await http.json_body(request, ShotInstanceBody))
    await instances.add_to_shot(session, shot.caller, shot.row, body.asset_instance_id)
    row = await service.fetch_entity(session, SHOT, shot.id)
    return JSONResponse(keep_names(SHOT, [row], frozenset())[0], status_code=201)


@router.delete(
    "/data/shots/{shot_id:uuid}/asset-instances/{asset_instance_id:uuid}",
    summary="Stop a shot using an asset instance",
    **answers.no_content(),
)
async def remove_shot_asset_instance(shot: ManagedShot, asset_instance_id: PathId, session: DbSession) -> Response:
    """Stop a shot using an asset instance."""
    instance_id = parse_uuid(asset_instance_id, "asset instance id")
    await instances.remove_from_shot(session, shot.caller, shot.row, instance_id)
    return Response(status_code=204)


@router.get(
    "/data/assets/{asset_id:uuid}/asset-asset-instances",
    summary="The instances inside an asset, by asset",
    **INSTANCES_BY_ID,
)
async def asset_asset_instances(asset: ReadableAsset, session: DbSession) -> JSONResponse:
    """The instances inside an asset, by asset."""
    return JSONResponse(await instances.asset_asset_instances(session, asset.id))


@router.post(
    "/data/assets/{asset_id:uuid}/asset-asset-instances",
    summary="Place the next numbered instance of an asset inside this asset",
    status_code=201,
    **answers.answer(INSTANCE, 201, "One AssetInstance"),
)
async def new_asset_asset_instance(target: ManagedAsset, request: Request, session: DbSession) -> JSONResponse:
    """Place the next numbered instance of an asset inside this asset."""
    body = AssetInstanceBody.model_validate(await http.json_body(request, AssetInstanceBody))
    if body.asset_to_instantiate_id == target.id:
        raise BadRequest("asset_to_instantiate_id: an asset cannot be instantiated inside itself")
    asset = await instances.usable_asset(
        session, body.asset_to_instantiate_id, target.project_id, "asset_to_instantiate_id"
    )
    row = await instances.new_instance(
        session, target.caller, asset, target.project_id, body.description, target_asset_id=target.id
    )
    return JSONResponse(row, status_code=201)


@router.get(
    "/data/assets/{asset_id:uuid}/shot-asset-instances",
    summary="An asset's instances used by shots, by shot",
    **INSTANCES_BY_ID,
)
async def asset_shot_instances(asset: ReadableAsset, session: DbSession) -> JSONResponse:
    """An asset's instances used by shots, by shot."""
    return JSONResponse(await instances.instances_of_asset_by_shot(session, asset.caller, asset.id))


@router.get(
    "/data/assets/{asset_id:uuid}/scene-asset-instances",
    summary="An asset's instances in scenes, by scene",
    **INSTANCES_BY_ID,
)
async def asset_scene_instances(asset: ReadableAsset, session: DbSession) -> JSONResponse:
    """An asset's instances in scenes, by scene."""
    return JSONResponse(await instances.instances_of_asset_by_scene(session, asset.caller, asset.id))
