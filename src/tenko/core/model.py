"""Declarative base shared by every table, with the reference server's naming scheme."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Column, ColumnElement, DateTime, MetaData, Table, func, literal
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tenko.core.types import UUIDType, new_id, utc_now

# PostgreSQL's own default names, so a database built by tenko looks like one built by
# the reference server (and constraints have names Alembic can alter on SQLite).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "%(table_name)s_%(column_0_name)s_key",
    "ck": "%(constraint_name)s",
    "fk": "%(table_name)s_%(column_0_name)s_fkey",
    "pk": "%(table_name)s_pkey",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    #: The value of ``"type"`` in the JSON form; the class name unless set.
    __type_name__: str | None = None


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(UUIDType, primary_key=True, default=new_id)


class TimestampMixin:
    created_at: Mapped[dt.datetime | None] = mapped_column(DateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(), default=utc_now, onupdate=utc_now)


def referenced_table(column: Any) -> Table:
    """The table a foreign-key column points to, found in the metadata when it is needed: a
    record can show its parent (an attachment its chat message) without importing the parent's
    domain, which may build on this one."""
    table: Table = next(iter(column.foreign_keys)).column.table
    return table


#: ``info`` key of a column that holds the id of a row of one of these tables without a foreign
#: key (a comment's ``object_id``, a schedule item's entity or asset type): a reference all the same
REFERS_TO = "refers_to"


def refers_to(*table_names: str) -> dict[str, Any]:
    """``info`` of a column holding an id of one of ``table_names`` (the first that has it), with no
    foreign key: bodies are judged as for a foreign key (``core/references.py``)."""
    return {REFERS_TO: table_names}


def reference_targets(column: Any) -> tuple[Column[Any], ...]:
    """The key columns a column's values point to: its foreign key's, or the ids of the tables
    named by ``refers_to`` (looked up in the metadata by name); none for a plain column."""
    if column.foreign_keys:
        return (next(iter(column.foreign_keys)).column,)
    tables = column.table.metadata.tables
    return tuple(tables[name].c.id for name in column.info.get(REFERS_TO, ()) if name in tables)


#: ``info`` key of a JSON list column whose items name records by some of their keys
ITEMS_REFER_TO = "items_refer_to"


def items_refer_to(**keys: str) -> dict[str, Any]:
    """``info`` of a JSON list column whose items name records (a playlist's ``shots``: each item's
    ``entity_id`` and ``preview_file_id``), by key -> table name: judged as foreign keys are."""
    return {ITEMS_REFER_TO: keys}


def item_reference_targets(column: Any) -> dict[str, tuple[Column[Any], ...]]:
    """The key columns each item key of a JSON list column points to (``items_refer_to``)."""
    tables = column.table.metadata.tables
    keys: dict[str, str] = column.info.get(ITEMS_REFER_TO, {})
    return {key: (tables[name].c.id,) for key, name in keys.items() if name in tables}


def table_of(model: Any) -> Table:
    """The Core table of a mapped class (typed, unlike ``Model.__table__``)."""
    table: Table = model.__table__
    return table


#: the nil UUID (all zeros), which no record has
NIL_ID = uuid.UUID(int=0)


def or_nil(column: Any) -> ColumnElement[Any]:
    """A nullable id column with NULL read as the nil UUID. A unique index holds NULLs distinct
    (two root entities with no parent never collide); over this expression every NULL is one value."""
    return func.coalesce(column, literal(NIL_ID, UUIDType))
