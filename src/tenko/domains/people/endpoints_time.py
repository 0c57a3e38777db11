"""A person's time sheets, days off and shot quotas over a day, week, month or year; the studio tables."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import records
from tenko.core.access import Caller, Role
from tenko.core.db import DbSession
from tenko.core.errors import Forbidden, NotFound
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.model import table_of
from tenko.domains.people import service_time as st
from tenko.domains.people.models import Person
from tenko.domains.people.service_time import DAY_OFF, TIME_SPENT, Period

router = APIRouter(tags=["persons"])
PERSON = table_of(Person)


async def person_id_of(session: AsyncSession, raw_id: str) -> uuid.UUID:
    person_id = records.parse_id(raw_id, "person id")
    if (await session.execute(select(PERSON.c.id).where(PERSON.c.id == person_id))).first() is None:
        raise NotFound(f"Person {person_id} not found")
    return person_id


async def time_of(session: AsyncSession, caller: Caller, raw_id: str) -> list[ColumnElement[bool]]:
    """Conditions on a person's time: their own, or what an admin or production manager oversees."""
    person_id = await person_id_of(session, raw_id)
    if person_id != caller.id and caller.role not in (Role.ADMIN, Role.MANAGER):
        raise Forbidden("You may read only your own time sheets")
    mine = TIME_SPENT.c.person_id == person_id
    return [mine] if person_id == caller.id else [mine, st.managed_tasks(caller)]


async def days_off_of(session: AsyncSession, caller: Caller, raw_id: str) -> ColumnElement[bool]:
    person_id = await person_id_of(session, raw_id)
    if person_id != caller.id and not caller.is_admin:
        raise Forbidden("You may read only your own days off")
    return DAY_OFF.c.person_id == person_id


def id_param(request: Request, name: str) -> uuid.UUID | None:
    raw = request.query_params.get(name)
    return records.parse_id(raw, name.replace("_", " ")) if raw else None


def scope(request: Request) -> list[ColumnElement[bool]]:
    return st.scope_filters(id_param(request, "project_id"), id_param(request, "studio_id"))


async def aggregated(
    session: AsyncSession, caller: Caller, request: Request, raw_id: str, period: Period
) -> JSONResponse:
    conditions = await time_of(session, caller, raw_id)
    return JSONResponse(
        await st.time_by_task(session, *conditions, st.in_period(TIME_SPENT.c.date, period), *scope(request))
    )


@router.get("/data/persons/{person_id}/time-spents", summary="A person's time spents (?start_date, ?end_date)")
async def person_time_spents(
    person_id: str, request: Request, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    """A person's time spents (?start_date, ?end_date)."""
    conditions = await time_of(session, caller, person_id)
    for key, compare in (("start_date", TIME_SPENT.c.date.__ge__), ("end_date", TIME_SPENT.c.date.__le__)):
        if request.query_params.get(key):
            conditions.append(compare(st.parse_date(request.query_params[key], key)))
    return JSONResponse(await st.time_spent_rows(session, *conditions, with_task=True))


@router.get("/data/persons/{person_id}/time-spents/year/{year}", summary="A person's time per task over a year")
async def person_year_time(
    person_id: str, year: str, request: Request, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    """A person's time per task over a year."""
    return await aggregated(session, caller, request, person_id, st.year_period(year))


@router.get(
    "/data/persons/{person_id}/time-spents/month/{year}/{month}", summary="A person's time per task over a month"
)
async def person_month_time(
    person_id: str, year: str, month: str, request: Request, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    """A person's time per task over a month."""
    return await aggregated(session, caller, request, person_id, st.month_period(year, month))


@router.get("/data/persons/{person_id}/time-spents/week/{year}/{week}", summary="A person's time per task over a week")
async def person_week_time(
    person_id: str, year: str, week: str, request: Request, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    """A person's time per task over a week."""
    return await aggregated(session, caller, request, person_id, st.week_period(year, week))


@router.get(
    "/data/persons/{person_id}/time-spents/day/{year}/{month}/{day}", summary="A person's time per task on a day"
)
async def person_day_time(
    person_id: str, year: str, month: str, day: str, request: Request, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    """A person's time per task on a day."""
    return await aggregated(session, caller, request, person_id, st.day_period(year, month, day))


@router.get(
    "/data/persons/{person_id}/time-spents/month/all/{year}/{month}", summary="A person's time spents of a month"
)
async def person_month_rows(
    person_id: str, year: str, month: str, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    """A person's time spents of a month."""
    conditions = await time_of(session, caller, person_id)
    period = st.month_period(year, month)
    return JSONResponse(await st.time_spent_rows(session, *conditions, st.in_period(TIME_SPENT.c.date, period)))


@router.get("/data/persons/{person_id}/time-spents/{date}", summary="A person's time spents on a date")
async def person_date_time(person_id: str, date: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """A person's time spents on a date."""
    conditions = await time_of(session, caller, person_id)
    day = st.parse_date(date)
    return JSONResponse(await st.time_spent_rows(session, *conditions, TIME_SPENT.c.date == day))


def table_scope(caller: Caller, request: Request) -> list[ColumnElement[bool]]:
    return [st.visible_time(caller), *scope(request)]


@router.get("/data/persons/time-spents/day-table/{year}/{month}", summary="Time per day and person over a month")
async def day_table(year: str, month: str, request: Request, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Time per day and person over a month."""
    period = st.in_period(TIME_SPENT.c.date, st.month_period(year, month))
    return JSONResponse(await st.time_table(session, "day", period, *table_scope(caller, request)))


@router.get("/data/persons/time-spents/week-table/{year}", summary="Time per week and person over a year")
async def week_table(year: str, request: Request, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Time per week and person over a year."""
    period = st.in_period(TIME_SPENT.c.date, st.iso_year_period(year))
    return JSONResponse(await st.time_table(session, "week", period, *table_scope(caller, request)))


@router.get("/data/persons/time-spents/month-table/{year}", summary="Time per month and person over a year")
async def month_table(year: str, request: Request, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Time per month and person over a year."""
    period = st.in_period(TIME_SPENT.c.date, st.year_period(year))
    return JSONResponse(await st.time_table(session, "month", period, *table_scope(caller, request)))


@router.get("/data/persons/time-spents/year-table", summary="Time per year and person")
async def year_table(request: Request, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Time per year and person."""
    return JSONResponse(await st.time_table(session, "year", *table_scope(caller, request)))


def visible_days_off(caller: Caller) -> list[ColumnElement[bool]]:
    """Admins read everyone's days off; everyone else their own."""
    return [] if caller.is_admin else [DAY_OFF.c.person_id == caller.id]


@router.get("/data/persons/day-offs/{year}", summary="The days off of a year (admins: everyone's; others: their own)")
async def year_days_off(year: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The days off of a year (admins: everyone's; others: their own)."""
    period = st.year_period(year)
    return JSONResponse(await st.day_off_rows(session, *visible_days_off(caller), period=period))


@router.get(
    "/data/persons/day-offs/{year}/{month}", summary="The days off of a month (admins: everyone's; others: their own)"
)
async def month_days_off(year: str, month: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The days off of a month (admins: everyone's; others: their own)."""
    period = st.month_period(year, month)
    return JSONResponse(await st.day_off_rows(session, *visible_days_off(caller), period=period))


@router.get("/data/persons/{person_id}/day-offs", summary="Every day off of a person")
async def person_days_off(person_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Every day off of a person."""
    return JSONResponse(await st.day_off_rows(session, await days_off_of(session, caller, person_id)))


@router.get("/data/persons/{person_id}/day-offs/year/{year}", summary="A person's days off over a year")
async def person_year_days_off(person_id: str, year: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """A person's days off over a year."""
    condition = await days_off_of(session, caller, person_id)
    return JSONResponse(await st.day_off_rows(session, condition, period=st.year_period(year)))


@router.get("/data/persons/{person_id}/day-offs/month/{year}/{month}", summary="A person's days off over a month")
async def person_month_days_off(
    person_id: str, year: str, month: str, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    """A person's days off over a month."""
    condition = await days_off_of(session, caller, person_id)
    return JSONResponse(await st.day_off_rows(session, condition, period=st.month_period(year, month)))


@router.get("/data/persons/{person_id}/day-offs/week/{year}/{week}", summary="A person's days off over a week")
async def person_week_days_off(
    person_id: str, year: str, week: str, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    """A person's days off over a week."""
    condition = await days_off_of(session, caller, person_id)
    return JSONResponse(await st.day_off_rows(session, condition, period=st.week_period(year, week)))


@router.get("/data/persons/{person_id}/day-offs/{date}", summary="A person's day off covering a date")
async def person_date_day_off(person_id: str, date: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """A person's day off covering a date."""
    condition = await days_off_of(session, caller, person_id)
    day = st.parse_date(date)
    rows = await st.day_off_rows(session, condition, period=(day, day))
    if not rows:
        raise NotFound(f"No day off on {day.isoformat()}")
    return JSONResponse(rows[0])
