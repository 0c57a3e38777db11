"""The links of a project template: task types, task statuses, asset types, automations, backgrounds."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import Table, delete, select, update

from tenko.auth.deps import Context, DbSession
from tenko.core import records
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row, table_of
from tenko.core.types import utc_now
from tenko.domains.entities.models import EntityType
from tenko.domains.previews.models import PreviewBackgroundFile
from tenko.domains.projects.access import ActionBody, BoardRole, Int32, existing_id, link_once, not_linked, read_body
from tenko.domains.projects.models import StatusAutomation
from tenko.domains.projects.settings import TASK_STATUS, TASK_TYPE, check_asset_types
from tenko.domains.templates.service import (
    TEMPLATE,
    TPL_ASSET_TYPE_LINK,
    TPL_AUTOMATION_LINK,
    TPL_BACKGROUND_LINK,
    TPL_STATUS_LINK,
    TPL_TYPE_LINK,
    EditableTemplate,
    ReadableTemplate,
    template_updated,
)

router = APIRouter(tags=["project-templates"])
BASE = "/data/project-templates/{project_template_id}"
ENTITY_TYPE = table_of(EntityType)
AUTOMATION = table_of(StatusAutomation)
BACKGROUND = table_of(PreviewBackgroundFile)
TYPE_LINK_EXTRAS = ("priority", "hd_bitrate_compression", "ld_bitrate_compression", "is_client_visible")


class TemplateTaskType(ActionBody):
    task_type_id: uuid.UUID
    priority: Int32 | None = None
    hd_bitrate_compression: Int32 | None = None
    ld_bitrate_compression: Int32 | None = None
    is_client_visible: bool | None = None


class TemplateTaskStatus(ActionBody):
    task_status_id: uuid.UUID
    priority: Int32 | None = None
    roles_for_board: list[BoardRole] | None = None
    is_client_allowed: bool | None = None


class AssetTypeBody(ActionBody):
    asset_type_id: uuid.UUID


class AutomationBody(ActionBody):
    status_automation_id: uuid.UUID


class BackgroundBody(ActionBody):
    preview_background_file_id: uuid.UUID


async def upsert_link(session: Any, link: Table, template_id: uuid.UUID, key: str, values: dict[str, Any]) -> Row:
    """Create the template's link, or update the settings of the existing one; answer the link."""
    where = link.c.project_template_id == template_id, link.c[key] == values[key]
    changes = {k: v for k, v in values.items() if k != key}
    if (await session.execute(select(link.c.id).where(*where))).first() is None:
        await session.execute(link.insert().values(project_template_id=template_id, **values))
    elif changes:
        await session.execute(update(link).where(*where).values(**changes, updated_at=utc_now()))
    row = (await session.execute(select(link).where(*where))).mappings().one()
    type_name = "ProjectTemplateTaskTypeLink" if key == "task_type_id" else "ProjectTemplateTaskStatusLink"
    return dict(row, type=type_name)


async def unlink(session: Any, link: Table, template_id: uuid.UUID, column: str, raw_id: str) -> uuid.UUID:
    record_id = records.parse_id(raw_id, column.replace("_", " "))
    where = link.c.project_template_id == template_id, link.c[column] == record_id
    result = await session.execute(delete(link).where(*where))
    if not getattr(result, "rowcount", 0):
        raise not_linked(column.removesuffix("_id").replace("_", " "))
    return record_id


@router.get(f"{BASE}/task-types", summary="List the task types of a project template")
async def get_task_types(template: ReadableTemplate, session: DbSession) -> JSONResponse:
    priority = TPL_TYPE_LINK.c.priority
    columns = [c for c in TASK_TYPE.columns if c.name != "priority"]
    statement = (
        select(*columns, *[TPL_TYPE_LINK.c[name] for name in TYPE_LINK_EXTRAS])
        .join(TPL_TYPE_LINK, TPL_TYPE_LINK.c.task_type_id == TASK_TYPE.c.id)
        .where(TPL_TYPE_LINK.c.project_template_id == template.id)
        .order_by(priority.is_(None), priority, TASK_TYPE.c.name)
    )
    return JSONResponse([dict(row, type="TaskType") for row in (await session.execute(statement)).mappings()])


@router.post(f"{BASE}/task-types", summary="Add a task type to a project template", status_code=201)
async def add_task_type(
    template: EditableTemplate, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    values = await read_body(request, context, TemplateTaskType)
    await existing_id(session, TASK_TYPE, values["task_type_id"], "task_type_id")
    row = await upsert_link(session, TPL_TYPE_LINK, template.id, "task_type_id", values)
    await template_updated(session, template.caller, template.id)
    return JSONResponse(row, status_code=201)


@router.delete(
    f"{BASE}/task-types/{{task_type_id}}", summary="Remove a task type from a project template", status_code=204
)
async def remove_task_type(template: EditableTemplate, task_type_id: str, session: DbSession) -> Response:
    await unlink(session, TPL_TYPE_LINK, template.id, "task_type_id", task_type_id)
    await template_updated(session, template.caller, template.id)
    return Response(status_code=204)


@router.get(f"{BASE}/task-statuses", summary="List the task statuses of a project template")
async def get_task_statuses(template: ReadableTemplate, session: DbSession) -> JSONResponse:
    link = TPL_STATUS_LINK
    columns = [c for c in TASK_STATUS.columns if c.name != "priority"]
    statement = (
        select(
            *columns, link.c.priority, link.c.roles_for_board, link.c.is_client_allowed.label("link_is_client_allowed")
        )
        .join(link, link.c.task_status_id == TASK_STATUS.c.id)
        .where(link.c.project_template_id == template.id)
        .order_by(link.c.priority.is_(None), link.c.priority, TASK_STATUS.c.name)
    )
    return JSONResponse([dict(row, type="TaskStatus") for row in (await session.execute(statement)).mappings()])


@router.post(f"{BASE}/task-statuses", summary="Add a task status to a project template", status_code=201)
async def add_task_status(
    template: EditableTemplate, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    values = await read_body(request, context, TemplateTaskStatus)
    await existing_id(session, TASK_STATUS, values["task_status_id"], "task_status_id")
    row = await upsert_link(session, TPL_STATUS_LINK, template.id, "task_status_id", values)
    await template_updated(session, template.caller, template.id)
    return JSONResponse(row, status_code=201)


@router.delete(
    f"{BASE}/task-statuses/{{task_status_id}}", summary="Remove a task status from a project template", status_code=204
)
async def remove_task_status(template: EditableTemplate, task_status_id: str, session: DbSession) -> Response:
    await unlink(session, TPL_STATUS_LINK, template.id, "task_status_id", task_status_id)
    await template_updated(session, template.caller, template.id)
    return Response(status_code=204)


@router.get(f"{BASE}/asset-types", summary="List the asset types of a project template")
async def get_asset_types(template: ReadableTemplate, session: DbSession) -> JSONResponse:
    statement = (
        select(ENTITY_TYPE.c.id, ENTITY_TYPE.c.name)
        .join(TPL_ASSET_TYPE_LINK, TPL_ASSET_TYPE_LINK.c.asset_type_id == ENTITY_TYPE.c.id)
        .where(TPL_ASSET_TYPE_LINK.c.project_template_id == template.id)
        .order_by(ENTITY_TYPE.c.name)
    )
    return JSONResponse([dict(row) for row in (await session.execute(statement)).mappings()])


@router.post(f"{BASE}/asset-types", summary="Add an asset type to a project template", status_code=201)
async def add_asset_type(
    template: EditableTemplate, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    values = await read_body(request, context, AssetTypeBody)
    asset_type_id = values["asset_type_id"]
    await check_asset_types(session, [asset_type_id], "asset_type_id")
    await link_once(session, TPL_ASSET_TYPE_LINK, {"project_template_id": template.id, "asset_type_id": asset_type_id})
    await template_updated(session, template.caller, template.id)
    name = (await session.execute(select(ENTITY_TYPE.c.name).where(ENTITY_TYPE.c.id == asset_type_id))).scalar()
    return JSONResponse({"id": asset_type_id, "name": name}, status_code=201)


@router.delete(
    f"{BASE}/asset-types/{{asset_type_id}}", summary="Remove an asset type from a project template", status_code=204
)
async def remove_asset_type(template: EditableTemplate, asset_type_id: str, session: DbSession) -> Response:
    await unlink(session, TPL_ASSET_TYPE_LINK, template.id, "asset_type_id", asset_type_id)
    await template_updated(session, template.caller, template.id)
    return Response(status_code=204)


@router.get(f"{BASE}/status-automations", summary="List the status automations of a project template")
async def get_status_automations(template: ReadableTemplate, session: DbSession) -> JSONResponse:
    statement = (
        select(AUTOMATION)
        .join(TPL_AUTOMATION_LINK, TPL_AUTOMATION_LINK.c.status_automation_id == AUTOMATION.c.id)
        .where(TPL_AUTOMATION_LINK.c.project_template_id == template.id)
        .order_by(AUTOMATION.c.created_at, AUTOMATION.c.id)
    )
    rows = [dict(row, type="StatusAutomation") for row in (await session.execute(statement)).mappings()]
    return JSONResponse(rows)


@router.post(f"{BASE}/status-automations", summary="Add a status automation to a project template", status_code=201)
async def add_status_automation(
    template: EditableTemplate, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    values = await read_body(request, context, AutomationBody)
    automation_id = values["status_automation_id"]
    await existing_id(session, AUTOMATION, automation_id, "status_automation_id")
    link = {"project_template_id": template.id, "status_automation_id": automation_id}
    await link_once(session, TPL_AUTOMATION_LINK, link)
    await template_updated(session, template.caller, template.id)
    row = (await session.execute(select(AUTOMATION).where(AUTOMATION.c.id == automation_id))).mappings().one()
    return JSONResponse(dict(row, type="StatusAutomation"), status_code=201)


@router.delete(
    f"{BASE}/status-automations/{{status_automation_id}}",
    summary="Remove a status automation from a project template",
    status_code=204,
)
async def remove_status_automation(
    template: EditableTemplate, status_automation_id: str, session: DbSession
) -> Response:
    await unlink(session, TPL_AUTOMATION_LINK, template.id, "status_automation_id", status_automation_id)
    await template_updated(session, template.caller, template.id)
    return Response(status_code=204)


def background_item(row: Any, default_id: Any) -> Row:
    return {"id": row["id"], "name": row["name"], "is_default": row["id"] == default_id}


@router.get(f"{BASE}/preview-background-files", summary="List the preview backgrounds of a project template")
async def get_backgrounds(template: ReadableTemplate, session: DbSession) -> JSONResponse:
    statement = (
        select(BACKGROUND.c.id, BACKGROUND.c.name)
        .join(TPL_BACKGROUND_LINK, TPL_BACKGROUND_LINK.c.preview_background_file_id == BACKGROUND.c.id)
        .where(TPL_BACKGROUND_LINK.c.project_template_id == template.id)
        .order_by(BACKGROUND.c.name, BACKGROUND.c.id)
    )
    default = template.row["default_preview_background_file_id"]
    return JSONResponse([background_item(row, default) for row in (await session.execute(statement)).mappings()])


@router.post(
    f"{BASE}/preview-background-files", summary="Add a preview background to a project template", status_code=201
)
async def add_background(
    template: EditableTemplate, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    values = await read_body(request, context, BackgroundBody)
    background_id = values["preview_background_file_id"]
    await existing_id(session, BACKGROUND, background_id, "preview_background_file_id")
    link = {"project_template_id": template.id, "preview_background_file_id": background_id}
    await link_once(session, TPL_BACKGROUND_LINK, link)
    await template_updated(session, template.caller, template.id)
    row = (await session.execute(select(BACKGROUND).where(BACKGROUND.c.id == background_id))).mappings().one()
    return JSONResponse(background_item(row, template.row["default_preview_background_file_id"]), status_code=201)


@router.delete(
    f"{BASE}/preview-background-files/{{preview_background_file_id}}",
    summary="Remove a preview background from a project template",
    status_code=204,
)
async def remove_background(
    template: EditableTemplate, preview_background_file_id: str, session: DbSession
) -> Response:
    removed = await unlink(
        session, TPL_BACKGROUND_LINK, template.id, "preview_background_file_id", preview_background_file_id
    )
    if template.row["default_preview_background_file_id"] == removed:
        statement = update(TEMPLATE).where(TEMPLATE.c.id == template.id).values(default_preview_background_file_id=None)
        await session.execute(statement)
    await template_updated(session, template.caller, template.id)
    return Response(status_code=204)
