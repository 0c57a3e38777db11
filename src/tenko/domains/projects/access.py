"""Loading a project from the path and authorising the caller on it, plus small shared helpers.

Every hand-written project route depends on one of these aliases, so the project is resolved
and the caller's role *in that project* is known before any handler code runs (404 for an
unknown id, 403 for a non-member or a role that may not act).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.deps import Context
from tenko.core import http, records
from tenko.core.access import Caller, Role
from tenko.core.db import DbSession
from tenko.core.errors import Forbidden, NotFound, validation_error
from tenko.core.events import events_of
from tenko.core.guard import CurrentCaller
from tenko.core.resource import Row
from tenko.domains.projects.resources import PROJECTS

#: roles that change a project's settings, team and breakdown (admins pass everywhere)
MANAGING_ROLES = frozenset({Role.ADMIN, Role.MANAGER})
#: roles that see the whole team's time and days off in a project
STAFF_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.SUPERVISOR})
#: an integer that fits the INTEGER columns (priorities, positions, bitrates)
Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
#: a role a task status column is shown to on the board
BoardRole = Literal["user", "admin", "supervisor", "manager", "client", "vendor"]


class ActionBody(BaseModel):
    """A small hand-written request body: unknown keys are refused, like the CRUD bodies."""

    model_config = ConfigDict(extra="forbid")


@dataclass
class ProjectAccess:
    """A project the caller may act on, with the caller's effective role in it."""

    row: Row
    caller: Caller
    role: Role

    @property
    def id(self) -> uuid.UUID:
        project_id: uuid.UUID = self.row["id"]
        return project_id

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGING_ROLES

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


async def load_project(session: AsyncSession, project_id: str) -> Row:
    return await records.fetch_row(session, PROJECTS, records.parse_id(project_id, "project id"))


async def member_project(project_id: str, session: DbSession, caller: CurrentCaller) -> ProjectAccess:
    row = await load_project(session, project_id)
    role = caller.role_in(row["id"])
    if role is None:
        raise Forbidden("You are not a member of the team of this project")
    return ProjectAccess(row, caller, role)


async def managed_project(project_id: str, session: DbSession, caller: CurrentCaller) -> ProjectAccess:
    access = await member_project(project_id, session, caller)
    if not access.is_manager:
        raise Forbidden("Only the managers of this project may change it")
    return access


#: a project whose team the caller is in
MemberProject = Annotated[ProjectAccess, Depends(member_project)]
#: a project the caller manages (admins and the project's managers)
ManagedProject = Annotated[ProjectAccess, Depends(managed_project)]


def require_admin(caller: Caller) -> None:
    if not caller.is_admin:
        raise Forbidden("Only studio admins may do this")


async def read_body(request: Request, context: Context, model: type[BaseModel]) -> dict[str, Any]:
    """The JSON body validated by ``model`` (no body at all when the model requires no field)."""
    return await http.json_body(request, model)


async def emit(
    session: AsyncSession, caller: Caller, name: str, data: dict[str, Any], project_id: uuid.UUID | None = None
) -> None:
    """Record an event (``project:update``, ``department:update``...) with the transaction."""
    bus = events_of(session)
    if bus is not None:
        await bus.record(session, name, data, user_id=caller.id, project_id=project_id)


async def project_updated(session: AsyncSession, caller: Caller, project_id: uuid.UUID) -> Row:
    """The project's columns after a change of its settings, with its ``project:update`` event."""
    row = await records.fetch_row(session, PROJECTS, project_id)
    await records.record_event(session, PROJECTS, caller, "update", row)
    return row


async def existing_id(session: AsyncSession, table: Table, record_id: uuid.UUID, field: str) -> None:
    """Refuse a body id that names no record (400 naming the field)."""
    found = (await session.execute(select(table.c.id).where(table.c.id == record_id))).first()
    if found is None:
        raise validation_error(
            [{"field": field, "message": f"no {table.name} with id {record_id}"}], "Unknown reference"
        )


async def link_once(session: AsyncSession, link: Table, values: dict[str, Any]) -> bool:
    """Insert a link row unless it exists; True when it was created."""
    conditions = [link.c[key] == value for key, value in values.items()]
    if (await session.execute(select(*[link.c[key] for key in values]).where(*conditions))).first():
        return False
    await session.execute(insert(link).values(**values))
    return True


def not_linked(what: str) -> NotFound:
    return NotFound(f"This {what} is not linked to this record")
