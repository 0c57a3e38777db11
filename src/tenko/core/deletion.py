"""Deleting a record: refuse while other records still need it, or remove them too (``force``).

The graph comes from the foreign keys of the metadata, so every table is covered. A few
references are *weak*: they describe a record rather than belong to it (a task's assigner,
an entity's thumbnail, the event log); they are set to NULL instead of blocking or cascading.
References without a foreign key (a comment's ``object_id``) are declared in ``SOFT_CHILDREN``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, MetaData, Table, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.errors import BadRequest

#: (table, column) of nullable references that are cleared when their target goes away
WEAK_REFERENCES = frozenset(
    {
        ("api_event", "user_id"),
        ("api_event", "project_id"),
        ("task", "assigner_id"),
        ("entity", "preview_file_id"),
        ("entity", "ready_for"),
        ("entity", "source_id"),
        ("entity", "created_by"),
        ("comment", "editor_id"),
        ("comment", "preview_file_id"),
        ("project", "default_preview_background_file_id"),
        ("project", "from_schedule_version_id"),
        ("project_template", "default_preview_background_file_id"),
        ("playlist", "created_by"),
        ("playlist", "task_type_id"),
        ("playlist", "episode_id"),
        ("person", "studio_id"),
        ("person", "preview_project_id"),
        ("task_type", "department_id"),
        ("output_file", "person_id"),
        ("working_file", "person_id"),
        ("preview_file", "person_id"),
        ("preview_file", "source_file_id"),
        ("output_file", "source_file_id"),
        ("news", "preview_file_id"),
        ("notification", "playlist_id"),
        ("production_schedule_version", "production_schedule_from"),
        ("search_filter", "search_filter_group_id"),
        ("metadata_descriptor", "task_type_id"),
        ("asset_instance", "target_asset_id"),
        ("chat_message", "person_id"),
    }
)

#: references without a foreign key: (parent table, child table, child column)
SOFT_CHILDREN: tuple[tuple[str, str, str], ...] = (
    ("task", "comment", "object_id"),
    ("entity", "chat", "object_id"),
)


@dataclass(frozen=True)
class Reference:
    table: Table
    column: Column[Any]

    @property
    def weak(self) -> bool:
        return (self.table.name, self.column.name) in WEAK_REFERENCES and bool(self.column.nullable)


def references_to(metadata: MetaData, table: Table) -> list[Reference]:
    found = []
    for other in metadata.tables.values():
        for fk in other.foreign_keys:
            if fk.column.table is table:
                found.append(Reference(other, fk.parent))
    for parent, child, column in SOFT_CHILDREN:
        if parent == table.name:
            child_table = metadata.tables[child]
            found.append(Reference(child_table, child_table.c[column]))
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
