"""Time sheets of a task: read per person and day, set, add to and delete a person's time of a day."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http, records
from tenko.core.atomic import conflict_insert
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, Forbidden, NotFound
from tenko.core.events import emit
from tenko.core.guard import PathId, guard, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import to_rows
from tenko.core.ranges import Range, Within, within
from tenko.core.resource import Row
from tenko.core.types import new_id, utc_now
from tenko.domains.people.resources import PERSONS
from tenko.domains.tasks.access import CurrentTask, TaskAccess, TaskLoader
from tenko.domains.tasks.models import MAX_MINUTES_A_DAY
from tenko.domains.tasks.resources import TIME_SPENTS, recount_duration

router = api_router(tags=["tasks"])
TIME = TIME_SPENTS.table
#: the minutes a stored time spent may hold (its column's range)
MINUTES = within(TIME.c.duration)


class Duration(BaseModel):
    """The minutes to set."""

    model_config = ConfigDict(extra="ignore")

    duration: Annotated[float, MINUTES]


class AddedDuration(Duration):
    """The minutes to add (taken away when negative); the sum stays in the column's range."""

    duration: Annotated[float, Within(Range(-MAX_MINUTES_A_DAY, MAX_MINUTES_A_DAY), integer=False)]


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise BadRequest(f"Invalid date {value[:20]!r}: expected YYYY-MM-DD") from exc


def keyed(rows: list[Row]) -> dict[str, Any]:
    """Time spents keyed by person id, plus their ``total``."""
    answer: dict[str, Any] = {}
    for row in rows:
        answer.setdefault(str(row["person_id"]), []).append(row)
    answer["total"] = float(sum(row["duration"] for row in rows))
    return answer


#: time sheets are the studio's: clients do not see them
TimeSheetsOf = Annotated[TaskAccess, TaskLoader("time-sheets")]
TIME_SPENT = answers.record_schema(TIME_SPENTS)
#: time spents keyed by person id, with their ``total`` in minutes
BY_PERSON = answers.answer(
    {
        "type": "object",
        "properties": {"total": answers.NUMBER},
        "additionalProperties": answers.list_of(TIME_SPENT),
    }
)


async def read(session: AsyncSession, task: TaskAccess, condition: ColumnElement[bool]) -> JSONResponse:
    statement = select(*TIME_SPENTS.visible_columns).where(TIME.c.task_id == task.id, condition)
    rows = to_rows(TIME_SPENTS, await session.execute(statement.order_by(TIME.c.date, TIME.c.person_id)))
    return JSONResponse(keyed(rows))


@router.get("/actions/tasks/{task_id}/time-spents", summary="The time spent on a task, per person", **BY_PERSON)
async def task_time(task: TimeSheetsOf, session: DbSession) -> JSONResponse:
    """Every time spent on a task, keyed by person, with the total (minutes)."""
    return await read(session, task, TIME.c.id.isnot(None))


@router.get("/actions/tasks/{task_id}/time-spents/{date}", summary="The time spent on a task on a day", **BY_PERSON)
async def task_time_of_day(task: TimeSheetsOf, date: str, session: DbSession) -> JSONResponse:
    """The time spent on a task on one day, keyed by person, with the total (minutes)."""
    return await read(session, task, TIME.c.date == parse_date(date))


@guard(
    "person (from the path): an assignee of the task;"
    " admins and the project's managers log anyone's time, others their own"
)
async def time_logger(task: CurrentTask, person_id: PathId, session: DbSession) -> uuid.UUID:
    """permissions.md: managers log the time of any assignee; others their own, if assigned."""
    person = await records.fetch_row(session, PERSONS, parse_uuid(person_id, "person id"))
    target: uuid.UUID = person["id"]
    if target not in task.assignees:
        raise BadRequest("Time is logged only for the people assigned to the task")
    if not task.is_manager and target != task.caller.id:
        raise Forbidden("You may log only your own time")
    return target


#: the person of the path whose time the caller may log on the task of the path
TimeLogger = Annotated[uuid.UUID, Depends(time_logger)]


def of_day(task: TaskAccess, person: uuid.UUID, day: dt.date) -> tuple[ColumnElement[bool], ...]:
    return TIME.c.task_id == task.id, TIME.c.person_id == person, TIME.c.date == day


async def save(
    session: DbSession, task: TaskAccess, person: uuid.UUID, day: dt.date, minutes: float, add: bool
) -> JSONResponse:
    """Set (or add to) the day's time in one statement: racing calls never lose one another's minutes.

    The row of the day is inserted, or, when it exists (``time_spent_uc``), updated in place: its
    duration becomes ``minutes`` or its own value plus ``minutes``, as the database has it then.
    """
    if minutes <= 0 and not add:
        raise BadRequest("A time spent must be longer than zero minutes")
    now = utc_now()
    new = new_id()
    if minutes > 0:
        statement = conflict_insert(session, TIME).values(
            id=new, task_id=task.id, person_id=person, date=day, duration=minutes, created_at=now, updated_at=now
        )
        duration = TIME.c.duration + statement.excluded.duration if add else statement.excluded.duration
        upsert = statement.on_conflict_do_update(
            index_elements=[TIME.c.person_id, TIME.c.task_id, TIME.c.date],
            set_={"duration": duration, "updated_at": now},
        )
        record_id = (await session.execute(upsert.returning(TIME.c.id))).scalar_one()
    else:  # taking time back: the day keeps more than zero minutes, or nothing changes
        total = TIME.c.duration + minutes
        taking = update(TIME).where(*of_day(task, person, day), total > 0).values(duration=total, updated_at=now)
        record_id = (await session.execute(taking.returning(TIME.c.id))).scalar()
        if record_id is None:  # nothing logged, or nothing left: the day's time would leave its range
            MINUTES.require("duration", 0)
    row = await records.fetch_row(session, TIME_SPENTS, record_id)
    MINUTES.require("duration", row["duration"])  # the sum of an addition (a refusal rolls it back)
    await recount_duration(session, task.id)
    await announce(session, task, "time-spent:new" if record_id == new else "time-spent:update", record_id)
    return JSONResponse(row, status_code=201)


async def announce(session: DbSession, task: TaskAccess, name: str, record_id: uuid.UUID) -> None:
    data = {"time_spent_id": record_id, "task_id": task.id, "project_id": task.project_id}
    await emit(session, name, data, user_id=task.caller.id, project_id=task.project_id)


async def duration_of(request: Request, body: type[Duration] = Duration) -> float:
    return float((await http.json_body(request, body))["duration"])


@router.post(
    "/actions/tasks/{task_id}/time-spents/{date}/persons/{person_id}",
    summary="Set a person's time spent on a task on a day",
    status_code=201,
    **answers.one(TIME_SPENTS, 201),
)
async def set_time(
    task: CurrentTask, date: str, person: TimeLogger, request: Request, session: DbSession
) -> JSONResponse:
    """Set the minutes a person spent on a task on a day."""
    return await save(session, task, person, parse_date(date), await duration_of(request), add=False)


@router.post(
    "/actions/tasks/{task_id}/time-spents/{date}/persons/{person_id}/add",
    summary="Add to a person's time spent on a task on a day",
    status_code=201,
    **answers.one(TIME_SPENTS, 201),
)
async def add_time(
    task: CurrentTask, date: str, person: TimeLogger, request: Request, session: DbSession
) -> JSONResponse:
    """Add minutes to what a person already logged on a task on a day."""
    minutes = await duration_of(request, AddedDuration)
    return await save(session, task, person, parse_date(date), minutes, add=True)


@router.delete(
    "/actions/tasks/{task_id}/time-spents/{date}/persons/{person_id}",
    summary="Delete a person's time spent on a task on a day",
    status_code=201,
    **answers.one(TIME_SPENTS, 201),
)
async def delete_time(task: CurrentTask, date: str, person: TimeLogger, session: DbSession) -> JSONResponse:
    """Delete a person's time of a day on a task; answers the removed record (as the reference does)."""
    statement = delete(TIME).where(*of_day(task, person, parse_date(date)))
    removed = to_rows(TIME_SPENTS, await session.execute(statement.returning(*TIME_SPENTS.visible_columns)))
    if not removed:  # never logged, or removed by a call that raced this one
        raise NotFound("No time spent logged for this person on this day")
    await recount_duration(session, task.id)
    await announce(session, task, "time-spent:delete", removed[0]["id"])
    return JSONResponse(removed[0], status_code=201)
