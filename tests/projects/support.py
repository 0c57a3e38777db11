"""Helpers of the project tests: counting recorded events and the statements of a request."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from tenko.core.model import table_of
from tenko.domains.events.models import ApiEvent
from tests.conftest import Backend
from tests.support import Api


async def events_named(server: Backend, name: str, project_id: str | None = None) -> int:
    table = table_of(ApiEvent)
    conditions: list[Any] = [table.c.name == name]
    if project_id is not None:
        conditions.append(table.c.project_id == uuid.UUID(project_id))
    async with server.context.db.sessionmaker() as session:
        return int((await session.execute(select(func.count()).where(*conditions))).scalar() or 0)


async def statements_of(server: Backend, caller: Api, path: str) -> int:
    """How many SQL statements one successful GET runs."""
    start = server.counter.count
    await caller.ok("GET", path)
    return server.counter.count - start
