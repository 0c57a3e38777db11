"""Helpers of the bad-input suites: error-body checks, table snapshots, a generic record builder.

The builder makes a valid record of any CRUD resource from its table alone: required columns
get a value of their type, references (foreign keys, ``refers_to`` columns) point to records
built (or found) the same way.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
from sqlalchemy import Column, Table, func, select
from sqlalchemy.dialects import postgresql

from tenko.api import CRUD_RESOURCES
from tenko.core.model import reference_targets
from tenko.core.resource import Resource
from tests.support import Api, unique_name

RESOURCES = {resource.name: resource for resource in CRUD_RESOURCES}
RESOURCE_NAMES = list(RESOURCES)
BY_TABLE = {resource.table.name: resource for resource in CRUD_RESOURCES}
DUMMY_ID = "5b6a8b3f-2f4e-4c1a-9d7e-0123456789ab"

#: Fragments that must never reach a client: tracebacks, SQL, file paths, driver names.
LEAKS = ("Traceback", 'File "', "/work/", "site-packages", "SELECT ", "INSERT ", "sqlalchemy", "asyncpg", "sqlite3")


def error_body(response: httpx.Response, status: int | tuple[int, ...]) -> dict[str, Any]:
    """Assert a clean JSON error with this status and return its body."""
    expected = (status,) if isinstance(status, int) else status
    detail = f"{response.request.method} {response.request.url}: {response.status_code} {response.text[:300]}"
    assert response.status_code in expected, detail
    assert response.headers.get("content-type", "").startswith("application/json"), detail
    body = response.json()
    assert isinstance(body, dict) and body.get("error") is True, detail
    assert isinstance(body.get("message"), str) and body["message"], detail
    for leak in LEAKS:
        assert leak not in response.text, f"{detail}: leaks {leak!r}"
    return body


def named_fields(body: dict[str, Any]) -> set[str]:
    """The fields a validation error names (``data.errors[].field``, top level of a dotted path)."""
    errors = (body.get("data") or {}).get("errors") or []
    return {str(error.get("field", "")).split(".")[0] for error in errors}


def names_field(body: dict[str, Any], *names: str) -> bool:
    """Whether the error names one of these fields (in ``data.errors`` or in its message)."""
    wanted = {name for name in names if name}
    return bool(named_fields(body) & wanted) or any(name in body["message"] for name in wanted)


async def count_rows(api: Api, table: Table) -> int:
    async with api.server.context.db.sessionmaker() as session:
        return int((await session.execute(select(func.count()).select_from(table))).scalar() or 0)


async def snapshot_row(api: Api, table: Table, record_id: str) -> dict[str, Any] | None:
    """Every stored column of one row (hidden ones too), straight from the database."""
    async with api.server.context.db.sessionmaker() as session:
        statement = select(table).where(table.c.id == uuid.UUID(record_id))
        row = (await session.execute(statement)).mappings().first()
    return dict(row) if row is not None else None


async def table_counts(api: Api) -> dict[str, int]:
    """Row counts of every table of the schema (to prove a failed write left nothing anywhere)."""
    metadata = next(iter(RESOURCES.values())).table.metadata
    counts = {}
    async with api.server.context.db.sessionmaker() as session:
        for table in metadata.sorted_tables:
            counts[table.name] = int((await session.execute(select(func.count()).select_from(table))).scalar() or 0)
    return counts


def pg_type(column: Column[Any]) -> Any:
    """The column type PostgreSQL stores (variants such as ``JSON -> ARRAY`` resolved)."""
    variants = getattr(column.type, "_variant_mapping", {})
    return variants.get("postgresql", column.type)


def is_string_array(column: Column[Any]) -> bool:
    stored = pg_type(column)
    return isinstance(stored, postgresql.ARRAY)


# Values a builder may not invent generically: choices and columns with a meaning.
SPECIAL_VALUES: dict[tuple[str, str], Any] = {
    ("comments", "object_type"): "Task",
    ("notifications", "type"): "comment",
}


#: Optional columns a useful record has anyway (a task belongs to an entity).
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "tasks": ("entity_id", "task_type_id"),
    "search-filters": ("person_id",),
    "search-filter-groups": ("person_id",),
}


class Builder:
    """Valid records of any resource, built through the API as the admin (one per table, reused)."""

    def __init__(self, admin: Api) -> None:
        self.admin = admin
        self.made: dict[str, dict[str, Any]] = {}

    async def existing(self, table: Table) -> str | None:
        async with self.admin.server.context.db.sessionmaker() as session:
            found = (await session.execute(select(table.c.id).limit(1))).scalar()
        return str(found) if found is not None else None

    async def reference(self, column: Column[Any]) -> str:
        target = reference_targets(column)[0].table  # a foreign key, or a ``refers_to`` column
        if target.name in self.made:
            return str(self.made[target.name]["id"])
        if target.name in BY_TABLE:
            return str((await self.one(BY_TABLE[target.name]))["id"])
        found = await self.existing(target)
        assert found is not None, f"no record of {target.name} to point {column} to"
        return found

    async def value(self, resource: Resource, column: Column[Any]) -> Any:
        if (resource.name, column.name) in SPECIAL_VALUES:
            return SPECIAL_VALUES[(resource.name, column.name)]
        if column.name in ("person_id", "author_id", "user_id"):
            return self.admin.id  # records one owns: the admin's own
        if reference_targets(column):
            return await self.reference(column)
        choices = column.info.get("choices")
        if choices:
            return next(iter(choices))
        python: type[Any] = column.type.python_type if not is_string_array(column) else list
        if python is uuid.UUID:
            return str(uuid.uuid4())
        if python is str:
            length = getattr(column.type, "length", None) or 40
            return unique_name(column.name[:4])[:length]
        if python is bool:
            return True
        if python is int:
            return 1
        if python is float:
            return 1.5
        if python is dt.datetime:
            return "2024-05-06T07:08:09"
        if python is dt.date:
            return "2024-05-06"
        if python is list:
            return ["a"]
        return {}

    def _key(self, resource: Resource, name: str) -> str:
        return resource.type_column_key if name == "type" and resource.type_column_key else name

    async def body(self, resource: Resource) -> dict[str, Any]:
        body: dict[str, Any] = {}
        fields = resource.create_model.model_fields
        for column in resource.table.columns:
            key = self._key(resource, column.name)
            field = fields.get(column.name)
            wanted = column.name == "project_id" or column.name in EXTRA_COLUMNS.get(resource.name, ())
            if field is not None and (field.is_required() or wanted):
                body[key] = await self.value(resource, column)
        return body

    async def create(self, resource: Resource, **extra: Any) -> dict[str, Any]:
        body = {**await self.body(resource), **extra}
        record: dict[str, Any] = await self.admin.ok("POST", f"/data/{resource.name}", body)
        return record

    async def one(self, resource: Resource) -> dict[str, Any]:
        """A record of this resource, made once per builder."""
        if resource.table.name not in self.made:
            self.made[resource.table.name] = await self.create(resource)
        return self.made[resource.table.name]
