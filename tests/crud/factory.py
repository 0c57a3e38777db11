"""A record factory driven by the table definitions: a valid body for any CRUD resource.

Required columns (NOT NULL without a default) get a generated value by type; required foreign
keys get the id of a parent created first, through its own ``/data/<name>`` route when one
exists, otherwise inserted directly. Every ``project_id`` is filled, since real records live in
a project. ``OVERRIDES`` holds the few values a rule needs that the types cannot tell.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    insert,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import TypeDecorator

from tenko.api import CRUD_RESOURCES
from tenko.core.deletion import SOFT_PARENT
from tenko.core.resource import Resource
from tests.support import Api

RESOURCES: dict[str, Resource] = {resource.name: resource for resource in CRUD_RESOURCES}
RESOURCE_OF_TABLE: dict[str, Resource] = {resource.table.name: resource for resource in CRUD_RESOURCES}
#: (child table, column) -> parent table, for references that have no foreign key
SOFT_PARENTS = {
    (table.name, column.name): column.info[SOFT_PARENT]
    for resource in CRUD_RESOURCES
    for table in (resource.table,)
    for column in table.columns
    if SOFT_PARENT in column.info
}

#: completes the generated values of one resource in place
Override = Callable[["Factory", dict[str, Any]], Awaitable[None]]


async def _task_override(factory: Factory, values: dict[str, Any]) -> None:
    """A task has an entity and a type, and its entity must belong to the task's project."""
    entity = await factory.create(RESOURCES["entities"], project_id=str(values["project_id"]))
    values.update(entity_id=entity["id"], task_type_id=await factory.parent_id("task_type", shared=True))


async def _comment_override(_: Factory, values: dict[str, Any]) -> None:
    """``object_type`` names the table ``object_id`` points to (its ``soft_child_of`` parent: a task)."""
    values["object_type"] = "Task"


async def _schedule_link_override(factory: Factory, values: dict[str, Any]) -> None:
    """A schedule version lists tasks of its own project (ids in bodies are checked like path ids)."""
    version = await factory.admin.ok(
        "GET", f"/data/production-schedule-versions/{values['production_schedule_version_id']}"
    )
    task = await factory.create(RESOURCES["tasks"], project_id=str(version["project_id"]))
    values["task_id"] = task["id"]


OVERRIDES: dict[str, Override] = {
    "tasks": _task_override,
    "comments": _comment_override,
    "production-schedule-version-task-links": _schedule_link_override,
}
#: the columns each override fills (so tests know, before running, which values a record has)
OVERRIDE_KEYS: dict[str, set[str]] = {
    "tasks": {"entity_id", "task_type_id"},
    "comments": {"object_type"},
    "production-schedule-version-task-links": {"task_id"},
}


def _is_array(column: Column[Any]) -> bool:
    """A JSON column that PostgreSQL stores as an ARRAY (``string_array``): it takes a list."""
    variant = getattr(column.type, "_variant_mapping", {}).get("postgresql")
    return isinstance(variant, postgresql.ARRAY) or isinstance(column.type, TypeDecorator)


def unique_text(column: Column[Any]) -> str:
    """A fresh string that fits the column (and looks like an address for e-mail columns)."""
    token = uuid.uuid4().hex
    if "email" in column.name:
        return f"{token[:12]}@example.com"
    length = getattr(column.type, "length", None) or 40
    if length < 12:
        return token[:length]
    return f"{column.name[: length - 13]}-{token[:12]}"


def is_required(column: Column[Any]) -> bool:
    no_default = column.default is None and column.server_default is None
    return not column.nullable and no_default and column.name != "id"


def is_text(column: Column[Any]) -> bool:
    return isinstance(column.type, (String, Text)) and not column.info.get("choices") and not _is_array(column)


def plain_value(column: Column[Any]) -> Any:
    """A valid Python value for a column that is not a reference."""
    choices = column.info.get("choices")
    if choices:
        return choices[0]
    sql_type = column.type
    if _is_array(column):
        return []
    if isinstance(sql_type, (String, Text)):
        return unique_text(column)
    if isinstance(sql_type, Boolean):
        return False
    if isinstance(sql_type, Integer):
        return 1  # inside every check constraint of the model (difficulty 1..5, positive durations)
    if isinstance(sql_type, Float):
        return 1.0
    if isinstance(sql_type, DateTime):
        return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    if isinstance(sql_type, Date):
        return dt.date.today()
    if isinstance(sql_type, JSON):
        return {}
    if isinstance(sql_type, Uuid):
        return uuid.uuid4()
    raise TypeError(f"no generated value for {column}")


def to_json(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def unique_keys(table: Table) -> list[list[Column[Any]]]:
    """The column sets of the table's unique constraints and unique indexes."""
    keys = [list(u.columns) for u in table.constraints if isinstance(u, UniqueConstraint)]
    return keys + [list(index.columns) for index in table.indexes if index.unique]


def parent_table(column: Column[Any]) -> str | None:
    """The table a column refers to, by foreign key or by a declared soft reference."""
    if column.foreign_keys:
        return str(next(iter(column.foreign_keys)).column.table.name)
    return SOFT_PARENTS.get((str(column.table.name), column.name))


class Factory:
    """Creates records of any table as the admin, parents first."""

    def __init__(self, admin: Api) -> None:
        self.admin = admin
        self._parents: dict[str, str] = {}
        self._samples: dict[str, dict[str, Any]] = {}

    @staticmethod
    def columns_to_fill(table: Table, fill: Iterable[str] = ()) -> list[Column[Any]]:
        wanted = set(fill)
        return [
            column
            for column in table.columns
            if is_required(column)
            or column.name in wanted
            or (column.name == "project_id" and parent_table(column) == "project")
        ]

    @staticmethod
    def static_fills(resource: Resource) -> set[str]:
        """The columns the generator gives a value to (overrides aside)."""
        return {column.name for column in Factory.columns_to_fill(resource.table)}

    async def values(self, table: Table, fill: Iterable[str] = ()) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for column in self.columns_to_fill(table, fill):
            parent = parent_table(column)
            if parent is None:
                values[column.name] = plain_value(column)
            else:
                values[column.name] = uuid.UUID(await self.parent_id(parent, shared=self._shareable(column)))
        return values

    @staticmethod
    def _shareable(column: Column[Any]) -> bool:
        """Records may share a parent unless it is part of a unique key that nothing else makes unique."""
        for key in unique_keys(column.table):
            fresh = any(is_required(other) and is_text(other) for other in key)
            if column in key and not fresh:
                return False
        return True

    async def body(self, resource: Resource, fill: Iterable[str] = (), **extra: Any) -> dict[str, Any]:
        """A creation body for the resource: generated values, the rule overrides, then ``extra``."""
        values = {**await self.values(resource.table, fill), **extra}
        override = OVERRIDES.get(resource.name)
        if override is not None:  # sees the given values (a task's project), never replaces them
            await override(self, values)
            values.update(extra)
        body = {key: to_json(value) for key, value in values.items()}
        key = resource.type_column_key
        if key and "type" in body:  # the column named "type" is written through its public key
            body[key] = body.pop("type")
        return body

    async def create(self, resource: Resource, fill: Iterable[str] = (), **extra: Any) -> dict[str, Any]:
        body = await self.body(resource, fill, **extra)
        return await self.admin.ok("POST", f"/data/{resource.name}", body)  # type: ignore[no-any-return]

    async def sample(self, resource: Resource) -> dict[str, Any]:
        """One record of the resource, made once, for the tests that only read."""
        if resource.name not in self._samples:
            self._samples[resource.name] = await self.create(resource)
        return self._samples[resource.name]

    async def parent_id(self, table_name: str, shared: bool = False) -> str:
        """The id of a row of ``table_name`` (new unless ``shared``): through its route, or inserted."""
        if shared and table_name in self._parents:
            return self._parents[table_name]
        resource = RESOURCE_OF_TABLE.get(table_name)
        if resource is not None:
            made = str((await self.create(resource))["id"])
        else:
            made = str(await self.insert(self.table(table_name)))
        if shared:
            self._parents[table_name] = made
        return made

    def table(self, name: str) -> Table:
        return next(iter(CRUD_RESOURCES)).table.metadata.tables[name]

    async def insert(self, table: Table, **extra: Any) -> Any:
        """Insert one row straight into the database (tables that have no CRUD route)."""
        values = await self.values(table)
        values.update(extra)
        if "id" in table.c:
            values.setdefault("id", uuid.uuid4())
        async with self.admin.server.context.db.sessionmaker.begin() as session:
            await session.execute(insert(table).values(**values))
        return values.get("id")
