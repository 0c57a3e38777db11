"""Reading preview files: each task's latest preview, newest revision first."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.resource import Row
from tenko.domains.previews.models import PREVIEW_FILE

#: newest revision first, a revision's pages in order
REVISION_ORDER = (
    func.coalesce(PREVIEW_FILE.c.revision, 0).desc(),
    func.coalesce(PREVIEW_FILE.c.position, 0),
    PREVIEW_FILE.c.created_at.desc(),
)


async def last_previews(session: AsyncSession, task_ids: list[uuid.UUID]) -> dict[uuid.UUID, Row]:
    """Each task's last preview (newest revision, its first page), in one statement."""
    if not task_ids:
        return {}
    rank = func.row_number().over(partition_by=PREVIEW_FILE.c.task_id, order_by=REVISION_ORDER).label("rank")
    ranked = select(PREVIEW_FILE.c.id, PREVIEW_FILE.c.task_id, PREVIEW_FILE.c.status, rank).where(
        PREVIEW_FILE.c.task_id.in_(task_ids)
    )
    inner = ranked.subquery()
    statement = select(inner.c.id, inner.c.task_id, inner.c.status).where(inner.c.rank == 1)
    return {row["task_id"]: dict(row) for row in (await session.execute(statement)).mappings()}
