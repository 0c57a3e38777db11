"""Loading a project from the path and authorising the caller on it, plus small shared helpers.

Every hand-written project route depends on one of the ``ProjectLoader`` guards, so the project
is resolved and the caller's role *in that project* is known before any handler code runs (404
for an unknown id, 403 for a non-member or a role that may not act), and the route's OpenAPI
``x-policy`` says so.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from sqlalchemy import Column, ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import records
from tenko.core.access import (
    ADMIN,
    CONTRIBUTOR,
    MEMBER,
    PROJECT_MANAGER,
    PROJECT_STAFF,
    Caller,
    Role,
    Target,
)
from tenko.core.db import DbSession
from tenko.core.errors import Forbidden
from tenko.core.guard import CurrentCaller, OfRow, PathId, PathLoader, guard, parse_uuid, rule_action
from tenko.core.resource import Row
from tenko.domains.projects.resources import PROJECTS

#: roles that change a project's settings, team and breakdown (admins pass everywhere)
MANAGING_ROLES = frozenset({Role.ADMIN, Role.MANAGER})
#: roles that see the whole team's time and days off in a project
STAFF_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.SUPERVISOR})
#: a role a task status column is shown to on the board
BoardRole = Literal["user", "admin", "supervisor", "manager", "client", "vendor"]
NOT_A_MEMBER = "You are not a member of the team of this project"


@dataclass
class ProjectAccess(OfRow):
    """A project the caller may act on, with the caller's effective role in it."""

    row: Row
    caller: Caller
    role: Role

    @property
    def project_id(self) -> uuid.UUID:
        return self.id

    @property
    def target(self) -> Target:
        return Target(frozenset({self.id}), self.row)

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGING_ROLES

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


async def fetch_project(session: AsyncSession, caller: Caller, project_id: uuid.UUID) -> ProjectAccess:
    """The project (404) as its team sees it: outside the team, the caller may do nothing with it (403)."""
    row = await records.fetch_row(session, PROJECTS, project_id)
    role = caller.role_in(row["id"])
    if role is None:
        raise Forbidden(NOT_A_MEMBER)
    return ProjectAccess(row, caller, role)


#: ``ProjectLoader("manage")``: the project of the path, for the action a route does on it
ProjectLoader = PathLoader(
    "project_id",
    "project",
    fetch_project,
    {
        "read": rule_action(MEMBER, NOT_A_MEMBER),
        "manage": rule_action(PROJECT_MANAGER, "Only the managers of this project may change it"),
        "staff": rule_action(PROJECT_STAFF, "Only the managers and supervisors of this project may do this"),
        "studio": rule_action(
            CONTRIBUTOR, "Only the studio's people of this project (not clients or vendors) may do this"
        ),
        "admin": rule_action(ADMIN, "Only studio admins may do this"),
    },
)
#: a project whose team the caller is in
MemberProject = Annotated[ProjectAccess, ProjectLoader("read")]
#: a project the caller manages (admins and the project's managers)
ManagedProject = Annotated[ProjectAccess, ProjectLoader("manage")]
#: a project where the caller is a manager or a supervisor
StaffProject = Annotated[ProjectAccess, ProjectLoader("staff")]


async def _checked(project_id: str | uuid.UUID, session: AsyncSession, caller: Caller, action: str) -> ProjectAccess:
    access = await fetch_project(session, caller, parse_uuid(project_id, "project id"))
    check = ProjectLoader.actions[action]
    if not check.allows(access):
        raise Forbidden(check.refusal)
    return access


@guard(f"project: {ProjectLoader.actions['read'].text}")
async def member_project(project_id: PathId, session: DbSession, caller: CurrentCaller) -> ProjectAccess:
    """``MemberProject`` for code that has the id in hand (a body or query value) rather than in the path."""
    return await _checked(project_id, session, caller, "read")


@guard(f"project: {ProjectLoader.actions['manage'].text}")
async def managed_project(project_id: PathId, session: DbSession, caller: CurrentCaller) -> ProjectAccess:
    """``ManagedProject`` for code that has the id in hand rather than in the path."""
    return await _checked(project_id, session, caller, "manage")


def team_reach(project: ProjectAccess, person: Column[Any]) -> list[ColumnElement[bool]]:
    """The staff of a project see the whole team's records (time, days off); the others their own."""
    return [] if project.is_staff else [person == project.caller.id]


async def project_updated(session: AsyncSession, caller: Caller, project_id: uuid.UUID) -> Row:
    """The project's columns after a change of its settings, with its ``project:update`` event."""
    row = await records.fetch_row(session, PROJECTS, project_id)
    await records.record_event(session, PROJECTS, caller, "update", row)
    return row
