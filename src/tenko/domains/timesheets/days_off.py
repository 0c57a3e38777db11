"""Days off: a person's own (admins: everyone's) over a year, month, week or on a date."""

from __future__ import annotations

from typing import Annotated

from fastapi import Request
from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.db import DbSession
from tenko.core.guard import Anyone, Loaded
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.domains.people.access import PersonLoader
from tenko.domains.people.models import DAY_OFF
from tenko.domains.timesheets import queries as st
from tenko.domains.timesheets.access import visible_days_off
from tenko.domains.timesheets.queries import DAY_OFF_ROW

router = api_router(tags=["persons"])
DAYS_OFF = answers.answer(answers.list_of(DAY_OFF_ROW))
#: a person whose days off the caller may read: themself (admins all)
DaysOffOf = Annotated[Loaded, PersonLoader("see_days_off")]


def days_off_of(person: Loaded) -> ColumnElement[bool]:
    return DAY_OFF.c.person_id == person.id


@router.get(
    "/data/persons/day-offs/{year}",
    summary="The days off of a year (admins: everyone's; others: their own)",
    **DAYS_OFF,
)
async def year_days_off(year: str, session: DbSession, caller: Anyone) -> JSONResponse:
    """The days off of a year (admins: everyone's; others: their own)."""
    period = st.year_period(year)
    return JSONResponse(await st.day_off_rows(session, *visible_days_off(caller), period=period))


@router.get(
    "/data/persons/day-offs/{year}/{month}",
    summary="The days off of a month (admins: everyone's; others: their own)",
    **DAYS_OFF,
)
async def month_days_off(year: str, month: str, session: DbSession, caller: Anyone) -> JSONResponse:
    """The days off of a month (admins: everyone's; others: their own)."""
    period = st.month_period(year, month)
    return JSONResponse(await st.day_off_rows(session, *visible_days_off(caller), period=period))


@router.get("/data/persons/{person_id}/day-offs", summary="Every day off of a person", **DAYS_OFF)
async def person_days_off(person: DaysOffOf, session: DbSession) -> JSONResponse:
    """Every day off of a person."""
    return JSONResponse(await st.day_off_rows(session, days_off_of(person)))


async def days_off_in(session: AsyncSession, person: Loaded, _: Request, period: st.Period) -> list[Row]:
    return await st.day_off_rows(session, days_off_of(person), period=period)


st.add_period_routes(
    router,
    "/data/persons/{person_id}/day-offs",
    DaysOffOf,
    DAYS_OFF,
    days_off_in,
    ("year", "person_year_days_off", "A person's days off over a year"),
    ("month", "person_month_days_off", "A person's days off over a month"),
    ("week", "person_week_days_off", "A person's days off over a week"),
)


@router.get(
    "/data/persons/{person_id}/day-offs/{date}",
    summary="A person's day off covering a date ({} when none)",
    **answers.answer({"anyOf": [DAY_OFF_ROW, {"type": "object", "maxProperties": 0}]}),
)
async def person_date_day_off(person: DaysOffOf, date: str, session: DbSession) -> JSONResponse:
    """A person's day off covering a date ({} when none: the web app asks for every day it shows)."""
    day = st.parse_date(date)
    rows = await st.day_off_rows(session, days_off_of(person), period=(day, day))
    return JSONResponse(rows[0] if rows else {})
