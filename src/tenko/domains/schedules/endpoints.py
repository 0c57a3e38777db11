"""A project's schedule items and milestones as whole lists (the Gantt pages and the reference's sync read them)."""

from __future__ import annotations

from sqlalchemy import select

from tenko.core import answers
from tenko.core.db import DbSession
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import to_rows
from tenko.domains.projects.access import MemberProject
from tenko.domains.schedules.resources import MILESTONES, SCHEDULE_ITEMS

router = api_router(tags=["schedules"])
SCHEDULE_ITEM = SCHEDULE_ITEMS.table
MILESTONE = MILESTONES.table
#: a milestone as the project's list gives it: no timestamps nor type, as the reference
MILESTONE_KEYS = ("id", "date", "name", "project_id", "task_type_id")
LISTED_MILESTONES = answers.answer(
    answers.list_of(
        answers.object_of({key: answers.column_schema(MILESTONE.c[key]) for key in MILESTONE_KEYS}, "ProjectMilestone")
    )
)


@router.get(
    "/data/projects/{project_id}/schedule-items",
    summary="Every schedule item of a project",
    **answers.many(SCHEDULE_ITEMS),
)
async def project_schedule_items(project: MemberProject, session: DbSession) -> JSONResponse:
    """Every schedule item of the project (task types, and their episodes, sequences, asset types...),
    oldest first; a whole list whatever ``page``, as the reference answers it."""
    statement = (
        select(SCHEDULE_ITEM)
        .where(SCHEDULE_ITEM.c.project_id == project.id)
        .order_by(SCHEDULE_ITEM.c.created_at, SCHEDULE_ITEM.c.id)
    )
    return JSONResponse(to_rows(SCHEDULE_ITEMS, await session.execute(statement)))


@router.get("/data/projects/{project_id}/milestones", summary="The milestones of a project", **LISTED_MILESTONES)
async def project_milestones(project: MemberProject, session: DbSession) -> JSONResponse:
    """The project's milestones, oldest first, with their date, name and task type."""
    statement = (
        select(*(MILESTONE.c[key] for key in MILESTONE_KEYS))
        .where(MILESTONE.c.project_id == project.id)
        .order_by(MILESTONE.c.created_at, MILESTONE.c.id)
    )
    return JSONResponse([dict(row) for row in (await session.execute(statement)).mappings()])
