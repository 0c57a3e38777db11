"""Hand-written project routes: the link upserts here, and the list of every project router."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import select, update

from tenko.auth.deps import Context
from tenko.core import http, records
from tenko.core.db import DbSession
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Resource
from tenko.core.schemas import json_schema_of
from tenko.domains.projects import descriptors, links, listings, ordering, preview, settings, team
from tenko.domains.projects.resources import TASK_STATUS_LINKS, TASK_TYPE_LINKS

router = APIRouter(tags=["projects"])


async def upsert_link(session: Any, resource: Resource, caller: Any, body: dict[str, Any], key: str) -> dict[str, Any]:
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
)
async def task_type_link(request: Request, session: DbSession, caller: CurrentCaller, context: Context) -> JSONResponse:
    body = await http.json_object(request)
    row = await upsert_link(session, TASK_TYPE_LINKS, caller, body, "task_type_id")
    return JSONResponse(row, status_code=201)


@router.post(
    "/data/task-status-links",
    summary="Link a task status to a project (or update its priority and settings)",
    status_code=201,
    openapi_extra={"requestBody": json_schema_of(TASK_STATUS_LINKS.create_model)},
)
async def task_status_link(
    request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
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
