"""Project listings the web app loads: open and all projects, a project's time spents and days off."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select

from tenko.core import answers
from tenko.core.access import MEMBER, Caller
from tenko.core.db import DbSession
from tenko.core.guard import Anyone
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import attach_relations, to_rows
from tenko.domains.projects.descriptor_service import filter_descriptors
from tenko.domains.projects.models import OPEN_STATUS_NAMES, PROJECT, PROJECT_STATUS
from tenko.domains.projects.resources import PROJECTS, project_details
from tenko.domains.projects.schemas import PROJECT_DETAILS

router = api_router(tags=["projects"])
#: what a project carries in /data/projects/all besides its columns (shapes.json)
ALL_EXTRAS = ("project_status_name", "descriptors")
#: an open project: its record and details, but no status name (every one is open)
OPEN_PROJECT = {key: value for key, value in PROJECT_DETAILS.items() if key != "project_status_name"}
ALL_PROJECT = answers.columns_schema(PROJECTS, extra={key: PROJECT_DETAILS[key] for key in ALL_EXTRAS})


def visible_projects(caller: Caller) -> ColumnElement[bool]:
    """Admins see every project; everyone else the projects whose team they are in."""
    return MEMBER.where(caller, PROJECTS)


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
