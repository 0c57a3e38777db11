"""Link tables: refuse unknown ids in a body, add a link once, say when a link is missing."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.atomic import conflict_insert
from tenko.core.errors import NotFound, validation_error


async def existing_id(session: AsyncSession, table: Table, record_id: uuid.UUID, field: str) -> None:
    """Refuse a body id that names no record (400 naming the field)."""
    found = (await session.execute(select(table.c.id).where(table.c.id == record_id))).first()
    if found is None:
        raise validation_error(
            [{"field": field, "message": f"no {table.name} with id {record_id}"}], "Unknown reference"
        )


async def link_once(session: AsyncSession, link: Table, values: dict[str, Any]) -> bool:
    """Insert a link row unless it exists (also when a racing call adds it at the same moment); True
    when this call created it."""
    statement = conflict_insert(session, link).values(**values).on_conflict_do_nothing()
    first = link.c[next(iter(values))]
    return (await session.execute(statement.returning(first))).first() is not None


def not_linked(what: str) -> NotFound:
    return NotFound(f"This {what} is not linked to this record")
