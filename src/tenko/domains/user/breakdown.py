"""The breakdown as the caller works on it: projects, assets, sequences, shots... where they have tasks.

Every list here is scoped to the tasks assigned to the caller in the open projects they are
in, so a project or entity they do not work on answers an empty list (one query per list).
"""

from typing import Annotated, Any

from sqlalchemy import ColumnElement, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.guard import Loaded, Myself, PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import to_rows
from tenko.core.resource import Row
from tenko.domains.entities.models import ENTITY
from tenko.domains.production.reads import asset_type_rows
from tenko.domains.studio.kinds import ASSET, EPISODE, SCENE, SEQUENCE, SHOT, Kind
from tenko.domains.studio.models import ENTITY_TYPE
from tenko.domains.studio.resources import ENTITY_TYPES, TASK_TYPES
from tenko.domains.tasks.models import TASK
from tenko.domains.tasks.reach import my_tasks
from tenko.domains.tasks.resources import TASKS
from tenko.domains.user.access import AssetLoader, ProjectLoader, SceneLoader, SequenceLoader, ShotLoader, of_kind
from tenko.domains.user.common import MY_PROJECTS, my_projects, rows_of

router = api_router(tags=["user"])
#: the path records of these views: they must exist, the answer lists only the caller's own tasks
MyProject = Annotated[Loaded, ProjectLoader("look")]
MyAsset = Annotated[Loaded, AssetLoader("look")]
MyShot = Annotated[Loaded, ShotLoader("look")]
MyScene = Annotated[Loaded, SceneLoader("look")]
MySequence = Annotated[Loaded, SequenceLoader("look")]
TASK_ROWS = answers.answer(answers.list_of(answers.columns_schema(TASKS)))
TASK_TYPE_ROWS = answers.answer(answers.list_of(answers.columns_schema(TASK_TYPES)))


def entity_rows(kind: Kind) -> dict[str, Any]:
    """The answer of a list of entities of ``kind``: their whole rows."""
    return answers.answer(answers.list_of(answers.table_schema(ENTITY, kind.type_name)))


def touched(caller: Caller) -> Any:
    """Ids of the entities of the caller's tasks."""
    return select(TASK.c.entity_id).where(my_tasks(caller))


def with_parents(caller: Caller, depth: int) -> Any:
    """The caller's entities and their parents up to ``depth`` levels (shot -> sequence -> episode)."""
    levels = [touched(caller)]
    for _ in range(depth):
        levels.append(select(ENTITY.c.parent_id).where(ENTITY.c.id.in_(levels[-1])))
    return union(*levels)


async def entities(session: AsyncSession, kind: Kind, *where: ColumnElement[bool]) -> list[Row]:
    statement = select(ENTITY).where(of_kind(kind), *where).order_by(ENTITY.c.name, ENTITY.c.id)
    return [dict(row, type=kind.type_name) for row in (await session.execute(statement)).mappings()]


@router.get(
    "/data/user/projects/open", summary="The open projects the caller works on, with their settings", **MY_PROJECTS
)
async def open_projects(session: DbSession, caller: Myself) -> JSONResponse:
    """The open projects the caller works on, with their settings."""
    return JSONResponse(await my_projects(session, caller))


@router.get(
    "/data/user/projects/{project_id}/asset-types",
    summary="Asset types of the caller's assets in a project",
    **answers.answer(answers.list_of(answers.columns_schema(ENTITY_TYPES, "AssetType"))),
)
async def project_asset_types(project: MyProject, session: DbSession, caller: Myself) -> JSONResponse:
    """Asset types of the caller's assets in a project."""
    used = select(ENTITY.c.entity_type_id).where(ENTITY.c.project_id == project.id, ENTITY.c.id.in_(touched(caller)))
    return JSONResponse(await asset_type_rows(session, ENTITY_TYPE.c.id.in_(used)))


@router.get(
    "/data/user/projects/{project_id}/asset-types/{asset_type_id}/assets",
    summary="The caller's assets of an asset type in a project",
    **entity_rows(ASSET),
)
async def project_type_assets(
    project: MyProject, asset_type_id: PathId, session: DbSession, caller: Myself
) -> JSONResponse:
    """The caller's assets of an asset type in a project."""
    type_id = parse_uuid(asset_type_id, "asset type id")
    where = (ENTITY.c.project_id == project.id, ENTITY.c.entity_type_id == type_id, ENTITY.c.id.in_(touched(caller)))
    return JSONResponse(await entities(session, ASSET, *where))


@router.get(
    "/data/user/projects/{project_id}/episodes", **entity_rows(EPISODE), summary="Episodes where the caller has tasks"
)
async def project_episodes(project: MyProject, session: DbSession, caller: Myself) -> JSONResponse:
    """Episodes where the caller has tasks."""
    where = (ENTITY.c.project_id == project.id, ENTITY.c.id.in_(with_parents(caller, 2)))
    return JSONResponse(await entities(session, EPISODE, *where))


@router.get(
    "/data/user/projects/{project_id}/sequences",
    **entity_rows(SEQUENCE),
    summary="Sequences where the caller has tasks",
)
async def project_sequences(project: MyProject, session: DbSession, caller: Myself) -> JSONResponse:
    """Sequences where the caller has tasks."""
    where = (ENTITY.c.project_id == project.id, ENTITY.c.id.in_(with_parents(caller, 1)))
    return JSONResponse(await entities(session, SEQUENCE, *where))


@router.get(
    "/data/user/sequences/{sequence_id}/shots",
    **entity_rows(SHOT),
    summary="Shots of a sequence where the caller has tasks",
)
async def sequence_shots(sequence: MySequence, session: DbSession, caller: Myself) -> JSONResponse:
    """Shots of a sequence where the caller has tasks."""
    where = (ENTITY.c.parent_id == sequence.id, ENTITY.c.id.in_(touched(caller)))
    return JSONResponse(await entities(session, SHOT, *where))


@router.get(
    "/data/user/sequences/{sequence_id}/scenes",
    **entity_rows(SCENE),
    summary="Scenes of a sequence where the caller has tasks",
)
async def sequence_scenes(sequence: MySequence, session: DbSession, caller: Myself) -> JSONResponse:
    """Scenes of a sequence where the caller has tasks."""
    where = (ENTITY.c.parent_id == sequence.id, ENTITY.c.id.in_(touched(caller)))
    return JSONResponse(await entities(session, SCENE, *where))


async def entity_tasks(session: AsyncSession, caller: Caller, entity: Loaded) -> list[Row]:
    statement = (
        select(*TASKS.visible_columns)
        .where(TASK.c.entity_id == entity.id, my_tasks(caller))
        .order_by(TASK.c.created_at, TASK.c.id)
    )
    return to_rows(TASKS, await session.execute(statement))


async def entity_task_types(session: AsyncSession, caller: Caller, entity: Loaded) -> list[Row]:
    used = select(TASK.c.task_type_id).where(TASK.c.entity_id == entity.id, my_tasks(caller))
    return await rows_of(session, TASK_TYPES, TASK_TYPES.table.c.id.in_(used))


def add_task_routes(kind: Kind, mine: Any) -> None:
    """``/data/user/<kind>/{<kind>_id}/tasks`` and ``.../task-types``: the caller's tasks on one entity.

    The handlers' annotations are evaluated (this module has no ``from __future__``): ``mine``,
    the guard of the kind, is a local.
    """
    noun = kind.event

    async def tasks(entity: mine, session: DbSession, caller: Myself) -> JSONResponse:
        return JSONResponse(await entity_tasks(session, caller, entity))

    async def task_types(entity: mine, session: DbSession, caller: Myself) -> JSONResponse:
        return JSONResponse(await entity_task_types(session, caller, entity))

    routes = (
        ("tasks", tasks, f"The caller's tasks on a {noun}", TASK_ROWS),
        ("task_types", task_types, f"The task types of the caller's tasks on a {noun}", TASK_TYPE_ROWS),
    )
    for suffix, handler, summary, answer in routes:
        handler.__name__ = f"{noun}_{suffix}"
        handler.__doc__ = f"{summary}."
        path = f"/data/user/{kind.route}/{{{noun}_id}}/{suffix.replace('_', '-')}"
        router.add_api_route(path, handler, methods=["GET"], summary=summary, **answer)


for _kind, _mine in ((ASSET, MyAsset), (SHOT, MyShot), (SCENE, MyScene), (SEQUENCE, MySequence)):
    add_task_routes(_kind, _mine)
