"""Documented answers: the JSON schema of what a route returns, from the code that serialises it.

A record is serialised from its resource's visible columns (``listing.to_rows``), its
``"type"``, its relations and its decorators' keys; ``record_schema`` reads the same
declaration, so the documentation cannot list a key the answer lacks. Routes say what they
return with ``one(RESOURCE)``, ``many(RESOURCE)``, ``page_of(RESOURCE)`` or ``shape({...})``,
passed to the route decorator (``@router.get(path, **many(TASKS))``). Record schemas become
components (``core/openapi.py`` moves every ``x-component`` into ``components/schemas``).
Hand-built answers use the row shapes here too: ``table_schema`` (a ``select(table)`` row),
``columns_schema`` (a record without relations), ``keyed_by`` (a map by id), ``nullable``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, BigInteger, Boolean, Column, Date, DateTime, Float, Integer, LargeBinary, Numeric, Uuid
from sqlalchemy.types import TypeDecorator, TypeEngine

if TYPE_CHECKING:
    from sqlalchemy import Table

    from tenko.core.resource import Resource

Schema = dict[str, Any]
COMPONENT = "x-component"
UUID: Schema = {"type": "string", "format": "uuid"}
ID_LIST: Schema = {"type": "array", "items": UUID}
STRING: Schema = {"type": "string"}
INTEGER: Schema = {"type": "integer"}
NUMBER: Schema = {"type": "number"}
BOOLEAN: Schema = {"type": "boolean"}
DATETIME: Schema = {"type": "string", "format": "date-time", "description": "UTC, YYYY-MM-DDTHH:MM:SS"}
OBJECT: Schema = {"type": "object"}


def nullable(schema: Schema) -> Schema:
    """``schema``, or null (a column or a joined name that may be missing)."""
    return {"anyOf": [schema, {"type": "null"}]}


NULLABLE_UUID: Schema = nullable(UUID)
NULLABLE_STRING: Schema = nullable(STRING)


def type_const(type_name: str) -> Schema:
    """The ``"type"`` key of a serialised row: always ``type_name``."""
    return {"type": "string", "const": type_name}


def column_schema(column: Column[Any]) -> Schema:
    kind: TypeEngine[Any] = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    schema: Schema
    if isinstance(kind, Uuid) or getattr(kind, "__visit_name__", "") == "uuid":
        schema = dict(UUID)
    elif isinstance(kind, Boolean):
        schema = dict(BOOLEAN)
    elif isinstance(kind, Integer | BigInteger):
        schema = dict(INTEGER)
    elif isinstance(kind, Float | Numeric):
        schema = dict(NUMBER)
    elif isinstance(kind, DateTime):
        schema = dict(DATETIME)
    elif isinstance(kind, Date):
        schema = {"type": "string", "format": "date"}
    elif isinstance(kind, JSON):
        schema = {}
    elif isinstance(kind, LargeBinary):
        schema = dict(STRING)
    else:
        schema = dict(STRING)
    if column.nullable and schema:
        return {"anyOf": [schema, {"type": "null"}]}
    return schema


def record_schema(
    resource: Resource, extra: Mapping[str, Schema] | None = None, *, without: Iterable[str] = (), detail: bool = False
) -> Schema:
    """The JSON form of one record of ``resource`` (as ``to_rows`` + ``present`` build it): its
    visible columns, ``type``, relations and the keys its decorators add (``Resource.decorated``;
    with ``detail``, the single-record hooks' too), less ``without`` (a write's answer, then
    written out in place rather than as the component)."""
    properties = _columns(resource)
    for relation in resource.relations:
        properties[relation.key] = dict(ID_LIST)
    properties.update(resource.decorated)
    if detail:
        properties.update(resource.detailed)
    properties.update(extra or {})
    schema: Schema = {"type": "object", "properties": properties, "required": ["id", "type"]}
    left_out = set(without) & set(properties)
    for key in left_out:
        properties.pop(key)
    if left_out:
        return schema
    return {COMPONENT: f"{resource.type_name}Detail" if detail and resource.detailed else resource.type_name, **schema}


def _columns(resource: Resource, type_name: str | None = None) -> dict[str, Schema]:
    properties: dict[str, Schema] = {}
    for column in resource.visible_columns:
        key = resource.public_names.get(column.name, column.name)
        properties[key] = column_schema(column)
    properties["type"] = type_const(type_name or resource.type_name)
    return properties


def columns_schema(
    resource: Resource, type_name: str | None = None, *, extra: Mapping[str, Schema] | None = None
) -> Schema:
    """A record's visible columns and ``type``, without relations nor decorations: what
    ``records.fetch_row`` and ``to_rows`` give (not the resource's component: another shape)."""
    properties = _columns(resource, type_name)
    properties.update(extra or {})
    return {"type": "object", "properties": properties, "required": ["id", "type"]}


def table_schema(
    table: Table,
    type_name: str | None = None,
    *,
    extra: Mapping[str, Schema] | None = None,
    without: Iterable[str] = (),
) -> Schema:
    """A ``select(table)`` row (with its ``type`` when given), minus ``without``, plus ``extra``."""
    left_out = set(without)
    properties = {c.name: column_schema(c) for c in table.columns if c.name not in left_out}
    if type_name is not None:
        properties["type"] = type_const(type_name)
    properties.update(extra or {})
    schema: Schema = {"type": "object", "properties": properties}
    required = [key for key in ("id", "type") if key in properties]
    if required:
        schema["required"] = required
    return schema


def keyed_by(key: str, item: Schema, title: str) -> Schema:
    """An object whose keys are ids (``key``) and whose values are ``item`` (a component: ``title``)."""
    return {COMPONENT: title, "type": "object", "description": f"by {key}", "additionalProperties": item}


def object_of(properties: Mapping[str, Schema], title: str | None = None) -> Schema:
    schema: Schema = {"type": "object", "properties": dict(properties)}
    if title:
        schema[COMPONENT] = title
    return schema


def list_of(item: Schema) -> Schema:
    return {"type": "array", "items": item}


def page_schema(item: Schema) -> Schema:
    """The page envelope of paged lists (``?page=``)."""
    return object_of(
        {
            "data": list_of(item),
            "total": INTEGER,
            "nb_pages": INTEGER,
            "limit": INTEGER,
            "offset": INTEGER,
            "page": INTEGER,
        }
    )


def answer(schema: Schema, status: int = 200, description: str = "The answer") -> dict[str, Any]:
    """Route decorator arguments documenting a JSON answer."""
    return {"responses": {status: {"description": description, "content": {"application/json": {"schema": schema}}}}}


def one(resource: Resource, status: int = 200, extra: Mapping[str, Schema] | None = None) -> dict[str, Any]:
    return answer(record_schema(resource, extra, detail=True), status, f"One {resource.type_name}")


def created(resource: Resource, extra: Mapping[str, Schema] | None = None) -> dict[str, Any]:
    """The answer of a generic create (``records.create``): the record less ``create_without``."""
    schema = record_schema(resource, extra, without=resource.create_without, detail=True)
    return answer(schema, 201, f"One {resource.type_name}")


def updated(resource: Resource, extra: Mapping[str, Schema] | None = None) -> dict[str, Any]:
    """The answer of a generic update (``records.modify``): the record less ``update_without``."""
    extra = {**resource.update_decorated, **(extra or {})}
    schema = record_schema(resource, extra, without=resource.update_without, detail=resource.update_with_relations)
    return answer(schema, 200, f"One {resource.type_name}")


def many(resource: Resource, extra: Mapping[str, Schema] | None = None) -> dict[str, Any]:
    return answer(list_of(record_schema(resource, extra)), 200, f"A list of {resource.type_name}")


def many_or_page(resource: Resource, extra: Mapping[str, Schema] | None = None) -> dict[str, Any]:
    """A list, or with ``?page=`` the page envelope."""
    return list_or_page(record_schema(resource, extra), resource.type_name)


def list_or_page(item: Schema, type_name: str) -> dict[str, Any]:
    """A list of ``item``, or with ``?page=`` the page envelope."""
    return answer({"anyOf": [list_of(item), page_schema(item)]}, 200, f"A list of {type_name}")


def shape(properties: Mapping[str, Schema], status: int = 200, title: str | None = None) -> dict[str, Any]:
    """A hand-shaped JSON object answer (statistics, a context, a confirmation)."""
    return answer(object_of(properties, title), status)


def no_content() -> dict[str, Any]:
    return {"status_code": 204, "responses": {204: {"description": "Done; no body"}}}
