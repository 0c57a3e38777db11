"""Writing casting: replace an entity's whole casting, or cast one asset in several entities.

Every write authorises the caller as a manager of the project, checks that each entity
belongs to it and that each cast asset is an asset of the project or a shared one, then
applies the difference in a constant number of statements (links that stay keep their id),
recounts ``nb_entities_out`` in SQL and records a ``<kind>:casting-update`` event per entity.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import Caller, Role
from tenko.core.atomic import lock_rows
from tenko.core.errors import BadRequest
from tenko.core.events import emit
from tenko.core.resource import Row
from tenko.core.types import utc_now
from tenko.domains.breakdown.bodies import CastAsset, CastItem
from tenko.domains.breakdown.casting import load_entities
from tenko.domains.entities.models import ENTITY, ENTITY_LINK
from tenko.domains.entities.service import kind_of_name, require_project_role
from tenko.domains.entities.sync import recount
from tenko.domains.studio.kinds import ASSET

MANAGERS = frozenset({Role.MANAGER})


@dataclass
class Cast:
    """What one link should hold; ``label`` None keeps the current label ("" on a new link)."""

    nb_occurences: int
    label: str | None = None


Wanted = dict[uuid.UUID, dict[uuid.UUID, Cast]]


def require_manager(caller: Caller, project_id: uuid.UUID) -> None:
    require_project_role(caller, project_id, MANAGERS)


async def project_entities(
    session: AsyncSession, project_id: uuid.UUID, entity_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Row]:
    """The given entities, all of this project (400 naming the first unknown or foreign one)."""
    ids = list(dict.fromkeys(entity_ids))
    found = await load_entities(session, ids)
    for entity_id in ids:
        row = found.get(entity_id)
        if row is None:
            raise BadRequest(f"entity_id: no entity with id {entity_id}")
        if row["project_id"] != project_id:
            raise BadRequest(f"entity_id: the entity {entity_id} belongs to another project")
    return found


async def check_assets(session: AsyncSession, project_id: uuid.UUID, wanted: Wanted) -> None:
    """Cast ids must be assets of the project, or shared assets of another; never the entity itself."""
    asset_ids = list({asset_id for casting in wanted.values() for asset_id in casting})
    found = await load_entities(session, asset_ids)
    for asset_id in asset_ids:
        row = found.get(asset_id)
        if row is None:
            raise BadRequest(f"asset_id: no asset with id {asset_id}")
        if kind_of_name(row["type_name"]) is not ASSET:
            raise BadRequest(f"asset_id: {asset_id} is a {row['type_name'].lower()}, not an asset")
        if row["project_id"] != project_id and not row["is_shared"]:
            raise BadRequest(f"asset_id: the asset {asset_id} belongs to another project and is not shared")
    for entity_id, casting in wanted.items():
        if entity_id in casting:
            raise BadRequest(f"asset_id: the asset {entity_id} cannot be cast in itself")


async def current_links(session: AsyncSession, entity_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[uuid.UUID, Any]]:
    """The links of these entities, which are locked first: a casting rewrite reads what the previous
    one committed, so two at once apply one after the other instead of mixing (or duplicating) links."""
    await lock_rows(session, ENTITY, entity_ids)
    statement = select(ENTITY_LINK).where(ENTITY_LINK.c.entity_in_id.in_(entity_ids))
    links: dict[uuid.UUID, dict[uuid.UUID, Any]] = {entity_id: {} for entity_id in entity_ids}
    for row in (await session.execute(statement)).all():
        links[row.entity_in_id][row.entity_out_id] = row
    return links


def wanted_from_items(items: list[CastItem]) -> dict[uuid.UUID, Cast]:
    """A casting body as links; an asset listed twice keeps its last entry, 0 occurrences is no link."""
    casting = {item.asset_id: Cast(item.nb_occurences, item.label) for item in items}
    return {asset_id: cast for asset_id, cast in casting.items() if cast.nb_occurences > 0}


async def write_casting(session: AsyncSession, caller: Caller, entities: dict[uuid.UUID, Row], wanted: Wanted) -> None:
    """Make each entity's links exactly ``wanted[entity]`` (others are removed), then recount and notify."""
    ids = list(wanted)
    current = await current_links(session, ids)
    removed, added, changed = [], [], []
    now = utc_now()
    for entity_id, casting in wanted.items():
        for asset_id, link in current[entity_id].items():
            if asset_id not in casting:
                removed.append(link.id)
        for asset_id, cast in casting.items():
            link = current[entity_id].get(asset_id)
            if link is None:
                added.append(_new_link(entity_id, asset_id, cast, now))
                continue
            label = link.label if cast.label is None else cast.label
            if (link.nb_occurences, link.label) != (cast.nb_occurences, label):
                changed.append({"link_id": link.id, "nb": cast.nb_occurences, "text": label, "now": now})
    if removed:
        await session.execute(delete(ENTITY_LINK).where(ENTITY_LINK.c.id.in_(removed)))
    if added:
        await session.execute(insert(ENTITY_LINK), added)
    if changed:
        statement = (
            update(ENTITY_LINK)
            .where(ENTITY_LINK.c.id == bindparam("link_id"))
            .values(nb_occurences=bindparam("nb"), label=bindparam("text"), updated_at=bindparam("now"))
        )
        await session.execute(statement.execution_options(synchronize_session=False), changed)
    await recount(session, ids)
    for entity_id in ids:
        await casting_updated(session, caller, entities[entity_id], len(wanted[entity_id]))


def _new_link(entity_id: uuid.UUID, asset_id: uuid.UUID, cast: Cast, now: Any) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "entity_in_id": entity_id,
        "entity_out_id": asset_id,
        "nb_occurences": cast.nb_occurences,
        "label": cast.label or "",
        "data": None,
        "created_at": now,
        "updated_at": now,
    }


async def casting_updated(session: AsyncSession, caller: Caller, entity: Row, nb_entities_out: int) -> None:
    """``shot:casting-update`` / ``asset:casting-update`` / ``episode:casting-update``... with the count."""
    noun = kind_of_name(entity["type_name"]).event
    data = {f"{noun}_id": entity["id"], "nb_entities_out": nb_entities_out, "project_id": entity["project_id"]}
    await emit(session, f"{noun}:casting-update", data, user_id=caller.id, project_id=entity["project_id"])


async def replace_castings(
    session: AsyncSession, caller: Caller, project_id: uuid.UUID, castings: dict[uuid.UUID, list[CastItem]]
) -> list[uuid.UUID]:
    """Replace the whole casting of each given entity of the project; the entity ids, in body order."""
    require_manager(caller, project_id)
    entities = await project_entities(session, project_id, castings)
    wanted = {entity_id: wanted_from_items(items) for entity_id, items in castings.items()}
    await check_assets(session, project_id, wanted)
    await write_casting(session, caller, entities, wanted)
    return list(castings)


async def cast_asset(
    session: AsyncSession, caller: Caller, project_id: uuid.UUID, asset_id: uuid.UUID, body: CastAsset
) -> list[uuid.UUID]:
    """Cast (or uncast, with 0) one asset in several entities, leaving their other assets as they are."""
    require_manager(caller, project_id)
    entities = await project_entities(session, project_id, body.entity_ids)
    current = await current_links(session, list(entities))
    wanted: Wanted = {}
    for entity_id in dict.fromkeys(body.entity_ids):
        casting = {other: Cast(link.nb_occurences or 1, None) for other, link in current[entity_id].items()}
        link = current[entity_id].get(asset_id)
        count = body.nb_occurences if body.nb_occurences is not None else (link.nb_occurences if link else 1)
        if count == 0:
            casting.pop(asset_id, None)
        else:
            casting[asset_id] = Cast(count or 1, body.label)
        wanted[entity_id] = casting
    await check_assets(session, project_id, {entity_id: {asset_id: Cast(1)} for entity_id in wanted})
    await write_casting(session, caller, entities, wanted)
    return list(wanted)
