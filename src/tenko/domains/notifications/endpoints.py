"""A project's notifications and subscriptions: everyone's for its managers, one's own for other members."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy import ColumnElement, or_, select, true
from starlette.datastructures import QueryParams

from tenko.core import answers
from tenko.core.db import DbSession
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import filtered_rows
from tenko.core.resource import Resource
from tenko.domains.entities.models import ENTITY
from tenko.domains.notifications.resources import NOTIFICATIONS
from tenko.domains.playlists.models import PLAYLIST
from tenko.domains.projects.access import MemberProject, ProjectAccess
from tenko.domains.tasks.models import TASK
from tenko.domains.tasks.reach import reach
from tenko.domains.tasks.resources import SUBSCRIPTIONS

router = api_router(tags=["tasks"])


def visible_to(project: ProjectAccess, resource: Resource) -> ColumnElement[bool]:
    """Managers see the whole project's rows; other members only their own (they are personal)."""
    return true() if project.is_manager else resource.table.c.person_id == project.caller.id


async def listed(
    session: DbSession, resource: Resource, project: ProjectAccess, params: QueryParams, *where: Any, pages: bool
) -> JSONResponse:
    """The rows, filtered (and with ``pages``, paged) by the query as the generic list of the resource."""
    table = resource.table
    statement = select(*resource.visible_columns).where(*where).order_by(table.c.created_at, table.c.id)
    rows, paging, total = await filtered_rows(session, resource, statement, params, project.caller, pages=pages)
    return JSONResponse(paging.answer(rows, total))


@router.get(
    "/data/projects/{project_id}/notifications",
    summary="The notifications about a project",
    **answers.many_or_page(NOTIFICATIONS),
)
async def project_notifications(project: MemberProject, request: Request, session: DbSession) -> JSONResponse:
    """The notifications about a project's tasks and playlists (non-managers: their own; vendors:
    about the tasks still assigned to them); paged as the reference's sync reads them."""
    table = NOTIFICATIONS.table
    tasks = select(TASK.c.id).where(TASK.c.project_id == project.id, reach(project.caller))
    playlists = select(PLAYLIST.c.id).where(PLAYLIST.c.project_id == project.id)
    about = or_(table.c.task_id.in_(tasks), table.c.playlist_id.in_(playlists))
    visible = visible_to(project, NOTIFICATIONS)
    return await listed(session, NOTIFICATIONS, project, request.query_params, about, visible, pages=True)


@router.get(
    "/data/projects/{project_id}/subscriptions",
    summary="The subscriptions to a project's tasks",
    **answers.many(SUBSCRIPTIONS),
)
async def project_subscriptions(project: MemberProject, request: Request, session: DbSession) -> JSONResponse:
    """Subscriptions to a project's tasks and to its entities' task types (non-managers: their own)."""
    table = SUBSCRIPTIONS.table
    tasks = select(TASK.c.id).where(TASK.c.project_id == project.id)
    entities = select(ENTITY.c.id).where(ENTITY.c.project_id == project.id)
    about = or_(table.c.task_id.in_(tasks), table.c.entity_id.in_(entities))
    visible = visible_to(project, SUBSCRIPTIONS)  # a plain list, whatever ``page``, as the reference
    return await listed(session, SUBSCRIPTIONS, project, request.query_params, about, visible, pages=False)
