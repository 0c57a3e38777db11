"""CRUD declarations: task types, task statuses, tasks, time spents, subscriptions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import (
    ADMIN,
    MEMBER_IF_SCOPED,
    PROJECT_MANAGER,
    Caller,
    ColumnIs,
    Policy,
    Rule,
    Target,
    own,
    reaching,
)
from tenko.core.atomic import lock_rows
from tenko.core.errors import BadRequest
from tenko.core.listing import coerce
from tenko.core.resource import Relation, Resource, Row, WriteContext, table_of
from tenko.core.scope import direct, via
from tenko.domains.entities.models import ENTITY
from tenko.domains.studio.models import TASK_TYPE, TaskStatus
from tenko.domains.tasks.models import TASK, Subscription, TaskPersonLink, TimeSpent


async def default_status_id(session: AsyncSession, *, for_concept: bool = False) -> uuid.UUID | None:
    """The status a new task starts with: the default one of tasks (Todo), or of concepts (Neutral)."""
    status = table_of(TaskStatus)
    statement = (
        select(status.c.id)
        .where(status.c.is_default.is_(True), func.coalesce(status.c.for_concept, False).is_(for_concept))
        .order_by(status.c.created_at, status.c.id)
        .limit(1)
    )
    found: uuid.UUID | None = (await session.execute(statement)).scalar()
    return found


async def complete_new_task(context: WriteContext) -> None:
    """A new task takes its entity's project and, without a status, the default one (Todo); an
    entity of another project is refused as every id of a body is (``core/references.py``)."""
    values, session = context.values, context.session
    if values.get("entity_id") is not None and values.get("project_id") is None:
        statement = select(ENTITY.c.project_id).where(ENTITY.c.id == values["entity_id"])
        values["project_id"] = (await session.execute(statement)).scalar()
    if values.get("task_status_id") is None:
        for_entity = select(TASK_TYPE.c.for_entity).where(TASK_TYPE.c.id == values.get("task_type_id"))
        concept = (await session.execute(for_entity)).scalar() == "Concept"
        default = await default_status_id(session, for_concept=concept)
        if default is None:
            raise BadRequest("No default task status exists: give task_status_id")
        values["task_status_id"] = default


def episode_filter(values: list[str]) -> ColumnElement[bool]:
    """``?episode_id=``: the tasks of the shots of the episode's sequences (gazu's
    ``all_tasks_for_project``, as the reference reads it)."""
    sequence = ENTITY.alias("episode_sequence")
    shots = (
        select(ENTITY.c.id)
        .join(sequence, sequence.c.id == ENTITY.c.parent_id)
        .where(sequence.c.parent_id.in_([coerce(ENTITY.c.parent_id, value) for value in values]))
    )
    return TASK.c.entity_id.in_(shots)


TASKS = Resource(
    name="tasks",
    table=TASK,
    type_name="Task",
    # vendors see only the tasks assigned to them
    policy=Policy.of(read=reaching("id"), write=PROJECT_MANAGER),
    scope=direct(TASK),
    relations=(Relation("assignees", table_of(TaskPersonLink), "task_id", "person_id"),),
    before_create=(complete_new_task,),
    virtual_filters={"episode_id": episode_filter},
)


async def recount_duration(session: AsyncSession, task_id: uuid.UUID, without: uuid.UUID | None = None) -> None:
    """A task's ``duration`` is the sum of its time spents (minutes), as the reference keeps it.

    The task is locked first: the sum, read by the next statement, then counts what every racing
    writer of the task's time committed before."""
    await lock_rows(session, TASK, [task_id])
    spent = table_of(TimeSpent)
    counted = [spent.c.task_id == task_id] + ([spent.c.id != without] if without is not None else [])
    total = select(func.coalesce(func.sum(spent.c.duration), 0)).where(*counted).scalar_subquery()
    await session.execute(update(TASK).where(TASK.c.id == task_id).values(duration=total))


async def recount_after_write(context: WriteContext) -> None:
    if context.current is not None and context.current.get("task_id") is not None:
        await recount_duration(context.session, context.current["task_id"])


async def recount_before_delete(context: WriteContext) -> None:
    if context.current is not None and context.current.get("task_id") is not None:
        await recount_duration(context.session, context.current["task_id"], without=context.current["id"])


TIME_SPENTS = Resource(
    name="time-spents",
    table=table_of(TimeSpent),
    type_name="TimeSpent",
    # people log their own time through /actions; the generic route is for production managers
    policy=Policy.of(read=reaching("task_id"), write=PROJECT_MANAGER, list=ADMIN),
    scope=via(table_of(TimeSpent), ("task_id", TASK.c.id), project=TASK.c.project_id),
    after_write=(recount_after_write,),
    before_delete=(recount_before_delete,),
)
#: the fact a subscription is judged with besides its columns: the project of the entity it follows
ENTITY_PROJECT = "entity_project_id"


async def followed_project(session: AsyncSession, values: Row) -> Row:
    """The subscription resource's ``facts``: the project of the entity (a sequence) it follows."""
    entity_id = values.get("entity_id")
    if entity_id is None:
        return {ENTITY_PROJECT: None}
    statement = select(ENTITY.c.project_id).where(ENTITY.c.id == entity_id)
    return {ENTITY_PROJECT: (await session.execute(statement)).scalar()}


@dataclass(frozen=True)
class InEntityProject(Rule):
    """The caller is in the team of the project of the record's ``entity_id`` (as following a
    sequence's task type through ``/actions/user/sequences/...`` asks)."""

    def describe(self) -> str:
        return "in the team of the entity's project"

    def allows(self, caller: Caller, target: Target | None) -> bool:
        if caller.is_admin:
            return True
        return target is not None and caller.role_in(target.values.get(ENTITY_PROJECT)) is not None

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        if caller.is_admin:
            return true()
        entities = select(ENTITY.c.id).where(ENTITY.c.project_id.in_(list(caller.project_roles)))
        return resource.table.c.entity_id.in_(entities)


#: what a subscription follows, the caller reads: its task (vendors: one assigned to them) and its entity
FOLLOWABLE = (ColumnIs("task_id", None) | reaching("task_id")) & (ColumnIs("entity_id", None) | InEntityProject())
SUBSCRIPTIONS = Resource(
    name="subscriptions",
    table=table_of(Subscription),
    type_name="Subscription",
    # one's own subscriptions, and only in projects one is still in; a new or changed one only to
    # what one reads, as the /actions/user routes (dropping one's own is always allowed)
    policy=Policy.of(
        read=own() & MEMBER_IF_SCOPED,
        write=own() & FOLLOWABLE,
        delete=own() & MEMBER_IF_SCOPED,
        list=ADMIN,
    ),
    scope=via(table_of(Subscription), ("task_id", TASK.c.id), project=TASK.c.project_id),
    facts=followed_project,
)

RESOURCES = (TASKS, TIME_SPENTS, SUBSCRIPTIONS)
