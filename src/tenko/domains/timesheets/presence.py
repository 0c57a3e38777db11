"""Presence: a person's desktop login logs and the monthly presence sheet (CSV: first login per day)."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from typing import Annotated, Any

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from tenko.core import answers, http
from tenko.core.access import STUDIO_MANAGER, Caller
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest
from tenko.core.guard import Loaded, requires
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.domains.people.access import PersonLoader
from tenko.domains.people.models import DESKTOP_LOGIN_LOG, LOGIN_LOG
from tenko.domains.people.resources import PERSONS, full_name
from tenko.domains.timesheets import queries as st
from tenko.domains.timesheets.desktop_logs import DESKTOP_LOG_ROW, desktop_logs, log_desktop_login

router = api_router(tags=["persons"])
PERSON = PERSONS.table
#: a person whose presence the caller may read: themself, or admins and production managers
PresenceOf = Annotated[Loaded, PersonLoader("see_presence")]
#: who reads everyone's presence: admins and production managers (not those their teams make less)
StudioManagerCaller = Annotated[Caller, requires(STUDIO_MANAGER)]


@router.get(
    "/data/persons/{person_id}/desktop-login-logs",
    summary="A person's desktop logins, newest first",
    **answers.answer(answers.list_of(DESKTOP_LOG_ROW)),
)
async def person_desktop_logs(person: PresenceOf, session: DbSession) -> JSONResponse:
    """A person's desktop logins, newest first."""
    return JSONResponse(await desktop_logs(session, person.id))


@router.post(
    "/data/persons/{person_id}/desktop-login-logs",
    summary="Record a desktop login of a person",
    status_code=201,
    **answers.answer(DESKTOP_LOG_ROW, 201),
)
async def add_person_desktop_log(
    person: Annotated[Loaded, PersonLoader("log_presence")], request: Request, session: DbSession
) -> JSONResponse:
    """Record a desktop login of a person."""
    body = await http.json_object(request, optional=True)
    return JSONResponse(await log_desktop_login(session, person.id, body), status_code=201)


def month_of(raw: str) -> st.Period:
    year, _, month = raw.partition("-")
    if not month:
        raise BadRequest("The month must be written YYYY-MM")
    return st.month_period(year, month[:2])


async def first_logins(session: AsyncSession, period: st.Period) -> dict[tuple[Any, int], dt.datetime]:
    """The first login (desktop or web) of each person on each day of the period: two queries."""
    start = dt.datetime.combine(period[0], dt.time.min)
    end = dt.datetime.combine(period[1], dt.time.max)
    found: dict[tuple[Any, int], dt.datetime] = {}
    for table, column in ((DESKTOP_LOGIN_LOG, DESKTOP_LOGIN_LOG.c.date), (LOGIN_LOG, LOGIN_LOG.c.created_at)):
        statement = select(table.c.person_id, column).where(column.between(start, end))
        for person_id, when in (await session.execute(statement)).all():
            key = (person_id, when.day)
            if key not in found or when < found[key]:
                found[key] = when
    return found


@router.get(
    "/data/persons/presence-logs/{month_date}",
    summary="The month's presence sheet (CSV: first login per day)",
    response_class=Response,
    responses={200: {"description": "A CSV sheet: a row per person, a column per day", "content": {"text/csv": {}}}},
)
async def presence_logs(month_date: str, session: DbSession, caller: StudioManagerCaller) -> Response:
    """The month's presence sheet (CSV: first login per day)."""
    period = month_of(month_date)
    days = range(1, calendar.monthrange(period[0].year, period[0].month)[1] + 1)
    logins = await first_logins(session, period)
    people = select(PERSON.c.id, PERSON.c.first_name, PERSON.c.last_name).where(PERSON.c.is_bot.is_(False))
    people = people.order_by(PERSON.c.first_name, PERSON.c.last_name, PERSON.c.id)
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(["Person", *(f"{day:02d}" for day in days)])
    for person in (await session.execute(people)).mappings():
        cells = [logins[(person["id"], d)].strftime("%H:%M") if (person["id"], d) in logins else "" for d in days]
        writer.writerow([full_name(dict(person)), *cells])
    filename = f"presence-{period[0]:%Y-%m}.csv"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(output.getvalue(), media_type="text/csv", headers=headers)
