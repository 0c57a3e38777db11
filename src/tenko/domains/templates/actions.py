"""Project template actions: snapshot a project, apply a template, defaults, descriptors, reorders."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import Field
from sqlalchemy import update

from tenko.auth.deps import Context
from tenko.core.db import DbSession
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import table_of
from tenko.core.types import utc_now
from tenko.domains.previews.models import PreviewBackgroundFile
from tenko.domains.projects.access import (
    ActionBody,
    ManagedProject,
    existing_id,
    link_once,
    load_project,
    project_updated,
    read_body,
    require_admin,
)
from tenko.domains.projects.ordering import TaskStatusOrder, TaskTypeOrder, set_priorities
from tenko.domains.templates import service
from tenko.domains.templates.service import TEMPLATE, EditableTemplate

router = APIRouter(tags=["project-templates"])
BASE = "/data/project-templates/{project_template_id}"
BACKGROUND = table_of(PreviewBackgroundFile)


class FromProject(ActionBody):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    description: str | None = None


class DefaultBackground(ActionBody):
    default_preview_background_file_id: uuid.UUID | None


class DescriptorSnapshot(ActionBody):
    metadata_descriptors: list[dict[str, Any]]


@router.post(
    "/data/project-templates/from-project/{project_id}",
    summary="Create a project template from a project's settings, links and descriptors",
    status_code=201,
)
async def from_project(
    project_id: str, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    require_admin(caller)
    project = await load_project(session, project_id)
    values = await read_body(request, context, FromProject)
    return JSONResponse(await service.snapshot_project(session, caller, project, values), status_code=201)


@router.post(
    "/data/projects/{project_id}/apply-template/{project_template_id}",
    summary="Apply a project template to a project (its settings; links and descriptors added)",
)
async def apply_template(project: ManagedProject, project_template_id: str, session: DbSession) -> JSONResponse:
    template = await service.load_template(session, project_template_id)
    await service.apply_template(session, project.caller, project.row, template)
    return JSONResponse(await project_updated(session, project.caller, project.id))


@router.put(f"{BASE}/default-preview-background-file", summary="Set or clear a template's default preview background")
async def set_default_background(
    template: EditableTemplate, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    values = await read_body(request, context, DefaultBackground)
    background_id = values["default_preview_background_file_id"]
    if background_id is not None:
        await existing_id(session, BACKGROUND, background_id, "default_preview_background_file_id")
        # the default is one of the template's backgrounds
        link = {"project_template_id": template.id, "preview_background_file_id": background_id}
        await link_once(session, service.TPL_BACKGROUND_LINK, link)
    statement = update(TEMPLATE).where(TEMPLATE.c.id == template.id)
    await session.execute(statement.values(default_preview_background_file_id=background_id, updated_at=utc_now()))
    return JSONResponse(await service.template_updated(session, template.caller, template.id))


@router.put(f"{BASE}/metadata-descriptors", summary="Replace the metadata descriptors a template gives projects")
async def set_descriptors(
    template: EditableTemplate, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    values = await read_body(request, context, DescriptorSnapshot)
    snapshot = service.descriptor_snapshot(values["metadata_descriptors"])
    statement = update(TEMPLATE).where(TEMPLATE.c.id == template.id)
    await session.execute(statement.values(metadata_descriptors=snapshot, updated_at=utc_now()))
    return JSONResponse(await service.template_updated(session, template.caller, template.id))


@router.post(
    "/actions/project-templates/{project_template_id}/task-types/reorder",
    summary="Set the priorities of a template's task types from a list",
)
async def reorder_task_types(
    template: EditableTemplate, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    values = await read_body(request, context, TaskTypeOrder)
    link = service.TPL_TYPE_LINK
    scope = [link.c.project_template_id == template.id]
    ids = values["task_type_ids"]
    rows = await set_priorities(session, link, "task_type_id", ids, scope, "ProjectTemplateTaskTypeLink")
    await service.template_updated(session, template.caller, template.id)
    return JSONResponse(rows)


@router.post(
    "/actions/project-templates/{project_template_id}/task-statuses/reorder",
    summary="Set the priorities of a template's task statuses from a list",
)
async def reorder_task_statuses(
    template: EditableTemplate, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    values = await read_body(request, context, TaskStatusOrder)
    link = service.TPL_STATUS_LINK
    scope = [link.c.project_template_id == template.id]
    ids = values["task_status_ids"]
    rows = await set_priorities(session, link, "task_status_id", ids, scope, "ProjectTemplateTaskStatusLink")
    await service.template_updated(session, template.caller, template.id)
    return JSONResponse(rows)
