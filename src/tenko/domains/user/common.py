"""What every view of the current user needs: their tasks, their projects, rows of a resource."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import Caller
from tenko.core.listing import to_rows
from tenko.core.model import table_of
from tenko.core.resource import Resource, Row
from tenko.domains.projects.models import OPEN_STATUS_NAMES, Project, ProjectStatus
from tenko.domains.tasks.models import Task, TaskPersonLink

TASK = table_of(Task)
TASK_LINK = table_of(TaskPersonLink)
PROJECT = table_of(Project)
PROJECT_STATUS = table_of(ProjectStatus)


def my_task_ids(caller: Caller) -> Select[Any]:
    """The ids of the tasks assigned to the caller."""
    return select(TASK_LINK.c.task_id).where(TASK_LINK.c.person_id == caller.id)


def open_project_ids() -> Select[Any]:
    statement = select(PROJECT.c.id).join(PROJECT_STATUS, PROJECT_STATUS.c.id == PROJECT.c.project_status_id)
    return statement.where(PROJECT_STATUS.c.name.in_(OPEN_STATUS_NAMES))


def in_my_projects(column: Any, caller: Caller) -> ColumnElement[bool]:
    """``column`` (a project id) is one of the open projects the caller reaches (admins: every open one)."""
    if caller.is_admin:
        return column.in_(open_project_ids())  # type: ignore[no-any-return]
    return column.in_(list(caller.project_roles))  # type: ignore[no-any-return]


def my_tasks(caller: Caller) -> ColumnElement[bool]:
    """Tasks assigned to the caller, in the open projects they are still in."""
    return TASK.c.id.in_(my_task_ids(caller)) & in_my_projects(TASK.c.project_id, caller)


async def rows_of(
    session: AsyncSession, resource: Resource, *where: ColumnElement[bool], order_by: Any = None
) -> list[Row]:
    """Every visible column of the matching rows of a resource, with their ``type``."""
    table = resource.table
    order = order_by if order_by is not None else (table.c.name if "name" in table.c else table.c.id)
    statement = select(*resource.visible_columns).where(true(), *where).order_by(order, table.c.id)
    return to_rows(resource, await session.execute(statement))


def ids_of(rows: list[Row]) -> list[uuid.UUID]:
    return [row["id"] for row in rows]
