"""A person's time sheet over a day, week, month or year; the studio's time tables (time per period and person)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Request
from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, records
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.guard import Anyone, Loaded
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.domains.people.access import PersonLoader
from tenko.domains.tasks.models import TIME_SPENT
from tenko.domains.timesheets import queries as st
from tenko.domains.timesheets.access import time_of, visible_time
from tenko.domains.timesheets.queries import TASK_TIME, TIME_SPENT_ROW, TIME_SPENT_WITH_TASK, TIME_TABLE, Period

router = api_router(tags=["persons"])
#: the answers of these routes
TIME_SPENTS = answers.answer(answers.list_of(TIME_SPENT_ROW))
TASK_TIMES = answers.answer(answers.list_of(TASK_TIME))
TABLE = answers.answer(TIME_TABLE)
#: a person whose time the caller may read: themself, or staff overseeing it
TimeOf = Annotated[Loaded, PersonLoader("see_time")]


def id_param(request: Request, name: str) -> uuid.UUID | None:
    raw = request.query_params.get(name)
    return records.parse_id(raw, name.replace("_", " ")) if raw else None


def scope(request: Request) -> list[ColumnElement[bool]]:
    return st.scope_filters(id_param(request, "project_id"), id_param(request, "studio_id"))


async def aggregated(session: AsyncSession, person: Loaded, request: Request, period: Period) -> list[Row]:
    conditions = time_of(person)
    return await st.time_by_task(session, *conditions, st.in_period(TIME_SPENT.c.date, period), *scope(request))


@router.get(
    "/data/persons/{person_id}/time-spents",
    summary="A person's time spents (?start_date, ?end_date)",
    **answers.answer(answers.list_of(TIME_SPENT_WITH_TASK)),
)
async def person_time_spents(person: TimeOf, request: Request, session: DbSession) -> JSONResponse:
    """A person's time spents (?start_date, ?end_date)."""
    conditions = time_of(person)
    for key, compare in (("start_date", TIME_SPENT.c.date.__ge__), ("end_date", TIME_SPENT.c.date.__le__)):
        if request.query_params.get(key):
            conditions.append(compare(st.parse_date(request.query_params[key], key)))
    return JSONResponse(await st.time_spent_rows(session, *conditions, with_task=True))


st.add_period_routes(
    router,
    "/data/persons/{person_id}/time-spents",
    TimeOf,
    TASK_TIMES,
    aggregated,
    ("year", "person_year_time", "A person's time per task over a year"),
    ("month", "person_month_time", "A person's time per task over a month"),
    ("week", "person_week_time", "A person's time per task over a week"),
    ("day", "person_day_time", "A person's time per task on a day"),
)


@router.get(
    "/data/persons/{person_id}/time-spents/month/all/{year}/{month}",
    summary="A person's time spents of a month",
    **TIME_SPENTS,
)
async def person_month_rows(person: TimeOf, year: str, month: str, session: DbSession) -> JSONResponse:
    """A person's time spents of a month."""
    conditions = time_of(person)
    period = st.month_period(year, month)
    return JSONResponse(await st.time_spent_rows(session, *conditions, st.in_period(TIME_SPENT.c.date, period)))


@router.get("/data/persons/{person_id}/time-spents/{date}", summary="A person's time spents on a date", **TIME_SPENTS)
async def person_date_time(person: TimeOf, date: str, session: DbSession) -> JSONResponse:
    """A person's time spents on a date."""
    conditions = time_of(person)
    day = st.parse_date(date)
    return JSONResponse(await st.time_spent_rows(session, *conditions, TIME_SPENT.c.date == day))


def table_scope(caller: Caller, request: Request) -> list[ColumnElement[bool]]:
    return [visible_time(caller), *scope(request)]


@router.get(
    "/data/persons/time-spents/day-table/{year}/{month}", summary="Time per day and person over a month", **TABLE
)
async def day_table(year: str, month: str, request: Request, session: DbSession, caller: Anyone) -> JSONResponse:
    """Time per day and person over a month."""
    period = st.in_period(TIME_SPENT.c.date, st.month_period(year, month))
    return JSONResponse(await st.time_table(session, "day", period, *table_scope(caller, request)))


@router.get("/data/persons/time-spents/week-table/{year}", summary="Time per week and person over a year", **TABLE)
async def week_table(year: str, request: Request, session: DbSession, caller: Anyone) -> JSONResponse:
    """Time per week and person over a year."""
    period = st.in_period(TIME_SPENT.c.date, st.iso_year_period(year))
    return JSONResponse(await st.time_table(session, "week", period, *table_scope(caller, request)))


@router.get("/data/persons/time-spents/month-table/{year}", summary="Time per month and person over a year", **TABLE)
async def month_table(year: str, request: Request, session: DbSession, caller: Anyone) -> JSONResponse:
    """Time per month and person over a year."""
    period = st.in_period(TIME_SPENT.c.date, st.year_period(year))
    return JSONResponse(await st.time_table(session, "month", period, *table_scope(caller, request)))


@router.get("/data/persons/time-spents/year-table", summary="Time per year and person", **TABLE)
async def year_table(request: Request, session: DbSession, caller: Anyone) -> JSONResponse:
    """Time per year and person."""
    return JSONResponse(await st.time_table(session, "year", *table_scope(caller, request)))
