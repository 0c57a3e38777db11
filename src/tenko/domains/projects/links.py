"""More project settings: status automations, preview background files and task-type softwares."""

from __future__ import annotations

import uuid

from fastapi import Request, Response
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http, records
from tenko.core.db import DbSession
from tenko.core.guard import PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.link_routes import typed
from tenko.core.links import existing_id, link_once, not_linked
from tenko.core.schemas import BodyModel
from tenko.domains.projects.access import ManagedProject, MemberProject, ProjectAccess
from tenko.domains.projects.models import (
    PROJECT,
    PROJECT_PREVIEW_BACKGROUND_FILE_LINK,
    PROJECT_STATUS_AUTOMATION_LINK,
    PROJECT_TASK_TYPE_SOFTWARE_LINK,
)
from tenko.domains.projects.resources import PROJECTS
from tenko.domains.projects.settings_service import project_links
from tenko.domains.studio.models import (
    PREVIEW_BACKGROUND_FILE,
    SOFTWARE,
    STATUS_AUTOMATION,
)
from tenko.domains.studio.resources import TASK_TYPES

router = api_router(tags=["projects"])
#: a task type's software in a project
SOFTWARE_USE = answers.object_of(
    {"project_id": answers.UUID, "task_type_id": answers.UUID, "software_id": answers.UUID}
)


class SoftwareBody(BodyModel):
    software_id: uuid.UUID


async def clear_default_background(session: AsyncSession, project: ProjectAccess, removed: uuid.UUID) -> None:
    """A background that is no longer offered cannot stay the project's default."""
    await session.execute(
        update(PROJECT)
        .where(PROJECT.c.id == project.id, PROJECT.c.default_preview_background_file_id == removed)
        .values(default_preview_background_file_id=None)
    )


project_links(
    router,
    "/data/projects/{project_id}/settings/status-automations",
    PROJECT_STATUS_AUTOMATION_LINK,
    STATUS_AUTOMATION,
    column="status_automation_id",
    present=typed("StatusAutomation"),
    shown=answers.table_schema(STATUS_AUTOMATION, "StatusAutomation"),
    order_by=("created_at", "id"),
    names={
        "list": ("get_status_automations", "List the status automations of a project"),
        "add": ("add_status_automation", "Add a status automation to a project"),
        "remove": ("remove_status_automation", "Remove a status automation from a project"),
    },
)
project_links(
    router,
    "/data/projects/{project_id}/settings/preview-background-files",
    PROJECT_PREVIEW_BACKGROUND_FILE_LINK,
    PREVIEW_BACKGROUND_FILE,
    column="preview_background_file_id",
    present=typed("PreviewBackgroundFile"),
    shown=answers.table_schema(PREVIEW_BACKGROUND_FILE, "PreviewBackgroundFile"),
    removed=clear_default_background,
    names={
        "list": ("get_backgrounds", "List the preview background files of a project"),
        "add": ("add_background", "Add a preview background file to a project"),
        "remove": ("remove_background", "Remove a preview background file from a project"),
    },
)


@router.get(
    "/data/projects/{project_id}/task-type-softwares",
    summary="List the softwares used by each task type of a project",
    **answers.answer(answers.list_of(SOFTWARE_USE)),
)
async def get_task_type_softwares(project: MemberProject, session: DbSession) -> JSONResponse:
    link = PROJECT_TASK_TYPE_SOFTWARE_LINK
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
    **answers.answer(SOFTWARE_USE, 201),
)
async def add_task_type_software(
    project: ManagedProject, task_type_id: PathId, request: Request, session: DbSession
) -> JSONResponse:
    type_id = parse_uuid(task_type_id, "task type id")
    await records.fetch_row(session, TASK_TYPES, type_id)
    values = await http.json_body(request, SoftwareBody)
    await existing_id(session, SOFTWARE, values["software_id"], "software_id")
    link = {"project_id": project.id, "task_type_id": type_id, "software_id": values["software_id"]}
    if await link_once(session, PROJECT_TASK_TYPE_SOFTWARE_LINK, link):
        await records.record_event(session, PROJECTS, project.caller, "update", project.row)
    return JSONResponse(link, status_code=201)


@router.delete(
    "/data/projects/{project_id}/task-types/{task_type_id}/softwares/{software_id}",
    summary="Set that a task type of a project no longer uses a software",
    **answers.no_content(),
)
async def remove_task_type_software(
    project: ManagedProject, task_type_id: PathId, software_id: PathId, session: DbSession
) -> Response:
    type_id = parse_uuid(task_type_id, "task type id")
    soft_id = parse_uuid(software_id, "software id")
    where = (
        PROJECT_TASK_TYPE_SOFTWARE_LINK.c.project_id == project.id,
        PROJECT_TASK_TYPE_SOFTWARE_LINK.c.task_type_id == type_id,
        PROJECT_TASK_TYPE_SOFTWARE_LINK.c.software_id == soft_id,
    )
    result = await session.execute(delete(PROJECT_TASK_TYPE_SOFTWARE_LINK).where(*where))
    if not getattr(result, "rowcount", 0):
        raise not_linked("software")
    await records.record_event(session, PROJECTS, project.caller, "update", project.row)
    return Response(status_code=204)
