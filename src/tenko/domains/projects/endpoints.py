"""Hand-written project routes: the link upserts here, and the list of every project router."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Request
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http, records
from tenko.core.access import Caller, describe
from tenko.core.db import DbSession
from tenko.core.guard import requires
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Resource
from tenko.core.schemas import json_schema_of
from tenko.domains.projects import descriptors, links, listings, ordering, preview, settings, team
from tenko.domains.projects.resources import TASK_STATUS_LINKS, TASK_TYPE_LINKS

router = api_router(tags=["projects"])


def link_writer(resource: Resource) -> Any:
    """The caller may create such links somewhere; the body's project is judged by the CRUD rules."""
    return requires(resource.policy.create, f"create: {describe(resource.policy.create)}")


#: the managers of some project (the body's project is then checked by the CRUD engine)
TypeLinkWriter = Annotated[Caller, link_writer(TASK_TYPE_LINKS)]
StatusLinkWriter = Annotated[Caller, link_writer(TASK_STATUS_LINKS)]


async def upsert_link(
    session: AsyncSession, resource: Resource, caller: Caller, body: dict[str, Any], key: str
) -> dict[str, Any]:
    """Create the link of a project to a task type/status, or update the existing one in place."""
    table = resource.table
    values = http.validate(resource.create_model, records.clean_body(resource, body, frozenset()))
    statement = select(table.c.id).where(table.c.project_id == values["project_id"], table.c[key] == values[key])
    existing = (await session.execute(statement)).scalar()
    if existing is None:
        return await records.create(session, resource, caller, body)
    await records.authorise(session, resource, caller, resource.policy.update, values)
    changes = {k: v for k, v in values.items() if k not in ("id", "project_id", key)}
    if changes:
        await session.execute(update(table).where(table.c.id == existing).values(**changes))
    row = await records.fetch_row(session, resource, existing)
    await records.record_event(session, resource, caller, "update", row)
    return row


@router.post(
    "/data/task-type-links",
    summary="Link a task type to a project (or update its priority and settings)",
    status_code=201,
    openapi_extra={"requestBody": json_schema_of(TASK_TYPE_LINKS.create_model)},
    **answers.one(TASK_TYPE_LINKS, 201),
)
async def task_type_link(request: Request, session: DbSession, caller: TypeLinkWriter) -> JSONResponse:
    body = await http.json_object(request)
    row = await upsert_link(session, TASK_TYPE_LINKS, caller, body, "task_type_id")
    return JSONResponse(row, status_code=201)


@router.post(
    "/data/task-status-links",
    summary="Link a task status to a project (or update its priority and settings)",
    status_code=201,
    openapi_extra={"requestBody": json_schema_of(TASK_STATUS_LINKS.create_model)},
    **answers.one(TASK_STATUS_LINKS, 201),
)
async def task_status_link(request: Request, session: DbSession, caller: StatusLinkWriter) -> JSONResponse:
    body = await http.json_object(request)
    row = await upsert_link(session, TASK_STATUS_LINKS, caller, body, "task_status_id")
    return JSONResponse(row, status_code=201)


#: the project routers (api.py copies their routes into its flat table)
ROUTERS = (
    router,
    listings.router,
    team.router,
    settings.router,
    links.router,
    descriptors.router,
    preview.router,
    ordering.router,
)
