"""The caller's subscriptions: to a task, or to a task type of a sequence (notified of its shots' comments)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Request, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.errors import validation_error
from tenko.core.guard import Loaded, Myself, PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.core.types import new_id
from tenko.domains.tasks.access import CurrentTask
from tenko.domains.tasks.resources import SUBSCRIPTIONS
from tenko.domains.user.access import FollowedLoader, TaskTypeLoader, readable_tasks
from tenko.domains.user.common import rows_of

router = api_router(tags=["user"])
SUBSCRIPTION = SUBSCRIPTIONS.table
#: a sequence (any entity) and a task type that exist, for a question about the caller's own subscription
LookedAt = Annotated[Loaded, FollowedLoader("look")]
#: a sequence whose project's team the caller is in: they may follow its task types
Followed = Annotated[Loaded, FollowedLoader("follow")]
KnownTaskType = Annotated[Loaded, TaskTypeLoader("read")]
SUBSCRIPTION_ROW = answers.record_schema(SUBSCRIPTIONS)
IS_SUBSCRIBED = answers.answer({answers.COMPONENT: "IsSubscribed", **answers.BOOLEAN})


class TaskIds(BaseModel):
    model_config = ConfigDict(extra="ignore")
    task_ids: list[uuid.UUID]


async def subscription_rows(session: AsyncSession, *where: Any) -> list[Row]:
    return await rows_of(session, SUBSCRIPTIONS, *where, order_by=SUBSCRIPTION.c.created_at)


async def subscribe_tasks(session: AsyncSession, caller: Caller, ids: list[uuid.UUID]) -> list[Row]:
    """Subscribe the caller to these tasks (they may read each: the route checked it)."""
    mine = SUBSCRIPTION.c.person_id == caller.id
    existing = set(
        (await session.execute(select(SUBSCRIPTION.c.task_id).where(mine, SUBSCRIPTION.c.task_id.in_(ids)))).scalars()
    )
    new = [{"id": new_id(), "person_id": caller.id, "task_id": task_id} for task_id in ids if task_id not in existing]
    if new:
        await session.execute(insert(SUBSCRIPTION), new)
    return await subscription_rows(session, mine, SUBSCRIPTION.c.task_id.in_(ids))


async def body_ids(request: Request) -> list[uuid.UUID]:
    ids: list[uuid.UUID] = (await http.json_body(request, TaskIds))["task_ids"]
    if len(ids) > 10_000:
        raise validation_error([{"field": "task_ids", "message": "at most 10000 ids"}])
    return ids


@router.get(
    "/data/user/tasks/{task_id}/subscribed", summary="Whether the caller is subscribed to a task", **IS_SUBSCRIBED
)
async def task_subscribed(task_id: PathId, session: DbSession, caller: Myself) -> JSONResponse:
    """Whether the caller is subscribed to a task (an unknown task: no)."""
    found = parse_uuid(task_id, "task id")
    statement = select(SUBSCRIPTION.c.id).where(SUBSCRIPTION.c.person_id == caller.id, SUBSCRIPTION.c.task_id == found)
    return JSONResponse((await session.execute(statement)).first() is not None)


@router.post(
    "/actions/user/tasks/{task_id}/subscribe",
    summary="Subscribe the caller to a task",
    status_code=201,
    **answers.answer(SUBSCRIPTION_ROW, 201),
)
async def subscribe_task(task: CurrentTask, session: DbSession, caller: Myself) -> JSONResponse:
    """Subscribe the caller to a task."""
    rows = await subscribe_tasks(session, caller, [task.id])
    return JSONResponse(rows[0], status_code=201)


@router.delete(
    "/actions/user/tasks/{task_id}/unsubscribe", summary="Unsubscribe the caller from a task", **answers.no_content()
)
async def unsubscribe_task(task_id: PathId, session: DbSession, caller: Myself) -> Response:
    """Unsubscribe the caller from a task (even one they no longer reach: the subscription is theirs)."""
    found = parse_uuid(task_id, "task id")
    await session.execute(
        delete(SUBSCRIPTION).where(SUBSCRIPTION.c.person_id == caller.id, SUBSCRIPTION.c.task_id == found)
    )
    return Response(status_code=204)


@router.post(
    "/actions/user/tasks/subscribe",
    summary="Subscribe the caller to many tasks (task_ids)",
    status_code=201,
    **answers.answer(answers.list_of(SUBSCRIPTION_ROW), 201),
)
async def subscribe_many(request: Request, session: DbSession, caller: Myself) -> JSONResponse:
    """Subscribe the caller to many tasks (task_ids)."""
    ids = await readable_tasks(session, caller, await body_ids(request))
    return JSONResponse(await subscribe_tasks(session, caller, ids), status_code=201)


@router.post(
    "/actions/user/tasks/unsubscribe",
    summary="Unsubscribe the caller from many tasks (task_ids)",
    **answers.answer(answers.ID_LIST),
)
async def unsubscribe_many(request: Request, session: DbSession, caller: Myself) -> JSONResponse:
    """Unsubscribe the caller from many tasks (task_ids); answers the ids of those they were subscribed to."""
    ids = await body_ids(request)
    mine = (SUBSCRIPTION.c.person_id == caller.id) & SUBSCRIPTION.c.task_id.in_(ids)
    removed = list((await session.execute(select(SUBSCRIPTION.c.task_id).where(mine))).scalars())
    await session.execute(delete(SUBSCRIPTION).where(mine))
    return JSONResponse(removed)


def sequence_condition(caller: Caller, sequence_id: Any, type_id: Any) -> Any:
    return (
        (SUBSCRIPTION.c.person_id == caller.id)
        & (SUBSCRIPTION.c.entity_id == sequence_id)
        & (SUBSCRIPTION.c.task_type_id == type_id)
    )


async def is_subscribed_to(session: AsyncSession, caller: Caller, sequence: Loaded, task_type: Loaded) -> bool:
    statement = select(SUBSCRIPTION.c.id).where(sequence_condition(caller, sequence.id, task_type.id))
    return (await session.execute(statement)).first() is not None


@router.get(
    "/data/user/sequences/{sequence_id}/task-types/{task_type_id}/subscribed",
    summary="Whether the caller follows a task type of a sequence",
    **IS_SUBSCRIBED,
)
async def sequence_subscribed(
    sequence: LookedAt, task_type: KnownTaskType, session: DbSession, caller: Myself
) -> JSONResponse:
    """Whether the caller follows a task type of a sequence."""
    return JSONResponse(await is_subscribed_to(session, caller, sequence, task_type))


@router.get(
    "/data/user/entities/{sequence_id}/task-types/{task_type_id}/subscribed",
    summary="Whether the caller follows a task type of an entity (a sequence)",
    **IS_SUBSCRIBED,
)
async def entity_subscribed(
    sequence: LookedAt, task_type: KnownTaskType, session: DbSession, caller: Myself
) -> JSONResponse:
    """Whether the caller follows a task type of an entity (a sequence)."""
    return JSONResponse(await is_subscribed_to(session, caller, sequence, task_type))


@router.post(
    "/actions/user/sequences/{sequence_id}/task-types/{task_type_id}/subscribe",
    summary="Follow a task type of a sequence",
    status_code=201,
    **answers.answer(SUBSCRIPTION_ROW, 201),
)
async def subscribe_sequence(
    sequence: Followed, task_type: KnownTaskType, session: DbSession, caller: Myself
) -> JSONResponse:
    """Follow a task type of a sequence."""
    condition = sequence_condition(caller, sequence.id, task_type.id)
    if (await session.execute(select(SUBSCRIPTION.c.id).where(condition))).first() is None:
        values = {"id": new_id(), "person_id": caller.id, "entity_id": sequence.id, "task_type_id": task_type.id}
        await session.execute(insert(SUBSCRIPTION).values(**values))
    return JSONResponse((await subscription_rows(session, condition))[0], status_code=201)


@router.delete(
    "/actions/user/sequences/{sequence_id}/task-types/{task_type_id}/unsubscribe",
    summary="Stop following a task type of a sequence",
    **answers.no_content(),
)
async def unsubscribe_sequence(
    sequence: LookedAt, task_type: KnownTaskType, session: DbSession, caller: Myself
) -> Response:
    """Stop following a task type of a sequence."""
    await session.execute(delete(SUBSCRIPTION).where(sequence_condition(caller, sequence.id, task_type.id)))
    return Response(status_code=204)
