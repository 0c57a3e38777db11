"""Asset instances: numbered copies of an asset placed in a scene or inside another asset, used by shots.

An instance in a scene has ``scene_id``; an instance inside an asset has ``target_asset_id``.
Numbers count per (asset, scene) or (asset, target asset), from 1. A shot uses instances
through ``asset_instance_link``. Reads answer ``{key: [instances]}`` in one statement.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import records
from tenko.core.access import Caller
from tenko.core.atomic import lock_rows
from tenko.core.errors import BadRequest, NotFound
from tenko.core.events import emit
from tenko.core.links import link_once
from tenko.core.resource import Row
from tenko.core.types import utc_now
from tenko.domains.breakdown.casting import load_entities
from tenko.domains.breakdown.casting_writes import require_manager
from tenko.domains.entities.models import ASSET_INSTANCE, ASSET_INSTANCE_LINK, ENTITY
from tenko.domains.entities.resources import ASSET_INSTANCES
from tenko.domains.entities.service import kind_of_name, visible
from tenko.domains.studio.kinds import ASSET
from tenko.domains.studio.models import ENTITY_TYPE

#: asset types whose instances are a scene's cameras
CAMERA_TYPE_NAMES = ("camera", "cameras")


def instance_row(row: Any) -> Row:
    item = {key: value for key, value in dict(row).items() if key in ASSET_INSTANCE.c}
    item["type"] = ASSET_INSTANCES.type_name
    return item


async def grouped(
    session: AsyncSession, key: Any, *conditions: ColumnElement[bool], joined: Any = None
) -> dict[str, list[Row]]:
    """Instances matching ``conditions`` grouped by ``key`` (a column), ordered by asset then number."""
    statement = select(*ASSET_INSTANCE.c, key.label("group_key")).select_from(
        joined if joined is not None else ASSET_INSTANCE
    )
    statement = statement.where(*conditions).order_by(
        ASSET_INSTANCE.c.asset_id, ASSET_INSTANCE.c.number, ASSET_INSTANCE.c.id
    )
    result: dict[str, list[Row]] = defaultdict(list)
    for row in (await session.execute(statement)).mappings():
        result[str(row["group_key"])].append(instance_row(row))
    return dict(result)


async def scene_instances(session: AsyncSession, scene_id: uuid.UUID, cameras: bool = False) -> Any:
    """A scene's instances by asset id (``cameras``: only those of camera asset types)."""
    conditions = [ASSET_INSTANCE.c.scene_id == scene_id]
    if cameras:
        camera_types = select(ENTITY_TYPE.c.id).where(func.lower(ENTITY_TYPE.c.name).in_(CAMERA_TYPE_NAMES))
        camera_assets = select(ENTITY.c.id).where(ENTITY.c.entity_type_id.in_(camera_types))
        conditions.append(ASSET_INSTANCE.c.asset_id.in_(camera_assets))
    return await grouped(session, ASSET_INSTANCE.c.asset_id, *conditions)


async def shot_instances(session: AsyncSession, shot_id: uuid.UUID) -> Any:
    """The instances a shot uses, by asset id."""
    joined = ASSET_INSTANCE.join(ASSET_INSTANCE_LINK, ASSET_INSTANCE_LINK.c.asset_instance_id == ASSET_INSTANCE.c.id)
    return await grouped(session, ASSET_INSTANCE.c.asset_id, ASSET_INSTANCE_LINK.c.entity_id == shot_id, joined=joined)


async def asset_asset_instances(session: AsyncSession, asset_id: uuid.UUID) -> Any:
    """The instances placed inside an asset, by instantiated asset id."""
    return await grouped(session, ASSET_INSTANCE.c.asset_id, ASSET_INSTANCE.c.target_asset_id == asset_id)


async def instances_of_asset_by_shot(session: AsyncSession, caller: Caller, asset_id: uuid.UUID) -> Any:
    """An asset's instances used by shots the caller may see, by shot id."""
    joined = ASSET_INSTANCE.join(
        ASSET_INSTANCE_LINK, ASSET_INSTANCE_LINK.c.asset_instance_id == ASSET_INSTANCE.c.id
    ).join(ENTITY, ENTITY.c.id == ASSET_INSTANCE_LINK.c.entity_id)
    conditions = [ASSET_INSTANCE.c.asset_id == asset_id]
    if not caller.is_admin:
        conditions.append(visible(caller))
    return await grouped(session, ASSET_INSTANCE_LINK.c.entity_id, *conditions, joined=joined)


async def instances_of_asset_by_scene(session: AsyncSession, caller: Caller, asset_id: uuid.UUID) -> Any:
    """An asset's instances in the scenes the caller may see, by scene id."""
    joined = ASSET_INSTANCE.join(ENTITY, ENTITY.c.id == ASSET_INSTANCE.c.scene_id)
    conditions = [ASSET_INSTANCE.c.asset_id == asset_id]
    if not caller.is_admin:
        conditions.append(visible(caller))
    return await grouped(session, ASSET_INSTANCE.c.scene_id, *conditions, joined=joined)


async def usable_asset(session: AsyncSession, asset_id: uuid.UUID, project_id: uuid.UUID, field: str) -> Row:
    """An asset of the project, or a shared one (400 otherwise: a body id is never trusted)."""
    row = (await load_entities(session, [asset_id])).get(asset_id)
    if row is None or kind_of_name(row["type_name"]) is not ASSET:
        raise BadRequest(f"{field}: no asset with id {asset_id}")
    if row["project_id"] != project_id and not row["is_shared"]:
        raise BadRequest(f"{field}: the asset {asset_id} belongs to another project and is not shared")
    return row


async def new_instance(
    session: AsyncSession,
    caller: Caller,
    asset: Row,
    project_id: uuid.UUID,
    description: str | None,
    *,
    scene_id: uuid.UUID | None = None,
    target_asset_id: uuid.UUID | None = None,
) -> Row:
    """Add the next numbered instance of ``asset`` in a scene or inside a target asset."""
    require_manager(caller, project_id)
    place = (
        ASSET_INSTANCE.c.scene_id == scene_id
        if scene_id is not None
        else ASSET_INSTANCE.c.target_asset_id == target_asset_id
    )
    # the numbers of an asset's instances are taken in turn: two adds at once get two numbers
    await lock_rows(session, ENTITY, [asset["id"]])
    highest = select(func.max(ASSET_INSTANCE.c.number)).where(ASSET_INSTANCE.c.asset_id == asset["id"], place)
    number = int((await session.execute(highest)).scalar() or 0) + 1
    now = utc_now()
    values = {
        "id": uuid.uuid4(),
        "asset_id": asset["id"],
        "name": f"{asset['name']}_{number:04d}"[:80],
        "number": number,
        "description": description or "",
        "active": True,
        "data": None,
        "scene_id": scene_id,
        "target_asset_id": target_asset_id,
        "created_at": now,
        "updated_at": now,
    }
    await session.execute(insert(ASSET_INSTANCE).values(**values))
    row = instance_row({**values, "entity_id": None, "entity_type_id": None})
    await records.record_event(session, ASSET_INSTANCES, caller, "new", {**row, "project_id": project_id})
    return row


async def instance_project(session: AsyncSession, instance_id: uuid.UUID) -> tuple[Row, uuid.UUID]:
    """An instance and the project it is placed in: its scene's, its target asset's, else its asset's."""
    row = (await session.execute(select(ASSET_INSTANCE).where(ASSET_INSTANCE.c.id == instance_id))).mappings().first()
    if row is None:
        raise BadRequest(f"asset_instance_id: no asset instance with id {instance_id}")
    place = row["scene_id"] or row["target_asset_id"] or row["asset_id"]
    project_id = (await session.execute(select(ENTITY.c.project_id).where(ENTITY.c.id == place))).scalar()
    if project_id is None:
        raise BadRequest(f"asset_instance_id: the instance {instance_id} is not placed anywhere")
    return instance_row(row), project_id


async def add_to_shot(session: AsyncSession, caller: Caller, shot: Row, instance_id: uuid.UUID) -> None:
    """Let a shot use an instance of its own project (again: no change)."""
    require_manager(caller, shot["project_id"])
    instance, project_id = await instance_project(session, instance_id)
    if project_id != shot["project_id"]:
        raise BadRequest(f"asset_instance_id: the instance {instance_id} belongs to another project")
    if await link_once(session, ASSET_INSTANCE_LINK, {"entity_id": shot["id"], "asset_instance_id": instance_id}):
        await shot_changed(session, caller, shot, instance["id"])


async def remove_from_shot(session: AsyncSession, caller: Caller, shot: Row, instance_id: uuid.UUID) -> None:
    require_manager(caller, shot["project_id"])
    link = (ASSET_INSTANCE_LINK.c.entity_id == shot["id"]) & (ASSET_INSTANCE_LINK.c.asset_instance_id == instance_id)
    if (await session.execute(select(ASSET_INSTANCE_LINK.c.entity_id).where(link))).first() is None:
        raise NotFound(f"The shot does not use the asset instance {instance_id}")
    await session.execute(delete(ASSET_INSTANCE_LINK).where(link))
    await shot_changed(session, caller, shot, instance_id)


async def shot_changed(session: AsyncSession, caller: Caller, shot: Row, instance_id: uuid.UUID) -> None:
    data = {"shot_id": shot["id"], "asset_instance_id": instance_id, "project_id": shot["project_id"]}
    await emit(session, "shot:update", data, user_id=caller.id, project_id=shot["project_id"])
