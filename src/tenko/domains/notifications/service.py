"""Who is told about a comment, a reply or an assignation, and the notification rows themselves.

Notifications are written in the caller's transaction (a failure leaves neither the comment
nor its notifications). ``notification:new`` is published to its recipient after commit but
never kept in the shared event log.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.events import emit
from tenko.core.listing import typed_rows
from tenko.core.resource import Row
from tenko.core.types import new_id, utc_now
from tenko.domains.entities.models import ENTITY
from tenko.domains.notifications.models import NOTIFICATION
from tenko.domains.people.models import PERSON
from tenko.domains.projects.models import PROJECT_PERSON_LINK
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


async def reachable(
    session: AsyncSession, project_id: uuid.UUID, people: Iterable[uuid.UUID], for_client: bool
) -> set[uuid.UUID]:
    """Of ``people``, those who may read the comment: active admins, or team members (clients
    only when the comment is for them)."""
    wanted = set(people)
    if not wanted:
        return set()
    statement = (
        select(PERSON.c.id, PERSON.c.role, PROJECT_PERSON_LINK.c.person_id, PROJECT_PERSON_LINK.c.role)
        .outerjoin(
            PROJECT_PERSON_LINK,
            (PROJECT_PERSON_LINK.c.person_id == PERSON.c.id) & (PROJECT_PERSON_LINK.c.project_id == project_id),
        )
        .where(PERSON.c.id.in_(wanted), PERSON.c.active.is_(True))
    )
    found = set()
    for person_id, role, member, project_role in (await session.execute(statement)).all():
        sees = member is not None and (for_client or (project_role or role) != "client")
        if role == "admin" or sees:
            found.add(person_id)
    return found


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


async def notify_comment(
    session: AsyncSession,
    task: Row,
    comment: Row,
    mentioned: set[uuid.UUID],
    change: bool,
) -> list[Row]:
    """Assignees and subscribers get a ``comment`` notification; mentioned people a ``mention``."""
    for_client = bool(comment.get("for_client"))
    watchers = await watchers_of(session, task)
    allowed = await reachable(session, task["project_id"], watchers | mentioned, for_client)
    recipients = {person_id: "comment" for person_id in watchers & allowed}
    recipients.update({person_id: "mention" for person_id in mentioned & allowed})
    return await create_notifications(
        session, recipients, author_id=comment["person_id"], tasks=[task], comment_id=comment["id"], change=change
    )


async def notify_reply(
    session: AsyncSession, task: Row, comment: Row, reply: Row, mentioned: set[uuid.UUID]
) -> list[Row]:
    """The comment's author and the task's watchers get a ``reply``; mentioned people ``reply-mention``."""
    watchers = await watchers_of(session, task) | {comment["person_id"]}
    allowed = await reachable(session, task["project_id"], watchers | mentioned, bool(comment.get("for_client")))
    recipients = {person_id: "reply" for person_id in watchers & allowed}
    recipients.update({person_id: "reply-mention" for person_id in mentioned & allowed})
    return await create_notifications(
        session, recipients, author_id=reply["person_id"], tasks=[task], comment_id=comment["id"], reply_id=reply["id"]
    )


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
