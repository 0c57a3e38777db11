"""A project's entity links as records: the paginated list synchronisation tools read, and one delete."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from tenko.core import records
from tenko.core.access import Caller
from tenko.core.errors import NotFound
from tenko.core.listing import (
    Paging,
    parse_datetime,
)
from tenko.core.resource import Row
from tenko.domains.breakdown.casting import load_entities
from tenko.domains.breakdown.casting_writes import casting_updated, require_manager
from tenko.domains.entities.models import ENTITY, ENTITY_LINK
from tenko.domains.entities.resources import ENTITY_LINKS
from tenko.domains.entities.service import visible
from tenko.domains.entities.sync import recount


def link_row(row: Any) -> Row:
    item = dict(row)
    item["type"] = ENTITY_LINKS.type_name
    return item


async def project_links(session: AsyncSession, caller: Caller, project_id: uuid.UUID, params: QueryParams) -> Any:
    """Links whose casting entity is in the project, oldest first; ``page``/``limit``/``cursor_created_at``."""
    joined = ENTITY_LINK.join(ENTITY, ENTITY.c.id == ENTITY_LINK.c.entity_in_id)
    statement = select(*ENTITY_LINK.c).select_from(joined).where(ENTITY.c.project_id == project_id)
    if not caller.is_admin:
        statement = statement.where(visible(caller))
    cursor = parse_datetime("cursor_created_at", params.get("cursor_created_at"))
    if cursor is not None:
        statement = statement.where(ENTITY_LINK.c.created_at > cursor)
    statement = statement.order_by(ENTITY_LINK.c.created_at, ENTITY_LINK.c.id)
    paging = Paging.of(params, cap_unpaged=True)
    statement, total = await paging.window(session, statement)
    rows = [link_row(row) for row in (await session.execute(statement)).mappings()]
    for row in rows:
        del row["updated_at"]  # the reference's list leaves it out (a deletion answers it)
    return paging.answer(rows, total)


async def delete_project_link(session: AsyncSession, caller: Caller, project_id: uuid.UUID, link_id: uuid.UUID) -> Row:
    """Remove one link of the project (404 when it is not one of the project's); the removed link."""
    require_manager(caller, project_id)
    row = (await session.execute(select(ENTITY_LINK).where(ENTITY_LINK.c.id == link_id))).mappings().first()
    entities = await load_entities(session, [row["entity_in_id"]]) if row is not None else {}
    entity = entities.get(row["entity_in_id"]) if row is not None else None
    if row is None or entity is None or entity["project_id"] != project_id:
        raise NotFound(f"Entity link {link_id} not found in this project")
    link = link_row(row)
    await records.record_event(session, ENTITY_LINKS, caller, "delete", {**link, "project_id": project_id})
    await session.execute(delete(ENTITY_LINK).where(ENTITY_LINK.c.id == link_id))
    await recount(session, [entity["id"]])
    remaining = select(ENTITY.c.nb_entities_out).where(ENTITY.c.id == entity["id"])
    await casting_updated(session, caller, entity, int((await session.execute(remaining)).scalar() or 0))
    return link
