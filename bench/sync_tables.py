"""Row by row: a production in tenko's database against its mirror in the reference's database.

Both servers keep the same tables and column names, so each table is read the same way on
both sides (tenko through SQLAlchemy on SQLite or PostgreSQL, the reference with asyncpg),
its values normalised (ids as text, times to the second, JSON sorted), and every column both
sides have is compared, except the few a mirror is expected to own (``IGNORED``).
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import bcrypt

if TYPE_CHECKING:
    from bench.sync_seed import Production

Row = dict[str, Any]
#: columns a mirror may legitimately hold otherwise: its own bookkeeping of the copy
IGNORED = frozenset({"updated_at"})
#: columns whose values are never printed
SECRET = frozenset({"password", "totp_secret", "email_otp_secret", "otp_recovery_codes", "fido_credentials"})
#: how many differences per table are listed (the counts are always complete)
LISTED = 8


@dataclass(frozen=True)
class Check:
    """One table: its rows whose ``column`` is in one of the production's id lists, and their key."""

    table: str
    column: str
    ids: str  # project, kinds, task_types, statuses, entities, tasks, comments, persons
    key: tuple[str, ...] = ("id",)
    #: columns the mirror writes itself
    own: frozenset[str] = frozenset()


#: a project carries its settings as id lists (task_types, task_statuses, asset_types): the
#: reference's sync re-creates the link rows from them, under new ids and dates, and without what
#: the source set on a link (a task type's priority in the project): no list it reads has it (a
#: project gives ids only), so a sync from another reference cannot carry it either
LINK_ROW = frozenset({"id", "created_at"})
TASK_TYPE_LINK_ROW = LINK_ROW | {"priority"}
CHECKS = (
    Check("project", "id", "project"),
    Check("project_person_link", "project_id", "project", ("project_id", "person_id")),
    Check("project_asset_type_link", "project_id", "project", ("project_id", "asset_type_id"), LINK_ROW),
    Check("project_task_type_link", "project_id", "project", ("project_id", "task_type_id"), TASK_TYPE_LINK_ROW),
    Check("project_task_status_link", "project_id", "project", ("project_id", "task_status_id"), LINK_ROW),
    Check("entity_type", "id", "kinds"),
    Check("task_type", "id", "task_types"),
    Check("task_status", "id", "statuses"),
    Check("entity", "project_id", "project"),
    Check("entity_link", "entity_in_id", "entities", ("entity_in_id", "entity_out_id")),
    Check("task", "project_id", "project"),
    Check("task_person_link", "task_id", "tasks", ("task_id", "person_id")),
    Check("comment", "object_id", "tasks"),
    Check("time_spent", "task_id", "tasks"),
    Check("person", "id", "persons"),
    Check("department_link", "person_id", "persons", ("person_id", "department_id")),
    Check("day_off", "person_id", "persons"),
    Check("playlist", "project_id", "project"),
    Check("schedule_item", "project_id", "project"),
    # the reference lists a project's milestones without their dates of creation
    Check("milestone", "project_id", "project", own=frozenset({"created_at"})),
    Check("subscription", "task_id", "tasks"),
    Check("notification", "comment_id", "comments"),
    Check("news", "task_id", "tasks"),
)


def normalise(value: Any) -> Any:
    """A value as both databases can agree on it."""
    if isinstance(value, uuid.UUID) or type(value).__name__ == "UUID":  # asyncpg's own UUID too
        return str(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | decimal.Decimal):
        return round(float(value), 6)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return value


async def tenko_rows(url: str, table: str, column: str, ids: list[uuid.UUID]) -> list[Row]:
    """The rows of a tenko table whose ``column`` is one of ``ids`` (SQLAlchemy decodes every type)."""
    from sqlalchemy import select
    from sqlalchemy.ext.asyncio import create_async_engine

    from tenko.models import metadata

    source = metadata.tables[table]
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            rows: list[Row] = []
            for start in range(0, len(ids), 500):
                statement = select(source).where(source.c[column].in_(ids[start : start + 500]))
                rows.extend(dict(row._mapping) for row in await connection.execute(statement))
            return rows
    finally:
        await engine.dispose()


async def reference_rows(connection: Any, statement: str, ids: list[uuid.UUID]) -> list[Row]:
    rows = await connection.fetch(statement, ids)
    return [dict(row) for row in rows]


async def reference_json_columns(connection: Any) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in await connection.fetch(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND data_type IN ('json', 'jsonb')"
    ):
        found.setdefault(row["table_name"], set()).add(row["column_name"])
    return found


def difference(column: str, ours: Any, theirs: Any) -> str:
    if column in SECRET:
        return f"{column} differs"
    return f"{column}: tenko {normalise(ours)!r} reference {normalise(theirs)!r}"


def compare_rows(check: Check, expected: list[Row], found: list[Row], problems: list[str]) -> dict[str, Any]:
    def key(row: Row) -> tuple[Any, ...]:
        return tuple(normalise(row[name]) for name in check.key)

    theirs = {key(row): row for row in found}
    shared = (set(expected[0]) & set(found[0])) - IGNORED - check.own if expected and found else set()
    missing = differing = 0
    listed = 0
    for row in expected:
        mirrored = theirs.get(key(row))
        if mirrored is None:
            missing += 1
            if listed < LISTED:
                problems.append(f"{check.table} {'/'.join(map(str, key(row)))}: missing")
                listed += 1
            continue
        changed = [c for c in sorted(shared) if normalise(row[c]) != normalise(mirrored[c])]
        if changed:
            differing += 1
            if listed < LISTED:
                details = ", ".join(difference(c, row[c], mirrored[c]) for c in changed[:4])
                problems.append(f"{check.table} {'/'.join(map(str, key(row)))}: {details}")
                listed += 1
    return {
        "table": check.table,
        "expected": len(expected),
        "found": len(theirs.keys() & {key(row) for row in expected}),
        "missing": missing,
        "differing": differing,
        "extra_in_reference": len(theirs.keys() - {key(row) for row in expected}),
    }


async def compare(tenko_url: str, reference_url: str, production: Production) -> dict[str, Any]:
    import asyncpg

    project = [uuid.UUID(production.project_id)]
    entities = await tenko_rows(tenko_url, "entity", "project_id", project)
    tasks = await tenko_rows(tenko_url, "task", "project_id", project)
    task_ids = [row["id"] for row in tasks]
    comments = await tenko_rows(tenko_url, "comment", "object_id", task_ids)
    persons = await tenko_rows(tenko_url, "person", "id", await all_ids(tenko_url, "person"))
    lists: dict[str, list[uuid.UUID]] = {
        "project": project,
        "entities": [row["id"] for row in entities],
        "kinds": sorted({row["entity_type_id"] for row in entities}),
        "tasks": task_ids,
        "comments": [row["id"] for row in comments],
        "task_types": sorted({row["task_type_id"] for row in tasks}),
        "statuses": sorted({row["task_status_id"] for row in [*tasks, *comments] if row["task_status_id"]}),
        "persons": [row["id"] for row in persons],
    }
    problems: list[str] = []
    tables = []
    connection = await asyncpg.connect(reference_url)
    try:
        json_columns = await reference_json_columns(connection)
        for check in CHECKS:
            ids = lists[check.ids]
            expected = await tenko_rows(tenko_url, check.table, check.column, ids)
            try:
                found = await reference_rows(
                    connection, f"SELECT * FROM {check.table} WHERE {check.column} = ANY($1::uuid[])", ids
                )
            except asyncpg.PostgresError as error:
                problems.append(f"{check.table}: the reference's database refuses the query: {error}")
                found = []
            for row in found:
                for name in json_columns.get(check.table, ()):
                    if isinstance(row.get(name), str):
                        row[name] = json.loads(row[name])
            tables.append(compare_rows(check, expected, found, problems))
        problems.extend(await check_passwords(connection, production.passwords))
    finally:
        await connection.close()
    return {"tables": tables, "problems": problems, "passwords_checked": len(production.passwords)}


async def all_ids(url: str, table: str) -> list[uuid.UUID]:
    from sqlalchemy import select
    from sqlalchemy.ext.asyncio import create_async_engine

    from tenko.models import metadata

    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return list((await connection.execute(select(metadata.tables[table].c.id))).scalars())
    finally:
        await engine.dispose()


async def check_passwords(connection: Any, passwords: dict[str, str]) -> list[str]:
    """Each mirrored person's stored hash must accept the password they log in to tenko with."""
    problems = []
    for email, password in passwords.items():
        row = await connection.fetchrow("SELECT password, active FROM person WHERE email = $1", email)
        if row is None:
            problems.append(f"person {email}: not mirrored")
            continue
        stored = row["password"]
        if isinstance(stored, str):
            stored = stored.encode()
        if not stored or not bcrypt.checkpw(password.encode(), bytes(stored)):
            problems.append(f"person {email}: the mirrored password hash refuses their tenko password")
    return problems
