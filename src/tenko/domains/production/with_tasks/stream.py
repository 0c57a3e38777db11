"""Reading a with-tasks listing as a stream of rows, in a constant number of statements.

The entities, their tasks (one row per task and assignee, with the caller's subscription)
and any side list (casting episodes, concept links) are each one flat query ordered by
entity id. They are read together through server-side cursors and merged as they come,
so a request holds one entity at a time, whatever the size of the production.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, Text, and_, cast, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.domains.entities.models import ENTITY
from tenko.domains.production.with_tasks.rows import Listing, load_data
from tenko.domains.production.with_tasks.sql import id_text, texts
from tenko.domains.production.with_tasks.visibility import Visibility
from tenko.domains.tasks.models import SUBSCRIPTION, TASK, TASK_PERSON_LINK

#: rows fetched from a cursor at a time
BATCH = 2000

#: the task keys of a with-tasks row, in the order of the compact form
TASK_FIELDS = (
    "id", "task_status_id", "task_type_id", "assignees", "priority", "estimation", "duration", "difficulty",
    "retake_count", "real_start_date", "start_date", "end_date", "due_date", "done_date", "last_comment_date",
    "last_preview_file_id", "nb_assets_ready", "nb_drawings", "data", "entity_id", "is_subscribed",
)  # fmt: skip
T = TASK.c
TASK_COLUMNS = texts(
    T.entity_id, T.id, T.task_status_id, T.task_type_id, T.priority, T.estimation, T.duration, T.difficulty,
    T.retake_count, T.real_start_date, T.start_date, T.end_date, T.due_date, T.done_date, T.last_comment_date,
    T.last_preview_file_id, T.nb_assets_ready, T.nb_drawings, cast(T.data, Text),
)  # fmt: skip


def conditions_for(
    listing: Listing, view: Visibility, extra: Sequence[ColumnElement[bool]] = (), kind: bool = True
) -> list[ColumnElement[bool]]:
    conditions = [view.entities(ENTITY), *extra]
    if kind:
        conditions.insert(0, listing.kind_filter)
    return conditions


def entity_statement(listing: Listing, conditions: Sequence[ColumnElement[bool]]) -> Select[Any]:
    statement = select(*listing.columns).select_from(listing.source).where(*conditions)
    return statement.order_by(ENTITY.c.id)


def task_statement(
    listing: Listing, view: Visibility, conditions: Sequence[ColumnElement[bool]], caller_id: uuid.UUID
) -> Select[Any]:
    """One row per (task, assignee) of the listed entities, with the caller's subscription to it."""
    joined = (
        listing.source.join(TASK, T.entity_id == ENTITY.c.id)
        .outerjoin(TASK_PERSON_LINK, TASK_PERSON_LINK.c.task_id == T.id)
        .outerjoin(SUBSCRIPTION, and_(SUBSCRIPTION.c.task_id == T.id, SUBSCRIPTION.c.person_id == caller_id))
    )
    columns = (*TASK_COLUMNS, id_text(TASK_PERSON_LINK.c.person_id), SUBSCRIPTION.c.id)
    statement = select(*columns).select_from(joined).where(*conditions, view.tasks())
    return statement.order_by(T.entity_id, T.id)


async def _rows(session: AsyncSession, statement: Select[Any]) -> AsyncIterator[Any]:
    result = await session.stream(statement.execution_options(yield_per=BATCH))
    async for partition in result.partitions(BATCH):
        for row in partition:
            yield row


async def _task_groups(rows: AsyncIterator[Any]) -> AsyncIterator[tuple[Any, list[Any]]]:
    """(entity id, task values) per task: consecutive rows of one task carry one assignee each."""
    current: list[Any] | None = None
    entity_id: Any = None
    async for row in rows:
        if current is not None and current[0] == row[1]:
            if row[19] is not None:
                current[3].append(row[19])
            continue
        if current is not None:
            yield entity_id, current
        entity_id = row[0]
        current = [
            row[1], row[2], row[3], [row[19]] if row[19] is not None else [], row[4], row[5], row[6], row[7],
            row[8], row[9], row[10], row[11], row[12], row[13], row[14], row[15], row[16], row[17],
            load_data(row[18]) if row[18] else None, row[0], row[20] is not None,
        ]  # fmt: skip
    if current is not None:
        yield entity_id, current


async def _pairs(rows: AsyncIterator[Any]) -> AsyncIterator[tuple[Any, Any]]:
    async for row in rows:
        yield row[0], row[1]


class _Side:
    """One ordered side stream, read up to the entity being built."""

    def __init__(self, items: AsyncIterator[tuple[Any, Any]]) -> None:
        self.items = items
        self.head: tuple[Any, Any] | None = None
        self.done = False

    async def _advance(self) -> None:
        try:
            self.head = await anext(self.items)
        except StopAsyncIteration:
            self.head, self.done = None, True

    async def start(self) -> None:
        await self._advance()

    async def take(self, entity_id: Any) -> list[Any]:
        """The values of this entity; values of entities that are not listed (created between the
        two reads) are skipped, never attached to the wrong row."""
        values = []
        while self.head is not None and self.head[0] <= entity_id:
            if self.head[0] == entity_id:
                values.append(self.head[1])
            await self._advance()
        return values


async def stream_rows(
    session: AsyncSession,
    listing: Listing,
    view: Visibility,
    conditions: Sequence[ColumnElement[bool]],
) -> AsyncIterator[list[Any]]:
    """The rows of a listing, as positional lists in the order of ``listing.fields``."""
    if view.is_empty:
        return
    entities = _rows(session, entity_statement(listing, conditions))
    sides = [_Side(_task_groups(_rows(session, task_statement(listing, view, conditions, view.caller_id))))]
    sides.extend(_Side(_pairs(_rows(session, side(listing.source, conditions)))) for side in listing.sides)
    for side in sides:  # every query starts now: the statement count never depends on the rows
        await side.start()
    build = listing.build
    async for row in entities:
        entity_id = row[0]
        yield build(row, [await side.take(entity_id) for side in sides])
