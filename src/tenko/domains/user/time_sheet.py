"""The caller's own time sheet and days off."""

from __future__ import annotations

from fastapi import Request

from tenko.core import answers
from tenko.core.db import DbSession
from tenko.core.errors import NotFound
from tenko.core.guard import Myself
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.domains.people.models import DAY_OFF
from tenko.domains.tasks.access import CurrentTask
from tenko.domains.tasks.models import TIME_SPENT
from tenko.domains.timesheets import queries as st
from tenko.domains.timesheets.queries import DAY_OFF_ROW, TIME_SPENT_ROW, TIME_SPENT_WITH_TASK

router = api_router(tags=["user"])


@router.get(
    "/data/user/time-spents",
    summary="The caller's time spents (?start_date, ?end_date)",
    **answers.answer(answers.list_of(TIME_SPENT_WITH_TASK)),
)
async def user_time_spents(request: Request, session: DbSession, caller: Myself) -> JSONResponse:
    """The caller's time spents (?start_date, ?end_date)."""
    conditions = [TIME_SPENT.c.person_id == caller.id]
    params = request.query_params
    if params.get("start_date"):
        conditions.append(TIME_SPENT.c.date >= st.parse_date(params["start_date"], "start_date"))
    if params.get("end_date"):
        conditions.append(TIME_SPENT.c.date <= st.parse_date(params["end_date"], "end_date"))
    return JSONResponse(await st.time_spent_rows(session, *conditions, with_task=True))


@router.get(
    "/data/user/time-spents/{date}",
    summary="The caller's time spents on a date",
    **answers.answer(answers.list_of(TIME_SPENT_ROW)),
)
async def user_date_time_spents(date: str, session: DbSession, caller: Myself) -> JSONResponse:
    """The caller's time spents on a date."""
    day = st.parse_date(date)
    rows = await st.time_spent_rows(session, TIME_SPENT.c.person_id == caller.id, TIME_SPENT.c.date == day)
    return JSONResponse(rows)


@router.get(
    "/data/user/tasks/{task_id}/time-spents/{date}",
    summary="The caller's time spent on a task on a date",
    **answers.answer(TIME_SPENT_ROW),
)
async def user_task_time_spent(task: CurrentTask, date: str, session: DbSession, caller: Myself) -> JSONResponse:
    """The caller's time spent on a task on a date."""
    day = st.parse_date(date)
    mine = (TIME_SPENT.c.person_id == caller.id, TIME_SPENT.c.task_id == task.id, TIME_SPENT.c.date == day)
    rows = await st.time_spent_rows(session, *mine)
    if not rows:
        raise NotFound(f"No time spent on this task on {day.isoformat()}")
    return JSONResponse(rows[0])


@router.get(
    "/data/user/day-offs/{date}",
    summary="The caller's day off covering a date ({} when none)",
    **answers.answer({"anyOf": [DAY_OFF_ROW, {"type": "object", "maxProperties": 0}]}),
)
async def user_day_off(date: str, session: DbSession, caller: Myself) -> JSONResponse:
    """The caller's day off covering a date ({} when none)."""
    day = st.parse_date(date)
    rows = await st.day_off_rows(session, DAY_OFF.c.person_id == caller.id, period=(day, day))
    return JSONResponse(rows[0] if rows else {})
