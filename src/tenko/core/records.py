"""Reading, validating and writing one record of a resource (the service layer of the CRUD)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import http, jsonutil, references
from tenko.core.access import Caller, Rule, Target
from tenko.core.atomic import conflict_insert
from tenko.core.errors import BadRequest, Forbidden, NotFound, validation_error
from tenko.core.events import events_of
from tenko.core.listing import attach_relations, to_rows
from tenko.core.model import reference_targets
from tenko.core.resource import PROTECTED_ON_UPDATE, ChangeRules, Resource, Row, WriteContext
from tenko.core.types import utc_now


def parse_id(value: str, what: str = "id") -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError) as exc:
        raise BadRequest(f"Invalid {what}: {str(value)[:60]!r} is not a UUID") from exc


def split_relations(resource: Resource, values: dict[str, Any]) -> dict[str, list[uuid.UUID]]:
    relations = {}
    for key in list(values):
        if key in resource.relation_map:
            ids = values.pop(key)
            relations[key] = list(dict.fromkeys(ids or []))
    return relations


async def check_references(session: AsyncSession, table: Table, values: dict[str, Any]) -> None:
    """Refuse unknown foreign ids with a 400 that names the field (before the database does)."""
    problems = []
    for column in table.columns:
        value = values.get(column.name)
        targets = reference_targets(column)
        if value is None or not targets:
            continue
        for target in targets:  # a reference without a foreign key may name one of several tables
            if (await session.execute(select(target).where(target == value).limit(1))).first() is not None:
                break
        else:
            names = " or ".join(str(target.table.name) for target in targets)
            problems.append({"field": column.name, "message": f"no {names} with id {value}"})
    if problems:
        raise validation_error(problems, "Unknown reference")


async def check_relation_ids(session: AsyncSession, resource: Resource, relations: dict[str, list[uuid.UUID]]) -> None:
    for key, ids in relations.items():
        if not ids:
            continue
        target = next(iter(resource.relation_map[key].remote_column.foreign_keys)).column
        found = set((await session.execute(select(target).where(target.in_(ids)))).scalars())
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise validation_error([{"field": key, "message": f"unknown ids {', '.join(missing[:5])}"}])


async def target_of(session: AsyncSession, resource: Resource, values: dict[str, Any]) -> Target:
    """The record as its rules judge it: its project(s), its values and the resource's ``facts``."""
    project_ids = await resource.scope.project_ids_of(session, values) if resource.scope else frozenset()
    if resource.facts is not None:
        values = {**values, **await resource.facts(session, values)}
    return Target(project_ids, values)


async def authorise(session: AsyncSession, resource: Resource, caller: Caller, rule: Rule, values: Row) -> None:
    target = await target_of(session, resource, values) if rule.needs_target else None
    if not rule.allows(caller, target):
        raise Forbidden()


async def fetch_row(session: AsyncSession, resource: Resource, record_id: uuid.UUID) -> Row:
    statement = select(*resource.visible_columns).where(resource.table.c.id == record_id)
    rows = to_rows(resource, await session.execute(statement))
    if not rows:
        raise NotFound(f"{resource.type_name} {record_id} not found")
    return rows[0]


async def present(session: AsyncSession, resource: Resource, caller: Caller, rows: list[Row], detail: bool) -> None:
    """Serialise extras: relations and decorators (single records also get the detail hooks)."""
    if detail:
        await attach_relations(session, resource, rows)
    for hook in resource.decorate:
        await hook(session, caller, rows)
    if detail:
        for hook in resource.detail:
            await hook(session, caller, rows)


async def read_one(session: AsyncSession, resource: Resource, caller: Caller, record_id: uuid.UUID) -> Row:
    row = await fetch_row(session, resource, record_id)
    await authorise(session, resource, caller, resource.policy.read, row)
    await present(session, resource, caller, [row], detail=True)
    return row


async def _flush(session: AsyncSession, resource: Resource, action: str) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:
        raise BadRequest(
            f"Cannot {action} this {resource.type_name}: it conflicts with an existing record "
            "(a unique value is already used)"
        ) from exc


async def write_relations(session: AsyncSession, resource: Resource, record_id: Any, relations: dict[str, Any]) -> None:
    """Make each relation hold exactly the given ids, keeping the links that stay (and their columns)."""
    for key, ids in relations.items():
        relation = resource.relation_map[key]
        existing_query = select(relation.remote_column).where(relation.local_column == record_id)
        existing = set((await session.execute(existing_query)).scalars())
        removed = existing - set(ids)
        added = [other for other in ids if other not in existing]
        if removed:
            await session.execute(
                delete(relation.link).where(relation.local_column == record_id, relation.remote_column.in_(removed))
            )
        if added:  # a link a racing call added meanwhile stays one link
            rows = [{relation.local: record_id, relation.remote: other} for other in sorted(added)]
            await session.execute(conflict_insert(session, relation.link).on_conflict_do_nothing(), rows)


def clean_body(resource: Resource, body: dict[str, Any], protected: frozenset[str]) -> dict[str, Any]:
    """Drop the keys a client may send back unchanged (``type``, timestamps, computed keys)."""
    values = {key: value for key, value in body.items() if key not in resource.ignored_keys and key not in protected}
    if resource.type_column_key and resource.type_column_key in values:
        values["type"] = values.pop(resource.type_column_key)
    return values


async def create(session: AsyncSession, resource: Resource, caller: Caller, body: dict[str, Any]) -> Row:
    if not resource.policy.create.possible(caller):
        raise Forbidden()  # whatever the body: a manager of no project may create no project record
    values = http.validate(resource.create_model, clean_body(resource, body, frozenset()), resource.public_names)
    # an explicit null on a column that has a default means "use the default"
    for column in resource.table.columns:
        if values.get(column.name, 0) is None and not column.nullable:
            values.pop(column.name)
    relations = split_relations(resource, values)
    await check_references(session, resource.table, values)
    await check_relation_ids(session, resource, relations)
    context = WriteContext(session, caller, resource, values, None, relations)
    # hooks complete or refuse the values (they do not write), then the complete record is authorised
    for hook in resource.before_create:
        await hook(context)
    await authorise(session, resource, caller, resource.policy.create, values)
    await references.judge_body(session, caller, resource, values, relations, None)
    record_id = values.setdefault("id", uuid.uuid4())
    if "created_by" in resource.table.c and values.get("created_by") is None:
        values["created_by"] = caller.id
    await session.execute(insert(resource.table).values(**values))
    await write_relations(session, resource, record_id, relations)
    await _flush(session, resource, "create")
    row = await fetch_row(session, resource, record_id)
    context.current = row
    for hook in resource.after_write:
        await hook(context)
    await record_event(session, resource, caller, "new", row)
    await present(session, resource, caller, [row], detail=True)
    for key in resource.create_without:
        row.pop(key, None)
    return row


async def modify(
    session: AsyncSession, resource: Resource, caller: Caller, record_id: uuid.UUID, body: dict[str, Any]
) -> Row:
    current = await fetch_row(session, resource, record_id)
    await authorise(session, resource, caller, resource.policy.read, current)
    await authorise(session, resource, caller, resource.policy.update, current)
    references.refuse_project_change(resource, body, current)
    cleaned = clean_body(resource, body, PROTECTED_ON_UPDATE)
    values = http.validate(resource.update_model, cleaned, resource.public_names)
    for column in resource.table.columns:
        if column.name in values and values[column.name] is None and not column.nullable:
            raise validation_error([{"field": column.name, "message": "may not be null"}])
    relations = split_relations(resource, values)
    await check_references(session, resource.table, values)
    await check_relation_ids(session, resource, relations)
    context = WriteContext(session, caller, resource, values, current, relations)
    if resource.changes is not None:
        await judge_changes(context, resource.changes)
    for hook in resource.before_update:
        await hook(context)
    if values:
        # the record as it will be must be allowed too: a new parent may lead to another
        # project, a new owner to another person
        await authorise(session, resource, caller, resource.policy.update, {**current, **values})
    await references.judge_body(session, caller, resource, values, context.relations, current)
    if values:
        if "updated_at" in resource.table.c:
            values["updated_at"] = utc_now()
        await session.execute(update(resource.table).where(resource.table.c.id == record_id).values(**values))
    await write_relations(session, resource, record_id, context.relations)
    await _flush(session, resource, "update")
    row = await fetch_row(session, resource, record_id)
    context.current = row
    for hook in resource.after_write:
        await hook(context)
    await record_event(session, resource, caller, "update", row)
    await present(session, resource, caller, [row], detail=resource.update_with_relations)
    for decorator in resource.update_decorate:
        await decorator(session, caller, [row])
    return row


def _as_json(value: Any) -> Any:
    """A value as its JSON form, to compare a body's value with the stored one (UUIDs, dates, JSON)."""
    return jsonutil.loads(jsonutil.dumps(value))


async def drop_unchanged(context: WriteContext) -> frozenset[str]:
    """Drop the body's keys that hold the stored value (columns, and relations as sets of ids);
    answer the keys the update changes."""
    current, resource = context.current or {}, context.resource
    for key in [key for key in context.values if _as_json(context.values[key]) == _as_json(current.get(key))]:
        del context.values[key]
    for key in list(context.relations):
        relation = resource.relation_map[key]
        stored = select(relation.remote_column).where(relation.local_column == current.get("id"))
        stored_ids = {str(i) for i in (await context.session.execute(stored)).scalars()}
        if stored_ids == {str(i) for i in context.relations[key]}:
            del context.relations[key]
    return frozenset(context.values) | frozenset(context.relations)


async def judge_changes(context: WriteContext, rules: ChangeRules) -> None:
    """Refuse (403) an update changing keys the caller may not change, naming each with its reason."""
    changed = await drop_unchanged(context)
    refused = await rules.judge(context, changed - rules.free) if changed - rules.free else {}
    if refused:
        raise Forbidden("You may not change " + "; ".join(f"{key}: {refused[key]}" for key in sorted(refused)))


async def record_event(session: AsyncSession, resource: Resource, caller: Caller, action: str, row: Row) -> None:
    bus = events_of(session)
    if bus is None:
        return
    project_id = row.get("project_id")
    if project_id is None and resource.scope is not None and resource.scope.hops:
        ids = await resource.scope.project_ids_of(session, row)
        project_id = next(iter(ids), None)
    if resource.table.name == "project":
        # a deleted project can no longer be referenced by its own event
        project_id = None if action == "delete" else row["id"]
    data = {resource.id_key: row["id"]}
    if project_id is not None:  # listeners filter events by project without a lookup
        data.setdefault("project_id", project_id)
    user_id = caller.id if caller.person else None  # a system caller (registration) has no person
    await bus.record(session, f"{resource.event_name}:{action}", data, user_id=user_id, project_id=project_id)
