"""Status automations: when a task reaches a status, move a sibling task or mark the entity ready.

An automation belongs to a project through ``project_status_automation_link``. It fires when
a task of ``in_task_type_id`` reaches ``in_task_status_id`` on an entity of its kind
(``entity_type``: asset, shot, ...). ``out_field_type`` says what follows: ``status`` sets
``out_task_status_id`` on the entity's task of ``out_task_type_id`` (through a comment, so the
usual side effects apply); ``ready_for`` sets the entity's ``ready_for`` to that task type.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import Caller
from tenko.core.events import emit
from tenko.core.resource import Row
from tenko.core.types import utc_now
from tenko.domains.entities.models import ENTITY
from tenko.domains.projects.models import PROJECT_STATUS_AUTOMATION_LINK
from tenko.domains.studio.kinds import BREAKDOWN_KINDS
from tenko.domains.studio.models import ENTITY_TYPE, STATUS_AUTOMATION
from tenko.domains.tasks.access import fetch_status
from tenko.domains.tasks.models import TASK

#: automations may chain (A moves B, which moves C) but never loop forever
MAX_DEPTH = 3


def kind_event(entity_type_name: str) -> str:
    """The kind of an entity type as automations and events name it (``asset`` for asset types)."""
    kind = next((k for k in BREAKDOWN_KINDS if k.entity_type == entity_type_name), None)
    return kind.event if kind is not None else "asset"


async def matching(session: AsyncSession, task: Row, status: Row) -> tuple[list[Row], Row | None]:
    """The project's automations triggered by this task reaching this status, and its entity."""
    entity_query = (
        select(ENTITY.c.id, ENTITY.c.ready_for, ENTITY_TYPE.c.name.label("entity_type_name"))
        .join(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
        .where(ENTITY.c.id == task["entity_id"])
    )
    entity = (await session.execute(entity_query)).mappings().first()
    if entity is None:
        return [], None
    linked = select(PROJECT_STATUS_AUTOMATION_LINK.c.status_automation_id).where(
        PROJECT_STATUS_AUTOMATION_LINK.c.project_id == task["project_id"]
    )
    statement = select(STATUS_AUTOMATION).where(
        STATUS_AUTOMATION.c.id.in_(linked),
        STATUS_AUTOMATION.c.in_task_type_id == task["task_type_id"],
        STATUS_AUTOMATION.c.in_task_status_id == status["id"],
        STATUS_AUTOMATION.c.archived.isnot(True),
    )
    kind = kind_event(entity["entity_type_name"])
    found = [
        dict(row)
        for row in (await session.execute(statement)).mappings()
        if not row["entity_type"] or str(row["entity_type"]).lower() == kind
    ]
    return found, dict(entity)


#: posts a status change on a task as a comment, the way the comment flow does (``comments.service``)
PostStatus = Callable[[AsyncSession, Caller, Row, Row, uuid.UUID, int], Awaitable[Any]]


async def run(
    session: AsyncSession, caller: Caller, task: Row, status: Row, author_id: uuid.UUID, depth: int, post: PostStatus
) -> None:
    """Apply the automations that this status change triggers (in the same transaction).

    ``post`` is the comment flow itself, handed in by it: a moved sibling gets its comment,
    news and notifications like any status change, and may trigger automations in turn."""
    if depth >= MAX_DEPTH:
        return
    found, entity = await matching(session, task, status)
    for automation in found:
        if automation["out_field_type"] == "ready_for" and entity is not None:
            await set_ready_for(session, entity, automation["out_task_type_id"], task["project_id"], author_id)
        elif automation["out_field_type"] == "status" and automation["out_task_status_id"] is not None:
            await move_sibling(session, caller, task, automation, author_id, depth, post)


async def set_ready_for(
    session: AsyncSession, entity: Row, task_type_id: uuid.UUID | None, project_id: uuid.UUID, author_id: uuid.UUID
) -> None:
    if entity["ready_for"] == task_type_id:
        return
    values = {"ready_for": task_type_id, "updated_at": utc_now()}
    await session.execute(update(ENTITY).where(ENTITY.c.id == entity["id"]).values(**values))
    noun = kind_event(entity["entity_type_name"])
    data = {f"{noun}_id": entity["id"], "project_id": project_id}
    await emit(session, f"{noun}:update", data, user_id=author_id, project_id=project_id)


async def move_sibling(
    session: AsyncSession,
    caller: Caller,
    task: Row,
    automation: Row,
    author_id: uuid.UUID,
    depth: int,
    post: PostStatus,
) -> None:
    statement = select(TASK).where(
        TASK.c.entity_id == task["entity_id"], TASK.c.task_type_id == automation["out_task_type_id"]
    )
    for mapping in (await session.execute(statement)).mappings().all():
        sibling = dict(mapping, type="Task")
        if sibling["task_status_id"] == automation["out_task_status_id"]:
            continue
        out_status = await fetch_status(session, automation["out_task_status_id"])
        await post(session, caller, sibling, out_status, author_id, depth + 1)
