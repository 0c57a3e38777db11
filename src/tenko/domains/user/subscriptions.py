"""The caller's subscriptions: to a task, or to a task type of a sequence (notified of its shots' comments)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.deps import Context
from tenko.core import http, records
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.errors import Forbidden, NotFound, validation_error
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.model import table_of
from tenko.core.resource import Row
from tenko.core.types import new_id
from tenko.domains.entities.models import Entity
from tenko.domains.tasks.access import access_to
from tenko.domains.tasks.models import TaskType
from tenko.domains.tasks.resources import SUBSCRIPTIONS
from tenko.domains.user.common import TASK, rows_of

router = APIRouter(tags=["user"])
SUBSCRIPTION = SUBSCRIPTIONS.table
ENTITY = table_of(Entity)
TASK_TYPE = table_of(TaskType)


class TaskIds(BaseModel):
    model_config = ConfigDict(extra="ignore")
    task_ids: list[uuid.UUID]


async def subscription_rows(session: AsyncSession, *where: Any) -> list[Row]:
    return await rows_of(session, SUBSCRIPTIONS, *where, order_by=SUBSCRIPTION.c.created_at)


async def readable_tasks(session: AsyncSession, caller: Caller, task_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """The given tasks, each one the caller may read (404 for an unknown one, 403 for one out of reach)."""
    rows = [dict(row) for row in (await session.execute(select(TASK).where(TASK.c.id.in_(task_ids)))).mappings()]
    missing = set(task_ids) - {row["id"] for row in rows}
    if missing:
        raise NotFound(f"Task {sorted(map(str, missing))[0]} not found")
    for row in rows:
        await access_to(session, caller, row)
    return list(dict.fromkeys(task_ids))


async def subscribe_tasks(session: AsyncSession, caller: Caller, task_ids: list[uuid.UUID]) -> list[Row]:
    ids = await readable_tasks(session, caller, task_ids)
    mine = SUBSCRIPTION.c.person_id == caller.id
    existing = set(
        (await session.execute(select(SUBSCRIPTION.c.task_id).where(mine, SUBSCRIPTION.c.task_id.in_(ids)))).scalars()
    )
    new = [{"id": new_id(), "person_id": caller.id, "task_id": task_id} for task_id in ids if task_id not in existing]
    if new:
        await session.execute(insert(SUBSCRIPTION), new)
    return await subscription_rows(session, mine, SUBSCRIPTION.c.task_id.in_(ids))


async def body_ids(request: Request, context: Context) -> list[uuid.UUID]:
    body = await http.json_object(request)
    ids: list[uuid.UUID] = http.validate(TaskIds, body)["task_ids"]
    if len(ids) > 10_000:
        raise validation_error([{"field": "task_ids", "message": "at most 10000 ids"}])
    return ids


@router.get("/data/user/tasks/{task_id}/subscribed", summary="Whether the caller is subscribed to a task")
async def task_subscribed(task_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Whether the caller is subscribed to a task."""
    found = records.parse_id(task_id, "task id")
    statement = select(SUBSCRIPTION.c.id).where(SUBSCRIPTION.c.person_id == caller.id, SUBSCRIPTION.c.task_id == found)
    return JSONResponse((await session.execute(statement)).first() is not None)


@router.post("/actions/user/tasks/{task_id}/subscribe", summary="Subscribe the caller to a task", status_code=201)
async def subscribe_task(task_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Subscribe the caller to a task."""
    rows = await subscribe_tasks(session, caller, [records.parse_id(task_id, "task id")])
    return JSONResponse(rows[0], status_code=201)


@router.delete(
    "/actions/user/tasks/{task_id}/unsubscribe", summary="Unsubscribe the caller from a task", status_code=204
)
async def unsubscribe_task(task_id: str, session: DbSession, caller: CurrentCaller) -> Response:
    """Unsubscribe the caller from a task."""
    found = records.parse_id(task_id, "task id")
    await session.execute(
        delete(SUBSCRIPTION).where(SUBSCRIPTION.c.person_id == caller.id, SUBSCRIPTION.c.task_id == found)
    )
    return Response(status_code=204)


@router.post("/actions/user/tasks/subscribe", summary="Subscribe the caller to many tasks (task_ids)", status_code=201)
async def subscribe_many(request: Request, session: DbSession, caller: CurrentCaller, context: Context) -> JSONResponse:
    """Subscribe the caller to many tasks (task_ids)."""
    return JSONResponse(await subscribe_tasks(session, caller, await body_ids(request, context)), status_code=201)


@router.post("/actions/user/tasks/unsubscribe", summary="Unsubscribe the caller from many tasks (task_ids)")
async def unsubscribe_many(
    request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    """Unsubscribe the caller from many tasks (task_ids)."""
    ids = await body_ids(request, context)
    mine = (SUBSCRIPTION.c.person_id == caller.id) & SUBSCRIPTION.c.task_id.in_(ids)
    removed = list((await session.execute(select(SUBSCRIPTION.c.task_id).where(mine))).scalars())
    await session.execute(delete(SUBSCRIPTION).where(mine))
    return JSONResponse(removed)


async def sequence_and_type(session: AsyncSession, raw_sequence: str, raw_type: str) -> tuple[Row, uuid.UUID]:
    sequence_id = records.parse_id(raw_sequence, "sequence id")
    type_id = records.parse_id(raw_type, "task type id")
    sequence = (await session.execute(select(ENTITY).where(ENTITY.c.id == sequence_id))).mappings().first()
    if sequence is None:
        raise NotFound(f"Sequence {sequence_id} not found")
    if (await session.execute(select(TASK_TYPE.c.id).where(TASK_TYPE.c.id == type_id))).first() is None:
        raise NotFound(f"Task type {type_id} not found")
    return dict(sequence), type_id


def sequence_condition(caller: Caller, sequence_id: Any, type_id: Any) -> Any:
    return (
        (SUBSCRIPTION.c.person_id == caller.id)
        & (SUBSCRIPTION.c.entity_id == sequence_id)
        & (SUBSCRIPTION.c.task_type_id == type_id)
    )


async def is_subscribed_to(session: AsyncSession, caller: Caller, sequence_id: str, task_type_id: str) -> bool:
    sequence, type_id = await sequence_and_type(session, sequence_id, task_type_id)
    statement = select(SUBSCRIPTION.c.id).where(sequence_condition(caller, sequence["id"], type_id))
    return (await session.execute(statement)).first() is not None


@router.get(
    "/data/user/sequences/{sequence_id}/task-types/{task_type_id}/subscribed",
    summary="Whether the caller follows a task type of a sequence",
)
async def sequence_subscribed(
    sequence_id: str, task_type_id: str, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    """Whether the caller follows a task type of a sequence."""
    return JSONResponse(await is_subscribed_to(session, caller, sequence_id, task_type_id))


@router.get(
    "/data/user/entities/{sequence_id}/task-types/{task_type_id}/subscribed",
    summary="Whether the caller follows a task type of an entity (a sequence)",
)
async def entity_subscribed(
    sequence_id: str, task_type_id: str, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    """Whether the caller follows a task type of an entity (a sequence)."""
    return JSONResponse(await is_subscribed_to(session, caller, sequence_id, task_type_id))


@router.post(
    "/actions/user/sequences/{sequence_id}/task-types/{task_type_id}/subscribe",
    summary="Follow a task type of a sequence",
    status_code=201,
)
async def subscribe_sequence(
    sequence_id: str, task_type_id: str, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    """Follow a task type of a sequence."""
    sequence, type_id = await sequence_and_type(session, sequence_id, task_type_id)
    if caller.role_in(sequence["project_id"]) is None:
        raise Forbidden("You are not a member of the team of this sequence's project")
    condition = sequence_condition(caller, sequence["id"], type_id)
    if (await session.execute(select(SUBSCRIPTION.c.id).where(condition))).first() is None:
        values = {"id": new_id(), "person_id": caller.id, "entity_id": sequence["id"], "task_type_id": type_id}
        await session.execute(insert(SUBSCRIPTION).values(**values))
    return JSONResponse((await subscription_rows(session, condition))[0], status_code=201)


@router.delete(
    "/actions/user/sequences/{sequence_id}/task-types/{task_type_id}/unsubscribe",
    summary="Stop following a task type of a sequence",
    status_code=204,
)
async def unsubscribe_sequence(
    sequence_id: str, task_type_id: str, session: DbSession, caller: CurrentCaller
) -> Response:
    """Stop following a task type of a sequence."""
    sequence, type_id = await sequence_and_type(session, sequence_id, task_type_id)
    await session.execute(delete(SUBSCRIPTION).where(sequence_condition(caller, sequence["id"], type_id)))
    return Response(status_code=204)
