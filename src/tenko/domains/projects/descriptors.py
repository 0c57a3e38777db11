"""Metadata descriptor routes: per project, and on every open project at once (admins)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Request, Response
from pydantic import Field
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http, records
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.errors import NotFound, validation_error
from tenko.core.guard import AdminCaller, PathId
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.core.schemas import BodyModel
from tenko.domains.projects import descriptor_service as service
from tenko.domains.projects.access import MemberProject, ProjectAccess
from tenko.domains.projects.models import METADATA_DESCRIPTOR, OPEN_STATUS_NAMES, PROJECT, PROJECT_STATUS
from tenko.domains.projects.resources import METADATA_DESCRIPTORS

router = api_router(tags=["metadata-descriptors"])
ALL_PROJECTS = "/data/metadata-descriptors/all-projects"
#: a project whose descriptors the caller may edit (the descriptor's departments checked next)
EditorProject = Annotated[ProjectAccess, service.DescriptorProject("edit")]
#: a project whose descriptors the caller may reorder (all of them: departments do not matter)
ReorderProject = Annotated[ProjectAccess, service.DescriptorProject("reorder")]
ONE = answers.one(METADATA_DESCRIPTORS)
MANY = answers.many(METADATA_DESCRIPTORS)


class ReorderBody(BodyModel):
    entity_type: service.EntityTypeName
    descriptor_ids: list[uuid.UUID]


class AllProjectsReorderBody(BodyModel):
    entity_type: service.EntityTypeName
    field_order: list[Annotated[str, Field(max_length=120)]]


class AllProjectsChanges(service.DescriptorChanges):
    entity_type: service.EntityTypeName


async def descriptors_changed(session: AsyncSession, caller: Caller, rows: list[Row]) -> None:
    for row in rows:
        await records.record_event(session, METADATA_DESCRIPTORS, caller, "update", row)


@router.get(
    "/data/projects/{project_id}/metadata-descriptors", summary="List the metadata descriptors of a project", **MANY
)
async def list_descriptors(project: MemberProject, session: DbSession) -> JSONResponse:
    rows = await service.descriptor_rows(session, METADATA_DESCRIPTOR.c.project_id == project.id)
    return JSONResponse([row for row in rows if service.visible_to(project.caller, project.role, row)])


@router.post(
    "/data/projects/{project_id}/metadata-descriptors",
    summary="Add a metadata descriptor to a project (field_name derived from the name when absent)",
    status_code=201,
    **answers.one(METADATA_DESCRIPTORS, 201),
)
async def create_descriptor(project: EditorProject, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, service.NewDescriptor)
    service.check_may_edit(project.caller, project.role, set(values.get("departments") or []))
    row = await service.create_descriptor(session, project.caller, project.id, values)
    return JSONResponse(row, status_code=201)


@router.post(
    "/data/projects/{project_id}/metadata-descriptors/reorder",
    summary="Set the positions of a project's descriptors of one entity type from a list of ids",
    **MANY,
)
async def reorder_descriptors(project: ReorderProject, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, ReorderBody)
    ids = list(dict.fromkeys(values["descriptor_ids"]))
    of_type = METADATA_DESCRIPTOR.c.project_id == project.id, METADATA_DESCRIPTOR.c.entity_type == values["entity_type"]
    known = set(
        (
            await session.execute(select(METADATA_DESCRIPTOR.c.id).where(*of_type, METADATA_DESCRIPTOR.c.id.in_(ids)))
        ).scalars()
    )
    strangers = [str(i) for i in ids if i not in known]
    if strangers:
        message = f"not {values['entity_type']} descriptors of this project: {', '.join(strangers[:5])}"
        raise validation_error([{"field": "descriptor_ids", "message": message}])
    for position, descriptor_id in enumerate(ids, start=1):
        await session.execute(
            update(METADATA_DESCRIPTOR).where(METADATA_DESCRIPTOR.c.id == descriptor_id).values(position=position)
        )
    rows = await service.descriptor_rows(session, *of_type)
    by_id = {row["id"]: row for row in rows}
    await descriptors_changed(session, project.caller, [by_id[descriptor_id] for descriptor_id in ids])
    return JSONResponse(rows)


@router.get(
    "/data/projects/{project_id}/metadata-descriptors/{metadata_descriptor_id}",
    summary="Get a metadata descriptor of a project",
    **ONE,
)
async def get_descriptor(project: MemberProject, metadata_descriptor_id: PathId, session: DbSession) -> JSONResponse:
    return JSONResponse(await service.visible_descriptor(session, project, metadata_descriptor_id))


@router.put(
    "/data/projects/{project_id}/metadata-descriptors/{metadata_descriptor_id}",
    summary="Update a metadata descriptor (its field name, and so its data, stay)",
    **ONE,
)
async def update_descriptor(
    project: EditorProject, metadata_descriptor_id: PathId, request: Request, session: DbSession
) -> JSONResponse:
    current = await service.one_descriptor(session, project.id, metadata_descriptor_id)
    service.check_may_edit(project.caller, project.role, set(current["departments"]))
    body = await http.json_object(request)
    values = service.edit_body(body, current)
    if values.get("departments") is not None:
        service.check_may_edit(project.caller, project.role, set(values["departments"]))
    return JSONResponse(await service.change_descriptor(session, project.caller, current, values))


@router.delete(
    "/data/projects/{project_id}/metadata-descriptors/{metadata_descriptor_id}",
    summary="Delete a metadata descriptor",
    **answers.no_content(),
)
async def delete_descriptor(project: EditorProject, metadata_descriptor_id: PathId, session: DbSession) -> Response:
    current = await service.one_descriptor(session, project.id, metadata_descriptor_id)
    service.check_may_edit(project.caller, project.role, set(current["departments"]))
    await service.remove_descriptors(session, project.caller, [current])
    return Response(status_code=204)


async def open_project_ids(session: DbSession) -> list[uuid.UUID]:
    statement = (
        select(PROJECT.c.id)
        .join(PROJECT_STATUS, PROJECT_STATUS.c.id == PROJECT.c.project_status_id)
        .where(PROJECT_STATUS.c.name.in_(OPEN_STATUS_NAMES))
        .order_by(PROJECT.c.name)
    )
    return list((await session.execute(statement)).scalars())


async def shared_descriptors(session: DbSession, field_name: str, entity_type: str | None) -> list[Row]:
    """The descriptors of the open projects that share a field name (and entity type)."""
    conditions = [
        METADATA_DESCRIPTOR.c.field_name == field_name,
        METADATA_DESCRIPTOR.c.project_id.in_(await open_project_ids(session)),
    ]
    if entity_type is not None:
        conditions.append(METADATA_DESCRIPTOR.c.entity_type == entity_type)
    return await service.descriptor_rows(session, *conditions)


@router.post(
    ALL_PROJECTS,
    summary="Add a metadata descriptor to every open project",
    status_code=201,
    **answers.answer(answers.list_of(answers.record_schema(METADATA_DESCRIPTORS)), 201),
)
async def create_everywhere(request: Request, session: DbSession, caller: AdminCaller) -> JSONResponse:
    values = await http.json_body(request, service.NewDescriptor)
    values["field_name"] = values.get("field_name") or service.field_name_of(values["name"])
    project_ids = await open_project_ids(session)
    taken = select(METADATA_DESCRIPTOR.c.project_id).where(
        METADATA_DESCRIPTOR.c.entity_type == values["entity_type"],
        (METADATA_DESCRIPTOR.c.field_name == values["field_name"]) | (METADATA_DESCRIPTOR.c.name == values["name"]),
    )
    skipped = set((await session.execute(taken)).scalars())
    rows = []
    for project_id in project_ids:
        if project_id not in skipped:  # a project that already has the field keeps its own
            rows.append(await service.create_descriptor(session, caller, project_id, values))
    return JSONResponse(rows, status_code=201)


@router.put(f"{ALL_PROJECTS}/{{field_name}}", summary="Update a metadata descriptor on every open project", **MANY)
async def update_everywhere(field_name: str, request: Request, session: DbSession, caller: AdminCaller) -> JSONResponse:
    body = await http.json_object(request)
    values = http.validate(AllProjectsChanges, {k: v for k, v in body.items() if k in AllProjectsChanges.model_fields})
    entity_type = values.pop("entity_type")
    current = await shared_descriptors(session, field_name, entity_type)
    if not current:
        raise NotFound(f"No {entity_type} metadata descriptor {field_name!r} in the open projects")
    return JSONResponse([await service.change_descriptor(session, caller, row, values) for row in current])


@router.delete(
    f"{ALL_PROJECTS}/{{field_name}}",
    summary="Delete a metadata descriptor from every open project",
    **answers.answer(answers.ID_LIST, description="The ids of the deleted descriptors"),
)
async def delete_everywhere(field_name: str, request: Request, session: DbSession, caller: AdminCaller) -> JSONResponse:
    entity_type = request.query_params.get("entity_type") or None
    current = await shared_descriptors(session, field_name, entity_type)
    if not current:
        raise NotFound(f"No metadata descriptor {field_name!r} in the open projects")
    return JSONResponse(await service.remove_descriptors(session, caller, current))


@router.post(
    "/actions/metadata-descriptors/all-projects/reorder",
    summary="Order the descriptors of an entity type on every open project by field name",
    **MANY,
)
async def reorder_everywhere(request: Request, session: DbSession, caller: AdminCaller) -> JSONResponse:
    values = await http.json_body(request, AllProjectsReorderBody)
    scope = (
        METADATA_DESCRIPTOR.c.entity_type == values["entity_type"],
        METADATA_DESCRIPTOR.c.project_id.in_(await open_project_ids(session)),
    )
    for position, field_name in enumerate(dict.fromkeys(values["field_order"]), start=1):
        statement = (
            update(METADATA_DESCRIPTOR)
            .where(*scope, METADATA_DESCRIPTOR.c.field_name == field_name)
            .values(position=position)
        )
        await session.execute(statement)
    rows = await service.descriptor_rows(session, *scope)
    await descriptors_changed(session, caller, rows)
    return JSONResponse(rows)
