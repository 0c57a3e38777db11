"""The team schedule's span of each person: their first task start and last task due date.

Production staff (admins, managers, supervisors) see the dates of the tasks of their projects
and, for the same people, the anonymous periods they are busy elsewhere (permissions.md:
"supervisors see their own projects' dates plus anonymous busy periods of others").
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Annotated, Any

from fastapi import Request
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.guard import requires
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.domains.people.models import PERSON
from tenko.domains.projects.models import PROJECT_PERSON_LINK
from tenko.domains.projects.open_projects import open_project_ids
from tenko.domains.tasks.models import TASK, TASK_PERSON_LINK
from tenko.domains.timesheets.access import SCHEDULER, scheduled_projects, sees_every_project

router = api_router(tags=["persons"])
#: production staff: admins, managers and supervisors (globally or in a project's team)
Scheduler = Annotated[Caller, requires(SCHEDULER)]
PERIOD = answers.object_of({"start_date": answers.DATETIME, "end_date": answers.DATETIME})
SPAN = answers.object_of(
    {
        "person_id": answers.UUID,
        "min_date": answers.nullable(answers.DATETIME),
        "max_date": answers.nullable(answers.DATETIME),
        "busy_periods": answers.list_of(PERIOD),
    },
    "PersonTaskDates",
)


def merged(periods: list[tuple[dt.datetime, dt.datetime]]) -> list[Row]:
    """Overlapping periods as one: only when someone is busy shows, not on what."""
    spans: list[list[dt.datetime]] = []
    for start, end in sorted((min(a, b), max(a, b)) for a, b in periods):
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return [{"start_date": start, "end_date": end} for start, end in spans]


async def busy_elsewhere(
    session: AsyncSession, caller: Caller, people: ColumnElement[bool], reach: Select[Any] | list[uuid.UUID]
) -> dict[Any, list[Row]]:
    """The dated tasks these people have in the open projects outside ``reach``, as periods."""
    if sees_every_project(caller):
        return {}
    statement = (
        select(TASK_PERSON_LINK.c.person_id, TASK.c.start_date, TASK.c.due_date)
        .join(TASK, TASK.c.id == TASK_PERSON_LINK.c.task_id)
        .where(
            people,
            TASK.c.project_id.in_(open_project_ids()),
            TASK.c.project_id.not_in(reach),
            TASK.c.start_date.isnot(None),
            TASK.c.due_date.isnot(None),
        )
    )
    periods: dict[Any, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for person_id, start, due in (await session.execute(statement)).all():
        periods[person_id].append((start, due))
    return {person_id: merged(found) for person_id, found in periods.items()}


@router.get(
    "/data/persons/task-dates",
    summary="Each person's first task start and last task due date",
    **answers.answer(answers.list_of(SPAN)),
)
async def persons_task_dates(request: Request, session: DbSession, caller: Scheduler) -> JSONResponse:
    """Each active person's first task start and last due date in the caller's projects (?project_id)."""
    reach = scheduled_projects(caller, request.query_params.get("project_id"))
    people: ColumnElement[bool] = PERSON.c.active.isnot(False)
    if isinstance(reach, list):  # the team of the projects asked about (admins without ?project_id: everyone)
        people = people & PERSON.c.id.in_(
            select(PROJECT_PERSON_LINK.c.person_id).where(PROJECT_PERSON_LINK.c.project_id.in_(reach))
        )
    dated = (
        select(TASK_PERSON_LINK.c.person_id, TASK.c.start_date, TASK.c.due_date)
        .join(TASK, TASK.c.id == TASK_PERSON_LINK.c.task_id)
        .where(TASK.c.project_id.in_(reach))
        .subquery()
    )
    statement = (
        select(PERSON.c.id, func.min(dated.c.start_date), func.max(dated.c.due_date))
        .outerjoin(dated, dated.c.person_id == PERSON.c.id)
        .where(people)
        .group_by(PERSON.c.id, PERSON.c.first_name, PERSON.c.last_name)
        .order_by(PERSON.c.first_name, PERSON.c.last_name, PERSON.c.id)
    )
    spans = (await session.execute(statement)).all()
    busy = await busy_elsewhere(
        session, caller, TASK_PERSON_LINK.c.person_id.in_(select(PERSON.c.id).where(people)), reach
    )
    return JSONResponse(
        [
            {"person_id": person_id, "min_date": first, "max_date": last, "busy_periods": busy.get(person_id, [])}
            for person_id, first, last in spans
        ]
    )
