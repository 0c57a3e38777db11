"""The open projects: those whose status is open, and those of them a caller reaches."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, select

from tenko.core.access import Caller
from tenko.domains.projects.models import OPEN_STATUS_NAMES, PROJECT, PROJECT_STATUS


def open_project_ids() -> Select[Any]:
    statement = select(PROJECT.c.id).join(PROJECT_STATUS, PROJECT_STATUS.c.id == PROJECT.c.project_status_id)
    return statement.where(PROJECT_STATUS.c.name.in_(OPEN_STATUS_NAMES))


def in_my_projects(column: Any, caller: Caller) -> ColumnElement[bool]:
    """``column`` (a project id) is one of the open projects the caller reaches (admins: every open one)."""
    if caller.is_admin:
        return column.in_(open_project_ids())  # type: ignore[no-any-return]
    return column.in_(list(caller.project_roles))  # type: ignore[no-any-return]
