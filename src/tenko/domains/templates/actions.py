"""Project template actions: snapshot a project, apply a template, defaults, descriptors, reorders."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Request
from pydantic import Field
from sqlalchemy import update

from tenko.core import answers, http
from tenko.core.db import DbSession
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.links import existing_id, link_once
from tenko.core.schemas import BodyModel
from tenko.core.types import utc_now
from tenko.domains.projects.access import ManagedProject, ProjectAccess, ProjectLoader, project_updated
from tenko.domains.projects.priorities import TaskStatusOrder, TaskTypeOrder, set_priorities
from tenko.domains.projects.resources import PROJECTS
from tenko.domains.studio.models import PREVIEW_BACKGROUND_FILE
from tenko.domains.templates import service
from tenko.domains.templates.models import (
    PROJECT_TEMPLATE_PREVIEW_BACKGROUND_FILE_LINK,
    PROJECT_TEMPLATE_TASK_STATUS_LINK,
    PROJECT_TEMPLATE_TASK_TYPE_LINK,
)
from tenko.domains.templates.resources import PROJECT_TEMPLATES
from tenko.domains.templates.service import TEMPLATE, AppliedTemplate, EditableTemplate

router = api_router(tags=["project-templates"])
BASE = "/data/project-templates/{project_template_id}"
#: a project studio admins snapshot into a new template
SnapshotProject = Annotated[ProjectAccess, ProjectLoader("admin")]
TEMPLATE_ROW = answers.columns_schema(PROJECT_TEMPLATES)


class FromProject(BodyModel):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    description: str | None = None


class DefaultBackground(BodyModel):
    default_preview_background_file_id: uuid.UUID | None


class DescriptorSnapshot(BodyModel):
    metadata_descriptors: list[dict[str, Any]]


@router.post(
    "/data/project-templates/from-project/{project_id}",
    summary="Create a project template from a project's settings, links and descriptors",
    status_code=201,
    **answers.answer(TEMPLATE_ROW, 201),
)
async def from_project(project: SnapshotProject, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, FromProject)
    template = await service.snapshot_project(session, project.caller, project.row, values)
    return JSONResponse(template, status_code=201)


@router.post(
    "/data/projects/{project_id}/apply-template/{project_template_id}",
    summary="Apply a project template to a project (its settings; links and descriptors added)",
    **answers.answer(answers.columns_schema(PROJECTS)),
)
async def apply_template(project: ManagedProject, template: AppliedTemplate, session: DbSession) -> JSONResponse:
    await service.apply_template(session, project.caller, project.row, template.row)
    return JSONResponse(await project_updated(session, project.caller, project.id))


@router.put(
    f"{BASE}/default-preview-background-file",
    summary="Set or clear a template's default preview background",
    **answers.answer(TEMPLATE_ROW),
)
async def set_default_background(template: EditableTemplate, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, DefaultBackground)
    background_id = values["default_preview_background_file_id"]
    if background_id is not None:
        await existing_id(session, PREVIEW_BACKGROUND_FILE, background_id, "default_preview_background_file_id")
        # the default is one of the template's backgrounds
        link = {"project_template_id": template.id, "preview_background_file_id": background_id}
        await link_once(session, PROJECT_TEMPLATE_PREVIEW_BACKGROUND_FILE_LINK, link)
    statement = update(TEMPLATE).where(TEMPLATE.c.id == template.id)
    await session.execute(statement.values(default_preview_background_file_id=background_id, updated_at=utc_now()))
    return JSONResponse(await service.template_updated(session, template.caller, template.id))


@router.put(
    f"{BASE}/metadata-descriptors",
    summary="Replace the metadata descriptors a template gives projects",
    **answers.answer(TEMPLATE_ROW),
)
async def set_descriptors(template: EditableTemplate, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, DescriptorSnapshot)
    snapshot = service.descriptor_snapshot(values["metadata_descriptors"])
    statement = update(TEMPLATE).where(TEMPLATE.c.id == template.id)
    await session.execute(statement.values(metadata_descriptors=snapshot, updated_at=utc_now()))
    return JSONResponse(await service.template_updated(session, template.caller, template.id))


@router.post(
    "/actions/project-templates/{project_template_id}/task-types/reorder",
    summary="Set the priorities of a template's task types from a list",
    **answers.answer(
        answers.list_of(answers.table_schema(PROJECT_TEMPLATE_TASK_TYPE_LINK, "ProjectTemplateTaskTypeLink"))
    ),
)
async def reorder_task_types(template: EditableTemplate, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, TaskTypeOrder)
    link = PROJECT_TEMPLATE_TASK_TYPE_LINK
    scope = [link.c.project_template_id == template.id]
    ids = values["task_type_ids"]
    rows = await set_priorities(session, link, "task_type_id", ids, scope, "ProjectTemplateTaskTypeLink")
    await service.template_updated(session, template.caller, template.id)
    return JSONResponse(rows)


@router.post(
    "/actions/project-templates/{project_template_id}/task-statuses/reorder",
    summary="Set the priorities of a template's task statuses from a list",
    **answers.answer(
        answers.list_of(answers.table_schema(PROJECT_TEMPLATE_TASK_STATUS_LINK, "ProjectTemplateTaskStatusLink"))
    ),
)
async def reorder_task_statuses(template: EditableTemplate, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, TaskStatusOrder)
    link = PROJECT_TEMPLATE_TASK_STATUS_LINK
    scope = [link.c.project_template_id == template.id]
    ids = values["task_status_ids"]
    rows = await set_priorities(session, link, "task_status_id", ids, scope, "ProjectTemplateTaskStatusLink")
    await service.template_updated(session, template.caller, template.id)
    return JSONResponse(rows)
