"""What an entity answer carries besides its columns, route by route (the reference's answers).

``service.entity_select`` joins every name an entity may show (its project's, its breakdown
parents', its asset type's); the reference's lists show few of them or none, its kind routes'
writes no relation. These helpers cut a row down to what a route answers.
"""

from __future__ import annotations

from tenko.core.resource import Row
from tenko.domains.entities.resources import ENTITIES
from tenko.domains.entities.service import kind_named
from tenko.domains.studio.kinds import ASSET, CONCEPT, Kind

#: the names the reference's lists of shots and scenes carry (most lists carry none)
PROJECT_AND_SEQUENCE = frozenset({"project_name", "sequence_name"})


def context_names(kind: Kind) -> tuple[str, ...]:
    """The keys ``entity_select`` joins to the columns: project, breakdown parents, asset type."""
    names = ["project_name"]
    parent_kind = kind_named(kind.parent)
    grand_kind = kind_named(parent_kind.parent) if parent_kind is not None else None
    for context in (parent_kind, grand_kind):
        if context is not None:
            names += [f"{context.event}_id", f"{context.event}_name"]
    if kind is ASSET:
        names += ["asset_type_id", "asset_type_name"]
    return tuple(names)


def keep_names(kind: Kind, rows: list[Row], names: frozenset[str]) -> list[Row]:
    """The rows with only ``names`` of the joined ones (the reference's lists carry few, or none)."""
    dropped = [name for name in context_names(kind) if name not in names]
    for row in rows:
        for name in dropped:
            row.pop(name, None)
    return rows


#: the relations of an entity (``ENTITIES.relations``)
RELATION_KEYS = frozenset(relation.key for relation in ENTITIES.relations)


def kind_relations(kind: Kind) -> frozenset[str]:
    """The relations a kind route's write answers with: a concept's links to assets, or none."""
    return frozenset({"entity_concept_links"}) if kind is CONCEPT else frozenset()


def written(kind: Kind, row: Row) -> Row:
    """An entity as a kind route's create or update answers it: its columns (and ``kind_relations``),
    as the reference answers; ``/data/entities`` answers with every relation."""
    for key in RELATION_KEYS - kind_relations(kind):
        row.pop(key, None)
    return row
