"""The links of a project template: task types, task statuses, asset types, automations, backgrounds."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Annotated, Any

from fastapi import Request
from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http
from tenko.core.db import DbSession
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.link_routes import link_routes, typed
from tenko.core.links import existing_id
from tenko.core.listing import typed_rows
from tenko.core.ranges import within
from tenko.core.resource import Row
from tenko.core.schemas import BodyModel
from tenko.core.types import utc_now
from tenko.domains.projects.access import BoardRole
from tenko.domains.projects.settings_service import check_asset_type
from tenko.domains.studio.models import (
    ENTITY_TYPE,
    PREVIEW_BACKGROUND_FILE,
    STATUS_AUTOMATION,
    TASK_STATUS,
    TASK_TYPE,
)
from tenko.domains.templates.models import (
    PROJECT_TEMPLATE_ASSET_TYPE_LINK,
    PROJECT_TEMPLATE_PREVIEW_BACKGROUND_FILE_LINK,
    PROJECT_TEMPLATE_STATUS_AUTOMATION_LINK,
    PROJECT_TEMPLATE_TASK_STATUS_LINK,
    PROJECT_TEMPLATE_TASK_TYPE_LINK,
)
from tenko.domains.templates.resources import PROJECT_TEMPLATES
from tenko.domains.templates.service import (
    EDIT_TEMPLATE,
    READ_TEMPLATE,
    TEMPLATE,
    EditableTemplate,
    ReadableTemplate,
    TemplateAccess,
    template_updated,
)

router = api_router(tags=["project-templates"])
BASE = "/data/project-templates/{project_template_id}"
TYPE_LINK_EXTRAS = ("priority", "hd_bitrate_compression", "ld_bitrate_compression", "is_client_visible")
#: what a change of a template's links answers: the template's columns
TEMPLATE_ROW = answers.columns_schema(PROJECT_TEMPLATES)
TEMPLATE_TASK_TYPE = answers.table_schema(
    TASK_TYPE,
    "TaskType",
    extra={name: answers.column_schema(PROJECT_TEMPLATE_TASK_TYPE_LINK.c[name]) for name in TYPE_LINK_EXTRAS},
)
TEMPLATE_TASK_STATUS = answers.table_schema(
    TASK_STATUS,
    "TaskStatus",
    extra={
        "priority": answers.column_schema(PROJECT_TEMPLATE_TASK_STATUS_LINK.c.priority),
        "roles_for_board": answers.column_schema(PROJECT_TEMPLATE_TASK_STATUS_LINK.c.roles_for_board),
        "link_is_client_allowed": answers.column_schema(PROJECT_TEMPLATE_TASK_STATUS_LINK.c.is_client_allowed),
    },
)


TYPE_LINK = PROJECT_TEMPLATE_TASK_TYPE_LINK


class TemplateTaskType(BodyModel):
    task_type_id: uuid.UUID
    priority: Annotated[int, within(TYPE_LINK.c.priority)] | None = None
    hd_bitrate_compression: Annotated[int, within(TYPE_LINK.c.hd_bitrate_compression)] | None = None
    ld_bitrate_compression: Annotated[int, within(TYPE_LINK.c.ld_bitrate_compression)] | None = None
    is_client_visible: bool | None = None


class TemplateTaskStatus(BodyModel):
    task_status_id: uuid.UUID
    priority: Annotated[int, within(PROJECT_TEMPLATE_TASK_STATUS_LINK.c.priority)] | None = None
    roles_for_board: list[BoardRole] | None = None
    is_client_allowed: bool | None = None


async def upsert_link(
    session: Any, template: TemplateAccess, link: Table, target: Table, key: str, values: dict[str, Any]
) -> Row:
    """Create the template's link to a ``target`` record (400 when unknown), or update the settings
    of the existing one; the template is marked updated; answer the link."""
    await existing_id(session, target, values[key], key)
    template_id = template.id
    where = link.c.project_template_id == template_id, link.c[key] == values[key]
    changes = {k: v for k, v in values.items() if k != key}
    if (await session.execute(select(link.c.id).where(*where))).first() is None:
        await session.execute(link.insert().values(project_template_id=template_id, **values))
    elif changes:
        await session.execute(update(link).where(*where).values(**changes, updated_at=utc_now()))
    row = (await session.execute(select(link).where(*where))).mappings().one()
    type_name = "ProjectTemplateTaskTypeLink" if key == "task_type_id" else "ProjectTemplateTaskStatusLink"
    await template_updated(session, template.caller, template_id)
    return dict(row, type=type_name)


async def changed(session: AsyncSession, template: TemplateAccess, created: bool) -> Row:
    return await template_updated(session, template.caller, template.id)


#: the link routes of a template: admins and production managers list them, admins change them
template_links = partial(
    link_routes,
    router,
    parent="project_template_id",
    read=READ_TEMPLATE,
    write=EDIT_TEMPLATE,
    changed=changed,
    changed_answer=TEMPLATE_ROW,
)


@router.get(
    f"{BASE}/task-types",
    summary="List the task types of a project template",
    **answers.answer(answers.list_of(TEMPLATE_TASK_TYPE)),
)
async def get_task_types(template: ReadableTemplate, session: DbSession) -> JSONResponse:
    priority = PROJECT_TEMPLATE_TASK_TYPE_LINK.c.priority
    columns = [c for c in TASK_TYPE.columns if c.name != "priority"]
    statement = (
        select(*columns, *[PROJECT_TEMPLATE_TASK_TYPE_LINK.c[name] for name in TYPE_LINK_EXTRAS])
        .join(PROJECT_TEMPLATE_TASK_TYPE_LINK, PROJECT_TEMPLATE_TASK_TYPE_LINK.c.task_type_id == TASK_TYPE.c.id)
        .where(PROJECT_TEMPLATE_TASK_TYPE_LINK.c.project_template_id == template.id)
        .order_by(priority.is_(None), priority, TASK_TYPE.c.name)
    )
    return JSONResponse(typed_rows(await session.execute(statement), "TaskType"))


@router.post(
    f"{BASE}/task-types",
    summary="Add a task type to a project template",
    status_code=201,
    **answers.answer(answers.table_schema(PROJECT_TEMPLATE_TASK_TYPE_LINK, "ProjectTemplateTaskTypeLink"), 201),
)
async def add_task_type(template: EditableTemplate, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, TemplateTaskType)
    row = await upsert_link(session, template, PROJECT_TEMPLATE_TASK_TYPE_LINK, TASK_TYPE, "task_type_id", values)
    return JSONResponse(row, status_code=201)


template_links(
    f"{BASE}/task-types",
    PROJECT_TEMPLATE_TASK_TYPE_LINK,
    TASK_TYPE,
    column="task_type_id",
    names={"remove": ("remove_task_type", "Remove a task type from a project template")},
)


@router.get(
    f"{BASE}/task-statuses",
    summary="List the task statuses of a project template",
    **answers.answer(answers.list_of(TEMPLATE_TASK_STATUS)),
)
async def get_task_statuses(template: ReadableTemplate, session: DbSession) -> JSONResponse:
    link = PROJECT_TEMPLATE_TASK_STATUS_LINK
    columns = [c for c in TASK_STATUS.columns if c.name != "priority"]
    statement = (
        select(
            *columns, link.c.priority, link.c.roles_for_board, link.c.is_client_allowed.label("link_is_client_allowed")
        )
        .join(link, link.c.task_status_id == TASK_STATUS.c.id)
        .where(link.c.project_template_id == template.id)
        .order_by(link.c.priority.is_(None), link.c.priority, TASK_STATUS.c.name)
    )
    return JSONResponse(typed_rows(await session.execute(statement), "TaskStatus"))


@router.post(
    f"{BASE}/task-statuses",
    summary="Add a task status to a project template",
    status_code=201,
    **answers.answer(answers.table_schema(PROJECT_TEMPLATE_TASK_STATUS_LINK, "ProjectTemplateTaskStatusLink"), 201),
)
async def add_task_status(template: EditableTemplate, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, TemplateTaskStatus)
    row = await upsert_link(session, template, PROJECT_TEMPLATE_TASK_STATUS_LINK, TASK_STATUS, "task_status_id", values)
    return JSONResponse(row, status_code=201)


template_links(
    f"{BASE}/task-statuses",
    PROJECT_TEMPLATE_TASK_STATUS_LINK,
    TASK_STATUS,
    column="task_status_id",
    names={"remove": ("remove_task_status", "Remove a task status from a project template")},
)


def background_item(row: Row, template: TemplateAccess) -> Row:
    return {
        "id": row["id"],
        "name": row["name"],
        "is_default": row["id"] == template.row["default_preview_background_file_id"],
    }


async def clear_default_background(session: AsyncSession, template: TemplateAccess, removed: uuid.UUID) -> None:
    if template.row["default_preview_background_file_id"] == removed:
        statement = update(TEMPLATE).where(TEMPLATE.c.id == template.id).values(default_preview_background_file_id=None)
        await session.execute(statement)


template_links(
    f"{BASE}/asset-types",
    PROJECT_TEMPLATE_ASSET_TYPE_LINK,
    ENTITY_TYPE,
    column="asset_type_id",
    present=lambda row, template: {"id": row["id"], "name": row["name"]},
    shown=answers.object_of({"id": answers.UUID, "name": answers.STRING}),
    order_by=("name",),
    check=check_asset_type,
    answer="target",
    names={
        "list": ("get_asset_types", "List the asset types of a project template"),
        "add": ("add_asset_type", "Add an asset type to a project template"),
        "remove": ("remove_asset_type", "Remove an asset type from a project template"),
    },
)
template_links(
    f"{BASE}/status-automations",
    PROJECT_TEMPLATE_STATUS_AUTOMATION_LINK,
    STATUS_AUTOMATION,
    column="status_automation_id",
    present=typed("StatusAutomation"),
    shown=answers.table_schema(STATUS_AUTOMATION, "StatusAutomation"),
    order_by=("created_at", "id"),
    answer="target",
    names={
        "list": ("get_status_automations", "List the status automations of a project template"),
        "add": ("add_status_automation", "Add a status automation to a project template"),
        "remove": ("remove_status_automation", "Remove a status automation from a project template"),
    },
)
template_links(
    f"{BASE}/preview-background-files",
    PROJECT_TEMPLATE_PREVIEW_BACKGROUND_FILE_LINK,
    PREVIEW_BACKGROUND_FILE,
    column="preview_background_file_id",
    present=background_item,
    shown=answers.object_of({"id": answers.UUID, "name": answers.STRING, "is_default": answers.BOOLEAN}),
    answer="target",
    removed=clear_default_background,
    names={
        "list": ("get_backgrounds", "List the preview backgrounds of a project template"),
        "add": ("add_background", "Add a preview background to a project template"),
        "remove": ("remove_background", "Remove a preview background from a project template"),
    },
)
