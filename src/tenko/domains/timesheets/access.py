"""Who may read or change whose records in the people domain, declared once as loaders and reaches.

A person's time sheet, days off, presence and quotas are their own; admins and production
managers oversee them (managers only the time spent on their projects' tasks); admins change
accounts and equip departments. Routes name the action (``PersonLoader("see_time")``), so the
check runs before the handler (404 for an unknown person, 403 for a refused caller) and the
OpenAPI ``x-policy`` says who passes.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select

from tenko.core.access import PROJECT_STAFF, Caller, GlobalRole, Role
from tenko.core.errors import Forbidden
from tenko.core.guard import Loaded, parse_uuid
from tenko.domains.people.access import is_themself
from tenko.domains.people.models import DAY_OFF
from tenko.domains.projects.open_projects import open_project_ids
from tenko.domains.tasks.models import TASK, TIME_SPENT

#: production staff: those who schedule a project (globally or in one of its teams)
SCHEDULER = GlobalRole(frozenset({Role.MANAGER, Role.SUPERVISOR})) | PROJECT_STAFF


def managed_tasks(caller: Caller) -> ColumnElement[bool]:
    """The tasks whose time a caller may read for others: admins all, managers those of their projects."""
    if caller.is_admin:
        return TASK.c.id.isnot(None)
    return TASK.c.project_id.in_(caller.projects_with(frozenset({Role.MANAGER})))


def visible_time(caller: Caller) -> ColumnElement[bool]:
    """Time spent rows the caller may read: their own, plus those of the tasks they manage."""
    return (TIME_SPENT.c.person_id == caller.id) | managed_tasks(caller)


def time_of(person: Loaded) -> list[ColumnElement[bool]]:
    """A person's time as the caller may read it: all of their own, the managed tasks' of others."""
    mine = TIME_SPENT.c.person_id == person.id
    return [mine] if is_themself(person) else [mine, managed_tasks(person.caller)]


def quota_reach(person: Loaded) -> list[ColumnElement[bool]]:
    """The tasks of a person whose completion the caller may count (see ``time_of``)."""
    return [] if is_themself(person) else [managed_tasks(person.caller)]


def visible_days_off(caller: Caller) -> list[ColumnElement[bool]]:
    """Admins read everyone's days off; everyone else their own."""
    return [] if caller.is_admin else [DAY_OFF.c.person_id == caller.id]


def scheduled_projects(caller: Caller, project_id: str | None) -> Select[Any] | list[uuid.UUID]:
    """The open projects whose schedule the caller sees (``?project_id``: that one, if they schedule it).

    The guard (``SCHEDULER``) already refused those who schedule nothing; the query's project
    can only be judged once it is read, so it is checked here.
    """
    scheduled = [] if caller.is_admin else caller.projects_with(frozenset({Role.MANAGER, Role.SUPERVISOR}))
    if project_id is not None:
        wanted = parse_uuid(project_id, "project id")
        if not caller.is_admin and wanted not in scheduled:
            raise Forbidden("You do not schedule this project")
        return [wanted]
    return open_project_ids() if caller.is_admin else scheduled


def sees_every_project(caller: Caller) -> bool:
    """Admins see every project: nobody is busy anywhere they could not see."""
    return caller.is_admin
