"""unique names and instance numbers that hold under concurrent writes

The reference's ``entity_uc`` (name, project, type, parent) and ``asset_instance_uc`` hold
nothing where a column is NULL: episodes, assets and sequences without episode have no parent,
an instance is in a scene or in an asset, never both. Requests racing each other could therefore
store duplicates the services refuse one at a time. This revision adds the unique indexes that
enforce what the services check:

- ``entity_name_uc``: (project_id, entity_type_id, parent_id with NULL as one value, lower(name));
- ``asset_instance_number_uc``: (asset_id, target_asset_id and scene_id with NULL as one value,
  number).

Existing duplicates (left by such races) would make the index creation fail. They are not
deleted (tasks, comments and castings may hang on each of them) and not left in place: the
oldest row of each group keeps its name or number; every later one is renamed ``<name> (2)``,
``<name> (3)``... (the first suffix free in its scope), or gets the next free instance number.
Each change is logged as a warning (logger ``tenko.migrations``) with the row's id, so that an
operator can find and merge them. Downgrading drops the indexes and keeps the new names.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-09
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

import tenko.core.types

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("tenko.migrations")
UUID = tenko.core.types.UUIDType
NIL = sa.literal(uuid.UUID(int=0), UUID)
NAME_LENGTH = 160

entity = sa.table(
    "entity",
    sa.column("id", UUID),
    sa.column("name", sa.String()),
    sa.column("project_id", UUID),
    sa.column("entity_type_id", UUID),
    sa.column("parent_id", UUID),
    sa.column("created_at", sa.DateTime()),
)
instance = sa.table(
    "asset_instance",
    sa.column("id", UUID),
    sa.column("asset_id", UUID),
    sa.column("target_asset_id", UUID),
    sa.column("scene_id", UUID),
    sa.column("number", sa.Integer()),
    sa.column("created_at", sa.DateTime()),
)


def same(column: Any, value: Any) -> Any:
    return column.is_(None) if value is None else column == value


def entity_key(table: Any) -> list[Any]:
    return [table.c.project_id, table.c.entity_type_id, sa.func.coalesce(table.c.parent_id, NIL), sa.func.lower(table.c.name)]


def instance_key(table: Any) -> list[Any]:
    return [
        table.c.asset_id,
        sa.func.coalesce(table.c.target_asset_id, NIL),
        sa.func.coalesce(table.c.scene_id, NIL),
        table.c.number,
    ]


def duplicates(connection: Any, table: Any, key: Any, *where: Any) -> dict[tuple[Any, ...], list[Any]]:
    """The rows whose key another row shares, grouped by key, oldest first."""
    other = table.alias("other")
    shared = sa.and_(other.c.id != table.c.id, *(mine == theirs for mine, theirs in zip(key(table), key(other))))
    key_columns = [expression.label(f"key_{i}") for i, expression in enumerate(key(table))]
    statement = (
        sa.select(table, *key_columns)
        .where(sa.exists().where(shared), *where)
        .order_by(*key_columns, table.c.created_at, table.c.id)
    )
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for row in connection.execute(statement):
        groups.setdefault(tuple(row[-len(key_columns):]), []).append(row)
    return groups


def rename_duplicate_entities(connection: Any) -> None:
    for rows in duplicates(connection, entity, entity_key).values():
        first = rows[0]
        scope = [
            entity.c.project_id == first.project_id,
            entity.c.entity_type_id == first.entity_type_id,
            same(entity.c.parent_id, first.parent_id),
        ]
        taken = {name.lower() for name in connection.execute(sa.select(entity.c.name).where(*scope)).scalars()}
        suffix = 2
        for row in rows[1:]:
            while True:
                tail = f" ({suffix})"
                name = row.name[: NAME_LENGTH - len(tail)] + tail
                suffix += 1
                if name.lower() not in taken:
                    break
            taken.add(name.lower())
            connection.execute(sa.update(entity).where(entity.c.id == row.id).values(name=name))
            log.warning(
                "entity %s renamed %r -> %r: entity %s (older) has the same name in its project and parent",
                row.id, row.name, name, first.id,
            )


def renumber_duplicate_instances(connection: Any) -> None:
    for rows in duplicates(connection, instance, instance_key, instance.c.number.isnot(None)).values():
        first = rows[0]
        place = [
            instance.c.asset_id == first.asset_id,
            same(instance.c.target_asset_id, first.target_asset_id),
            same(instance.c.scene_id, first.scene_id),
        ]
        highest = connection.execute(sa.select(sa.func.max(instance.c.number)).where(*place)).scalar() or 0
        for offset, row in enumerate(rows[1:], start=1):
            connection.execute(sa.update(instance).where(instance.c.id == row.id).values(number=highest + offset))
            log.warning(
                "asset instance %s renumbered %s -> %s: instance %s (older) has the same number in the same place",
                row.id, row.number, highest + offset, first.id,
            )


def upgrade() -> None:
    connection = op.get_bind()
    rename_duplicate_entities(connection)
    renumber_duplicate_instances(connection)
    columns = sa.table(
        "entity", sa.column("project_id"), sa.column("entity_type_id"), sa.column("parent_id"), sa.column("name")
    )
    op.create_index("entity_name_uc", "entity", entity_key(columns), unique=True)
    places = sa.table(
        "asset_instance",
        sa.column("asset_id"),
        sa.column("target_asset_id"),
        sa.column("scene_id"),
        sa.column("number"),
    )
    op.create_index("asset_instance_number_uc", "asset_instance", instance_key(places), unique=True)


def downgrade() -> None:
    op.drop_index("asset_instance_number_uc", table_name="asset_instance")
    op.drop_index("entity_name_uc", table_name="entity")
