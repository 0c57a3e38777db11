"""Keeping ``entity.nb_entities_out`` equal to the number of assets an entity casts.

Imports only the entity tables, so the generic entity-link resource can use these hooks too.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.atomic import lock_rows
from tenko.core.resource import WriteContext
from tenko.domains.entities.models import ENTITY, ENTITY_LINK


async def recount(session: AsyncSession, entity_ids: Iterable[uuid.UUID], without: Any = None) -> None:
    """Count each entity's links in SQL (``without``: a link about to be deleted).

    The entities are locked first, so the count is taken once the links a racing write added are
    committed (a count read before them would store one link too few).
    """
    ids = [entity_id for entity_id in dict.fromkeys(entity_ids) if entity_id is not None]
    if not ids:
        return
    await lock_rows(session, ENTITY, ids)
    links = select(func.count()).where(ENTITY_LINK.c.entity_in_id == ENTITY.c.id)
    if without is not None:
        links = links.where(ENTITY_LINK.c.id != without)
    statement = update(ENTITY).where(ENTITY.c.id.in_(ids)).values(nb_entities_out=links.scalar_subquery())
    await session.execute(statement.execution_options(synchronize_session=False))


async def recount_after_write(context: WriteContext) -> None:
    """After a link is created or changed through ``/data/entity-links``."""
    current = context.current or {}
    await recount(context.session, [current.get("entity_in_id")])  # type: ignore[list-item]


async def recount_before_delete(context: WriteContext) -> None:
    """Before a link is deleted through ``/data/entity-links/{id}``: count the others."""
    current = context.current or {}
    await recount(context.session, [current.get("entity_in_id")], without=current.get("id"))  # type: ignore[list-item]
