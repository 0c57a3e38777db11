"""More project settings: status automations, preview background files and task-type softwares."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from sqlalchemy import delete, select, update

from tenko.auth.deps import Context, DbSession
from tenko.core import records
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import table_of
from tenko.domains.files.models import Software
from tenko.domains.previews.models import PreviewBackgroundFile
from tenko.domains.projects.access import (
    ActionBody,
    ManagedProject,
    MemberProject,
    emit,
    existing_id,
    link_once,
    not_linked,
    project_updated,
    read_body,
)
from tenko.domains.projects.models import (
    Project,
    ProjectPreviewBackgroundFileLink,
    ProjectStatusAutomationLink,
    ProjectTaskTypeSoftwareLink,
    StatusAutomation,
)
from tenko.domains.projects.settings import unlink
from tenko.domains.tasks.resources import TASK_TYPES

router = APIRouter(tags=["projects"])
PROJECT = table_of(Project)
AUTOMATION = table_of(StatusAutomation)
AUTOMATION_LINK = table_of(ProjectStatusAutomationLink)
BACKGROUND = table_of(PreviewBackgroundFile)
BACKGROUND_LINK = table_of(ProjectPreviewBackgroundFileLink)
SOFTWARE = table_of(Software)
SOFTWARE_LINK = table_of(ProjectTaskTypeSoftwareLink)


class AutomationBody(ActionBody):
    status_automation_id: uuid.UUID


class BackgroundBody(ActionBody):
    preview_background_file_id: uuid.UUID


class SoftwareBody(ActionBody):
    software_id: uuid.UUID


@router.get(
    "/data/projects/{project_id}/settings/status-automations", summary="List the status automations of a project"
)
async def get_status_automations(project: MemberProject, session: DbSession) -> JSONResponse:
    statement = (
        select(AUTOMATION)
        .join(AUTOMATION_LINK, AUTOMATION_LINK.c.status_automation_id == AUTOMATION.c.id)
        .where(AUTOMATION_LINK.c.project_id == project.id)
        .order_by(AUTOMATION.c.created_at, AUTOMATION.c.id)
    )
    rows = [dict(row, type="StatusAutomation") for row in (await session.execute(statement)).mappings()]
    return JSONResponse(rows)


@router.post(
    "/data/projects/{project_id}/settings/status-automations",
    summary="Add a status automation to a project",
    status_code=201,
)
async def add_status_automation(
    project: ManagedProject, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    values = await read_body(request, context, AutomationBody)
    await existing_id(session, AUTOMATION, values["status_automation_id"], "status_automation_id")
    await link_once(session, AUTOMATION_LINK, {"project_id": project.id, **values})
    return JSONResponse(await project_updated(session, project.caller, project.id), status_code=201)


@router.delete(
    "/data/projects/{project_id}/settings/status-automations/{status_automation_id}",
    summary="Remove a status automation from a project",
    status_code=204,
)
async def remove_status_automation(project: ManagedProject, status_automation_id: str, session: DbSession) -> Response:
    await unlink(session, AUTOMATION_LINK, project.id, "status_automation_id", status_automation_id)
    await project_updated(session, project.caller, project.id)
    return Response(status_code=204)


@router.get(
    "/data/projects/{project_id}/settings/preview-background-files",
    summary="List the preview background files of a project",
)
async def get_backgrounds(project: MemberProject, session: DbSession) -> JSONResponse:
    statement = (
        select(BACKGROUND)
        .join(BACKGROUND_LINK, BACKGROUND_LINK.c.preview_background_file_id == BACKGROUND.c.id)
        .where(BACKGROUND_LINK.c.project_id == project.id)
        .order_by(BACKGROUND.c.name, BACKGROUND.c.id)
    )
    rows = [dict(row, type="PreviewBackgroundFile") for row in (await session.execute(statement)).mappings()]
    return JSONResponse(rows)


@router.post(
    "/data/projects/{project_id}/settings/preview-background-files",
    summary="Add a preview background file to a project",
    status_code=201,
)
async def add_background(
    project: ManagedProject, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    values = await read_body(request, context, BackgroundBody)
    await existing_id(session, BACKGROUND, values["preview_background_file_id"], "preview_background_file_id")
    await link_once(session, BACKGROUND_LINK, {"project_id": project.id, **values})
    return JSONResponse(await project_updated(session, project.caller, project.id), status_code=201)


@router.delete(
    "/data/projects/{project_id}/settings/preview-background-files/{preview_background_file_id}",
    summary="Remove a preview background file from a project",
    status_code=204,
)
async def remove_background(project: ManagedProject, preview_background_file_id: str, session: DbSession) -> Response:
    await unlink(session, BACKGROUND_LINK, project.id, "preview_background_file_id", preview_background_file_id)
    # a background that is no longer offered cannot stay the project's default
    removed = records.parse_id(preview_background_file_id)
    await session.execute(
        update(PROJECT)
        .where(PROJECT.c.id == project.id, PROJECT.c.default_preview_background_file_id == removed)
        .values(default_preview_background_file_id=None)
    )
    await project_updated(session, project.caller, project.id)
    return Response(status_code=204)


@router.get(
    "/data/projects/{project_id}/task-type-softwares",
    summary="List the softwares used by each task type of a project",
)
async def get_task_type_softwares(project: MemberProject, session: DbSession) -> JSONResponse:
    link = SOFTWARE_LINK
    statement = (
        select(link.c.project_id, link.c.task_type_id, link.c.software_id)
        .where(link.c.project_id == project.id)
        .order_by(link.c.task_type_id, link.c.software_id)
    )
    return JSONResponse([dict(row) for row in (await session.execute(statement)).mappings()])


@router.post(
    "/data/projects/{project_id}/task-types/{task_type_id}/softwares",
    summary="Set that a task type of a project uses a software",
    status_code=201,
)
async def add_task_type_software(
    project: ManagedProject, task_type_id: str, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    type_id = records.parse_id(task_type_id, "task type id")
    await records.fetch_row(session, TASK_TYPES, type_id)
    values = await read_body(request, context, SoftwareBody)
    await existing_id(session, SOFTWARE, values["software_id"], "software_id")
    link = {"project_id": project.id, "task_type_id": type_id, "software_id": values["software_id"]}
    if await link_once(session, SOFTWARE_LINK, link):
        await emit(session, project.caller, "project:update", {"project_id": project.id}, project.id)
    return JSONResponse(link, status_code=201)


@router.delete(
    "/data/projects/{project_id}/task-types/{task_type_id}/softwares/{software_id}",
    summary="Set that a task type of a project no longer uses a software",
    status_code=204,
)
async def remove_task_type_software(
    project: ManagedProject, task_type_id: str, software_id: str, session: DbSession
) -> Response:
    type_id = records.parse_id(task_type_id, "task type id")
    soft_id = records.parse_id(software_id, "software id")
    where = (
        SOFTWARE_LINK.c.project_id == project.id,
        SOFTWARE_LINK.c.task_type_id == type_id,
        SOFTWARE_LINK.c.software_id == soft_id,
    )
    result = await session.execute(delete(SOFTWARE_LINK).where(*where))
    if not getattr(result, "rowcount", 0):
        raise not_linked("software")
    await emit(session, project.caller, "project:update", {"project_id": project.id}, project.id)
    return Response(status_code=204)
