"""The tasks assigned to the caller, in the open projects they are still in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, select

from tenko.core.access import Caller
from tenko.core.model import table_of
from tenko.domains.projects.open_projects import in_my_projects
from tenko.domains.tasks.models import Task, TaskPersonLink

TASK = table_of(Task)
TASK_LINK = table_of(TaskPersonLink)


def my_task_ids(caller: Caller) -> Select[Any]:
    """The ids of the tasks assigned to the caller."""
    return select(TASK_LINK.c.task_id).where(TASK_LINK.c.person_id == caller.id)


def my_tasks(caller: Caller) -> ColumnElement[bool]:
    """Tasks assigned to the caller, in the open projects they are still in."""
    return TASK.c.id.in_(my_task_ids(caller)) & in_my_projects(TASK.c.project_id, caller)
