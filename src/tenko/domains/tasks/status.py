"""Applying a task status reached through a comment: dates, retake count and the events."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.atomic import lock_rows
from tenko.core.events import emit
from tenko.core.resource import Row
from tenko.core.types import utc_now
from tenko.domains.tasks.models import TASK


def status_changes(task: Row, status: Row, when: dt.datetime) -> dict[str, Any]:
    """The task columns a comment with this status changes."""
    changed = task["task_status_id"] != status["id"]
    values: dict[str, Any] = {"task_status_id": status["id"], "last_comment_date": when, "updated_at": utc_now()}
    if status.get("is_wip") and task.get("real_start_date") is None:
        values["real_start_date"] = when
    if changed and status.get("is_done"):
        values["end_date"] = when
        values["done_date"] = when
    if changed and status.get("is_feedback_request"):
        values["end_date"] = when  # the work ends when it goes to review, as the reference records it
    if changed and status.get("is_retake"):
        values["retake_count"] = func.coalesce(TASK.c.retake_count, 0) + 1  # counted by the database
    return values


async def locked_task(session: AsyncSession, task: Row) -> Row:
    """``task`` with its columns as the last writer committed them, the row locked until the
    transaction ends: comments posted at once change the status one after the other, each seeing
    the previous one's status (a retake is counted once, a status change announced once)."""
    await lock_rows(session, TASK, [task["id"]])
    current = (await session.execute(select(TASK).where(TASK.c.id == task["id"]))).mappings().one()
    return {**task, **current}


async def apply_status(session: AsyncSession, task: Row, status: Row, when: dt.datetime, author_id: uuid.UUID) -> Row:
    """Write the status on the task and record ``task:update`` then the status-change events."""
    previous = task["task_status_id"]
    values = status_changes(task, status, when)
    await session.execute(update(TASK).where(TASK.c.id == task["id"]).values(**values))
    mapping = (await session.execute(select(TASK).where(TASK.c.id == task["id"]))).mappings().one()
    updated = dict(mapping, type="Task")
    project_id = task["project_id"]
    base = {"task_id": task["id"], "project_id": project_id}
    await emit(session, "task:update", dict(base), user_id=author_id, project_id=project_id)
    if previous != status["id"]:
        change = {
            **base,
            "previous_task_status_id": previous,
            "new_task_status_id": status["id"],
            "person_id": author_id,
        }
        await emit(session, "task:status-changed", change, user_id=author_id, project_id=project_id)
        if status.get("is_feedback_request"):
            review = {**base, "task_status_id": status["id"], "person_id": author_id}
            await emit(session, "task:to-review", review, user_id=author_id, project_id=project_id)
    return updated
