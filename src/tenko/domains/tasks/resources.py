"""CRUD declarations: task types, task statuses, tasks, time spents, subscriptions."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import ADMIN, MEMBER_IF_SCOPED, PROJECT_MANAGER, Policy, own, reaching
from tenko.core.errors import BadRequest
from tenko.core.resource import Relation, Resource, WriteContext, table_of
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


TASKS = Resource(
    name="tasks",
    table=TASK,
    type_name="Task",
    # vendors see only the tasks assigned to them
    policy=Policy.of(read=reaching("id"), write=PROJECT_MANAGER),
    scope=direct(TASK),
    relations=(Relation("assignees", table_of(TaskPersonLink), "task_id", "person_id"),),
    before_create=(complete_new_task,),
)
TIME_SPENTS = Resource(
    name="time-spents",
    table=table_of(TimeSpent),
    type_name="TimeSpent",
    # people log their own time through /actions; the generic route is for production managers
    policy=Policy.of(read=reaching("task_id"), write=PROJECT_MANAGER, list=ADMIN),
    scope=via(table_of(TimeSpent), ("task_id", TASK.c.id), project=TASK.c.project_id),
)
SUBSCRIPTIONS = Resource(
    name="subscriptions",
    table=table_of(Subscription),
    type_name="Subscription",
    # one's own subscriptions, and only in projects one is still in
    policy=Policy.of(read=own() & MEMBER_IF_SCOPED, write=own() & MEMBER_IF_SCOPED, list=ADMIN),
    scope=via(table_of(Subscription), ("task_id", TASK.c.id), project=TASK.c.project_id),
)

RESOURCES = (TASKS, TIME_SPENTS, SUBSCRIPTIONS)
