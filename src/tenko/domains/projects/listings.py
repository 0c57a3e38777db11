"""Project listings the web app loads: open and all projects, a project's time spents and days off."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import Request
from sqlalchemy import ColumnElement, select

from tenko.core import answers
from tenko.core.access import MEMBER, Caller
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest
from tenko.core.guard import Anyone, PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import attach_relations, to_rows
from tenko.core.resource import Row, table_of
from tenko.domains.people.models import DayOff
from tenko.domains.projects import descriptor_service
from tenko.domains.projects.access import MemberProject, team_reach
from tenko.domains.projects.models import OPEN_STATUS_NAMES, ProjectPersonLink
from tenko.domains.projects.resources import PROJECT, PROJECT_STATUS, PROJECTS, project_details
from tenko.domains.projects.schemas import PROJECT_DETAILS
from tenko.domains.tasks.models import Task, TimeSpent

router = api_router(tags=["projects"])
TASK = table_of(Task)
TIME_SPENT = table_of(TimeSpent)
DAY_OFF = table_of(DayOff)
TEAM = table_of(ProjectPersonLink)
#: what a project carries in /data/projects/all besides its columns (shapes.json)
ALL_EXTRAS = ("project_status_name", "descriptors")
#: an open project: its record and details, but no status name (every one is open)
OPEN_PROJECT = {key: value for key, value in PROJECT_DETAILS.items() if key != "project_status_name"}
ALL_PROJECT = answers.columns_schema(PROJECTS, extra={key: PROJECT_DETAILS[key] for key in ALL_EXTRAS})
TIME_SPENT_ROW = answers.table_schema(TIME_SPENT, "TimeSpent")
DAY_OFF_ROW = answers.table_schema(DAY_OFF, "DayOff")


def visible_projects(caller: Caller) -> ColumnElement[bool]:
    """Admins see every project; everyone else the projects whose team they are in."""
    return MEMBER.where(caller, PROJECTS)


def filter_descriptors(caller: Caller, rows: list[Row]) -> None:
    for row in rows:
        role = caller.role_in(row["id"])
        row["descriptors"] = [d for d in row["descriptors"] if descriptor_service.visible_to(caller, role, d)]


@router.get(
    "/data/projects/open",
    summary="List the open projects the caller may see, with their settings",
    **answers.many(PROJECTS, extra=OPEN_PROJECT),
)
async def open_projects(session: DbSession, caller: Anyone) -> JSONResponse:
    statement = (
        select(*PROJECTS.visible_columns)
        .join(PROJECT_STATUS, PROJECT_STATUS.c.id == PROJECT.c.project_status_id)
        .where(PROJECT_STATUS.c.name.in_(OPEN_STATUS_NAMES), visible_projects(caller))
        .order_by(PROJECT.c.name)
    )
    rows = to_rows(PROJECTS, await session.execute(statement))
    if rows:
        await attach_relations(session, PROJECTS, rows)
        await project_details(session, caller, rows)
        filter_descriptors(caller, rows)
        for row in rows:
            row.pop("project_status_name", None)  # every one is open: the reference leaves it out
    return JSONResponse(rows)


@router.get(
    "/data/projects/all",
    summary="List every project the caller may see, with its status name",
    **answers.answer(answers.list_of(ALL_PROJECT)),
)
async def all_projects(session: DbSession, caller: Anyone) -> JSONResponse:
    statement = select(*PROJECTS.visible_columns).where(visible_projects(caller)).order_by(PROJECT.c.name)
    rows = to_rows(PROJECTS, await session.execute(statement))
    if rows:
        await project_details(session, caller, rows)
        filter_descriptors(caller, rows)
        columns = set(PROJECT.c.keys()) | {"type", *ALL_EXTRAS}
        rows = [{key: value for key, value in row.items() if key in columns} for row in rows]
    return JSONResponse(rows)


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
    return [dict(row, type="TimeSpent") for row in (await session.execute(statement)).mappings()]


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
    conditions: list[Any] = [TEAM.c.project_id == project.id, *team_reach(project, DAY_OFF.c.person_id)]
    start, end = date_param(request, "start_date"), date_param(request, "end_date")
    if start is not None:
        conditions.append(DAY_OFF.c.end_date >= start)  # overlapping the period
    if end is not None:
        conditions.append(DAY_OFF.c.date <= end)
    statement = (
        select(DAY_OFF)
        .join(TEAM, TEAM.c.person_id == DAY_OFF.c.person_id)
        .where(*conditions)
        .order_by(DAY_OFF.c.date, DAY_OFF.c.id)
    )
    rows = [dict(row, type="DayOff") for row in (await session.execute(statement)).mappings()]
    return JSONResponse(by_person(rows))
