"""Who reads which events: admins every one, a project's managers the events of that project.

Studio production managers pass the route guard too: managing no project yet, they read none.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from tenko.core import records
from tenko.core.access import PROJECT_MANAGER, STAFF, Caller, Target
from tenko.core.errors import Forbidden
from tenko.core.guard import parse_uuid
from tenko.domains.events.resources import EVENTS
from tenko.domains.projects.resources import PROJECTS

#: the guard of the event log routes: admins, production managers, the managers of a project
READERS = PROJECT_MANAGER | STAFF
READERS_TEXT = "admins; or global role manager; or project members with role manager (their projects' events)"


async def reach(session: AsyncSession, caller: Caller, params: QueryParams) -> ColumnElement[bool]:
    """The events the caller reads, narrowed to ``project_id`` when given (404/403 on it)."""
    raw_project = params.get("project_id")
    if raw_project:
        project = await records.fetch_row(session, PROJECTS, parse_uuid(raw_project, "project id"))
        if not PROJECT_MANAGER.allows(caller, Target(frozenset({project["id"]}), project)):
            raise Forbidden("Only admins and the project's managers read its events")
        project_id: uuid.UUID = project["id"]
        return EVENTS.table.c.project_id == project_id
    return PROJECT_MANAGER.where(caller, EVENTS)
