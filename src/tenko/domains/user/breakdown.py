"""The breakdown as the caller works on it: projects, assets, sequences, shots... where they have tasks.

Every list here is scoped to the tasks assigned to the caller in the open projects they are
in, so a project or entity they do not work on answers an empty list (one query per list).
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from sqlalchemy import ColumnElement, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import records
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.errors import NotFound
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import to_rows
from tenko.core.model import table_of
from tenko.core.resource import Row
from tenko.domains.entities.endpoints_assets import ASSET_TYPE_CONDITION, asset_type_rows
from tenko.domains.entities.kinds import ASSET, EPISODE, SCENE, SEQUENCE, SHOT, Kind
from tenko.domains.entities.models import Entity, EntityType
from tenko.domains.tasks.resources import TASK_TYPES, TASKS
from tenko.domains.user.common import PROJECT, TASK, my_tasks, rows_of
from tenko.domains.user.context import my_projects

router = APIRouter(tags=["user"])
ENTITY = table_of(Entity)
ENTITY_TYPE = table_of(EntityType)


def touched(caller: Caller) -> Any:
    """Ids of the entities of the caller's tasks."""
    return select(TASK.c.entity_id).where(my_tasks(caller))


def with_parents(caller: Caller, depth: int) -> Any:
    """The caller's entities and their parents up to ``depth`` levels (shot -> sequence -> episode)."""
    levels = [touched(caller)]
    for _ in range(depth):
        levels.append(select(ENTITY.c.parent_id).where(ENTITY.c.id.in_(levels[-1])))
    return union(*levels)


def of_kind(kind: Kind) -> ColumnElement[bool]:
    if kind.entity_type is None:
        return ENTITY.c.entity_type_id.in_(select(ENTITY_TYPE.c.id).where(ASSET_TYPE_CONDITION))
    return ENTITY.c.entity_type_id.in_(select(ENTITY_TYPE.c.id).where(ENTITY_TYPE.c.name == kind.entity_type))


async def entities(session: AsyncSession, kind: Kind, *where: ColumnElement[bool]) -> list[Row]:
    statement = select(ENTITY).where(of_kind(kind), *where).order_by(ENTITY.c.name, ENTITY.c.id)
    return [dict(row, type=kind.type_name) for row in (await session.execute(statement)).mappings()]


KINDS = {"asset": ASSET, "shot": SHOT, "scene": SCENE, "sequence": SEQUENCE}


async def existing(session: AsyncSession, raw_id: str, what: str) -> uuid.UUID:
    """The id of an entity of this kind (404 when there is none: a shot is not a scene)."""
    record_id = records.parse_id(raw_id, f"{what} id")
    statement = select(ENTITY.c.id).where(ENTITY.c.id == record_id, of_kind(KINDS[what]))
    if (await session.execute(statement)).scalar() is None:
        raise NotFound(f"{what.title()} {record_id} not found")
    return record_id


async def existing_project(session: AsyncSession, raw_id: str) -> uuid.UUID:
    project_id = records.parse_id(raw_id, "project id")
    if (await session.execute(select(PROJECT.c.id).where(PROJECT.c.id == project_id))).scalar() is None:
        raise NotFound(f"Project {project_id} not found")
    return project_id


@router.get("/data/user/projects/open", summary="The open projects the caller works on, with their settings")
async def open_projects(session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The open projects the caller works on, with their settings."""
    return JSONResponse(await my_projects(session, caller))


@router.get("/data/user/projects/{project_id}/asset-types", summary="Asset types of the caller's assets in a project")
async def project_asset_types(project_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Asset types of the caller's assets in a project."""
    found = await existing_project(session, project_id)
    used = select(ENTITY.c.entity_type_id).where(ENTITY.c.project_id == found, ENTITY.c.id.in_(touched(caller)))
    return JSONResponse(await asset_type_rows(session, ENTITY_TYPE.c.id.in_(used)))


@router.get(
    "/data/user/projects/{project_id}/asset-types/{asset_type_id}/assets",
    summary="The caller's assets of an asset type in a project",
)
async def project_type_assets(
    project_id: str, asset_type_id: str, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    """The caller's assets of an asset type in a project."""
    found = await existing_project(session, project_id)
    type_id = records.parse_id(asset_type_id, "asset type id")
    where = (ENTITY.c.project_id == found, ENTITY.c.entity_type_id == type_id, ENTITY.c.id.in_(touched(caller)))
    return JSONResponse(await entities(session, ASSET, *where))


@router.get("/data/user/projects/{project_id}/episodes", summary="Episodes where the caller has tasks")
async def project_episodes(project_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Episodes where the caller has tasks."""
    found = await existing_project(session, project_id)
    where = (ENTITY.c.project_id == found, ENTITY.c.id.in_(with_parents(caller, 2)))
    return JSONResponse(await entities(session, EPISODE, *where))


@router.get("/data/user/projects/{project_id}/sequences", summary="Sequences where the caller has tasks")
async def project_sequences(project_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Sequences where the caller has tasks."""
    found = await existing_project(session, project_id)
    where = (ENTITY.c.project_id == found, ENTITY.c.id.in_(with_parents(caller, 1)))
    return JSONResponse(await entities(session, SEQUENCE, *where))


@router.get("/data/user/sequences/{sequence_id}/shots", summary="Shots of a sequence where the caller has tasks")
async def sequence_shots(sequence_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Shots of a sequence where the caller has tasks."""
    found = await existing(session, sequence_id, "sequence")
    where = (ENTITY.c.parent_id == found, ENTITY.c.id.in_(touched(caller)))
    return JSONResponse(await entities(session, SHOT, *where))


@router.get("/data/user/sequences/{sequence_id}/scenes", summary="Scenes of a sequence where the caller has tasks")
async def sequence_scenes(sequence_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Scenes of a sequence where the caller has tasks."""
    found = await existing(session, sequence_id, "sequence")
    where = (ENTITY.c.parent_id == found, ENTITY.c.id.in_(touched(caller)))
    return JSONResponse(await entities(session, SCENE, *where))


async def entity_tasks(session: AsyncSession, caller: Caller, raw_id: str, what: str) -> list[Row]:
    found = await existing(session, raw_id, what)
    statement = (
        select(*TASKS.visible_columns)
        .where(TASK.c.entity_id == found, my_tasks(caller))
        .order_by(TASK.c.created_at, TASK.c.id)
    )
    return to_rows(TASKS, await session.execute(statement))


async def entity_task_types(session: AsyncSession, caller: Caller, raw_id: str, what: str) -> list[Row]:
    found = await existing(session, raw_id, what)
    used = select(TASK.c.task_type_id).where(TASK.c.entity_id == found, my_tasks(caller))
    return await rows_of(session, TASK_TYPES, TASK_TYPES.table.c.id.in_(used))


@router.get("/data/user/assets/{asset_id}/tasks", summary="The caller's tasks on a asset")
async def asset_tasks(asset_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The caller's tasks on a asset."""
    return JSONResponse(await entity_tasks(session, caller, asset_id, "asset"))


@router.get("/data/user/assets/{asset_id}/task-types", summary="The task types of the caller's tasks on a asset")
async def asset_task_types(asset_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The task types of the caller's tasks on a asset."""
    return JSONResponse(await entity_task_types(session, caller, asset_id, "asset"))


@router.get("/data/user/shots/{shot_id}/tasks", summary="The caller's tasks on a shot")
async def shot_tasks(shot_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The caller's tasks on a shot."""
    return JSONResponse(await entity_tasks(session, caller, shot_id, "shot"))


@router.get("/data/user/shots/{shot_id}/task-types", summary="The task types of the caller's tasks on a shot")
async def shot_task_types(shot_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The task types of the caller's tasks on a shot."""
    return JSONResponse(await entity_task_types(session, caller, shot_id, "shot"))


@router.get("/data/user/scenes/{scene_id}/tasks", summary="The caller's tasks on a scene")
async def scene_tasks(scene_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The caller's tasks on a scene."""
    return JSONResponse(await entity_tasks(session, caller, scene_id, "scene"))


@router.get("/data/user/scenes/{scene_id}/task-types", summary="The task types of the caller's tasks on a scene")
async def scene_task_types(scene_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The task types of the caller's tasks on a scene."""
    return JSONResponse(await entity_task_types(session, caller, scene_id, "scene"))


@router.get("/data/user/sequences/{sequence_id}/tasks", summary="The caller's tasks on a sequence")
async def sequence_tasks(sequence_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The caller's tasks on a sequence."""
    return JSONResponse(await entity_tasks(session, caller, sequence_id, "sequence"))


@router.get(
    "/data/user/sequences/{sequence_id}/task-types", summary="The task types of the caller's tasks on a sequence"
)
async def sequence_task_types(sequence_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The task types of the caller's tasks on a sequence."""
    return JSONResponse(await entity_task_types(session, caller, sequence_id, "sequence"))
