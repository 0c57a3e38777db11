"""CRUD declarations: task types, task statuses, tasks, time spents, subscriptions."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select

from tenko.core.access import ADMIN, MEMBER_IF_SCOPED, PROJECT_MANAGER, Policy, own, reaching
from tenko.core.errors import BadRequest
from tenko.core.listing import coerce
from tenko.core.resource import Relation, Resource, WriteContext, table_of
from tenko.core.scope import direct, via
from tenko.domains.entities.models import ENTITY
from tenko.domains.studio.models import TaskStatus
from tenko.domains.tasks.models import TASK, Subscription, TaskPersonLink, TimeSpent


async def complete_new_task(context: WriteContext) -> None:
    """A new task takes its entity's project and, without a status, the default one (Todo)."""
    values, session = context.values, context.session
    if values.get("entity_id") is not None:
        entity_project = (
            await session.execute(select(ENTITY.c.project_id).where(ENTITY.c.id == values["entity_id"]))
        ).scalar()
        if values.get("project_id") is None:
            values["project_id"] = entity_project
        elif values["project_id"] != entity_project:
            raise BadRequest("The entity of a task must belong to the task's project")
    if values.get("task_status_id") is None:
        status = table_of(TaskStatus)
        statement = select(status.c.id).where(status.c.is_default.is_(True)).limit(1)
        default = (await session.execute(statement)).scalar()
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
