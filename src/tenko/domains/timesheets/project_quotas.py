"""Shot quotas of a production: the frames, seconds and shots each person completed, per period.

The answer is keyed by person (for one task type) or by task type (for one person), plus
``total``; each entry holds, for ``day``, ``week``, ``month`` and ``year``, the ``frames``,
``seconds`` and ``count`` (shots) per period key (``2024-06-12``, ``2024-23`` (ISO week),
``2024-06``, ``2024``), and ``entries``: how many days (per month), weeks or months (per year)
have any work, which the web app divides by for its averages. Every level is always
returned: the averages of one level need the totals of the coarser one.

``count_mode`` says when a shot counts, as for the per-person quota shots and as the reference
counts: ``weighted`` (default), once its task was sent for review (``end_date``), spread over
the days the person logged time on the task, proportionally to that time (no time logged: it
does not count); ``weighteddone`` likewise once its task is done (``done_date``); ``done`` on
the day its task was done; ``feedback`` on the day it was first sent for review.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from fastapi import Request
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from tenko.core import answers
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, NotFound
from tenko.core.guard import PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.ranges import frame_rate
from tenko.domains.comments.models import COMMENT
from tenko.domains.entities.access import check_may_read_quotas_of
from tenko.domains.entities.models import ENTITY
from tenko.domains.entities.service import kind_condition
from tenko.domains.people.models import PERSON
from tenko.domains.projects.access import MemberProject, StaffProject
from tenko.domains.studio.kinds import SHOT
from tenko.domains.studio.models import TASK_STATUS, TASK_TYPE
from tenko.domains.tasks.models import TASK, TASK_PERSON_LINK, TIME_SPENT
from tenko.domains.timesheets.queries import COUNT_MODES, DEFAULT_COUNT_MODE, WEIGHTED

router = api_router(tags=["shots"])
DETAILS = frozenset({"day", "week", "month", "year"})
MEASURES = ("frames", "seconds", "count")
#: (entry key, day, frames, share of the shot) for one piece of completed work
Credit = tuple[str, dt.date, float, float]
#: per period key, a number (``entries``: how many finer periods have work)
_PERIODS = {"type": "object", "additionalProperties": answers.NUMBER}
_LEVEL = answers.object_of({measure: _PERIODS for measure in (*MEASURES, "entries")})
#: ``{entry id | "total": {day|week|month|year: {frames|seconds|count|entries: {period: n}}}}``
QUOTAS = answers.answer(
    {
        answers.COMPONENT: "ShotQuotas",
        "type": "object",
        "additionalProperties": answers.object_of({level: _LEVEL for level in sorted(DETAILS)}),
    },
    200,
    "Quotas by person or task type, and in total",
)


def period_keys(day: dt.date) -> dict[str, str]:
    iso = day.isocalendar()
    return {"day": day.isoformat(), "week": f"{iso.year}-{iso.week}", "month": f"{day:%Y-%m}", "year": f"{day:%Y}"}


def entries_key(level: str, key: str) -> str | None:
    """The period an ``entries`` count is kept for: a day's month, a week's or a month's year."""
    return {"day": key[:7], "week": key.split("-")[0], "month": key[:4]}.get(level)


def number(value: float) -> float | int:
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


def tally(credits: list[Credit], fps: float) -> dict[str, Any]:
    """Sum the credits per entry (and ``total``), level, measure and period."""
    sums: dict[tuple[str, str, str, str], float] = defaultdict(float)
    for entry, day, frames, share in credits:
        for target in (entry, "total"):
            for level, key in period_keys(day).items():
                sums[(target, level, "frames", key)] += frames
                sums[(target, level, "seconds", key)] += frames / fps
                sums[(target, level, "count", key)] += share
    answer: dict[str, Any] = {}
    for (target, level, measure, key), value in sorted(sums.items()):
        levels = answer.setdefault(target, {lv: {m: {} for m in (*MEASURES, "entries")} for lv in sorted(DETAILS)})
        levels[level][measure][key] = number(value)
        group = entries_key(level, key)
        if measure == "count" and group is not None:
            levels[level]["entries"][group] = levels[level]["entries"].get(group, 0) + 1
    for levels in answer.values():
        del levels["year"]["entries"]
    return answer


def scope_conditions(request: Request) -> list[ColumnElement[bool]]:
    """``episode_id`` (shots of its sequences) and ``studio_id`` (people of the studio) filters."""
    params = request.query_params
    conditions: list[ColumnElement[bool]] = []
    if params.get("episode_id"):
        episode_id = parse_uuid(params["episode_id"], "episode_id")
        conditions.append(ENTITY.c.parent_id.in_(select(ENTITY.c.id).where(ENTITY.c.parent_id == episode_id)))
    if params.get("studio_id"):
        studio_id = parse_uuid(params["studio_id"], "studio_id")
        conditions.append(TASK_PERSON_LINK.c.person_id.in_(select(PERSON.c.id).where(PERSON.c.studio_id == studio_id)))
    return conditions


def count_mode(params: QueryParams) -> str:
    """The ``count_mode`` of the query (``weighted`` without one), or a 400 naming the valid ones."""
    mode = params.get("count_mode") or DEFAULT_COUNT_MODE
    if mode not in COUNT_MODES:
        raise BadRequest(f"count_mode must be one of {', '.join(sorted(COUNT_MODES))}")
    return mode


def detail_mode(request: Request) -> str:
    params = request.query_params
    if params.get("detail") and params["detail"] not in DETAILS:
        raise BadRequest(f"detail must be one of {', '.join(sorted(DETAILS))}")
    return count_mode(params)


def counted_from(mode: str) -> tuple[Any, Any]:
    """When a task's shot counts in this mode (a column or the first review request), and the
    tasks joined to what that moment needs."""
    if mode == "feedback":
        first_review = (
            select(COMMENT.c.object_id, func.min(COMMENT.c.created_at).label("at"))
            .join(TASK_STATUS, TASK_STATUS.c.id == COMMENT.c.task_status_id)
            .where(TASK_STATUS.c.is_feedback_request.is_(True))
            .group_by(COMMENT.c.object_id)
            .subquery()
        )
        return first_review.c.at, TASK.join(first_review, first_review.c.object_id == TASK.c.id)
    moments = {"weighted": TASK.c.end_date, "weighteddone": TASK.c.done_date}
    return moments.get(mode, func.coalesce(TASK.c.done_date, TASK.c.end_date)), TASK


async def logged_time(session: AsyncSession, tasks: Any) -> dict[tuple[Any, Any], list[tuple[dt.date, float]]]:
    """(task, person) -> the days and durations the person logged on the task (one query)."""
    logged: dict[tuple[Any, Any], list[tuple[dt.date, float]]] = defaultdict(list)
    spent = select(TIME_SPENT.c.task_id, TIME_SPENT.c.person_id, TIME_SPENT.c.date, TIME_SPENT.c.duration)
    for task_id, person_id, day, duration in await session.execute(spent.where(TIME_SPENT.c.task_id.in_(tasks))):
        if duration and duration > 0:
            logged[(task_id, person_id)].append((day, float(duration)))
    return logged


async def credits_of(session: AsyncSession, mode: str, by: str, conditions: list[ColumnElement[bool]]) -> list[Credit]:
    """The completed shot work matching the conditions, credited by day (two queries at most)."""
    when, joined = counted_from(mode)
    joined = joined.join(ENTITY, ENTITY.c.id == TASK.c.entity_id).join(
        TASK_PERSON_LINK, TASK_PERSON_LINK.c.task_id == TASK.c.id
    )
    key = TASK_PERSON_LINK.c.person_id if by == "person" else TASK.c.task_type_id
    work = (
        select(TASK.c.id, TASK_PERSON_LINK.c.person_id, key.label("entry"), ENTITY.c.nb_frames, when.label("at"))
        .select_from(joined)
        .where(kind_condition(SHOT), when.isnot(None), *conditions)
    )
    rows = (await session.execute(work)).all()
    if mode not in WEIGHTED or not rows:
        return [(str(entry), as_day(at), float(nb_frames or 0), 1.0) for _, _, entry, nb_frames, at in rows]
    logged = await logged_time(session, select(work.subquery().c.id))
    credits: list[Credit] = []
    for task_id, person_id, entry, nb_frames, _ in rows:
        days = logged.get((task_id, person_id), [])  # no time logged: the shot does not count
        total = sum(duration for _, duration in days)
        credits += [(str(entry), day, float(nb_frames or 0) * d / total, d / total) for day, d in days]
    return credits


def as_day(moment: Any) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


@router.get(
    "/data/projects/{project_id}/quotas/persons/{person_id}",
    summary="Shot quotas of a person in a project, per task type and period",
    **QUOTAS,
)
async def person_quotas(
    person_id: PathId, project: MemberProject, request: Request, session: DbSession
) -> JSONResponse:
    """Shot quotas of a person in a project, per task type and period."""
    found = parse_uuid(person_id, "person id")
    if (await session.execute(select(PERSON.c.id).where(PERSON.c.id == found))).first() is None:
        raise NotFound(f"Person {found} not found")
    check_may_read_quotas_of(project, found)
    mode = detail_mode(request)
    conditions = [TASK.c.project_id == project.id, TASK_PERSON_LINK.c.person_id == found, *scope_conditions(request)]
    return JSONResponse(
        tally(await credits_of(session, mode, "task_type", conditions), frame_rate(project.row.get("fps")))
    )


# after the persons route: /quotas/persons/... is not a task type id
@router.get(
    "/data/projects/{project_id}/quotas/{task_type_id}",
    summary="Shot quotas of a task type in a project, per person and period",
    **QUOTAS,
)
async def task_type_quotas(
    task_type_id: PathId, project: StaffProject, request: Request, session: DbSession
) -> JSONResponse:
    """Shot quotas of a task type in a project, per person and period."""
    type_id = parse_uuid(task_type_id, "task type id")
    if (await session.execute(select(TASK_TYPE.c.id).where(TASK_TYPE.c.id == type_id))).first() is None:
        raise NotFound(f"Task type {type_id} not found")
    mode = detail_mode(request)
    conditions = [TASK.c.project_id == project.id, TASK.c.task_type_id == type_id, *scope_conditions(request)]
    return JSONResponse(
        tally(await credits_of(session, mode, "person", conditions), frame_rate(project.row.get("fps")))
    )
