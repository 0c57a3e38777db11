"""Declarative base shared by every table, with the reference server's naming scheme."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ColumnElement, DateTime, MetaData, Table, func, literal
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
