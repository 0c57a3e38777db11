"""Portable column types: the same model runs on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, LargeBinary, String, Uuid
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

#: UUID primary/foreign keys: native ``uuid`` on PostgreSQL, CHAR(32) on SQLite.
UUIDType = Uuid(as_uuid=True)

#: Free JSON documents: JSONB on PostgreSQL, JSON text on SQLite.
JSONType: TypeEngine[Any] = JSON().with_variant(postgresql.JSONB(), "postgresql")


def string_array(length: int | None = None) -> TypeEngine[Any]:
    """A list of strings: ARRAY on PostgreSQL, a JSON list on SQLite."""
    return JSON().with_variant(postgresql.ARRAY(String(length)), "postgresql")


#: A list of JSON documents (``JSONB[]`` on PostgreSQL).
JSONArray: TypeEngine[Any] = JSON().with_variant(postgresql.ARRAY(postgresql.JSONB()), "postgresql")


class BytesArray(TypeDecorator[list[bytes]]):
    """A list of byte strings: BYTEA[] on PostgreSQL, base64 strings in JSON on SQLite."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.ARRAY(LargeBinary()))
        return dialect.type_descriptor(JSON())

    def process_bind_param(self, value: list[bytes] | None, dialect: Dialect) -> Any:
        if value is None or dialect.name == "postgresql":
            return value
        return [base64.b64encode(item).decode() for item in value]

    def process_result_value(self, value: Any, dialect: Dialect) -> list[bytes] | None:
        if value is None or dialect.name == "postgresql":
            return value  # type: ignore[no-any-return]
        return [base64.b64decode(item) for item in value]


def utc_now() -> dt.datetime:
    """The current time as naive UTC, to the second (the API's datetime format)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def new_id() -> uuid.UUID:
    return uuid.uuid4()
