"""The one list engine: column filters, relation filters, page/limit, fields, relations."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Float,
    Integer,
    Select,
    Uuid,
    false,
    func,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnClause
from starlette.datastructures import QueryParams

from tenko.core.access import Caller
from tenko.core.errors import BadRequest
from tenko.core.ranges import INT32, INT64, Range, param_int
from tenko.core.resource import Relation, Resource, Row

#: query keys that steer the listing instead of filtering it
RESERVED = frozenset({"page", "limit", "relations", "fields", "force", "order_by"})
DEFAULT_PAGE_LIMIT = 100
MAX_PAGE_LIMIT = 5000
TRUE_VALUES = {"true", "1", "yes", "on"}
FALSE_VALUES = {"false", "0", "no", "off"}


def parse_bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise BadRequest(f"Invalid boolean value: {value[:40]!r}")


def parse_int(name: str, value: str | None, default: int | None, minimum: int = 0) -> int | None:
    """An optional integer of the query string, from ``minimum`` to the int32 maximum (else a 400)."""
    if value is None or value == "":
        return default
    return param_int(name, value, Range(minimum))


def parse_datetime(name: str, value: str | None) -> dt.datetime | None:
    """An ISO date or date-time from the query string, as naive UTC (a bare date is its midnight)."""
    if value is None or not value.strip():
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip())
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    except (ValueError, OverflowError) as exc:  # overflow: a zone pushing the year past 9999
        raise BadRequest(f"{name} must be an ISO date or date-time, not {value[:40]!r}") from exc
    return moment


def coerce(column: ColumnClause[Any], raw: str) -> Any:
    """Turn a query-string value into the column's Python type, or refuse it with a 400."""
    sql_type = column.type
    try:
        if isinstance(sql_type, Uuid):
            return uuid.UUID(raw)
        if isinstance(sql_type, Boolean):
            return parse_bool(raw)
        if isinstance(sql_type, Integer):
            number = int(raw)
            if not (INT64 if isinstance(sql_type, BigInteger) else INT32).holds(number):
                raise ValueError("out of range")  # the database would refuse it (PostgreSQL) or overflow
            return number
        if isinstance(sql_type, Float):
            return float(raw)
        if isinstance(sql_type, DateTime):
            return dt.datetime.fromisoformat(raw).replace(tzinfo=None)
        if isinstance(sql_type, Date):
            return dt.date.fromisoformat(raw[:10])
    except (ValueError, BadRequest) as exc:
        raise BadRequest(f"Invalid value for {column.name}: {raw[:60]!r}") from exc
    if "\x00" in raw:
        raise BadRequest(f"Invalid value for {column.name}")
    return raw


def split_values(raw_values: Sequence[str]) -> list[str]:
    """``?id=a&id=b`` and ``?id=["a","b"]`` both mean IN; ``?id=[]`` is an empty IN (no values)."""
    values: list[str] = []
    for raw in raw_values:
        stripped = raw.strip()
        if stripped.startswith("["):
            try:
                decoded = orjson.loads(stripped)
            except orjson.JSONDecodeError as exc:
                raise BadRequest(f"Invalid JSON list in filter: {raw[:60]!r}") from exc
            if not isinstance(decoded, list):
                raise BadRequest("A filter list must be a JSON array")
            values.extend(str(item) for item in decoded)
        else:
            values.append(raw)
    return values


def column_filter(column: ColumnClause[Any], values: list[str]) -> ColumnElement[bool]:
    if not values:
        return false()  # an empty IN matches no row
    if column.name == "name":
        if any("\x00" in value for value in values):
            raise BadRequest("Invalid value for name")
        lowered = [value.lower() for value in values]
        return func.lower(column).in_(lowered) if len(lowered) > 1 else func.lower(column) == lowered[0]
    coerced = [coerce(column, value) for value in values]
    return column.in_(coerced) if len(coerced) > 1 else column == coerced[0]


def relation_filter(resource: Resource, relation: Relation, values: list[str]) -> ColumnElement[bool]:
    if not values:
        return false()
    remote = relation.remote_column
    coerced = [coerce(remote, value) for value in values]
    linked = select(relation.local_column).where(remote.in_(coerced))
    return resource.table.c.id.in_(linked)


def filters_from_query(
    resource: Resource, params: QueryParams, caller: Caller | None = None
) -> list[ColumnElement[bool]]:
    """Every column is a filter, relation keys and the resource's virtual filters too (a person's
    ``full_name``); secrets (and, for ``caller``, the private columns they may not read) are a
    400; other keys are ignored."""
    conditions: list[ColumnElement[bool]] = []
    columns = resource.table.c
    refused = resource.unfilterable_for(caller)
    for key in dict.fromkeys(params.keys()):
        if key in RESERVED:
            continue
        if key in resource.hidden or key in refused or column_name(resource, key) in refused:
            raise BadRequest(f"Filtering on {key} is not allowed")
        values = split_values(params.getlist(key))
        if column_name(resource, key) in columns:
            conditions.append(column_filter(columns[column_name(resource, key)], values))
        elif key in resource.relation_map:
            conditions.append(relation_filter(resource, resource.relation_map[key], values))
        elif key in resource.virtual_filters:
            conditions.append(resource.virtual_filters[key](values) if values else false())
    return conditions


def selected_columns(resource: Resource, fields: str | None) -> list[Any]:
    columns = resource.visible_columns
    if not fields:
        return list(columns)
    wanted = {column_name(resource, name.strip()) for name in fields.split(",") if name.strip()} | {"id"}
    return [column for column in columns if column.name in wanted]


def revealed_columns(resource: Resource, params: QueryParams, caller: Caller) -> list[Any]:
    """The hidden columns the query asks a list to add (``?with_pass_hash=true``) that the caller
    may read; for anyone else the flag is ignored, as the reference does."""
    return [
        resource.table.c[column]
        for flag, (column, rule) in resource.revealed_on_request.items()
        if parse_bool(params.get(flag)) and rule.allows(caller, None)
    ]


def show_revealed(rows: list[Row], columns: list[Any]) -> None:
    """Revealed binary columns (bcrypt hashes) as the text they hold: binary values are never
    serialised otherwise."""
    for row in rows:
        for column in columns:
            if isinstance(row.get(column.name), bytes):
                row[column.name] = row[column.name].decode("ascii", "replace")


def column_name(resource: Resource, key: str) -> str:
    """The column behind a JSON key (``notification_type`` is the column ``type``)."""
    if resource.type_column_key and key == resource.type_column_key:
        return "type"
    return key


def order_for(resource: Resource) -> list[Any]:
    columns = resource.table.c
    order = [columns[name] for name in ("created_at",) if name in columns]
    order.extend(column for column in resource.table.primary_key.columns)
    return order


def typed_rows(result: Any, type_name: str) -> list[Row]:
    """Rows of a plain query as JSON-ready dicts with their ``"type"`` (no resource to rename by)."""
    return [dict(row, type=type_name) for row in result.mappings()]


def to_rows(resource: Resource, result: Any) -> list[Row]:
    """Rows as JSON-ready dicts with their ``"type"`` (a column named ``type`` is renamed)."""
    type_name = resource.type_name
    rename = resource.type_column_key
    rows = []
    for mapping in result.mappings():
        row = dict(mapping)
        if rename and "type" in row:
            row[rename] = row["type"]
        row["type"] = type_name
        rows.append(row)
    return rows


async def attach_relations(session: AsyncSession, resource: Resource, rows: list[Row]) -> None:
    """Add each relation's id list to the rows: one query per relation, whatever the row count."""
    if not rows or not resource.relations:
        return
    ids = [row["id"] for row in rows]
    for relation in resource.relations:
        by_record: dict[Any, list[Any]] = {record_id: [] for record_id in ids}
        statement = select(relation.local_column, relation.remote_column).where(relation.local_column.in_(ids))
        for local, remote in (await session.execute(statement)).all():
            by_record[local].append(remote)
        for row in rows:
            row[relation.key] = by_record[row["id"]]


def paginate(statement: Select[Any], page: int, limit: int) -> Select[Any]:
    return statement.offset((page - 1) * limit).limit(limit)


async def count(session: AsyncSession, statement: Select[Any]) -> int:
    total = (await session.execute(select(func.count()).select_from(statement.order_by(None).subquery()))).scalar()
    return int(total or 0)


def envelope(rows: list[Row], total: int, page: int, limit: int) -> dict[str, Any]:
    return {
        "data": rows,
        "total": total,
        # an empty list has no page, as the reference counts
        "nb_pages": math.ceil(total / limit) if limit else min(total, 1),
        "limit": limit,
        "offset": (page - 1) * limit,
        "page": page,
    }


@dataclass(frozen=True)
class Paging:
    """``page`` and ``limit`` of a list query: a bare list, or with ``page`` the page envelope.

    One mechanism for every paged list (the generic CRUD and the hand-written ones), so they
    count, cap and answer alike."""

    page: int | None
    limit: int | None

    @classmethod
    def of(cls, params: QueryParams, *, pages: bool = True, cap_unpaged: bool = False) -> Paging:
        page = parse_int("page", params.get("page"), None, minimum=1) if pages else None
        limit = parse_int("limit", params.get("limit"), None, minimum=1)
        if page is not None:
            limit = min(limit or DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT)
        elif cap_unpaged and limit is not None:
            limit = min(limit, MAX_PAGE_LIMIT)
        return cls(page, limit)

    async def window(self, session: AsyncSession, statement: Select[Any]) -> tuple[Select[Any], int | None]:
        """The statement limited to the page (and the total it counts when paged)."""
        if self.page is not None and self.limit is not None:
            return paginate(statement, self.page, self.limit), await count(session, statement)
        return (statement.limit(self.limit) if self.limit is not None else statement), None

    def answer(self, rows: list[Row], total: int | None) -> list[Row] | dict[str, Any]:
        if self.page is not None and self.limit is not None and total is not None:
            return envelope(rows, total, self.page, self.limit)
        return rows


async def filtered_rows(
    session: AsyncSession,
    resource: Resource,
    statement: Select[Any],
    params: QueryParams,
    caller: Caller,
    *,
    pages: bool = True,
) -> tuple[list[Row], Paging, int | None]:
    """A hand-written list of a resource read as its generic list is: the query's filters narrow
    ``statement`` (rows of the resource's table), then ``page``/``limit`` window it (``pages``:
    ``?page=`` asks for the page envelope). The caller adds what its rows carry, then answers
    ``paging.answer(rows, total)``."""
    statement = statement.where(*filters_from_query(resource, params, caller))
    paging = Paging.of(params, pages=pages)
    statement, total = await paging.window(session, statement)
    return to_rows(resource, await session.execute(statement)), paging, total


def only_fields(rows: list[Row], fields: str | None) -> list[Row]:
    """``?fields=a,b``: each row keeps those keys (and its id and type)."""
    if not fields:
        return rows
    wanted = {name.strip() for name in fields.split(",")} | {"id", "type"}
    return [{key: value for key, value in row.items() if key in wanted} for row in rows]
