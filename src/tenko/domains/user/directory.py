"""The people directory the auth layer is given: a person by id and what they belong to."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import Caller, Role
from tenko.core.model import table_of
from tenko.domains.people.models import DepartmentLink, Person
from tenko.domains.projects.models import OPEN_STATUS_NAMES, Project, ProjectPersonLink, ProjectStatus
from tenko.domains.tasks.models import Task, TaskPersonLink


class PeopleDirectory:
    """One statement for the person (and the token's revocation), three for their memberships."""

    async def person(
        self, session: AsyncSession, person_id: uuid.UUID, revoked: ColumnElement[bool]
    ) -> dict[str, Any] | None:
        statement = select(table_of(Person), revoked.label("revoked")).where(Person.id == person_id)
        row = (await session.execute(statement)).mappings().first()
        return dict(row) if row is not None else None

    async def load_memberships(self, session: AsyncSession, caller: Caller) -> None:
        statement = (
            select(ProjectPersonLink.project_id, ProjectPersonLink.role)
            .join(Project, Project.id == ProjectPersonLink.project_id)
            .join(ProjectStatus, ProjectStatus.id == Project.project_status_id)
            .where(ProjectPersonLink.person_id == caller.id, ProjectStatus.name.in_(OPEN_STATUS_NAMES))
        )
        for project_id, role in (await session.execute(statement)).all():
            caller.project_roles[project_id] = Role(role) if role and role != Role.ADMIN else caller.role
        departments = select(DepartmentLink.department_id).where(DepartmentLink.person_id == caller.id)
        caller.department_ids = set((await session.execute(departments)).scalars())
        if caller.is_vendor_somewhere:  # vendors reach only their assigned tasks (access.Assigned)
            assigned = (
                select(Task.id, Task.entity_id)
                .join(TaskPersonLink, TaskPersonLink.task_id == Task.id)
                .where(TaskPersonLink.person_id == caller.id)
            )
            rows = (await session.execute(assigned)).all()
            caller.assigned_task_ids = frozenset(row[0] for row in rows)
            caller.assigned_entity_ids = frozenset(row[1] for row in rows if row[1] is not None)
