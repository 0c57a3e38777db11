"""Loading a task from the path and deciding what the caller may do on it.

The caller's role *in the task's project* is resolved first (permissions.md): reaching the
task (its project's team; vendors: only the tasks assigned to them) is the precondition of
every action and is judged while loading, with its own reason. The action a route declares
(``TaskLoader("comment")``) then judges the rest, before the handler runs. Batch routes
name the same actions for the tasks of their body (``accesses_to``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import Caller, Role
from tenko.core.errors import Forbidden, NotFound, validation_error
from tenko.core.guard import Action, OfProjectRow, PathLoader, parse_uuid
from tenko.core.resource import Row
from tenko.domains.entities.models import ENTITY
from tenko.domains.studio.models import TASK_STATUS, TASK_TYPE
from tenko.domains.tasks.models import TASK, TASK_PERSON_LINK

MANAGING = frozenset({Role.ADMIN, Role.MANAGER})


@dataclass
class TaskAccess(OfProjectRow):
    """A task the caller reaches, with the facts the write rules need."""

    row: Row
    caller: Caller
    role: Role
    assignees: list[uuid.UUID] = field(default_factory=list)
    entity_created_by: uuid.UUID | None = None
    department_id: uuid.UUID | None = None

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
            raise Forbidden(COMMENT_TASK.refusal)

    def may_update_fields(self) -> bool:
        """Managers, and supervisors of the task's department (planning fields)."""
        return self.is_manager or (self.role is Role.SUPERVISOR and self.in_departments())

    def may_illustrate(self) -> bool:
        """Those who may comment the task, clients excepted: they review, they do not illustrate."""
        return self.role is not Role.CLIENT and self.may_comment()


def status_refusal(access: TaskAccess, status: Row) -> str | None:
    """Why the caller may not set this status on the task (None: they may): artists set only
    ``is_artist_allowed`` statuses, clients only ``is_client_allowed`` ones."""
    if access.role is Role.USER and not status.get("is_artist_allowed"):
        return f"Artists may not set the status {status['short_name']!r}"
    if access.role is Role.CLIENT and not status.get("is_client_allowed"):
        return f"Clients may not set the status {status['short_name']!r}"
    return None


def require_status(access: TaskAccess, status: Row) -> None:
    """403 for a status the caller may not set (``status_refusal``). The status comes with the
    body: the comment service checks it once the body is read."""
    if refusal := status_refusal(access, status):
        raise Forbidden(refusal)


READ_TASK = Action[TaskAccess]("admins; or project members (vendors: the tasks assigned to them)", lambda access: True)
COMMENT_TASK = Action[TaskAccess](
    "admins; or the project's managers and clients; supervisors of the task's department; its assignees;"
    " artists on the entities they created",
    TaskAccess.may_comment,
    "You may comment only on the tasks you are assigned to",
)
MANAGE_TASK = Action[TaskAccess](
    "admins; or the project's managers",
    lambda access: access.is_manager,
    "Only the managers of this project may do this",
)
PLAN_TASK = Action[TaskAccess](
    "admins; or the project's managers; supervisors of the task's department",
    TaskAccess.may_update_fields,
    "You may not change the priority of the task",
)
ILLUSTRATE_TASK = Action[TaskAccess](
    "admins; or who may comment the task, clients excepted",
    TaskAccess.may_illustrate,
    "You may not change the thumbnail of the entity of the task",
)
SEE_TIME_SHEETS = Action[TaskAccess](
    "admins; or project members but clients (vendors: the tasks assigned to them)",
    lambda access: access.role is not Role.CLIENT,
    "Clients do not see time sheets",
)
STUDIO_ONLY = Action[TaskAccess](
    "admins; or the studio's people of the project (not clients, not vendors)",
    lambda access: access.role not in (Role.CLIENT, Role.VENDOR),
    "Attachment lists are for the studio's people",
)
ACTIONS = {
    "read": READ_TASK,
    "comment": COMMENT_TASK,
    "manage": MANAGE_TASK,
    "plan": PLAN_TASK,
    "illustrate": ILLUSTRATE_TASK,
    "time-sheets": SEE_TIME_SHEETS,
    "studio": STUDIO_ONLY,
}


ASSIGN_TEXT = (
    "per task: the project's managers assign anyone; supervisors people of their departments"
    " on their departments' tasks; artists themselves on their department's tasks"
)
CLEAR_TEXT = "per task: the project's managers; supervisors of the task's department; artists for themselves"


def assigning(person: Row, person_departments: set[uuid.UUID]) -> Action[TaskAccess]:
    """permissions.md: managers assign anyone; supervisors people of their departments on their
    departments' task types; artists only themselves, on task types of their department."""

    def allows(access: TaskAccess) -> bool:
        caller = access.caller
        if access.is_manager:
            return True
        if access.role is Role.SUPERVISOR:
            if not caller.department_ids:
                return True
            return access.in_departments() and bool(person_departments & caller.department_ids)
        if access.role is Role.USER:
            # a task type of no department is in none of theirs: others assign artists to it
            return person["id"] == caller.id and access.department_id in caller.department_ids
        return False

    return Action(ASSIGN_TEXT, allows, "You may not assign this person to the task")


def clearing(person_id: uuid.UUID | None) -> Action[TaskAccess]:
    """Managers and supervisors of the task's department clear anyone; artists only themselves."""

    def allows(access: TaskAccess) -> bool:
        removed = [person_id] if person_id is not None else list(access.assignees)
        if access.may_update_fields():
            return True
        return access.role is Role.USER and removed == [access.caller.id]

    return Action(CLEAR_TEXT, allows, "You may not clear the assignations of the task")


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
    links = select(TASK_PERSON_LINK.c.person_id).where(TASK_PERSON_LINK.c.task_id == row["id"])
    return checked_access(row, caller, list((await session.execute(links)).scalars()), created_by, department_id)


async def accesses_to(
    session: AsyncSession, caller: Caller, task_ids: Iterable[uuid.UUID], action: Action[TaskAccess]
) -> list[TaskAccess]:
    """The caller's access to each task (duplicates dropped) from one query, for ``action``. In the
    given order, the first task unknown (404), out of reach or refused by the action (403) stops it all."""
    ids = list(dict.fromkeys(task_ids))
    statement = (
        select(
            TASK,
            ENTITY.c.created_by.label("entity_created_by"),
            TASK_TYPE.c.department_id.label("task_type_department_id"),
            TASK_PERSON_LINK.c.person_id.label("assignee_id"),
        )
        .select_from(TASK)
        .outerjoin(ENTITY, ENTITY.c.id == TASK.c.entity_id)
        .outerjoin(TASK_TYPE, TASK_TYPE.c.id == TASK.c.task_type_id)
        .outerjoin(TASK_PERSON_LINK, TASK_PERSON_LINK.c.task_id == TASK.c.id)
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
        if not action.allows(access):
            raise Forbidden(f"{action.refusal} {access.id}")
        accesses.append(access)
    return accesses


async def load_access(session: AsyncSession, caller: Caller, task_id: str | uuid.UUID) -> TaskAccess:
    """The caller's access to the task ``task_id`` (400 malformed, 404 absent, 403 out of reach)."""
    row = await fetch_task(session, parse_uuid(task_id, "task id"))
    return await access_to(session, caller, row)


#: ``TaskLoader("comment")``: the task of the path, for one of ``ACTIONS``
TaskLoader = PathLoader("task_id", "task", load_access, ACTIONS)
#: the task of the path, which the caller reaches (read)
CurrentTask = Annotated[TaskAccess, TaskLoader("read")]


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
