"""A project's settings: which asset types, task types and task statuses it uses, and how.

Adding links answers the project (201), as the reference server does; every change records
``project:update``.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Request
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http
from tenko.core.db import DbSession
from tenko.core.guard import PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.links import link_once, not_linked
from tenko.core.listing import typed_rows
from tenko.core.ranges import within
from tenko.core.resource import Row
from tenko.core.schemas import BodyModel
from tenko.core.types import utc_now
from tenko.domains.projects.access import (
    BoardRole,
    ManagedProject,
    MemberProject,
    project_updated,
)
from tenko.domains.projects.models import (
    PROJECT_ASSET_TYPE_LINK,
    PROJECT_TASK_STATUS_LINK,
    PROJECT_TASK_TYPE_LINK,
)
from tenko.domains.projects.settings_service import (
    PROJECT_ROW,
    check_asset_type,
    check_asset_types,
    check_ids,
    project_links,
)
from tenko.domains.studio.models import ENTITY_TYPE, TASK_STATUS, TASK_TYPE

router = api_router(tags=["projects"])
#: a task type or status of a project: its columns, the priority being the project's
PROJECT_TASK_TYPES = answers.answer(answers.list_of(answers.table_schema(TASK_TYPE, "TaskType")))


#: the numbers of a project's task type and task status links, in their columns' ranges
TypePriority = Annotated[int, within(PROJECT_TASK_TYPE_LINK.c.priority)]
HdBitrate = Annotated[int, within(PROJECT_TASK_TYPE_LINK.c.hd_bitrate_compression)]
LdBitrate = Annotated[int, within(PROJECT_TASK_TYPE_LINK.c.ld_bitrate_compression)]
StatusPriority = Annotated[int, within(PROJECT_TASK_STATUS_LINK.c.priority)]


class TaskTypeBody(BodyModel):
    task_type_id: uuid.UUID
    priority: TypePriority | None = None
    hd_bitrate_compression: HdBitrate | None = None
    ld_bitrate_compression: LdBitrate | None = None
    is_client_visible: bool | None = None


class TaskStatusLinkBody(BodyModel):
    priority: StatusPriority | None = None
    roles_for_board: list[BoardRole] | None = None
    is_client_allowed: bool | None = None


class TaskStatusBody(TaskStatusLinkBody):
    task_status_id: uuid.UUID


class BatchTaskType(BodyModel):
    task_type_id: uuid.UUID
    priority: TypePriority | None = None


class BatchBody(BodyModel):
    task_types: list[BatchTaskType] = []
    task_status_ids: list[uuid.UUID] = []
    asset_type_ids: list[uuid.UUID] = []
    replace_task_types: bool = False


async def upsert_type_link(session: AsyncSession, project_id: uuid.UUID, values: dict[str, Any]) -> None:
    task_type_id = values["task_type_id"]
    where = PROJECT_TASK_TYPE_LINK.c.project_id == project_id, PROJECT_TASK_TYPE_LINK.c.task_type_id == task_type_id
    changes = {key: value for key, value in values.items() if key != "task_type_id"}
    if (await session.execute(select(PROJECT_TASK_TYPE_LINK.c.id).where(*where))).first() is None:
        await session.execute(PROJECT_TASK_TYPE_LINK.insert().values(project_id=project_id, **values))
    elif changes:
        await session.execute(update(PROJECT_TASK_TYPE_LINK).where(*where).values(**changes, updated_at=utc_now()))


async def upsert_status_link(session: AsyncSession, project_id: uuid.UUID, values: dict[str, Any]) -> None:
    task_status_id = values["task_status_id"]
    where = (
        PROJECT_TASK_STATUS_LINK.c.project_id == project_id,
        PROJECT_TASK_STATUS_LINK.c.task_status_id == task_status_id,
    )
    changes = {key: value for key, value in values.items() if key != "task_status_id"}
    if (await session.execute(select(PROJECT_TASK_STATUS_LINK.c.id).where(*where))).first() is None:
        await session.execute(PROJECT_TASK_STATUS_LINK.insert().values(project_id=project_id, **values))
    elif changes:
        await session.execute(update(PROJECT_TASK_STATUS_LINK).where(*where).values(**changes, updated_at=utc_now()))


async def project_task_types(session: AsyncSession, project_id: uuid.UUID) -> list[Row]:
    """The task types of a project, ordered by their priority in it (one query)."""
    priority = func.coalesce(PROJECT_TASK_TYPE_LINK.c.priority, TASK_TYPE.c.priority)
    columns = [c for c in TASK_TYPE.columns if c.name != "priority"]
    statement = (
        select(*columns, priority.label("priority"))
        .join(PROJECT_TASK_TYPE_LINK, PROJECT_TASK_TYPE_LINK.c.task_type_id == TASK_TYPE.c.id)
        .where(PROJECT_TASK_TYPE_LINK.c.project_id == project_id)
        .order_by(priority.is_(None), priority, TASK_TYPE.c.name)
    )
    return typed_rows(await session.execute(statement), "TaskType")


@router.get("/data/projects/{project_id}/task-types", summary="List the task types of a project", **PROJECT_TASK_TYPES)
async def get_task_types(project: MemberProject, session: DbSession) -> JSONResponse:
    return JSONResponse(await project_task_types(session, project.id))


@router.get(
    "/data/projects/{project_id}/settings/task-types",
    summary="List the task types of a project (gazu's path)",
    **PROJECT_TASK_TYPES,
)
async def get_settings_task_types(project: MemberProject, session: DbSession) -> JSONResponse:
    return JSONResponse(await project_task_types(session, project.id))


project_links(
    router,
    "/data/projects/{project_id}/settings/asset-types",
    PROJECT_ASSET_TYPE_LINK,
    ENTITY_TYPE,
    column="asset_type_id",
    check=check_asset_type,
    names={
        "add": ("add_asset_type", "Add an asset type to a project"),
        "remove": ("remove_asset_type", "Remove an asset type from a project"),
    },
)


@router.post(
    "/data/projects/{project_id}/settings/task-types",
    summary="Add a task type to a project (or update its priority there)",
    status_code=201,
    **answers.answer(PROJECT_ROW, 201),
)
async def add_task_type(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, TaskTypeBody)
    await check_ids(session, TASK_TYPE, [values["task_type_id"]], "task_type_id")
    await upsert_type_link(session, project.id, values)
    return JSONResponse(await project_updated(session, project.caller, project.id), status_code=201)


project_links(
    router,
    "/data/projects/{project_id}/settings/task-types",
    PROJECT_TASK_TYPE_LINK,
    TASK_TYPE,
    column="task_type_id",
    names={"remove": ("remove_task_type", "Remove a task type from a project")},
)


@router.get(
    "/data/projects/{project_id}/settings/task-status",
    summary="List the task statuses of a project",
    **answers.answer(answers.list_of(answers.table_schema(TASK_STATUS, "TaskStatus"))),
)
async def get_task_statuses(project: MemberProject, session: DbSession) -> JSONResponse:
    priority = func.coalesce(PROJECT_TASK_STATUS_LINK.c.priority, TASK_STATUS.c.priority)
    columns = [c for c in TASK_STATUS.columns if c.name != "priority"]
    statement = (
        select(*columns, priority.label("priority"))
        .join(PROJECT_TASK_STATUS_LINK, PROJECT_TASK_STATUS_LINK.c.task_status_id == TASK_STATUS.c.id)
        .where(PROJECT_TASK_STATUS_LINK.c.project_id == project.id)
        .order_by(priority.is_(None), priority, TASK_STATUS.c.name)
    )
    rows = typed_rows(await session.execute(statement), "TaskStatus")
    return JSONResponse(rows)


@router.post(
    "/data/projects/{project_id}/settings/task-status",
    summary="Add a task status to a project",
    status_code=201,
    **answers.answer(PROJECT_ROW, 201),
)
async def add_task_status(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, TaskStatusBody)
    await check_ids(session, TASK_STATUS, [values["task_status_id"]], "task_status_id")
    await upsert_status_link(session, project.id, values)
    return JSONResponse(await project_updated(session, project.caller, project.id), status_code=201)


@router.put(
    "/data/projects/{project_id}/settings/task-status/{task_status_id}",
    summary="Set the priority, board roles and client permission of a task status in a project",
    **answers.answer(answers.table_schema(PROJECT_TASK_STATUS_LINK, "ProjectTaskStatusLink")),
)
async def update_task_status_link(
    project: ManagedProject, task_status_id: PathId, request: Request, session: DbSession
) -> JSONResponse:
    status_id = parse_uuid(task_status_id, "task status id")
    values = await http.json_body(request, TaskStatusLinkBody)
    where = PROJECT_TASK_STATUS_LINK.c.project_id == project.id, PROJECT_TASK_STATUS_LINK.c.task_status_id == status_id
    if (await session.execute(select(PROJECT_TASK_STATUS_LINK.c.id).where(*where))).first() is None:
        raise not_linked("task status")
    if values:
        await session.execute(update(PROJECT_TASK_STATUS_LINK).where(*where).values(**values, updated_at=utc_now()))
    link = (await session.execute(select(PROJECT_TASK_STATUS_LINK).where(*where))).mappings().one()
    await project_updated(session, project.caller, project.id)
    return JSONResponse(dict(link, type="ProjectTaskStatusLink"))


project_links(
    router,
    "/data/projects/{project_id}/settings/task-status",
    PROJECT_TASK_STATUS_LINK,
    TASK_STATUS,
    column="task_status_id",
    names={"remove": ("remove_task_status", "Remove a task status from a project")},
)


@router.post(
    "/data/projects/{project_id}/settings/batch",
    summary="Link task types, task statuses and asset types to a project in one call",
    **answers.answer(PROJECT_ROW),
)
async def batch_settings(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, BatchBody)
    task_types: list[dict[str, Any]] = values.get("task_types", [])
    type_ids = [item["task_type_id"] for item in task_types]
    await check_ids(session, TASK_TYPE, type_ids, "task_types")
    await check_ids(session, TASK_STATUS, values.get("task_status_ids", []), "task_status_ids")
    await check_asset_types(session, values.get("asset_type_ids", []), "asset_type_ids")
    if values.get("replace_task_types"):
        stale = (
            PROJECT_TASK_TYPE_LINK.c.project_id == project.id,
            PROJECT_TASK_TYPE_LINK.c.task_type_id.not_in(type_ids),
        )
        await session.execute(delete(PROJECT_TASK_TYPE_LINK).where(*stale))
    for item in task_types:
        await upsert_type_link(session, project.id, {k: v for k, v in item.items() if v is not None})
    for status_id in dict.fromkeys(values.get("task_status_ids", [])):
        await upsert_status_link(session, project.id, {"task_status_id": status_id})
    for asset_type_id in dict.fromkeys(values.get("asset_type_ids", [])):
        await link_once(session, PROJECT_ASSET_TYPE_LINK, {"project_id": project.id, "asset_type_id": asset_type_id})
    return JSONResponse(await project_updated(session, project.caller, project.id))
