"""The event bus: every write records an event in its transaction; it is published after commit.

Published in-process to local subscribers (the socket.io server, tests) and, when Redis is
configured, on a Redis channel so every worker's subscribers receive it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import jsonutil
from tenko.core.types import new_id, utc_now

log = logging.getLogger("tenko.events")
Subscriber = Callable[[dict[str, Any]], Awaitable[None]]
REDIS_CHANNEL = "tenko:events"


@dataclass
class EventBus:
    table: Table
    redis: Any = None  # redis.asyncio.Redis when configured
    subscribers: list[Subscriber] = field(default_factory=list)

    async def record(
        self,
        session: AsyncSession,
        name: str,
        data: dict[str, Any],
        *,
        user_id: uuid.UUID | None,
        project_id: uuid.UUID | None = None,
        persist: bool = True,
    ) -> dict[str, Any]:
        """Store the event with the current transaction and queue its publication after commit."""
        event = {
            "id": new_id(),
            "name": name,
            "user_id": user_id,
            "project_id": project_id,
            "data": data,
            "created_at": utc_now(),
        }
        if persist:
            row = dict(event, updated_at=event["created_at"], data=jsonutil.loads(jsonutil.dumps(data)))
            await session.execute(insert(self.table).values(**row))
        queue: list[Callable[[], Awaitable[None]]] = session.info.setdefault("after_commit", [])

        async def publish() -> None:
            await self.publish(event)

        queue.append(publish)
        return event

    async def publish(self, event: dict[str, Any]) -> None:
        message = jsonutil.loads(jsonutil.dumps(event))
        for subscriber in list(self.subscribers):
            try:
                await subscriber(message)
            except Exception:  # a broken subscriber must not break the request
                log.exception("event subscriber failed")
        if self.redis is not None:
            try:
                await self.redis.publish(REDIS_CHANNEL, jsonutil.dumps(message))
            except Exception:
                log.warning("could not publish event %s to redis", event["name"], exc_info=True)


def events_of(session: AsyncSession) -> EventBus | None:
    """The bus the request's session was opened with (set by the session dependency)."""
    bus = session.info.get("events")
    return bus if isinstance(bus, EventBus) else None
