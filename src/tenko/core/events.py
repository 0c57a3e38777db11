"""The event bus: every write records an event in its transaction; it is published after commit.

Published in-process to local subscribers (the socket.io server, tests) and, when Redis is
configured, on a Redis channel so every worker's subscribers receive it.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import jsonutil
from tenko.core.types import new_id

log = logging.getLogger("tenko.events")
Subscriber = Callable[[dict[str, Any]], Awaitable[None]]
REDIS_CHANNEL = "tenko:events"


#: reacts, inside the write's transaction, to the events of one name it was wired to
Listener = Callable[[AsyncSession, list[dict[str, Any]]], Awaitable[None]]


@dataclass
class EventBus:
    table: Table
    redis: Any = None  # redis.asyncio.Redis when configured
    subscribers: list[Subscriber] = field(default_factory=list)
    #: event name -> what other domains do in the same transaction (wired in ``app.py``), so the
    #: domain that writes needs not import the domains that react (a task assigned -> notified)
    listeners: dict[str, list[Listener]] = field(default_factory=dict)

    def listen(self, name: str, listener: Listener) -> None:
        self.listeners.setdefault(name, []).append(listener)

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
        return (await self.record_all(session, [(name, data, project_id)], user_id=user_id, persist=persist))[0]

    async def record_all(
        self,
        session: AsyncSession,
        events: Iterable[tuple[str, dict[str, Any], uuid.UUID | None]],
        *,
        user_id: uuid.UUID | None,
        persist: bool = True,
    ) -> list[dict[str, Any]]:
        """Several events (name, data, project id) of one write, stored in one statement."""
        made = [
            {
                "id": new_id(),
                "name": name,
                "user_id": user_id,
                "project_id": project_id,
                "data": data,
                "created_at": next_event_time(),
            }
            for name, data, project_id in events
        ]
        if persist and made:
            rows = [dict(e, updated_at=e["created_at"], data=jsonutil.loads(jsonutil.dumps(e["data"]))) for e in made]
            await session.execute(insert(self.table), rows)
        queue: list[Callable[[], Awaitable[None]]] = session.info.setdefault("after_commit", [])
        queue.extend(partial(self.publish, event) for event in made)
        for name in dict.fromkeys(str(event["name"]) for event in made):
            for listener in self.listeners.get(name, ()):
                await listener(session, [event for event in made if event["name"] == name])
        return made

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


_last_event_time = dt.datetime.min


def next_event_time() -> dt.datetime:
    """Now, to the microsecond and strictly after the previous event of this process.

    The API shows times to the second, but the event log is read back newest first
    (``/data/events/last``): the events of one write must keep the order they were recorded in.
    """
    global _last_event_time
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    _last_event_time = max(now, _last_event_time + dt.timedelta(microseconds=1))
    return _last_event_time


def events_of(session: AsyncSession) -> EventBus | None:
    """The bus the request's session was opened with (set by the session dependency)."""
    bus = session.info.get("events")
    return bus if isinstance(bus, EventBus) else None


async def emit(
    session: AsyncSession,
    name: str,
    data: dict[str, Any],
    *,
    user_id: uuid.UUID | None,
    project_id: uuid.UUID | None = None,
    persist: bool = True,
) -> None:
    """The one way a write records an event: stored with its transaction, published after commit
    (nothing happens on a session opened without a bus: scripts, migrations)."""
    bus = events_of(session)
    if bus is not None:
        await bus.record(session, name, data, user_id=user_id, project_id=project_id, persist=persist)


async def emit_all(
    session: AsyncSession, events: Iterable[tuple[str, dict[str, Any], uuid.UUID | None]], *, user_id: uuid.UUID | None
) -> None:
    """Several events (name, data, project id) of one write, in order, in one statement."""
    bus = events_of(session)
    if bus is not None:
        await bus.record_all(session, events, user_id=user_id)
