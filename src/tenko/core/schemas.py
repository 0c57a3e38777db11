"""Request bodies derived from the table definitions, so 46 models need no hand-written schemas.

A column's SQL type, length, nullability and choices become the field's validation; the
same models document the bodies in the OpenAPI document.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, create_model
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    LargeBinary,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import TypeDecorator, TypeEngine

from tenko.core import ranges


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    return value


def _naive_utc(value: Any) -> Any:
    """Accept aware datetimes (converted to UTC) and plain dates for datetime columns."""
    if isinstance(value, str) and len(value) == 10:
        value = value + "T00:00:00"
    return value


def _strip_zone(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.replace(microsecond=0)


def _date_only(value: Any) -> Any:
    """Accept ``YYYY-MM-DDTHH:MM:SS`` for date columns (clients send datetimes there too)."""
    if isinstance(value, str) and len(value) > 10 and value[10] in "T ":
        return value[:10]
    return value


def _json_safe(value: Any) -> Any:
    if isinstance(value, str):
        _no_nul(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _no_nul(str(key))
            _json_safe(item)
    elif isinstance(value, list):
        for item in value:
            _json_safe(item)
    return value


Text_ = Annotated[str, AfterValidator(_no_nul)]
DateTime_ = Annotated[
    dt.datetime, BeforeValidator(_naive_utc), AfterValidator(_strip_zone), AfterValidator(ranges.sane_date)
]
Date_ = Annotated[dt.date, BeforeValidator(_date_only), AfterValidator(ranges.sane_date)]
JSON_ = Annotated[Any, AfterValidator(_json_safe)]


def python_type(column: Column[Any]) -> Any:
    """The validated Python type of a column's values."""
    sql_type: TypeEngine[Any] = column.type
    if isinstance(sql_type, TypeDecorator):
        return list[str]
    choices = column.info.get("choices")
    if choices:
        return Literal[tuple(choices)]
    stored = sql_type.dialect_impl(postgresql.dialect())  # type: ignore[no-untyped-call]
    if isinstance(stored, postgresql.ARRAY):  # JSON on SQLite, a typed ARRAY on PostgreSQL
        item = stored.item_type
        if isinstance(item, String):
            length = item.length
            text: Any = Annotated[str, Field(max_length=length), AfterValidator(_no_nul)] if length else Text_
            return list[text]
        return list[JSON_]
    if isinstance(sql_type, Uuid):
        return uuid.UUID
    if isinstance(sql_type, (String, Text)):
        length = getattr(sql_type, "length", None)
        text = Annotated[str, Field(max_length=length), AfterValidator(_no_nul)] if length else Text_
        text_format: ranges.TextFormat | None = column.info.get(ranges.FORMAT_KEY)
        return Annotated[text, AfterValidator(text_format.check)] if text_format else text
    if isinstance(sql_type, Boolean):
        return bool
    if ranges.column_range(column) is not None:  # the SQL type's range, narrowed by the column's domain
        return ranges.number_type(column)
    if isinstance(sql_type, DateTime):
        return DateTime_
    if isinstance(sql_type, Date):
        return Date_
    if isinstance(sql_type, JSON):
        return JSON_
    if isinstance(sql_type, LargeBinary):
        return bytes
    raise TypeError(f"no API type for column {column}")


def _has_default(column: Column[Any]) -> bool:
    return column.default is not None or column.server_default is not None or column.nullable is True


class BodyModel(BaseModel):
    """The base of every request body: unknown keys are ignored, since clients send whole objects
    back (a task they read, with its computed keys), as the reference ignores them on updates
    (its generic creations refuse them: tenko is as lenient there). A key a client may not write
    is left out of the model, so it is dropped, never written."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)


def body_model(
    name: str,
    table: Table,
    *,
    partial: bool,
    exclude: set[str],
    relations: dict[str, Any],
    extra_fields: dict[str, Any] | None = None,
) -> type[BaseModel]:
    """A pydantic model for a create (``partial=False``) or update body of ``table``."""
    fields: dict[str, Any] = {}
    for column in table.columns:
        if column.name in exclude:
            continue
        annotation = python_type(column)
        if column.nullable:
            annotation = annotation | None
        if partial or _has_default(column) or column.name == "id":
            fields[column.name] = (annotation | None if not column.nullable else annotation, None)
        else:
            fields[column.name] = (annotation, ...)
    for key, annotation in relations.items():
        fields[key] = (annotation | None, None)
    for key, spec in (extra_fields or {}).items():
        fields[key] = spec
    return create_model(name, __base__=BodyModel, **fields)


def json_schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """An inline OpenAPI request body for a generated model."""
    return {"required": True, "content": {"application/json": {"schema": model.model_json_schema()}}}
