"""The event log as gazu's sync reads it, its event names, and the studio's login logs.

Admins read every event; a project's managers read the events of the projects they manage
(permissions.md); anyone else is refused. Login logs cover the whole studio and carry IP
addresses: admins only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import Request
from sqlalchemy import ColumnElement, and_, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from tenko.core import answers
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, NotFound
from tenko.core.guard import AdminCaller, parse_uuid, requires
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import parse_bool, parse_datetime, parse_int, split_values
from tenko.domains.events.access import READERS, READERS_TEXT, reach
from tenko.domains.events.models import API_EVENT
from tenko.domains.people.models import LOGIN_LOG

router = api_router(tags=["events"])
EVENT_COLUMNS = (
    API_EVENT.c.id,
    API_EVENT.c.created_at,
    API_EVENT.c.name,
    API_EVENT.c.user_id,
    API_EVENT.c.project_id,
    API_EVENT.c.data,
)
LOGIN_COLUMNS = (LOGIN_LOG.c.id, LOGIN_LOG.c.created_at, LOGIN_LOG.c.person_id, LOGIN_LOG.c.ip_address)
#: events about stored files (what ``only_files`` keeps: gazu syncs their bytes)
FILE_EVENT_PREFIXES = ("preview-file:", "attachment-file:", "working-file:", "output-file:")
#: gazu asks for 20,000 events by default
EVENT_LIMIT, MAX_EVENT_LIMIT = 100, 20_000
LOGIN_LIMIT, MAX_LOGIN_LIMIT = 100, 1_000
#: admins, production managers and the managers of a project (who read its events)
EventReader = Annotated[Caller, requires(READERS, READERS_TEXT)]
EVENT_ROW = answers.object_of({column.name: answers.column_schema(column) for column in EVENT_COLUMNS}, "ApiEventEntry")
LOGIN_ROW = answers.object_of(
    {column.name: answers.column_schema(column) for column in (*LOGIN_COLUMNS, LOGIN_LOG.c.origin)}, "LoginLogEntry"
)


def limit_of(params: QueryParams, default: int, maximum: int) -> int:
    return min(parse_int("limit", params.get("limit"), default, minimum=1) or default, maximum)


def period(column: Any, params: QueryParams) -> list[ColumnElement[bool]]:
    conditions = []
    after, before = parse_datetime("after", params.get("after")), parse_datetime("before", params.get("before"))
    if after is not None:  # after the whole second: stored times may carry microseconds (event order)
        conditions.append(column >= after.replace(microsecond=0) + dt.timedelta(seconds=1))
    if before is not None:
        conditions.append(column < before)
    return conditions


@router.get(
    "/data/events/last",
    summary="The latest events, newest first (filters: after, before, project_id)",
    **answers.answer(answers.list_of(EVENT_ROW)),
)
async def last_events(request: Request, session: DbSession, caller: EventReader) -> Any:
    """The latest events, newest first (filters: after, before, project_id, name, only_files)."""
    params = request.query_params
    conditions = [await reach(session, caller, params), *period(API_EVENT.c.created_at, params)]
    names = [name for name in split_values(params.getlist("name")) if name]
    if any("\x00" in name for name in names):
        raise BadRequest("Invalid event name")
    if names:
        conditions.append(API_EVENT.c.name.in_(names))
    if parse_bool(params.get("only_files")):
        conditions.append(or_(*(API_EVENT.c.name.startswith(prefix) for prefix in FILE_EVENT_PREFIXES)))
    statement = (
        select(*EVENT_COLUMNS)
        .where(and_(*conditions))
        .order_by(API_EVENT.c.created_at.desc(), API_EVENT.c.id.desc())
        .limit(limit_of(params, EVENT_LIMIT, MAX_EVENT_LIMIT))
    )
    return JSONResponse([dict(row) for row in (await session.execute(statement)).mappings()])


@router.get(
    "/data/events/names",
    summary="The distinct names of the events the caller may read",
    **answers.answer(answers.list_of(answers.STRING)),
)
async def event_names(request: Request, session: DbSession, caller: EventReader) -> Any:
    """The distinct names of the events the caller may read, sorted."""
    scope = await reach(session, caller, request.query_params)
    statement = select(API_EVENT.c.name).where(scope).distinct().order_by(API_EVENT.c.name)
    return JSONResponse(list((await session.execute(statement)).scalars()))


@router.get(
    "/data/events/login-logs/last",
    summary="The latest logins of the studio, newest first (admins)",
    **answers.answer(answers.list_of(LOGIN_ROW)),
)
async def last_login_logs(request: Request, session: DbSession, caller: AdminCaller) -> Any:
    """The latest logins of the studio, newest first (admins; cursor_login_log_id pages on)."""
    params = request.query_params
    conditions = period(LOGIN_LOG.c.created_at, params)
    people = [parse_uuid(value, "person id") for value in split_values(params.getlist("person_ids")) if value]
    if people:
        conditions.append(LOGIN_LOG.c.person_id.in_(people))
    cursor = params.get("cursor_login_log_id")
    if cursor:
        conditions.append(await older_than(session, parse_uuid(cursor, "cursor_login_log_id")))
    statement = (
        select(*LOGIN_COLUMNS, LOGIN_LOG.c.origin)
        .where(and_(true(), *conditions))
        .order_by(LOGIN_LOG.c.created_at.desc(), LOGIN_LOG.c.id.desc())
        .limit(limit_of(params, LOGIN_LIMIT, MAX_LOGIN_LIMIT))
    )
    return JSONResponse([dict(row) for row in (await session.execute(statement)).mappings()])


async def older_than(session: AsyncSession, cursor_id: uuid.UUID) -> ColumnElement[bool]:
    """Logs after the cursor in the newest-first order (ties on the date broken by id)."""
    moment = (await session.execute(select(LOGIN_LOG.c.created_at).where(LOGIN_LOG.c.id == cursor_id))).scalar()
    if moment is None:
        raise NotFound(f"Login log {cursor_id} not found")
    created = LOGIN_LOG.c.created_at
    return or_(created < moment, and_(created == moment, LOGIN_LOG.c.id < cursor_id))
