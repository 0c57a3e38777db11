"""Deleting a record: refuse while other records still need it, or remove them too (``force``).

The graph comes from the foreign keys of the metadata, so every table is covered, and the
rules are written on the models' columns: a reference marked ``CLEARED_ON_DELETE`` describes a
record rather than belongs to it (a task's assigner, an entity's thumbnail, the event log) and
is set to NULL instead of blocking or cascading; a column marked ``soft_child_of(table)`` is a
reference without a foreign key (a comment's ``object_id``). This module names no table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, MetaData, Table, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.errors import BadRequest
from tenko.core.model import refers_to

#: ``info`` of a nullable reference that is cleared, not followed, when its target goes away
CLEARED_ON_DELETE: dict[str, Any] = {"on_delete": "clear"}
SOFT_PARENT = "soft_parent"


def soft_child_of(parent_table: str) -> dict[str, Any]:
    """``info`` of a column that holds a ``parent_table`` id without a foreign key (a comment's
    ``object_id``): deleting the parent deletes the child, as a foreign key would; a body naming
    it is judged as a foreign key would be."""
    return {SOFT_PARENT: parent_table, **refers_to(parent_table)}


@dataclass(frozen=True)
class Reference:
    table: Table
    column: Column[Any]

    @property
    def weak(self) -> bool:
        return self.column.info.get("on_delete") == "clear" and bool(self.column.nullable)


def references_to(metadata: MetaData, table: Table) -> list[Reference]:
    found = []
    for other in metadata.tables.values():
        for fk in other.foreign_keys:
            if fk.column.table is table:
                found.append(Reference(other, fk.parent))
        for column in other.columns:
            if column.info.get(SOFT_PARENT) == table.name:
                found.append(Reference(other, column))
    return found


def _key_column(table: Table) -> Column[Any] | None:
    return table.c.id if "id" in table.c else None


async def blocking_references(session: AsyncSession, metadata: MetaData, table: Table, ids: Sequence[Any]) -> list[str]:
    """Human-readable list of the strong references that prevent deleting these ids."""
    blockers = []
    for reference in references_to(metadata, table):
        if reference.weak:
            continue
        statement = select(func.count()).select_from(reference.table).where(reference.column.in_(ids))
        number = (await session.execute(statement)).scalar() or 0
        if number:
            blockers.append(f"{number} {reference.table.name} ({reference.column.name})")
    return blockers


async def delete_records(
    session: AsyncSession, metadata: MetaData, table: Table, ids: Sequence[Any], *, force: bool, label: str
) -> None:
    if not force:
        blockers = await blocking_references(session, metadata, table, ids)
        if blockers:
            raise BadRequest(
                f"This {label} is still used by other records: {', '.join(blockers)}. "
                "Delete them first or use ?force=true."
            )
    await _cascade(session, metadata, table, list(ids), visited=set())


async def _cascade(session: AsyncSession, metadata: MetaData, table: Table, ids: list[Any], visited: set[Any]) -> None:
    if not ids:
        return
    key = (table.name, tuple(sorted(str(i) for i in ids)))
    if key in visited:
        return
    visited.add(key)
    for reference in references_to(metadata, table):
        if reference.weak:
            await session.execute(
                update(reference.table).where(reference.column.in_(ids)).values({reference.column.name: None})
            )
            continue
        child_key = _key_column(reference.table)
        if child_key is None:  # a pure link table: its rows only exist for the link
            await session.execute(delete(reference.table).where(reference.column.in_(ids)))
            continue
        child_ids = list((await session.execute(select(child_key).where(reference.column.in_(ids)))).scalars())
        if reference.table is table:
            child_ids = [i for i in child_ids if i not in ids]
        await _cascade(session, metadata, reference.table, child_ids, visited)
    key_column = _key_column(table)
    assert key_column is not None
    await session.execute(delete(table).where(key_column.in_(ids)))
