"""Presence: desktop login logs (per person and for the caller), monthly presence sheets (CSV), shot quotas."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from tenko.core import answers, http, records
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest
from tenko.core.guard import Loaded, Myself, StaffCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.model import table_of
from tenko.core.resource import Row
from tenko.core.types import new_id, utc_now
from tenko.domains.people import service_time as st
from tenko.domains.people.access import PersonLoader, quota_reach
from tenko.domains.people.models import DesktopLoginLog, LoginLog
from tenko.domains.people.resources import PERSONS, full_name
from tenko.domains.tasks.models import TaskPersonLink
from tenko.domains.user.common import nullable, table_schema

router = APIRouter(tags=["persons"])
DESKTOP_LOG = table_of(DesktopLoginLog)
LOGIN_LOG = table_of(LoginLog)
PERSON = PERSONS.table
TASK_LINK = table_of(TaskPersonLink)
COUNT_MODES = frozenset({"done", "weighted", "weigthed", "feedback"})
DESKTOP_LOG_ROW = table_schema(DESKTOP_LOG, "DesktopLoginLog")
#: a shot a person's task was completed on (``quota_shots``)
QUOTA_SHOT = answers.object_of(
    {
        "id": answers.UUID,
        "name": answers.STRING,
        "nb_frames": nullable(answers.INTEGER),
        "project_id": answers.UUID,
        "sequence_name": nullable(answers.STRING),
        "task_id": answers.UUID,
        "task_type_id": answers.UUID,
        "done_date": answers.DATETIME,
        "type": {"type": "string", "const": "Shot"},
    },
    "QuotaShot",
)
QUOTA_SHOTS = answers.answer(answers.list_of(QUOTA_SHOT))
#: a person whose presence the caller may read: themself, or admins and production managers
PresenceOf = Annotated[Loaded, PersonLoader("see_presence")]
#: a person whose quotas the caller may read: themself, or admins and production managers
QuotasOf = Annotated[Loaded, PersonLoader("see_quotas")]


class DesktopLogBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    date: dt.datetime | None = None


async def desktop_logs(session: AsyncSession, person_id: uuid.UUID) -> list[Row]:
    statement = select(DESKTOP_LOG).where(DESKTOP_LOG.c.person_id == person_id).order_by(DESKTOP_LOG.c.date.desc())
    return [dict(row, type="DesktopLoginLog") for row in (await session.execute(statement)).mappings()]


async def log_desktop_login(session: AsyncSession, person_id: uuid.UUID, body: dict[str, Any]) -> Row:
    """Record a desktop login (now, or the given date) and the person's last presence."""
    date = http.validate(DesktopLogBody, body).get("date") or utc_now()
    date = date.astimezone(dt.UTC).replace(tzinfo=None) if date.tzinfo else date
    log_id = new_id()
    await session.execute(insert(DESKTOP_LOG).values(id=log_id, person_id=person_id, date=date))
    await session.execute(update(PERSON).where(PERSON.c.id == person_id).values(last_presence=date.date()))
    row = (await session.execute(select(DESKTOP_LOG).where(DESKTOP_LOG.c.id == log_id))).mappings().one()
    return dict(row, type="DesktopLoginLog")


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


@router.get(
    "/data/user/desktop-login-logs",
    summary="The caller's desktop logins, newest first",
    **answers.answer(answers.list_of(DESKTOP_LOG_ROW)),
)
async def user_desktop_logs(session: DbSession, caller: Myself) -> JSONResponse:
    """The caller's desktop logins, newest first."""
    return JSONResponse(await desktop_logs(session, caller.id))


@router.post(
    "/data/user/desktop-login-logs",
    summary="Record a desktop login of the caller",
    status_code=201,
    **answers.answer(DESKTOP_LOG_ROW, 201),
)
async def add_user_desktop_log(request: Request, session: DbSession, caller: Myself) -> JSONResponse:
    """Record a desktop login of the caller."""
    body = await http.json_object(request, optional=True)
    return JSONResponse(await log_desktop_login(session, caller.id, body), status_code=201)


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
    for table, column in ((DESKTOP_LOG, DESKTOP_LOG.c.date), (LOGIN_LOG, LOGIN_LOG.c.created_at)):
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
async def presence_logs(month_date: str, session: DbSession, caller: StaffCaller) -> Response:
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


async def quota_shots(session: AsyncSession, person: Loaded, request: Request, period: st.Period) -> list[Row]:
    """The shots a person's tasks were completed on in the period, with the frames they count for."""
    person_id = person.id
    params = request.query_params
    mode = params.get("count_mode") or "done"
    if mode not in COUNT_MODES:
        raise BadRequest(f"count_mode must be one of {', '.join(sorted(COUNT_MODES - {'weigthed'}))}")
    task, entity, sequence = st.TASK, st.ENTITY, st.SEQUENCE
    done_on = func.coalesce(task.c.done_date, task.c.end_date)
    conditions = [
        task.c.id.in_(select(TASK_LINK.c.task_id).where(TASK_LINK.c.person_id == person_id)),
        st.ENTITY_TYPE.c.name == "Shot",
        done_on.between(dt.datetime.combine(period[0], dt.time.min), dt.datetime.combine(period[1], dt.time.max)),
    ]
    conditions += quota_reach(person)
    for key, column in (("project_id", task.c.project_id), ("task_type_id", task.c.task_type_id)):
        if params.get(key):
            conditions.append(column == records.parse_id(params[key], key.replace("_", " ")))
    statement = (
        select(
            entity.c.id,
            entity.c.name,
            entity.c.nb_frames,
            entity.c.project_id,
            sequence.c.name.label("sequence_name"),
            task.c.id.label("task_id"),
            task.c.task_type_id,
            done_on.label("done_date"),
        )
        .select_from(task)
        .join(entity, entity.c.id == task.c.entity_id)
        .join(st.ENTITY_TYPE, st.ENTITY_TYPE.c.id == entity.c.entity_type_id)
        .outerjoin(sequence, sequence.c.id == entity.c.parent_id)
        .where(*conditions)
        .order_by(done_on, entity.c.name, entity.c.id)
    )
    return [dict(row, type="Shot") for row in (await session.execute(statement)).mappings()]


@router.get(
    "/data/persons/{person_id}/quota-shots/day/{year}/{month}/{day}",
    summary="Shots a person completed on a day",
    **QUOTA_SHOTS,
)
async def day_quota_shots(
    person: QuotasOf, year: str, month: str, day: str, request: Request, session: DbSession
) -> JSONResponse:
    """Shots a person completed on a day."""
    return JSONResponse(await quota_shots(session, person, request, st.day_period(year, month, day)))


@router.get(
    "/data/persons/{person_id}/quota-shots/week/{year}/{week}",
    summary="Shots a person completed in a week",
    **QUOTA_SHOTS,
)
async def week_quota_shots(
    person: QuotasOf, year: str, week: str, request: Request, session: DbSession
) -> JSONResponse:
    """Shots a person completed in a week."""
    return JSONResponse(await quota_shots(session, person, request, st.week_period(year, week)))


@router.get(
    "/data/persons/{person_id}/quota-shots/month/{year}/{month}",
    summary="Shots a person completed in a month",
    **QUOTA_SHOTS,
)
async def month_quota_shots(
    person: QuotasOf, year: str, month: str, request: Request, session: DbSession
) -> JSONResponse:
    """Shots a person completed in a month."""
    return JSONResponse(await quota_shots(session, person, request, st.month_period(year, month)))
