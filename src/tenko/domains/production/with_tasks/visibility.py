"""Who sees which rows of a bulk read: project membership and the vendor rule, as SQL filters.

Admins see every project. Everyone else sees the open projects whose team they are in;
in a project where their role is ``vendor`` they see only the entities that have a task
assigned to them, and only those tasks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Table, and_, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import Caller, Role
from tenko.core.errors import Forbidden, NotFound
from tenko.core.records import parse_id
from tenko.domains.entities.models import ENTITY
from tenko.domains.projects.models import PROJECT
from tenko.domains.tasks.models import TASK, TASK_PERSON_LINK


@dataclass(frozen=True)
class Visibility:
    """The projects a bulk read covers, split by how much of them the caller may see."""

    caller_id: uuid.UUID
    #: None: every project (an admin without a project filter)
    full: list[uuid.UUID] | None
    #: projects where only the caller's assigned tasks (and their entities) are visible
    assigned_only: list[uuid.UUID]

    @property
    def is_empty(self) -> bool:
        return self.full is not None and not self.full and not self.assigned_only

    def _assigned_tasks(self) -> ColumnElement[bool]:
        return TASK.c.id.in_(select(TASK_PERSON_LINK.c.task_id).where(TASK_PERSON_LINK.c.person_id == self.caller_id))

    def entities(self, entity: Table = ENTITY) -> ColumnElement[bool]:
        """Filter on an entity table (or alias): the entities the caller may list."""
        if self.full is None:
            return true()
        conditions: list[ColumnElement[bool]] = [entity.c.project_id.in_(self.full)] if self.full else []
        if self.assigned_only:
            assigned = (
                select(TASK.c.entity_id)
                .join(TASK_PERSON_LINK, TASK_PERSON_LINK.c.task_id == TASK.c.id)
                .where(TASK_PERSON_LINK.c.person_id == self.caller_id, TASK.c.project_id.in_(self.assigned_only))
            )
            conditions.append(and_(entity.c.project_id.in_(self.assigned_only), entity.c.id.in_(assigned)))
        return or_(*conditions) if conditions else false()

    def tasks(self) -> ColumnElement[bool]:
        """Filter on the task table: the tasks the caller may see (entity filters apply as well)."""
        if self.full is None or not self.assigned_only:
            return true()
        return or_(TASK.c.project_id.in_(self.full), self._assigned_tasks()) if self.full else self._assigned_tasks()


def _split(caller: Caller, project_ids: list[uuid.UUID]) -> Visibility:
    full = [pid for pid in project_ids if caller.role_in(pid) is not Role.VENDOR]
    vendor = [pid for pid in project_ids if caller.role_in(pid) is Role.VENDOR]
    return Visibility(caller.id, full, vendor)


async def project_exists(session: AsyncSession, project_id: uuid.UUID) -> bool:
    found = (await session.execute(select(PROJECT.c.id).where(PROJECT.c.id == project_id))).first()
    return found is not None


async def visibility(
    session: AsyncSession, caller: Caller, raw_project_id: str | None, outsider_sees_nothing: bool = False
) -> Visibility:
    """The caller's view of one project (``project_id`` given) or of all they may see.

    An unknown project is a 404. A project the caller is not in is a 403, or, where the
    reference answers outsiders with a 200 (``outsider_sees_nothing``), an empty view.
    """
    if raw_project_id is None or raw_project_id == "":
        if caller.is_admin:
            return Visibility(caller.id, None, [])
        return _split(caller, list(caller.project_roles))
    project_id = parse_id(raw_project_id, "project_id")
    if not await project_exists(session, project_id):
        raise NotFound(f"Project {project_id} not found")
    return project_visibility(caller, project_id, outsider_sees_nothing)


def project_visibility(caller: Caller, project_id: uuid.UUID, outsider_sees_nothing: bool = False) -> Visibility:
    """The caller's view of a project known to exist (403 if they are not in its team)."""
    if caller.is_admin:
        return Visibility(caller.id, [project_id], [])
    if caller.role_in(project_id) is None:
        if outsider_sees_nothing:
            return Visibility(caller.id, [], [])
        raise Forbidden("You are not in the team of this project")
    return _split(caller, [project_id])
