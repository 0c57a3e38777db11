"""Loading a task from the path and deciding what the caller may do on it.

The caller's role *in the task's project* is resolved first (permissions.md), then the
capability is checked against it: reading, commenting, setting a given status, assigning.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import records
from tenko.core.access import Caller, Role
from tenko.core.db import DbSession
from tenko.core.errors import Forbidden, NotFound, validation_error
from tenko.core.guard import CurrentCaller
from tenko.core.model import table_of
from tenko.core.resource import Row
from tenko.domains.entities.models import Entity
from tenko.domains.tasks.models import Task, TaskPersonLink, TaskStatus, TaskType

TASK = table_of(Task)
TASK_LINK = table_of(TaskPersonLink)
TASK_STATUS = table_of(TaskStatus)
TASK_TYPE = table_of(TaskType)
ENTITY = table_of(Entity)
MANAGING = frozenset({Role.ADMIN, Role.MANAGER})


@dataclass
class TaskAccess:
    """A task the caller may read, with the facts the write rules need."""

    row: Row
    caller: Caller
    role: Role
    assignees: list[uuid.UUID] = field(default_factory=list)
    entity_created_by: uuid.UUID | None = None
    department_id: uuid.UUID | None = None

    @property
    def id(self) -> uuid.UUID:
        task_id: uuid.UUID = self.row["id"]
        return task_id

    @property
    def project_id(self) -> uuid.UUID:
        project_id: uuid.UUID = self.row["project_id"]
        return project_id

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGING

    @property
    def is_assignee(self) -> bool:
        return self.caller.id in self.assignees

    def in_departments(self) -> bool:
        """A supervisor supervises the task's department (all of them when they have none)."""
        departments = self.caller.department_ids
        return not departments or self.department_id in departments

    def may_comment(self) -> bool:
        if self.role in (Role.ADMIN, Role.MANAGER, Role.CLIENT):
            return True
        if self.role is Role.SUPERVISOR:
            return self.is_assignee or self.in_departments()
        if self.role is Role.USER:
            return self.is_assignee or self.entity_created_by == self.caller.id
        return self.is_assignee  # vendors

    def require_comment(self) -> None:
        if not self.may_comment():
            raise Forbidden("You may comment only on the tasks you are assigned to")

    def require_status(self, status: Row) -> None:
        """Artists set only ``is_artist_allowed`` statuses, clients only ``is_client_allowed`` ones."""
        if self.role is Role.USER and not status.get("is_artist_allowed"):
            raise Forbidden(f"Artists may not set the status {status['short_name']!r}")
        if self.role is Role.CLIENT and not status.get("is_client_allowed"):
            raise Forbidden(f"Clients may not set the status {status['short_name']!r}")

    def require_manager(self) -> None:
        if not self.is_manager:
            raise Forbidden("Only the managers of this project may do this")

    def may_update_fields(self) -> bool:
        """Managers, and supervisors of the task's department (planning fields)."""
        return self.is_manager or (self.role is Role.SUPERVISOR and self.in_departments())


def task_row(result: Any) -> Row | None:
    mapping = result.mappings().first()
    return dict(mapping, type="Task") if mapping is not None else None


async def fetch_task(session: AsyncSession, task_id: uuid.UUID) -> Row:
    row = task_row(await session.execute(select(TASK).where(TASK.c.id == task_id)))
    if row is None:
        raise NotFound(f"Task {task_id} not found")
    return row


def checked_access(
    row: Row, caller: Caller, assignees: list[uuid.UUID], created_by: Any, department_id: Any
) -> TaskAccess:
    """The caller's access to a task: 403 outside its project (vendors: outside their tasks)."""
    role = caller.role_in(row["project_id"])
    if role is None:
        raise Forbidden("You are not a member of the team of this task's project")
    access = TaskAccess(row, caller, role, assignees, created_by, department_id)
    if role is Role.VENDOR and not access.is_assignee:
        raise Forbidden("Vendors reach only the tasks they are assigned to")
    return access


async def access_to(session: AsyncSession, caller: Caller, row: Row) -> TaskAccess:
    """The caller's access to a loaded task (see ``checked_access``)."""
    statement = (
        select(ENTITY.c.created_by, TASK_TYPE.c.department_id)
        .select_from(TASK)
        .outerjoin(ENTITY, ENTITY.c.id == TASK.c.entity_id)
        .outerjoin(TASK_TYPE, TASK_TYPE.c.id == TASK.c.task_type_id)
        .where(TASK.c.id == row["id"])
    )
    created_by, department_id = (await session.execute(statement)).first() or (None, None)
    links = select(TASK_LINK.c.person_id).where(TASK_LINK.c.task_id == row["id"])
    return checked_access(row, caller, list((await session.execute(links)).scalars()), created_by, department_id)


async def accesses_to(
    session: AsyncSession, caller: Caller, task_ids: Iterable[uuid.UUID], check: Callable[[TaskAccess], None]
) -> list[TaskAccess]:
    """The caller's access to each task (duplicates dropped) from one query. In the given order,
    the first task unknown (404), out of reach or refused by ``check`` (403) stops it all."""
    ids = list(dict.fromkeys(task_ids))
    statement = (
        select(
            TASK,
            ENTITY.c.created_by.label("entity_created_by"),
            TASK_TYPE.c.department_id.label("task_type_department_id"),
            TASK_LINK.c.person_id.label("assignee_id"),
        )
        .select_from(TASK)
        .outerjoin(ENTITY, ENTITY.c.id == TASK.c.entity_id)
        .outerjoin(TASK_TYPE, TASK_TYPE.c.id == TASK.c.task_type_id)
        .outerjoin(TASK_LINK, TASK_LINK.c.task_id == TASK.c.id)
        .where(TASK.c.id.in_(ids))
    )
    found: dict[uuid.UUID, tuple[Row, list[uuid.UUID], Any, Any]] = {}
    for line in (await session.execute(statement)).mappings():
        row = dict({column.name: line[column] for column in TASK.c}, type="Task")
        facts = found.setdefault(row["id"], (row, [], line["entity_created_by"], line["task_type_department_id"]))
        if line["assignee_id"] is not None:
            facts[1].append(line["assignee_id"])
    accesses = []
    for task_id in ids:
        if task_id not in found:
            raise NotFound(f"Task {task_id} not found")
        access = checked_access(found[task_id][0], caller, *found[task_id][1:])
        check(access)
        accesses.append(access)
    return accesses


async def load_access(session: AsyncSession, caller: Caller, task_id: str) -> TaskAccess:
    row = await fetch_task(session, records.parse_id(task_id, "task id"))
    return await access_to(session, caller, row)


async def readable_task(task_id: str, session: DbSession, caller: CurrentCaller) -> TaskAccess:
    return await load_access(session, caller, task_id)


CurrentTask = Annotated[TaskAccess, Depends(readable_task)]


async def fetch_status(session: AsyncSession, status_id: Any, field_name: str = "task_status_id") -> Row:
    """A task status by id, or a 400 naming the field (an unknown id is the body's fault)."""
    try:
        parsed = status_id if isinstance(status_id, uuid.UUID) else uuid.UUID(str(status_id))
    except ValueError as exc:
        raise validation_error([{"field": field_name, "message": "not a UUID"}]) from exc
    mapping = (await session.execute(select(TASK_STATUS).where(TASK_STATUS.c.id == parsed))).mappings().first()
    if mapping is None:
        raise validation_error([{"field": field_name, "message": f"no task status with id {parsed}"}])
    return dict(mapping, type="TaskStatus")
