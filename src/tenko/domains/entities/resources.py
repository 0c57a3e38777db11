"""CRUD declarations: entity types (asset types), entities, entity links, asset instances."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import ADMIN, CONTRIBUTOR, PROJECT_MANAGER, Caller, Policy, own, reaching
from tenko.core.atomic import lock_rows
from tenko.core.resource import Relation, Resource, Row, WriteContext, table_of
from tenko.core.scope import direct, via
from tenko.domains.entities.models import (
    ENTITY,
    ENTITY_LINK,
    AssetInstance,
    AssetInstanceLink,
    EntityConceptLink,
)
from tenko.domains.entities.sync import recount_after_write, recount_before_delete
from tenko.domains.studio.kinds import ALL_KINDS, Kind, entity_type_ids, kind_for_type_name


async def casting_writers_take_turns(context: WriteContext) -> None:
    """The casting entity first, as the casting routes do: writers of its links take turns (its
    ``nb_entities_out`` is recounted after the write)."""
    source = {**(context.current or {}), **context.values}.get("entity_in_id")
    if source is not None:
        await lock_rows(context.session, ENTITY, [source])


async def merge_data(context: WriteContext) -> None:
    """An update's ``data`` is merged into the stored one, as the reference does: a script that
    sets one custom field must not wipe ``frame_in``/``frame_out`` (a key set to null stays, null)."""
    new, stored = context.values.get("data"), (context.current or {}).get("data")
    if isinstance(new, dict) and isinstance(stored, dict):
        context.values["data"] = {**stored, **new}


async def type_by_kind(session: AsyncSession, _: Caller, rows: list[Row]) -> None:
    """An entity answers with its kind's type (``Asset``, ``Shot``, ``Sequence``...), as clients dispatch on it."""
    kinds: dict[Any, Kind] = {
        type_id: kind_for_type_name(name) for name, type_id in (await entity_type_ids(session)).items()
    }
    type_of = {row["id"]: row["entity_type_id"] for row in rows if "entity_type_id" in row}
    if unknown := [row["id"] for row in rows if row.get("id") is not None and row["id"] not in type_of]:
        # a list narrowed by ?fields= lacks the entity type: one more query tells it
        statement = select(ENTITY.c.id, ENTITY.c.entity_type_id).where(ENTITY.c.id.in_(unknown))
        type_of.update(dict((await session.execute(statement)).tuples().all()))
    for row in rows:
        kind = kinds.get(type_of.get(row.get("id")))
        if kind is not None:
            row["type"] = kind.type_name


ENTITIES = Resource(
    name="entities",
    table=ENTITY,
    type_name="Entity",
    # managers shape the breakdown; whoever created an entity may still edit or delete it
    # (vendors see only the entities of the tasks assigned to them)
    policy=Policy.of(
        read=reaching("id", entity=True),
        write=PROJECT_MANAGER,
        update=PROJECT_MANAGER | (CONTRIBUTOR & own("created_by")),
        delete=PROJECT_MANAGER | (CONTRIBUTOR & own("created_by")),
    ),
    scope=direct(ENTITY),
    decorate=(type_by_kind,),
    update_with_relations=True,
    before_update=(merge_data,),
    decorated={"type": {"type": "string", "enum": sorted({kind.type_name for kind in ALL_KINDS})}},
    relations=(
        Relation("entities_out", ENTITY_LINK, "entity_in_id", "entity_out_id", writable=False),
        Relation("entities_in", ENTITY_LINK, "entity_out_id", "entity_in_id", writable=False),
        Relation("entity_concept_links", table_of(EntityConceptLink), "entity_in_id", "entity_out_id", writable=False),
        Relation("instance_casting", table_of(AssetInstanceLink), "entity_id", "asset_instance_id", writable=False),
    ),
)
ENTITY_LINKS = Resource(
    name="entity-links",
    table=ENTITY_LINK,
    type_name="EntityLink",
    policy=Policy.of(read=reaching("entity_in_id", entity=True), write=PROJECT_MANAGER, list=ADMIN),
    scope=via(ENTITY_LINK, ("entity_in_id", ENTITY.c.id), project=ENTITY.c.project_id),
    # a link joins entities of one project, or casts an asset its project shares (the studio's library)
    shared_references={"entity_out_id": "is_shared"},
    before_create=(casting_writers_take_turns,),
    before_update=(casting_writers_take_turns,),
    before_delete=(recount_before_delete,),
    after_write=(recount_after_write,),
)
ASSET_INSTANCES = Resource(
    name="asset-instances",
    table=table_of(AssetInstance),
    type_name="AssetInstance",
    policy=Policy.of(read=reaching("asset_id", entity=True), write=PROJECT_MANAGER, list=ADMIN),
    scope=via(table_of(AssetInstance), ("asset_id", ENTITY.c.id), project=ENTITY.c.project_id),
    relations=(Relation("shots", table_of(AssetInstanceLink), "asset_instance_id", "entity_id"),),
)

RESOURCES = (ENTITIES, ENTITY_LINKS, ASSET_INSTANCES)
