"""Who watches a task, who is told about an assignation, and the notification rows themselves.

Who of a task's watchers is told about a comment or a reply is decided by the comment's
reading rule (``comments/notify.py``). Notifications are written in the caller's transaction
(a failure leaves neither the comment nor its notifications). ``notification:new`` is
published to its recipient after commit but never kept in the shared event log.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.events import emit
from tenko.core.listing import typed_rows
from tenko.core.resource import Row
from tenko.core.types import new_id, utc_now
from tenko.domains.entities.models import ENTITY
from tenko.domains.notifications.models import NOTIFICATION
from tenko.domains.tasks.models import SUBSCRIPTION, TASK, TASK_PERSON_LINK


async def watchers_of(session: AsyncSession, task: Row) -> set[uuid.UUID]:
    """The task's assignees, its subscribers and the subscribers of its sequence for its task type."""
    assignees = select(TASK_PERSON_LINK.c.person_id).where(TASK_PERSON_LINK.c.task_id == task["id"])
    parent = select(ENTITY.c.parent_id).where(ENTITY.c.id == task["entity_id"]).scalar_subquery()
    subscribers = select(SUBSCRIPTION.c.person_id).where(
        or_(
            SUBSCRIPTION.c.task_id == task["id"],
            (SUBSCRIPTION.c.entity_id == parent) & (SUBSCRIPTION.c.task_type_id == task["task_type_id"]),
        )
    )
    return set((await session.execute(assignees.union(subscribers))).scalars())


async def create_notifications(
    session: AsyncSession,
    recipients: Mapping[uuid.UUID, str],
    *,
    author_id: uuid.UUID,
    tasks: Sequence[Row],
    comment_id: uuid.UUID | None = None,
    reply_id: uuid.UUID | None = None,
    change: bool = False,
) -> list[Row]:
    """One notification per recipient (never the author) and task, inserted at once, then announced."""
    project_of = {task["id"]: task["project_id"] for task in tasks}
    now = utc_now()
    rows: list[Row] = [
        {
            "id": new_id(),
            "created_at": now,
            "updated_at": now,
            "read": False,
            "change": change,
            "type": kind,
            "person_id": person_id,
            "author_id": author_id,
            "comment_id": comment_id,
            "task_id": task["id"],
            "reply_id": reply_id,
        }
        for task in tasks
        for person_id, kind in recipients.items()
        if person_id != author_id
    ]
    if not rows:
        return []
    await session.execute(insert(NOTIFICATION), rows)
    for row in rows:
        data = {
            "notification_id": row["id"],
            "person_id": row["person_id"],
            "notification_type": row["type"],
            "task_id": row["task_id"],
            "comment_id": comment_id,
        }
        project_id = project_of[row["task_id"]]
        await emit(session, "notification:new", data, user_id=author_id, project_id=project_id, persist=False)
    return rows


async def on_tasks_assigned(session: AsyncSession, events: list[dict[str, Any]]) -> None:
    """Listener of ``task:assign`` (wired in ``app.py``): each person is told of their new tasks."""
    task_ids = [event["data"]["task_id"] for event in events]
    rows = {row["id"]: row for row in await task_rows(session, task_ids)}
    by_person: dict[uuid.UUID, list[Row]] = {}
    for event in events:
        if event["data"]["task_id"] in rows:
            by_person.setdefault(event["data"]["person_id"], []).append(rows[event["data"]["task_id"]])
    for person_id, tasks in by_person.items():
        await notify_assignation(session, tasks, person_id, events[0]["user_id"])


async def task_rows(session: AsyncSession, task_ids: list[uuid.UUID]) -> list[Row]:
    statement = select(TASK).where(TASK.c.id.in_(task_ids))
    return typed_rows(await session.execute(statement), "Task")


async def notify_assignation(
    session: AsyncSession, tasks: list[Row], person_id: uuid.UUID, author_id: uuid.UUID
) -> None:
    """The assigned person is told about each task (not when they assign themselves)."""
    await create_notifications(session, {person_id: "assignation"}, author_id=author_id, tasks=tasks)
