"""The kinds of entity: what makes an entity an asset, a shot, a sequence... (shared knowledge).

Every entity row lives in the ``entity`` table; its kind is the name of its entity type.
The breakdown kinds have fixed entity type names; any other entity type is an asset type.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.model import table_of
from tenko.domains.studio.models import EntityType


@dataclass(frozen=True)
class Kind:
    entity_type: str | None  # the entity type name; None for assets (any non-breakdown type)
    type_name: str  # the JSON "type" of its records
    event: str  # event noun: shot:new, asset:update, ...
    route: str  # the URL segment: /data/shots, /data/assets, ...
    parent: str | None = None  # the kind of its parent_id (shot -> sequence -> episode)


EPISODE = Kind("Episode", "Episode", "episode", "episodes")
SEQUENCE = Kind("Sequence", "Sequence", "sequence", "sequences", parent="Episode")
SHOT = Kind("Shot", "Shot", "shot", "shots", parent="Sequence")
SCENE = Kind("Scene", "Scene", "scene", "scenes", parent="Sequence")
EDIT = Kind("Edit", "Edit", "edit", "edits", parent="Episode")
CONCEPT = Kind("Concept", "Concept", "concept", "concepts")
#: a folder sorting a project's concepts (a concept's ``parent_id``); never an asset type
CONCEPT_FOLDER = Kind("ConceptFolder", "ConceptFolder", "concept-folder", "concept-folders")
ASSET = Kind(None, "Asset", "asset", "assets", parent="Episode")

BREAKDOWN_KINDS = (EPISODE, SEQUENCE, SHOT, SCENE, EDIT, CONCEPT, CONCEPT_FOLDER)
ALL_KINDS = (*BREAKDOWN_KINDS, ASSET)
#: entity type names that are not asset types
BREAKDOWN_TYPE_NAMES = frozenset(kind.entity_type for kind in BREAKDOWN_KINDS if kind.entity_type)


def is_asset_type(entity_type_name: str) -> bool:
    return entity_type_name not in BREAKDOWN_TYPE_NAMES


async def entity_type_ids(session: AsyncSession) -> dict[str, uuid.UUID]:
    """Entity type name -> id, for every entity type (one query)."""
    table = table_of(EntityType)
    return {name: type_id for type_id, name in (await session.execute(select(table.c.id, table.c.name))).all()}


def kind_for_type_name(entity_type_name: str) -> Kind:
    """The kind of the entities of an entity type, by its name (ASSET for asset types)."""
    return next((kind for kind in BREAKDOWN_KINDS if kind.entity_type == entity_type_name), ASSET)


async def kind_of_type(session: AsyncSession, entity_type_id: uuid.UUID) -> Kind | None:
    """The kind of the entities of an entity type (ASSET for asset types), None if unknown."""
    table = table_of(EntityType)
    name = (await session.execute(select(table.c.name).where(table.c.id == entity_type_id))).scalar()
    if name is None:
        return None
    return kind_for_type_name(name)
