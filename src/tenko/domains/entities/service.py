"""Breakdown entities of every kind (episodes, sequences, shots, scenes, edits, concepts, assets).

One mechanism parametrised by :class:`Kind`: the same select (with the joined names the
web app shows), the same visibility rule, the same write rules and the same delete
semantics serve every kind. A shot's sequence is its ``parent_id`` (a sequence's episode
too); an asset's episode is its ``source_id``, a shot's scene also its ``source_id``.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import records
from tenko.core.access import Caller, Role
from tenko.core.deletion import delete_records
from tenko.core.errors import BadRequest, Forbidden, NotFound
from tenko.core.listing import split_values
from tenko.core.resource import Resource, Row, WriteContext, WriteHook
from tenko.domains.entities.models import ENTITY
from tenko.domains.entities.resources import ENTITIES, merge_data
from tenko.domains.projects.models import PROJECT
from tenko.domains.studio.kinds import (
    ALL_KINDS,
    ASSET,
    BREAKDOWN_TYPE_NAMES,
    SCENE,
    SHOT,
    Kind,
    entity_type_ids,
)
from tenko.domains.studio.models import ENTITY_TYPE

#: keys added to the JSON form of entities; clients send them back and they are ignored
DERIVED = frozenset(
    {
        "project_name",
        "sequence_id",
        "sequence_name",
        "episode_id",
        "episode_name",
        "asset_type_id",
        "asset_type_name",
        "scene_id",
        "scene_name",
        "tasks",
        "casting_episode_ids",
        "fps",
        "frame_in",
        "frame_out",
        "preview_file_status",
        "full_name",
    }
)
BY_TYPE_NAME = {kind.entity_type: kind for kind in ALL_KINDS if kind.entity_type}


def kind_named(entity_type: str | None) -> Kind | None:
    return BY_TYPE_NAME.get(entity_type) if entity_type else None


def context_column(kind: Kind) -> str:
    """The column holding the id of the kind's breakdown parent (an asset's episode is its source)."""
    return "source_id" if kind is ASSET else "parent_id"


def kind_condition(kind: Kind) -> ColumnElement[bool]:
    """Rows of this kind, as SQL on ``entity`` (assets: any type that is not a breakdown type)."""
    if kind.entity_type is None:
        names: ColumnElement[bool] = ENTITY_TYPE.c.name.not_in(sorted(BREAKDOWN_TYPE_NAMES))
    else:
        names = ENTITY_TYPE.c.name == kind.entity_type
    return ENTITY.c.entity_type_id.in_(select(ENTITY_TYPE.c.id).where(names))


def kind_of_name(entity_type_name: str) -> Kind:
    return BY_TYPE_NAME.get(entity_type_name, ASSET)


def visible(caller: Caller) -> ColumnElement[bool]:
    """Entities the caller may see, as SQL: the entity read policy (vendors: what they are assigned)."""
    return true() if caller.is_admin else ENTITIES.policy.read.where(caller, ENTITIES)


async def check_readable(session: AsyncSession, caller: Caller, row: Row) -> None:
    await records.authorise(session, ENTITIES, caller, ENTITIES.policy.read, row)


def require_project_role(caller: Caller, project_id: uuid.UUID, roles: frozenset[Role] | None = None) -> None:
    """403 unless the caller is in the project's team (with one of ``roles`` when given)."""
    role = caller.role_in(project_id)
    if role is None or (roles is not None and role not in roles and role is not Role.ADMIN):
        raise Forbidden("You are not allowed to do this in this project")


def entity_select(kind: Kind) -> Select[Any]:
    """Entity columns plus the joined names of its project and breakdown parents, in one statement."""
    columns: list[Any] = [*ENTITIES.visible_columns, PROJECT.c.name.label("project_name")]
    joined: Any = ENTITY.join(PROJECT, PROJECT.c.id == ENTITY.c.project_id)
    parent_kind = kind_named(kind.parent)
    if parent_kind is not None:
        parent = ENTITY.alias("parent_entity")
        joined = joined.outerjoin(parent, parent.c.id == ENTITY.c[context_column(kind)])
        columns += [parent.c.id.label(f"{parent_kind.event}_id"), parent.c.name.label(f"{parent_kind.event}_name")]
        grand_kind = kind_named(parent_kind.parent)
        if grand_kind is not None:
            grand = ENTITY.alias("grandparent_entity")
            joined = joined.outerjoin(grand, grand.c.id == parent.c.parent_id)
            columns += [grand.c.id.label(f"{grand_kind.event}_id"), grand.c.name.label(f"{grand_kind.event}_name")]
    if kind is ASSET:
        joined = joined.join(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
        columns += [ENTITY_TYPE.c.id.label("asset_type_id"), ENTITY_TYPE.c.name.label("asset_type_name")]
    return select(*columns).select_from(joined).where(kind_condition(kind))


def alias_conditions(kind: Kind, params: Any) -> list[ColumnElement[bool]]:
    """Filters clients send by context name: ``sequence_id``, ``episode_id``, ``scene_id``."""
    conditions: list[ColumnElement[bool]] = []
    for key, column in context_filters(kind).items():
        if key in params:  # ``?sequence_id=[]`` is an empty IN: no entity
            ids = [records.parse_id(value, key) for value in split_values(params.getlist(key))]
            conditions.append(column.in_(ids))
    return conditions


def context_filters(kind: Kind) -> dict[str, Any]:
    column = ENTITY.c[context_column(kind)]
    parent_kind = kind_named(kind.parent)
    filters: dict[str, Any] = {}
    if parent_kind is not None:
        filters[f"{parent_kind.event}_id"] = column
        grand_kind = kind_named(parent_kind.parent)
        if grand_kind is not None:
            parent = ENTITY.alias("filter_parent")
            key = f"{grand_kind.event}_id"
            filters[key] = _GrandparentColumn(column, parent)
    if kind is SHOT:
        filters["scene_id"] = ENTITY.c.source_id
    return filters


@dataclasses.dataclass(frozen=True)
class _GrandparentColumn:
    """``episode_id`` of a shot: the episode of its sequence, as an ``in_`` filter."""

    column: Any
    parent: Any

    def in_(self, ids: Sequence[uuid.UUID]) -> ColumnElement[bool]:
        parents = select(self.parent.c.id).where(self.parent.c.parent_id.in_(ids))
        return self.column.in_(parents)  # type: ignore[no-any-return]


async def fetch_entity(session: AsyncSession, kind: Kind, entity_id: uuid.UUID) -> Row:
    """One entity of this kind with its joined names (404 when absent or of another kind)."""
    statement = entity_select(kind).where(ENTITY.c.id == entity_id)
    rows = [dict(row) for row in (await session.execute(statement)).mappings()]
    if not rows:
        raise NotFound(f"{kind.type_name} {entity_id} not found")
    rows[0]["type"] = kind.type_name
    return rows[0]


async def load_entity(session: AsyncSession, caller: Caller, kind: Kind, entity_id: uuid.UUID) -> Row:
    row = await fetch_entity(session, kind, entity_id)
    await check_readable(session, caller, row)
    return row


async def kind_of_entity(session: AsyncSession, entity_id: uuid.UUID) -> Kind:
    joined = ENTITY.join(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
    statement = select(ENTITY_TYPE.c.name).select_from(joined).where(ENTITY.c.id == entity_id)
    name = (await session.execute(statement)).scalar()
    if name is None:
        raise NotFound(f"Entity {entity_id} not found")
    return kind_of_name(name)


# --- writes -----------------------------------------------------------------------------


async def _check_context(session: AsyncSession, kind: Kind, column: str, target_id: uuid.UUID) -> None:
    """A parent/source must be of the kind the column expects (that it is an entity of the same
    project is the rule of every id in a body: ``core/references.py``)."""
    expected = kind_named(kind.parent) if column == context_column(kind) else SCENE if kind is SHOT else None
    joined = ENTITY.join(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
    statement = select(ENTITY_TYPE.c.name).select_from(joined).where(ENTITY.c.id == target_id)
    found = (await session.execute(statement)).first()
    if found is None:
        raise BadRequest(f"{column}: no entity with id {target_id}")
    if expected is not None and kind_of_name(found.name) is not expected:
        raise BadRequest(f"{column}: a {kind.type_name.lower()} belongs to a {expected.type_name.lower()}")


async def _resolve_type(session: AsyncSession, kind: Kind, values: dict[str, Any], current: Row | None) -> None:
    if "entity_type_id" not in values and current is not None:
        return
    types = await entity_type_ids(session)
    if kind.entity_type is not None:
        wanted = types.get(kind.entity_type)
        if wanted is None:
            raise BadRequest(f"The entity type {kind.entity_type} does not exist")
        if values.get("entity_type_id") not in (None, wanted):
            raise BadRequest(f"A {kind.type_name.lower()} keeps the entity type {kind.entity_type}")
        values["entity_type_id"] = wanted
        return
    type_id = values.get("entity_type_id")
    names = {value: key for key, value in types.items()}
    if type_id is None or type_id not in names:
        raise BadRequest("entity_type_id: an asset needs an existing asset type")
    if names[type_id] in BREAKDOWN_TYPE_NAMES:
        raise BadRequest(f"entity_type_id: {names[type_id]} is not an asset type")


async def _check_unique_name(session: AsyncSession, merged: dict[str, Any], entity_id: Any) -> None:
    """Two entities of a type may not share a name under the same parent (NULL parents included).

    The answer names the entity; the ``entity_name_uc`` index (the same rule, compared by the
    database's own ``lower``) refuses the loser of two requests that pass this check at once.
    """
    parent = merged.get("parent_id")
    statement = select(ENTITY.c.id).where(
        func.lower(ENTITY.c.name) == func.lower(str(merged["name"])),
        ENTITY.c.project_id == merged["project_id"],
        ENTITY.c.entity_type_id == merged["entity_type_id"],
        ENTITY.c.parent_id.is_(None) if parent is None else ENTITY.c.parent_id == parent,
    )
    if entity_id is not None:
        statement = statement.where(ENTITY.c.id != entity_id)
    if (await session.execute(statement.limit(1))).first() is not None:
        raise BadRequest(f"An entity named {merged['name']!r} already exists here")


def kind_rules(kind: Kind) -> WriteHook:
    """The write hook of a kind: its entity type, a parent/source of the right kind."""

    async def rules(context: WriteContext) -> None:
        values, current, session = context.values, context.current, context.session
        await _resolve_type(session, kind, values, current)
        merged = {**(current or {}), **values}
        for column in ("parent_id", "source_id"):
            if values.get(column) is not None:
                if values[column] == merged.get("id"):
                    raise BadRequest(f"{column}: an entity cannot be its own {column[:-3]}")
                await _check_context(session, kind, column, values[column])
        if current is None and kind.parent == "Sequence" and merged.get("parent_id") is None:
            raise BadRequest(f"A {kind.type_name.lower()} needs a sequence (sequence_id)")
        if {"name", "parent_id", "entity_type_id"} & values.keys():
            await _check_unique_name(session, merged, merged.get("id"))

    return rules


@cache
def kind_resource(kind: Kind) -> Resource:
    """The entity resource seen as one kind: its JSON type, its events and its rules."""
    relations = tuple(
        dataclasses.replace(r, writable=True) if r.key == "entity_concept_links" else r for r in ENTITIES.relations
    )
    return dataclasses.replace(
        ENTITIES,
        name=kind.route,
        type_name=kind.type_name,
        event=kind.event,
        event_id_key=f"{kind.event.replace('-', '_')}_id",  # concept-folder -> concept_folder_id
        relations=relations,
        derived=ENTITIES.derived | DERIVED,
        before_create=(kind_rules(kind),),
        before_update=(merge_data, kind_rules(kind)),
    )


def translate_aliases(kind: Kind, body: dict[str, Any]) -> dict[str, Any]:
    """``sequence_id`` / ``episode_id`` of a create body name the parent (an asset's episode is its source)."""
    body = dict(body)
    parent_kind = kind_named(kind.parent)
    if parent_kind is not None:
        alias = f"{parent_kind.event}_id"
        if alias in body:
            value = body.pop(alias)
            body.setdefault(context_column(kind), value)
    return body


async def create_entity(
    session: AsyncSession, caller: Caller, kind: Kind, project_id: uuid.UUID, body: dict[str, Any]
) -> Row:
    require_project_role(caller, project_id, frozenset({Role.MANAGER}))
    values = translate_aliases(kind, body)
    values["project_id"] = str(project_id)
    if kind.entity_type is not None and values.get("entity_type_id") is None:
        type_id = (await entity_type_ids(session)).get(kind.entity_type)
        if type_id is None:
            raise BadRequest(f"The entity type {kind.entity_type} does not exist")
        values["entity_type_id"] = str(type_id)
    return await records.create(session, kind_resource(kind), caller, values)


async def update_entity(session: AsyncSession, caller: Caller, kind: Kind, entity_id: uuid.UUID, body: Row) -> Row:
    return await update_loaded(session, caller, kind, await load_entity(session, caller, kind, entity_id), body)


async def update_loaded(session: AsyncSession, caller: Caller, kind: Kind, current: Row, body: Row) -> Row:
    """Update an entity already loaded (and judged readable) by a route's guard."""
    return await records.modify(session, kind_resource(kind), caller, current["id"], body)


async def has_tasks(session: AsyncSession, entity_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    # tasks build on entities: their table is read through the shared metadata, not imported
    task = ENTITY.metadata.tables["task"]
    statement = select(task.c.entity_id).where(task.c.entity_id.in_(entity_ids)).distinct()
    return set((await session.execute(statement)).scalars())


async def remove_entity(session: AsyncSession, caller: Caller, kind: Kind, row: Row, force: bool) -> None:
    """With tasks: mark canceled (``force`` deletes it with its tasks). Without: delete it."""
    resource = kind_resource(kind)
    await records.authorise(session, resource, caller, resource.policy.delete, row)
    if not force and await has_tasks(session, [row["id"]]):
        if not row.get("canceled"):
            await session.execute(update(ENTITY).where(ENTITY.c.id == row["id"]).values(canceled=True))
            await records.record_event(session, resource, caller, "update", row)
        return
    await _delete(session, caller, kind, [row], force)


async def _delete(session: AsyncSession, caller: Caller, kind: Kind, rows: list[Row], force: bool) -> None:
    ids = [row["id"] for row in rows]
    children = select(ENTITY.c.id).where(ENTITY.c.parent_id.in_(ids), ENTITY.c.id.not_in(ids))
    if not force and (await session.execute(children.limit(1))).first() is not None:
        raise BadRequest(f"This {kind.type_name.lower()} still has child entities: delete them or use ?force=true")
    if force and kind.entity_type == "Episode":  # the assets of an episode go with it
        episode_assets = select(ENTITY.c.id).where(ENTITY.c.source_id.in_(ids), kind_condition(ASSET))
        ids += list((await session.execute(episode_assets)).scalars())
    for row in rows:
        await records.record_event(session, kind_resource(kind), caller, "delete", row)
    # what remains (links, subscriptions, ...) only describes the entity: it goes with it
    await delete_records(session, ENTITY.metadata, ENTITY, ids, force=True, label=kind.type_name)


async def delete_many(
    session: AsyncSession, caller: Caller, project_id: uuid.UUID, raw_ids: list[Any], force: bool
) -> list[uuid.UUID]:
    """Remove assets, shots, edits and concepts of a project (first call cancels those with tasks)."""
    require_project_role(caller, project_id)
    ids = [records.parse_id(str(value), "entity id") for value in raw_ids]
    manager = caller.role_in(project_id) in (Role.ADMIN, Role.MANAGER)
    joined = ENTITY.join(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
    statement = select(*ENTITIES.visible_columns, ENTITY_TYPE.c.name.label("type_name")).select_from(joined)
    found = [dict(r) for r in (await session.execute(statement.where(ENTITY.c.id.in_(ids)))).mappings()]
    allowed = {"Shot", "Edit", "Concept"}
    rows = [
        r
        for r in found
        if r["project_id"] == project_id and (r["type_name"] in allowed or kind_of_name(r["type_name"]) is ASSET)
    ]
    if not manager and (len(rows) != len(ids) or any(r["created_by"] != caller.id for r in rows)):
        raise Forbidden("You may only remove the entities you created")
    with_tasks = await has_tasks(session, [r["id"] for r in rows])
    done: list[uuid.UUID] = []
    for row in rows:
        kind = kind_of_name(row.pop("type_name"))
        if row["id"] in with_tasks and not force and kind.entity_type != "Concept" and not row["canceled"]:
            await session.execute(update(ENTITY).where(ENTITY.c.id == row["id"]).values(canceled=True))
            await records.record_event(session, kind_resource(kind), caller, "update", row)
        else:
            await _delete(session, caller, kind, [row], force=True)
        done.append(row["id"])
    return done
