"""CRUD declarations: entity types (asset types), entities, entity links, asset instances."""

from __future__ import annotations

from tenko.auth.policy import ADMIN, MEMBER, PROJECT_MANAGER, Policy, own
from tenko.core.resource import Relation, Resource, table_of
from tenko.core.scope import direct, via
from tenko.domains.entities.models import (
    AssetInstance,
    AssetInstanceLink,
    Entity,
    EntityConceptLink,
    EntityLink,
    EntityType,
)
from tenko.domains.people.resources import reference
from tenko.domains.tasks.models import TaskTypeAssetTypeLink

ENTITY = table_of(Entity)
ENTITY_LINK = table_of(EntityLink)

ENTITY_TYPES = reference(
    "entity-types",
    EntityType,
    "EntityType",
    relations=(Relation("task_types", table_of(TaskTypeAssetTypeLink), "asset_type_id", "task_type_id"),),
)
ENTITIES = Resource(
    name="entities",
    table=ENTITY,
    type_name="Entity",
    # managers shape the breakdown; whoever created an entity may still edit or delete it
    policy=Policy.of(
        read=MEMBER,
        write=PROJECT_MANAGER,
        update=PROJECT_MANAGER | (MEMBER & own("created_by")),
        delete=PROJECT_MANAGER | (MEMBER & own("created_by")),
    ),
    scope=direct(ENTITY),
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
    policy=Policy.of(read=MEMBER, write=PROJECT_MANAGER, list=ADMIN),
    scope=via(ENTITY_LINK, ("entity_in_id", ENTITY.c.id), project=ENTITY.c.project_id),
)
ASSET_INSTANCES = Resource(
    name="asset-instances",
    table=table_of(AssetInstance),
    type_name="AssetInstance",
    policy=Policy.of(read=MEMBER, write=PROJECT_MANAGER, list=ADMIN),
    scope=via(table_of(AssetInstance), ("asset_id", ENTITY.c.id), project=ENTITY.c.project_id),
    relations=(Relation("shots", table_of(AssetInstanceLink), "asset_instance_id", "entity_id"),),
)

RESOURCES = (ENTITY_TYPES, ENTITIES, ENTITY_LINKS, ASSET_INSTANCES)
