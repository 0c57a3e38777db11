"""Priorities of task types and task statuses, studio-wide or in a project, from an ordered list."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.errors import validation_error
from tenko.core.listing import typed_rows
from tenko.core.resource import Row
from tenko.core.schemas import BodyModel
from tenko.core.types import utc_now


class TaskStatusOrder(BodyModel):
    task_status_ids: list[uuid.UUID]


class TaskTypeOrder(BodyModel):
    task_type_ids: list[uuid.UUID]


async def set_priorities(
    session: AsyncSession, table: Table, column: str, ids: list[uuid.UUID], scope: list[Any], type_name: str
) -> list[Row]:
    """Priority = position in ``ids`` for the rows of ``scope``; unknown ids are a 400."""
    ids = list(dict.fromkeys(ids))
    key = table.c[column]
    known = set((await session.execute(select(key).where(*scope, key.in_(ids)))).scalars())
    strangers = [str(i) for i in ids if i not in known]
    if strangers:
        field = f"{column}s"
        raise validation_error([{"field": field, "message": f"not linked here: {', '.join(strangers[:5])}"}])
    for priority, record_id in enumerate(ids, start=1):
        statement = update(table).where(*scope, key == record_id).values(priority=priority, updated_at=utc_now())
        await session.execute(statement)
    priority_column = table.c.priority
    ordered = select(table).where(*scope).order_by(priority_column.is_(None), priority_column, key)
    return typed_rows(await session.execute(ordered), type_name)
