"""The caller's saved search filters and filter groups (``/data/user/filters``, ``/data/user/filter-groups``).

Each person manages their own; a filter shared in a project (optionally for one department) is
read by its other members too. Answers group them by list type, then by project id (``all``
for those saved outside any project), as the web app reads them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Request, Response
from sqlalchemy import update

from tenko.core import answers, http, records
from tenko.core.access import Caller
from tenko.core.crud import delete_record
from tenko.core.db import DbSession
from tenko.core.guard import Loaded, Myself
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Resource, Row
from tenko.domains.search.resources import SEARCH_FILTER_GROUPS, SEARCH_FILTERS
from tenko.domains.user.access import FilterGroupLoader, FilterLoader, check_sharing
from tenko.domains.user.common import GROUPED_FILTER_GROUPS, GROUPED_FILTERS, grouped_for

router = api_router(tags=["user"])
#: one of the caller's own filters (someone else's answers 404)
OwnFilter = Annotated[Loaded, FilterLoader("change")]
#: one of the caller's own filter groups (someone else's answers 404)
OwnFilterGroup = Annotated[Loaded, FilterGroupLoader("change")]
#: a filter group the caller reads: their own or one shared with them (others answer 404)
VisibleFilterGroup = Annotated[Loaded, FilterGroupLoader("read")]


#: the list a filter (group) belongs to when the body names none, as the reference answers
DEFAULT_LIST_TYPE = "todo"


async def create_own(session: Any, resource: Resource, caller: Caller, body: dict[str, Any]) -> Row:
    if "query" in body:  # the web app and gazu send the search as ``query``
        body["search_query"] = body.pop("query")
    if body.get("list_type") is None:  # gazu's ``new_filter_group`` sends none: the reference's default
        body["list_type"] = DEFAULT_LIST_TYPE
    body["person_id"] = str(caller.id)
    check_sharing(caller, body)
    return await records.create(session, resource, caller, body)


async def modify_own(session: Any, resource: Resource, record: Loaded, body: dict[str, Any]) -> Row:
    if "query" in body:
        body["search_query"] = body.pop("query")
    check_sharing(record.caller, body, record.row)
    return await records.modify(session, resource, record.caller, record.id, body)


@router.get(
    "/data/user/filters",
    summary="The caller's search filters, by list type and project",
    **answers.answer(GROUPED_FILTERS),
)
async def list_filters(session: DbSession, caller: Myself) -> JSONResponse:
    """The caller's search filters, by list type and project."""
    return JSONResponse(await grouped_for(session, SEARCH_FILTERS, caller))


@router.post(
    "/data/user/filters",
    summary="Save a search filter for the caller",
    status_code=201,
    **answers.one(SEARCH_FILTERS, 201),
)
async def create_filter(request: Request, session: DbSession, caller: Myself) -> JSONResponse:
    """Save a search filter for the caller."""
    row = await create_own(session, SEARCH_FILTERS, caller, await http.json_object(request))
    return JSONResponse(row, status_code=201)


@router.put(
    "/data/user/filters/{filter_id}", summary="Change one of the caller's search filters", **answers.one(SEARCH_FILTERS)
)
async def update_filter(search_filter: OwnFilter, request: Request, session: DbSession) -> JSONResponse:
    """Change one of the caller's search filters."""
    body = await http.json_object(request)
    return JSONResponse(await modify_own(session, SEARCH_FILTERS, search_filter, body))


@router.delete(
    "/data/user/filters/{filter_id}", summary="Delete one of the caller's search filters", **answers.no_content()
)
async def delete_filter(search_filter: OwnFilter, session: DbSession) -> Response:
    """Delete one of the caller's search filters."""
    await delete_record(session, SEARCH_FILTERS, search_filter.caller, search_filter.id, False)
    return Response(status_code=204)


@router.get(
    "/data/user/filter-groups",
    summary="The caller's filter groups, by list type and project",
    **answers.answer(GROUPED_FILTER_GROUPS),
)
async def list_filter_groups(session: DbSession, caller: Myself) -> JSONResponse:
    """The caller's filter groups, by list type and project."""
    return JSONResponse(await grouped_for(session, SEARCH_FILTER_GROUPS, caller))


@router.post(
    "/data/user/filter-groups",
    summary="Create a filter group for the caller",
    status_code=201,
    **answers.one(SEARCH_FILTER_GROUPS, 201),
)
async def create_filter_group(request: Request, session: DbSession, caller: Myself) -> JSONResponse:
    """Create a filter group for the caller."""
    row = await create_own(session, SEARCH_FILTER_GROUPS, caller, await http.json_object(request))
    return JSONResponse(row, status_code=201)


@router.get(
    "/data/user/filter-groups/{filter_group_id}",
    summary="Get one of the caller's filter groups",
    **answers.one(SEARCH_FILTER_GROUPS),
)
async def get_filter_group(group: VisibleFilterGroup) -> JSONResponse:
    """Get one of the caller's filter groups."""
    return JSONResponse(group.row)


@router.put(
    "/data/user/filter-groups/{filter_group_id}",
    summary="Change one of the caller's filter groups",
    **answers.one(SEARCH_FILTER_GROUPS),
)
async def update_filter_group(group: OwnFilterGroup, request: Request, session: DbSession) -> JSONResponse:
    """Change one of the caller's filter groups."""
    body = await http.json_object(request)
    return JSONResponse(await modify_own(session, SEARCH_FILTER_GROUPS, group, body))


@router.delete(
    "/data/user/filter-groups/{filter_group_id}",
    summary="Delete one of the caller's filter groups (its filters are kept, ungrouped)",
    **answers.no_content(),
)
async def delete_filter_group(group: OwnFilterGroup, session: DbSession) -> Response:
    """Delete one of the caller's filter groups (its filters are kept, ungrouped)."""
    filters = SEARCH_FILTERS.table
    await session.execute(
        update(filters).where(filters.c.search_filter_group_id == group.id).values(search_filter_group_id=None)
    )
    await delete_record(session, SEARCH_FILTER_GROUPS, group.caller, group.id, False)
    return Response(status_code=204)
