"""The studio's open tasks: the paged "all tasks" list, per-project progress and a burndown.

All three read the tasks of the open projects the caller reaches (vendors: only the tasks
assigned to them) and accept the same filters as the web app's task pages. Each answer is
built from a fixed number of grouped queries, whatever the number of tasks.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import Request
from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from tenko.core import answers, records
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest
from tenko.core.guard import Anyone
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import MAX_PAGE_LIMIT, attach_relations, paginate, parse_datetime, parse_int, to_rows
from tenko.core.ranges import param_int_for
from tenko.core.resource import Row
from tenko.domains.people.models import PERSON
from tenko.domains.projects.open_projects import in_my_projects, open_project_ids
from tenko.domains.studio.models import TASK_STATUS, TASK_TYPE
from tenko.domains.tasks.models import TASK, TASK_PERSON_LINK
from tenko.domains.tasks.reach import reach
from tenko.domains.tasks.resources import TASKS
from tenko.domains.todo.details import DETAIL_KEYS, add_details, not_done

router = api_router(tags=["tasks"])
DEFAULT_LIMIT = 100
#: the longest burndown answered, in days (ten years)
MAX_BURNDOWN_DAYS = 3660
ID_FILTERS = {
    "project_id": TASK.c.project_id,
    "task_type_id": TASK.c.task_type_id,
    "task_status_id": TASK.c.task_status_id,
}
#: the web app's list names the status and type columns without the ``task_`` prefix
SHORT_NAMES = {
    "status_name": "task_status_name",
    "status_short_name": "task_status_short_name",
    "status_color": "task_status_color",
    "type_name": "task_type_name",
    "type_color": "task_type_color",
}


def id_list(params: QueryParams, key: str) -> list[uuid.UUID]:
    """``?key=a`` or ``?key=a,b`` (the web app joins several people with commas)."""
    raw = params.get(key) or ""
    return [records.parse_id(part.strip(), key) for part in raw.split(",") if part.strip()]


def query_filters(params: QueryParams, dates: bool = True) -> list[ColumnElement[bool]]:
    """The filters of the task pages; ``person_id=unassigned`` keeps the tasks nobody has."""
    conditions: list[ColumnElement[bool]] = [
        column.in_(ids) for key, column in ID_FILTERS.items() if (ids := id_list(params, key))
    ]
    if (params.get("person_id") or "").strip().lower() == "unassigned":
        conditions.append(TASK.c.id.not_in(select(TASK_PERSON_LINK.c.task_id)))
    elif person_ids := id_list(params, "person_id"):
        conditions.append(
            TASK.c.id.in_(select(TASK_PERSON_LINK.c.task_id).where(TASK_PERSON_LINK.c.person_id.in_(person_ids)))
        )
    if department_ids := id_list(params, "department_id"):
        in_departments = select(TASK_TYPE.c.id).where(TASK_TYPE.c.department_id.in_(department_ids))
        conditions.append(TASK.c.task_type_id.in_(in_departments))
    if studio_ids := id_list(params, "studio_id"):
        assigned = (
            select(TASK_PERSON_LINK.c.task_id)
            .join(PERSON, PERSON.c.id == TASK_PERSON_LINK.c.person_id)
            .where(PERSON.c.studio_id.in_(studio_ids))
        )
        conditions.append(TASK.c.id.in_(assigned))
    if priority := params.get("priority"):
        conditions.append(TASK.c.priority == param_int_for(TASK.c.priority, priority))
    if dates:  # the burndown reads start_date/end_date as its period instead
        if (start := parse_datetime("start_date", params.get("start_date"))) is not None:
            conditions.append(TASK.c.start_date >= start)
        if (due := parse_datetime("due_date", params.get("due_date"))) is not None:
            conditions.append(TASK.c.due_date <= due)
    return conditions


_SUMS = {"total_duration": answers.NUMBER, "total_estimation": answers.NUMBER}
STATUS_STATS = answers.object_of(
    {
        "status": answers.list_of(
            answers.object_of({"task_status_id": answers.UUID, "amount": answers.INTEGER, **_SUMS})
        ),
        "total": answers.INTEGER,
        **_SUMS,
    }
)
OPEN_TASK = answers.record_schema(
    TASKS, extra={**DETAIL_KEYS, **{short: DETAIL_KEYS[long] for short, long in SHORT_NAMES.items()}}
)
OPEN_TASKS_PAGE = answers.shape(
    {
        "data": answers.list_of(OPEN_TASK),
        "stats": STATUS_STATS,
        "limit": answers.INTEGER,
        "page": answers.INTEGER,
        "is_more": answers.BOOLEAN,
    }
)
_PROGRESS = {"amount": answers.INTEGER, "amount_done": answers.INTEGER, **_SUMS}
#: per project id: its progress, in all and per task type
PROGRESS_BY_PROJECT = answers.answer(
    {
        answers.COMPONENT: "ProgressByProject",
        "type": "object",
        "additionalProperties": answers.object_of(
            {**_PROGRESS, "task_types": answers.list_of(answers.object_of({"task_type_id": answers.UUID, **_PROGRESS}))}
        ),
    }
)
BURNDOWN = answers.shape(
    {
        "start_date": {"type": "string", "format": "date"},
        "end_date": {"type": "string", "format": "date"},
        "total": answers.INTEGER,
        "total_estimation": answers.NUMBER,
        "done_by_day": answers.list_of(
            answers.object_of(
                {
                    "date": {"type": "string", "format": "date"},
                    "done": answers.INTEGER,
                    "done_estimation": answers.NUMBER,
                }
            )
        ),
    }
)


def reached(caller: Caller) -> ColumnElement[bool]:
    """Tasks of the open projects the caller is in (admins: all open projects; vendors: their tasks)."""
    return in_my_projects(TASK.c.project_id, caller) & reach(caller)


async def reached_projects(session: AsyncSession, caller: Caller) -> list[uuid.UUID]:
    """The open projects the caller is in (admins: every open project)."""
    if caller.is_admin:
        return list((await session.execute(open_project_ids())).scalars())
    return list(caller.project_roles)


def amount(value: Any) -> float:
    return float(value or 0)


async def status_stats(session: AsyncSession, condition: ColumnElement[bool]) -> dict[str, Any]:
    """How many of the listed tasks have each status, and their summed duration and estimation."""
    statement = (
        select(TASK.c.task_status_id, func.count(), func.sum(TASK.c.duration), func.sum(TASK.c.estimation))
        .where(condition)
        .group_by(TASK.c.task_status_id)
    )
    status = [
        {"task_status_id": status_id, "amount": count, "total_duration": amount(d), "total_estimation": amount(e)}
        for status_id, count, d, e in (await session.execute(statement)).all()
    ]
    return {
        "status": status,
        "total": sum(entry["amount"] for entry in status),
        "total_duration": sum(entry["total_duration"] for entry in status),
        "total_estimation": sum(entry["total_estimation"] for entry in status),
    }


@router.get(
    "/data/tasks/open-tasks",
    summary="The open tasks of the open projects, a page at a time, with stats",
    **OPEN_TASKS_PAGE,
)
async def open_tasks(request: Request, session: DbSession, caller: Anyone) -> JSONResponse:
    """The open tasks of the open projects, a page at a time, with stats."""
    params = request.query_params
    page = parse_int("page", params.get("page"), 1, minimum=1) or 1
    limit = min(parse_int("limit", params.get("limit"), DEFAULT_LIMIT, minimum=1) or DEFAULT_LIMIT, MAX_PAGE_LIMIT)
    condition = and_(reached(caller), not_done(), *query_filters(params))
    order = (TASK.c.due_date.nulls_last(), TASK.c.created_at, TASK.c.id)
    statement = select(*TASKS.visible_columns).where(condition).order_by(*order)
    rows = to_rows(TASKS, await session.execute(paginate(statement, page, limit)))
    await attach_relations(session, TASKS, rows)
    await add_details(session, caller, rows)
    for row in rows:
        row.update({short: row.get(long) for short, long in SHORT_NAMES.items()})
    stats = await status_stats(session, condition)
    return JSONResponse(
        {"data": rows, "stats": stats, "limit": limit, "page": page, "is_more": page * limit < stats["total"]}
    )


def progress() -> Row:
    return {"amount": 0, "amount_done": 0, "total_duration": 0.0, "total_estimation": 0.0, "task_types": []}


@router.get(
    "/data/tasks/open-tasks/stats",
    summary="Per open project: its tasks, done tasks, estimation, duration",
    **PROGRESS_BY_PROJECT,
)
async def open_tasks_stats(request: Request, session: DbSession, caller: Anyone) -> JSONResponse:
    """Per open project the caller reaches: task and done-task counts, time, per task type too."""
    done = func.sum(case((TASK_STATUS.c.is_done.is_(True), 1), else_=0))
    statement = (
        select(
            TASK.c.project_id,
            TASK.c.task_type_id,
            func.count(),
            done,
            func.sum(TASK.c.duration),
            func.sum(TASK.c.estimation),
        )
        .join(TASK_STATUS, TASK_STATUS.c.id == TASK.c.task_status_id)
        .where(reached(caller), *query_filters(request.query_params))
        .group_by(TASK.c.project_id, TASK.c.task_type_id)
        .order_by(TASK.c.project_id, TASK.c.task_type_id)
    )
    grouped = (await session.execute(statement)).all()
    result: dict[str, Row] = {str(project_id): progress() for project_id in await reached_projects(session, caller)}
    for project_id, task_type_id, count, count_done, duration, estimation in grouped:
        line = {
            "task_type_id": task_type_id,
            "amount": count,
            "amount_done": int(count_done or 0),
            "total_duration": amount(duration),
            "total_estimation": amount(estimation),
        }
        entry = result.setdefault(str(project_id), progress())
        entry["task_types"].append(line)
        for key in ("amount", "amount_done", "total_duration", "total_estimation"):
            entry[key] += line[key]
    return JSONResponse(result)


def as_date(value: Any) -> dt.date:
    """SQLite's date() answers text, PostgreSQL's a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def period(params: QueryParams, first: dt.date | None, last: dt.date | None) -> tuple[dt.date, dt.date]:
    """The asked period; a missing bound is where the tasks' dates begin or end (or today)."""
    start_at = parse_datetime("start_date", params.get("start_date"))
    end_at = parse_datetime("end_date", params.get("end_date"))
    today = dt.date.today()
    start = start_at.date() if start_at else first or today
    end = end_at.date() if end_at else last or today
    both = start_at is not None and end_at is not None
    if start > end:
        if both:
            raise BadRequest("start_date must not be after end_date")
        start, end = (end, end) if end_at else (start, start)
    if (end - start).days > MAX_BURNDOWN_DAYS:
        if both:
            raise BadRequest(f"The period may last at most {MAX_BURNDOWN_DAYS} days")
        limit = dt.timedelta(days=MAX_BURNDOWN_DAYS)
        start, end = (start, start + limit) if start_at else (end - limit, end)
    return start, end


@router.get(
    "/data/tasks/open-tasks/burndown", summary="Tasks of the open projects done day by day over a period", **BURNDOWN
)
async def open_tasks_burndown(request: Request, session: DbSession, caller: Anyone) -> JSONResponse:
    """Tasks done by each day of the period (cumulative), against the total: what remains is the difference."""
    params = request.query_params
    condition = and_(reached(caller), *query_filters(params, dates=False))
    totals = select(
        func.count(), func.sum(TASK.c.estimation), func.min(TASK.c.start_date), func.max(TASK.c.due_date)
    ).where(condition)
    total, total_estimation, first_start, last_due = (await session.execute(totals)).one()
    day = func.date(func.coalesce(TASK.c.done_date, TASK.c.end_date, TASK.c.updated_at))
    done_statement = (
        select(day, func.count(), func.sum(TASK.c.estimation))
        .join(TASK_STATUS, TASK_STATUS.c.id == TASK.c.task_status_id)
        .where(condition, TASK_STATUS.c.is_done.is_(True))
        .group_by(day)
    )
    done = {as_date(value): (count, amount(e)) for value, count, e in (await session.execute(done_statement)).all()}
    firsts = [d for d in (first_start and first_start.date(), min(done, default=None)) if d]
    lasts = [d for d in (last_due and last_due.date(), max(done, default=None)) if d]
    start, end = period(params, min(firsts, default=None), max(lasts, default=None))
    count = sum(n for d, (n, _) in done.items() if d < start)
    estimation = sum(e for d, (_, e) in done.items() if d < start)
    by_day = []
    for offset in range((end - start).days + 1):
        current = start + dt.timedelta(days=offset)
        n, e = done.get(current, (0, 0.0))
        count, estimation = count + n, estimation + e
        by_day.append({"date": current, "done": count, "done_estimation": estimation})
    return JSONResponse(
        {
            "start_date": start,
            "end_date": end,
            "total": total,
            "total_estimation": amount(total_estimation),
            "done_by_day": by_day,
        }
    )
