"""Which tasks a caller reaches: those assigned to them in their open projects, and every task
the task read policy lets them see (as SQL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, select, true

from tenko.core.access import Caller
from tenko.domains.projects.open_projects import in_my_projects
from tenko.domains.tasks.models import TASK, TASK_PERSON_LINK
from tenko.domains.tasks.resources import TASKS


def my_task_ids(caller: Caller) -> Select[Any]:
    """The ids of the tasks assigned to the caller."""
    return select(TASK_PERSON_LINK.c.task_id).where(TASK_PERSON_LINK.c.person_id == caller.id)


def my_tasks(caller: Caller) -> ColumnElement[bool]:
    """Tasks assigned to the caller, in the open projects they are still in."""
    return TASK.c.id.in_(my_task_ids(caller)) & in_my_projects(TASK.c.project_id, caller)


def reach(caller: Caller) -> ColumnElement[bool]:
    """Tasks the caller reaches, as SQL: the task read policy (their projects' tasks; vendors only
    those assigned to them) — the same rule as a single task's read."""
    return true() if caller.is_admin else TASKS.policy.read.where(caller, TASKS)
