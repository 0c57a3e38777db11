"""Time sheets and days off over a period: the queries behind the per-person and per-user views.

Every answer is built from one or two set-based queries whatever the number of rows; periods
are validated here so that a bad year, month, week or day is a 400, never a 500.
"""

from __future__ import annotations

import calendar
import datetime as dt
import inspect
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest
from tenko.core.guard import Loaded
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import typed_rows
from tenko.core.ranges import YEARS, Range, param_int
from tenko.core.resource import Row
from tenko.domains.entities.models import ENTITY
from tenko.domains.people.models import DAY_OFF, PERSON
from tenko.domains.people.resources import DAY_OFFS
from tenko.domains.projects.models import PROJECT
from tenko.domains.studio.models import ENTITY_TYPE
from tenko.domains.tasks.models import TASK, TIME_SPENT
from tenko.domains.tasks.resources import TIME_SPENTS

SEQUENCE = ENTITY.alias("sequence")
EPISODE = ENTITY.alias("episode")
Period = tuple[dt.date, dt.date]

# what the queries below answer, for the routes' documentation
#: a time spent record (``time_spent_rows``)
TIME_SPENT_ROW = answers.record_schema(TIME_SPENTS)
#: a time spent record with its task's project and task type (``with_task``)
TIME_SPENT_WITH_TASK = answers.record_schema(
    TIME_SPENTS, extra={"project_id": answers.UUID, "task_type_id": answers.UUID}
)
#: the time spent summed per task, with the names a time sheet shows (``time_by_task``)
TASK_TIME = answers.object_of(
    {
        "task_id": answers.UUID,
        "task_type_id": answers.UUID,
        "project_id": answers.UUID,
        "project_name": answers.STRING,
        "entity_name": answers.nullable(answers.STRING),
        "entity_type_name": answers.nullable(answers.STRING),
        "sequence_name": answers.nullable(answers.STRING),
        "episode_name": answers.nullable(answers.STRING),
        "duration": answers.NUMBER,
    },
    "TaskTime",
)
#: ``{day|week|month|year: {person_id: total}}`` (``time_table``)
TIME_TABLE: answers.Schema = {
    answers.COMPONENT: "TimeTable",
    "type": "object",
    "description": "period number (day, ISO week, month or year) -> person id -> time spent",
    "additionalProperties": {"type": "object", "additionalProperties": answers.NUMBER},
}
#: a day off record (``day_off_rows``)
DAY_OFF_ROW = answers.record_schema(DAY_OFFS)


def number(raw: str, what: str, low: int, high: int) -> int:
    return param_int(what, raw, Range(low, high))


def year_of(raw: str) -> int:
    """A year of the path: one a production's dates may fall in."""
    return param_int("year", raw, YEARS)


def parse_date(raw: str, what: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(raw[:10])
    except (TypeError, ValueError) as exc:
        raise BadRequest(f"The {what} must be a date (YYYY-MM-DD)") from exc


def year_period(year: str) -> Period:
    value = year_of(year)
    return dt.date(value, 1, 1), dt.date(value, 12, 31)


def month_period(year: str, month: str) -> Period:
    y, m = year_of(year), number(month, "month", 1, 12)
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def week_period(year: str, week: str) -> Period:
    y = year_of(year)
    weeks = dt.date(y, 12, 28).isocalendar().week  # 52 or 53
    w = number(week, "week", 1, weeks)
    start = dt.date.fromisocalendar(y, w, 1)
    return start, start + dt.timedelta(days=6)


def iso_year_period(year: str) -> Period:
    """The ISO weeks of a year: from the Monday of week 1 to the Sunday of its last week."""
    y = year_of(year)
    start = dt.date.fromisocalendar(y, 1, 1)
    return start, dt.date.fromisocalendar(y, dt.date(y, 12, 28).isocalendar().week, 7)


def day_period(year: str, month: str, day: str) -> Period:
    start, end = month_period(year, month)
    value = dt.date(start.year, start.month, number(day, "day", 1, end.day))
    return value, value


#: a period named by the path: its segments, and how they are read (400 for a bad one)
PERIOD_PATHS: dict[str, tuple[str, Callable[..., Period]]] = {
    "year": ("year/{year}", year_period),
    "month": ("month/{year}/{month}", month_period),
    "week": ("week/{year}/{week}", week_period),
    "day": ("day/{year}/{month}/{day}", day_period),
}
#: what a period route answers about the person of its path
PeriodAnswer = Callable[[AsyncSession, Loaded, Request, Period], Awaitable[Any]]


def add_period_routes(
    router: APIRouter,
    base: str,
    person: Any,
    answer: dict[str, Any],
    handler: PeriodAnswer,
    *routes: tuple[str, str, str],
) -> None:
    """``<base>/<unit>/...`` routes (``routes``: unit, route name, summary), one per period unit:
    the guard ``person`` loads the person, then ``handler`` answers for the period of the path."""
    for unit, name, summary in routes:
        segments, parse = PERIOD_PATHS[unit]
        endpoint = _period_endpoint(person, parse, handler)
        endpoint.__name__ = name
        endpoint.__doc__ = f"{summary}."
        router.add_api_route(f"{base}/{segments}", endpoint, methods=["GET"], summary=summary, **answer)


def _period_endpoint(person: Any, parse: Callable[..., Period], handler: PeriodAnswer) -> Callable[..., Any]:
    parts = list(inspect.signature(parse).parameters)

    async def endpoint(person: Loaded, request: Request, session: AsyncSession, **path: str) -> JSONResponse:
        period = parse(*(path[part] for part in parts))
        return JSONResponse(await handler(session, person, request, period))

    keyword = inspect.Parameter.KEYWORD_ONLY
    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("person", keyword, annotation=person),
            *(inspect.Parameter(part, keyword, annotation=str) for part in parts),
            inspect.Parameter("request", keyword, annotation=Request),
            inspect.Parameter("session", keyword, annotation=DbSession),
        ]
    )
    return endpoint


def in_period(column: Any, period: Period) -> ColumnElement[bool]:
    return column.between(period[0], period[1])  # type: ignore[no-any-return]


def scope_filters(project_id: uuid.UUID | None, studio_id: uuid.UUID | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if project_id is not None:
        conditions.append(TASK.c.project_id == project_id)
    if studio_id is not None:
        conditions.append(TIME_SPENT.c.person_id.in_(select(PERSON.c.id).where(PERSON.c.studio_id == studio_id)))
    return conditions


async def time_spent_rows(session: AsyncSession, *where: ColumnElement[bool], with_task: bool = False) -> list[Row]:
    """Time spent records (with ``project_id`` and ``task_type_id`` of their task when asked)."""
    extra = (TASK.c.project_id, TASK.c.task_type_id) if with_task else ()
    statement = (
        select(TIME_SPENT, *extra)
        .join(TASK, TASK.c.id == TIME_SPENT.c.task_id)
        .where(*where)
        .order_by(TIME_SPENT.c.date, TIME_SPENT.c.created_at, TIME_SPENT.c.id)
    )
    return typed_rows(await session.execute(statement), "TimeSpent")


async def time_by_task(session: AsyncSession, *where: ColumnElement[bool]) -> list[Row]:
    """The time spent summed per task, with the names a time sheet shows (one query)."""
    statement = (
        select(
            TASK.c.id.label("task_id"),
            TASK.c.task_type_id,
            TASK.c.project_id,
            PROJECT.c.name.label("project_name"),
            ENTITY.c.name.label("entity_name"),
            ENTITY_TYPE.c.name.label("entity_type_name"),
            SEQUENCE.c.name.label("sequence_name"),
            EPISODE.c.name.label("episode_name"),
            func.sum(TIME_SPENT.c.duration).label("duration"),
        )
        .select_from(TIME_SPENT)
        .join(TASK, TASK.c.id == TIME_SPENT.c.task_id)
        .join(PROJECT, PROJECT.c.id == TASK.c.project_id)
        .outerjoin(ENTITY, ENTITY.c.id == TASK.c.entity_id)
        .outerjoin(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
        .outerjoin(SEQUENCE, SEQUENCE.c.id == ENTITY.c.parent_id)
        .outerjoin(EPISODE, EPISODE.c.id == SEQUENCE.c.parent_id)
        .where(*where)
        .group_by(TASK.c.id, PROJECT.c.name, ENTITY.c.name, ENTITY_TYPE.c.name, SEQUENCE.c.name, EPISODE.c.name)
        .order_by(PROJECT.c.name, ENTITY.c.name, TASK.c.id)
    )
    rows = []
    for mapping in (await session.execute(statement)).mappings():
        row = dict(mapping)
        row["duration"] = float(row["duration"] or 0)
        if row["entity_type_name"] != "Shot":  # only a shot sits in a sequence (and an episode)
            row["sequence_name"] = row["episode_name"] = None
        rows.append(row)
    return rows


def bucket(day: dt.date, unit: str) -> int:
    if unit == "day":
        return day.day
    if unit == "week":
        return day.isocalendar().week
    if unit == "month":
        return day.month
    return day.year


async def time_table(session: AsyncSession, unit: str, *where: ColumnElement[bool]) -> dict[str, dict[str, float]]:
    """``{day|week|month|year: {person_id: total}}`` over the matching time spent rows (one query)."""
    statement = (
        select(TIME_SPENT.c.date, TIME_SPENT.c.person_id, func.sum(TIME_SPENT.c.duration))
        .join(TASK, TASK.c.id == TIME_SPENT.c.task_id)
        .where(*where)
        .group_by(TIME_SPENT.c.date, TIME_SPENT.c.person_id)
    )
    table: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for day, person_id, total in (await session.execute(statement)).all():
        table[str(bucket(day, unit))][str(person_id)] += float(total or 0)
    return {key: dict(value) for key, value in sorted(table.items(), key=lambda item: int(item[0]))}


async def day_off_rows(session: AsyncSession, *where: ColumnElement[bool], period: Period | None = None) -> list[Row]:
    """Days off matching ``where`` (overlapping ``period`` when given), in date order."""
    conditions = list(where)
    if period is not None:
        conditions += [DAY_OFF.c.date <= period[1], DAY_OFF.c.end_date >= period[0]]
    statement = select(DAY_OFF).where(*conditions).order_by(DAY_OFF.c.date, DAY_OFF.c.id)
    return typed_rows(await session.execute(statement), "DayOff")


#: how completed tasks are counted, as the reference counts them (``weighted`` when none is given)
COUNT_MODES = frozenset({"done", "weighted", "weighteddone", "feedback"})
DEFAULT_COUNT_MODE = "weighted"
#: the modes that spread a shot over the days its people logged time on its task
WEIGHTED = frozenset({"weighted", "weighteddone"})
