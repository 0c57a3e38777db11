"""A project's time spents and days off (its staff see the whole team's, others their own)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import Request
from sqlalchemy import select

from tenko.core import answers
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest
from tenko.core.guard import PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import typed_rows
from tenko.core.resource import Row
from tenko.domains.people.models import DAY_OFF
from tenko.domains.projects.access import MemberProject, team_reach
from tenko.domains.projects.models import PROJECT_PERSON_LINK
from tenko.domains.tasks.models import TASK, TIME_SPENT

router = api_router(tags=["projects"])
TIME_SPENT_ROW = answers.table_schema(TIME_SPENT, "TimeSpent")
DAY_OFF_ROW = answers.table_schema(DAY_OFF, "DayOff")


def date_param(request: Request, name: str) -> dt.date | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError as exc:
        raise BadRequest(f"{name} must be a date (YYYY-MM-DD)") from exc


def by_person(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(str(row["person_id"]), []).append(row)
    return grouped


async def project_time_spents(
    session: DbSession, project: MemberProject, request: Request, task_type_id: uuid.UUID | None = None
) -> list[Row]:
    """Time spent on the project's tasks; artists, clients and vendors see their own only."""
    conditions: list[Any] = [TASK.c.project_id == project.id]
    if task_type_id is not None:
        conditions.append(TASK.c.task_type_id == task_type_id)
    conditions.extend(team_reach(project, TIME_SPENT.c.person_id))
    start, end = date_param(request, "start_date"), date_param(request, "end_date")
    if start is not None:
        conditions.append(TIME_SPENT.c.date >= start)
    if end is not None:
        conditions.append(TIME_SPENT.c.date <= end)
    statement = (
        select(TIME_SPENT)
        .join(TASK, TASK.c.id == TIME_SPENT.c.task_id)
        .where(*conditions)
        .order_by(TIME_SPENT.c.date, TIME_SPENT.c.id)
    )
    return typed_rows(await session.execute(statement), "TimeSpent")


@router.get(
    "/data/projects/{project_id}/time-spents",
    summary="List the time spent on a project's tasks",
    **answers.answer(answers.list_of(TIME_SPENT_ROW)),
)
async def time_spents(project: MemberProject, request: Request, session: DbSession) -> JSONResponse:
    return JSONResponse(await project_time_spents(session, project, request))


@router.get(
    "/data/projects/{project_id}/task-types/{task_type_id}/time-spents",
    summary="Time spent on the tasks of one task type of a project, by person",
    **answers.answer(answers.keyed_by("person_id", answers.list_of(TIME_SPENT_ROW), "TimeSpentsByPerson")),
)
async def task_type_time_spents(
    project: MemberProject, task_type_id: PathId, request: Request, session: DbSession
) -> JSONResponse:
    type_id = parse_uuid(task_type_id, "task type id")
    return JSONResponse(by_person(await project_time_spents(session, project, request, type_id)))


@router.get(
    "/data/projects/{project_id}/day-offs",
    summary="The days off of a project's team, by person",
    **answers.answer(answers.keyed_by("person_id", answers.list_of(DAY_OFF_ROW), "DayOffsByPerson")),
)
async def day_offs(project: MemberProject, request: Request, session: DbSession) -> JSONResponse:
    conditions: list[Any] = [PROJECT_PERSON_LINK.c.project_id == project.id, *team_reach(project, DAY_OFF.c.person_id)]
    start, end = date_param(request, "start_date"), date_param(request, "end_date")
    if start is not None:
        conditions.append(DAY_OFF.c.end_date >= start)  # overlapping the period
    if end is not None:
        conditions.append(DAY_OFF.c.date <= end)
    statement = (
        select(DAY_OFF)
        .join(PROJECT_PERSON_LINK, PROJECT_PERSON_LINK.c.person_id == DAY_OFF.c.person_id)
        .where(*conditions)
        .order_by(DAY_OFF.c.date, DAY_OFF.c.id)
    )
    rows = typed_rows(await session.execute(statement), "DayOff")
    return JSONResponse(by_person(rows))
