"""Rows of a resource, as the views of the current user read them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.listing import to_rows
from tenko.core.resource import Resource, Row


async def rows_of(
    session: AsyncSession, resource: Resource, *where: ColumnElement[bool], order_by: Any = None
) -> list[Row]:
    """Every visible column of the matching rows of a resource, with their ``type``."""
    table = resource.table
    order = order_by if order_by is not None else (table.c.name if "name" in table.c else table.c.id)
    statement = select(*resource.visible_columns).where(true(), *where).order_by(order, table.c.id)
    return to_rows(resource, await session.execute(statement))


def ids_of(rows: list[Row]) -> list[uuid.UUID]:
    return [row["id"] for row in rows]
