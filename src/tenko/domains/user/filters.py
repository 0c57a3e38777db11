"""The caller's saved search filters and filter groups (``/data/user/filters``, ``/data/user/filter-groups``).

Each person manages their own; a filter shared in a project (optionally for one department) is
read by its other members too. Answers group them by list type, then by project id (``all``
for those saved outside any project), as the web app reads them.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import ColumnElement, or_, update

from tenko.auth.deps import Context
from tenko.core import http, records
from tenko.core.access import Caller, Role
from tenko.core.crud import delete_record
from tenko.core.db import DbSession
from tenko.core.errors import Forbidden, NotFound
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Resource, Row
from tenko.domains.search.resources import SEARCH_FILTER_GROUPS, SEARCH_FILTERS
from tenko.domains.user.common import rows_of

router = APIRouter(tags=["user"])
#: who may share a filter with the rest of a project
SHARERS = frozenset({Role.ADMIN, Role.MANAGER, Role.SUPERVISOR})


def visible(resource: Resource, caller: Caller) -> ColumnElement[bool]:
    """One's own filters, and those shared in one's projects (for one's departments)."""
    table = resource.table
    own = table.c.person_id == caller.id
    if caller.is_admin:
        return own | table.c.is_shared.is_(True)
    shared = (
        table.c.is_shared.is_(True)
        & table.c.project_id.in_(list(caller.project_roles))
        & or_(table.c.department_id.is_(None), table.c.department_id.in_(list(caller.department_ids)))
    )
    return own | shared


def grouped(rows: list[Row]) -> dict[str, dict[str, list[Row]]]:
    result: dict[str, dict[str, list[Row]]] = {}
    for row in rows:
        project_key = str(row["project_id"]) if row["project_id"] else "all"
        result.setdefault(row["list_type"], {}).setdefault(project_key, []).append(row)
    return result


async def grouped_for(session: Any, resource: Resource, caller: Caller) -> dict[str, dict[str, list[Row]]]:
    """The caller's filters (or groups) by list type and project: one query."""
    return grouped(await rows_of(session, resource, visible(resource, caller)))


def check_sharing(caller: Caller, values: dict[str, Any], current: Row | None = None) -> None:
    if not values.get("is_shared"):
        return
    project_id = values.get("project_id", current["project_id"] if current else None)
    if project_id is None:
        raise Forbidden("Only a filter saved in a project can be shared")
    if caller.role_in(records.parse_id(str(project_id), "project id")) not in SHARERS:
        raise Forbidden("Only the project's managers and supervisors may share filters")


async def create_own(session: Any, resource: Resource, caller: Caller, body: dict[str, Any]) -> Row:
    if "query" in body:  # the web app and gazu send the search as ``query``
        body["search_query"] = body.pop("query")
    body["person_id"] = str(caller.id)
    check_sharing(caller, body)
    return await records.create(session, resource, caller, body)


async def own_record(session: Any, resource: Resource, caller: Caller, raw_id: str) -> Row:
    """One of the caller's own filters; someone else's is not found for them."""
    row = await records.fetch_row(session, resource, records.parse_id(raw_id, "filter id"))
    if row["person_id"] != caller.id and not caller.is_admin:
        raise NotFound(f"{resource.type_name} {raw_id} not found")
    return row


async def modify_own(session: Any, resource: Resource, caller: Caller, raw_id: str, body: dict[str, Any]) -> Row:
    current = await own_record(session, resource, caller, raw_id)
    if "query" in body:
        body["search_query"] = body.pop("query")
    check_sharing(caller, body, current)
    return await records.modify(session, resource, caller, current["id"], body)


async def body_of(request: Request, context: Context) -> dict[str, Any]:
    return await http.json_object(request)


@router.get("/data/user/filters", summary="The caller's search filters, by list type and project")
async def list_filters(session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The caller's search filters, by list type and project."""
    return JSONResponse(await grouped_for(session, SEARCH_FILTERS, caller))


@router.post("/data/user/filters", summary="Save a search filter for the caller", status_code=201)
async def create_filter(request: Request, session: DbSession, caller: CurrentCaller, context: Context) -> JSONResponse:
    """Save a search filter for the caller."""
    row = await create_own(session, SEARCH_FILTERS, caller, await body_of(request, context))
    return JSONResponse(row, status_code=201)


@router.put("/data/user/filters/{filter_id}", summary="Change one of the caller's search filters")
async def update_filter(
    filter_id: str, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    """Change one of the caller's search filters."""
    body = await body_of(request, context)
    return JSONResponse(await modify_own(session, SEARCH_FILTERS, caller, filter_id, body))


@router.delete("/data/user/filters/{filter_id}", summary="Delete one of the caller's search filters", status_code=204)
async def delete_filter(filter_id: str, session: DbSession, caller: CurrentCaller) -> Response:
    """Delete one of the caller's search filters."""
    row = await own_record(session, SEARCH_FILTERS, caller, filter_id)
    await delete_record(session, SEARCH_FILTERS, caller, row["id"], False)
    return Response(status_code=204)


@router.get("/data/user/filter-groups", summary="The caller's filter groups, by list type and project")
async def list_filter_groups(session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The caller's filter groups, by list type and project."""
    return JSONResponse(await grouped_for(session, SEARCH_FILTER_GROUPS, caller))


@router.post("/data/user/filter-groups", summary="Create a filter group for the caller", status_code=201)
async def create_filter_group(
    request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    """Create a filter group for the caller."""
    row = await create_own(session, SEARCH_FILTER_GROUPS, caller, await body_of(request, context))
    return JSONResponse(row, status_code=201)


@router.get("/data/user/filter-groups/{filter_group_id}", summary="Get one of the caller's filter groups")
async def get_filter_group(filter_group_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Get one of the caller's filter groups."""
    group_id = records.parse_id(filter_group_id, "filter group id")
    rows = await rows_of(session, SEARCH_FILTER_GROUPS, visible_group(caller, group_id))
    if not rows:
        raise NotFound(f"SearchFilterGroup {filter_group_id} not found")
    return JSONResponse(rows[0])


def visible_group(caller: Caller, group_id: uuid.UUID) -> ColumnElement[bool]:
    return visible(SEARCH_FILTER_GROUPS, caller) & (SEARCH_FILTER_GROUPS.table.c.id == group_id)


@router.put("/data/user/filter-groups/{filter_group_id}", summary="Change one of the caller's filter groups")
async def update_filter_group(
    filter_group_id: str, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    """Change one of the caller's filter groups."""
    body = await body_of(request, context)
    return JSONResponse(await modify_own(session, SEARCH_FILTER_GROUPS, caller, filter_group_id, body))


@router.delete(
    "/data/user/filter-groups/{filter_group_id}",
    summary="Delete one of the caller's filter groups (its filters are kept, ungrouped)",
    status_code=204,
)
async def delete_filter_group(filter_group_id: str, session: DbSession, caller: CurrentCaller) -> Response:
    """Delete one of the caller's filter groups (its filters are kept, ungrouped)."""
    row = await own_record(session, SEARCH_FILTER_GROUPS, caller, filter_group_id)
    filters = SEARCH_FILTERS.table
    await session.execute(
        update(filters).where(filters.c.search_filter_group_id == row["id"]).values(search_filter_group_id=None)
    )
    await delete_record(session, SEARCH_FILTER_GROUPS, caller, row["id"], False)
    return Response(status_code=204)
