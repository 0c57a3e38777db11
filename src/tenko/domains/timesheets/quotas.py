"""Shot quotas: the shots a person's tasks count for over a day, week or month (and their frames)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Request
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, records
from tenko.core.guard import Loaded
from tenko.core.http import api_router
from tenko.core.listing import typed_rows
from tenko.core.resource import Row
from tenko.domains.entities.models import ENTITY
from tenko.domains.people.access import PersonLoader
from tenko.domains.studio.models import ENTITY_TYPE
from tenko.domains.tasks.models import TASK, TASK_PERSON_LINK, TIME_SPENT
from tenko.domains.timesheets import queries as st
from tenko.domains.timesheets.access import quota_reach
from tenko.domains.timesheets.project_quotas import count_mode, counted_from, logged_time
from tenko.domains.timesheets.queries import WEIGHTED

router = api_router(tags=["persons"])
#: a shot a person's task was completed on (``quota_shots``)
QUOTA_SHOT = answers.object_of(
    {
        "id": answers.UUID,
        "name": answers.STRING,
        "nb_frames": answers.nullable(answers.INTEGER),
        "project_id": answers.UUID,
        "sequence_name": answers.nullable(answers.STRING),
        "task_id": answers.UUID,
        "task_type_id": answers.UUID,
        "done_date": answers.DATETIME,
        "weight": answers.NUMBER,
        "type": answers.type_const("Shot"),
    },
    "QuotaShot",
)
QUOTA_SHOTS = answers.answer(answers.list_of(QUOTA_SHOT))
#: a person whose quotas the caller may read: themself, or admins and production managers
QuotasOf = Annotated[Loaded, PersonLoader("see_quotas")]


async def quota_shots(session: AsyncSession, person: Loaded, request: Request, period: st.Period) -> list[Row]:
    """The shots a person's tasks count for in the period (``count_mode`` as for the project
    quotas), each with its ``weight``: 1, or in the weighted modes the share of the person's time
    on the task that was logged in the period."""
    params = request.query_params
    mode = count_mode(params)
    task, entity, sequence = TASK, ENTITY, st.SEQUENCE
    when, joined = counted_from(mode)
    start, end = dt.datetime.combine(period[0], dt.time.min), dt.datetime.combine(period[1], dt.time.max)
    conditions = [
        task.c.id.in_(select(TASK_PERSON_LINK.c.task_id).where(TASK_PERSON_LINK.c.person_id == person.id)),
        ENTITY_TYPE.c.name == "Shot",
        when.isnot(None),
    ]
    if mode in WEIGHTED:
        in_period = TIME_SPENT.c.date.between(period[0], period[1]) & (TIME_SPENT.c.person_id == person.id)
        conditions.append(task.c.id.in_(select(TIME_SPENT.c.task_id).where(in_period)))
    else:
        conditions.append(when.between(start, end))
    conditions += quota_reach(person)
    for key, column in (("project_id", task.c.project_id), ("task_type_id", task.c.task_type_id)):
        if params.get(key):
            conditions.append(column == records.parse_id(params[key], key.replace("_", " ")))
    done_on = func.coalesce(task.c.done_date, task.c.end_date)
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
        .select_from(joined)
        .join(entity, entity.c.id == task.c.entity_id)
        .join(ENTITY_TYPE, ENTITY_TYPE.c.id == entity.c.entity_type_id)
        .outerjoin(sequence, sequence.c.id == entity.c.parent_id)
        .where(*conditions)
        .order_by(done_on, entity.c.name, entity.c.id)
    )
    rows = typed_rows(await session.execute(statement), "Shot")
    if mode not in WEIGHTED:
        return [{**row, "weight": 1} for row in rows]
    logged = await logged_time(session, [row["task_id"] for row in rows])
    for row in rows:
        days = logged.get((row["task_id"], person.id), [])
        inside = sum(duration for day, duration in days if period[0] <= day <= period[1])
        row["weight"] = inside / (sum(duration for _, duration in days) or 1)
    return rows


st.add_period_routes(
    router,
    "/data/persons/{person_id}/quota-shots",
    QuotasOf,
    QUOTA_SHOTS,
    quota_shots,
    ("day", "day_quota_shots", "Shots a person completed on a day"),
    ("week", "week_quota_shots", "Shots a person completed in a week"),
    ("month", "month_quota_shots", "Shots a person completed in a month"),
)
