"""Reading casting: the assets an entity uses (its entity links), shaped as the web app reads them.

An entity link goes from the casting entity (``entity_in_id``: a shot, an asset, an episode)
to the cast asset (``entity_out_id``). Every read here is one statement whatever the number
of links: the casting entity is the plain ``entity`` table (so the entity read policy applies
to it as SQL) and the cast asset is joined as an alias.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import Caller
from tenko.core.errors import BadRequest, NotFound
from tenko.core.resource import Row
from tenko.domains.entities.models import ENTITY, ENTITY_LINK
from tenko.domains.entities.resources import ENTITIES
from tenko.domains.entities.service import check_readable, entity_select, kind_condition, visible
from tenko.domains.entities.shapes import keep_names
from tenko.domains.studio.kinds import ASSET, SEQUENCE, SHOT
from tenko.domains.studio.models import ENTITY_TYPE

CAST_ASSET = ENTITY.alias("cast_asset")
CAST_ASSET_TYPE = ENTITY_TYPE.alias("cast_asset_type")
CASTING_PARENT = ENTITY.alias("casting_parent")
CASTING_GRANDPARENT = ENTITY.alias("casting_grandparent")


def casting_select() -> Select[Any]:
    """One row per link: the cast asset's names, the link's count and label, the casting entity's sequence."""
    joined = (
        ENTITY_LINK.join(ENTITY, ENTITY.c.id == ENTITY_LINK.c.entity_in_id)
        .join(CAST_ASSET, CAST_ASSET.c.id == ENTITY_LINK.c.entity_out_id)
        .join(CAST_ASSET_TYPE, CAST_ASSET_TYPE.c.id == CAST_ASSET.c.entity_type_id)
        .outerjoin(CASTING_PARENT, CASTING_PARENT.c.id == ENTITY.c.parent_id)
    )
    return (
        select(
            ENTITY_LINK.c.entity_in_id,
            CAST_ASSET.c.id.label("asset_id"),
            CAST_ASSET.c.name.label("asset_name"),
            CAST_ASSET_TYPE.c.name.label("asset_type_name"),
            CAST_ASSET.c.source_id.label("episode_id"),
            CAST_ASSET.c.is_shared,
            CAST_ASSET.c.preview_file_id,
            CAST_ASSET.c.project_id,
            CAST_ASSET.c.ready_for,
            ENTITY_LINK.c.nb_occurences,
            ENTITY_LINK.c.label,
            CASTING_PARENT.c.name.label("sequence_name"),
        )
        .select_from(joined)
        .order_by(CAST_ASSET_TYPE.c.name, CAST_ASSET.c.name, CAST_ASSET.c.id)
    )


def casting_item(row: Any, with_sequence: bool = False) -> Row:
    item: Row = {
        "asset_id": row.asset_id,
        "asset_name": row.asset_name,
        "asset_type_name": row.asset_type_name,
        "episode_id": row.episode_id,
        "is_shared": bool(row.is_shared),
        "label": row.label or "",
        "nb_occurences": row.nb_occurences if row.nb_occurences is not None else 1,
        "preview_file_id": row.preview_file_id,
        "project_id": row.project_id,
        "ready_for": row.ready_for,
    }
    if with_sequence:
        item["sequence_name"] = row.sequence_name
    return item


#: what a casting grouped by entity (a project's shots, episodes...) leaves out of each item, as the reference
GROUPED_OUT = ("episode_id", "ready_for")


async def castings_where(
    session: AsyncSession,
    caller: Caller,
    *conditions: ColumnElement[bool],
    with_sequence: bool = False,
    without: tuple[str, ...] = (),
) -> dict[str, list[Row]]:
    """The casting of every entity matching ``conditions`` that the caller may see, keyed by entity id;
    its items also carry the asset's name as ``name`` (and leave ``without`` out)."""
    statement = casting_select().where(*conditions)
    if not caller.is_admin:
        statement = statement.where(visible(caller))
    castings: dict[str, list[Row]] = defaultdict(list)
    for row in (await session.execute(statement)).all():
        item = casting_item(row, with_sequence)
        item["name"] = row.asset_name
        for key in (*GROUPED_OUT, *without):
            del item[key]
        castings[str(row.entity_in_id)].append(item)
    return dict(castings)


async def casting_of(session: AsyncSession, entity_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Row]]:
    """The casting of already authorised entities (every id is a key, empty castings included)."""
    statement = casting_select().where(ENTITY_LINK.c.entity_in_id.in_(entity_ids))
    castings: dict[uuid.UUID, list[Row]] = {entity_id: [] for entity_id in entity_ids}
    for row in (await session.execute(statement)).all():
        castings[uuid.UUID(str(row.entity_in_id))].append(casting_item(row))
    return castings


async def load_entities(session: AsyncSession, entity_ids: list[uuid.UUID]) -> dict[uuid.UUID, Row]:
    """Entities by id with their entity type name (``type_name``), in one statement."""
    joined = ENTITY.join(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
    statement = (
        select(*ENTITIES.visible_columns, ENTITY_TYPE.c.name.label("type_name"))
        .select_from(joined)
        .where(ENTITY.c.id.in_(entity_ids))
    )
    return {row["id"]: dict(row) for row in (await session.execute(statement)).mappings()}


async def project_entity(session: AsyncSession, caller: Caller, project_id: uuid.UUID, entity_id: uuid.UUID) -> Row:
    """An entity of this project the caller may read (404 unknown, 400 in another project, 403 hidden)."""
    found = await load_entities(session, [entity_id])
    if entity_id not in found:
        raise NotFound(f"Entity {entity_id} not found")
    row = found[entity_id]
    if row["project_id"] != project_id:
        raise BadRequest(f"The entity {entity_id} does not belong to the project {project_id}")
    await check_readable(session, caller, row)
    return row


def shots_of_sequences(sequences: Any) -> ColumnElement[bool]:
    return ENTITY.c.parent_id.in_(sequences) & kind_condition(SHOT)


def sequences_of_episode(episode_id: uuid.UUID) -> Any:
    sequence = ENTITY.alias("episode_sequence")
    kinds = select(ENTITY_TYPE.c.id).where(ENTITY_TYPE.c.name == SEQUENCE.entity_type)
    return select(sequence.c.id).where(sequence.c.parent_id == episode_id, sequence.c.entity_type_id.in_(kinds))


async def cast_in(session: AsyncSession, caller: Caller, asset_id: uuid.UUID) -> list[Row]:
    """The shots casting an asset, with their sequence and episode names (canceled shots left out)."""
    joined = (
        ENTITY_LINK.join(ENTITY, ENTITY.c.id == ENTITY_LINK.c.entity_in_id)
        .outerjoin(CASTING_PARENT, CASTING_PARENT.c.id == ENTITY.c.parent_id)
        .outerjoin(CASTING_GRANDPARENT, CASTING_GRANDPARENT.c.id == CASTING_PARENT.c.parent_id)
    )
    statement = (
        select(
            ENTITY.c.id.label("shot_id"),
            ENTITY.c.name.label("shot_name"),
            ENTITY.c.preview_file_id,
            CASTING_PARENT.c.name.label("sequence_name"),
            CASTING_GRANDPARENT.c.id.label("episode_id"),
            CASTING_GRANDPARENT.c.name.label("episode_name"),
            ENTITY_LINK.c.nb_occurences,
        )
        .select_from(joined)
        .where(ENTITY_LINK.c.entity_out_id == asset_id, kind_condition(SHOT), ENTITY.c.canceled.is_not(True))
        .order_by(
            func.coalesce(CASTING_GRANDPARENT.c.name, ""),
            func.coalesce(CASTING_PARENT.c.name, ""),
            ENTITY.c.name,
            ENTITY.c.id,
        )
    )
    if not caller.is_admin:
        statement = statement.where(visible(caller))
    return [dict(row) for row in (await session.execute(statement)).mappings()]


async def cast_assets(session: AsyncSession, entity_id: uuid.UUID) -> list[Row]:
    """The assets an entity casts, as asset records (their columns, as the reference answers)."""
    used = select(ENTITY_LINK.c.entity_out_id).where(ENTITY_LINK.c.entity_in_id == entity_id)
    statement = entity_select(ASSET).where(ENTITY.c.id.in_(used)).order_by(ENTITY_TYPE.c.name, ENTITY.c.name)
    rows = [dict(row) for row in (await session.execute(statement)).mappings()]
    for row in rows:
        row["type"] = ASSET.type_name
    return keep_names(ASSET, rows, frozenset())
