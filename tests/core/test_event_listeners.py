"""In-transaction listeners: a domain reacts to another's events without being imported by it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Column, DateTime, MetaData, String, Table, Uuid
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from tenko.core.events import EventBus, emit, emit_all
from tenko.core.types import JSONType

TABLE = Table(
    "api_event",
    MetaData(),
    Column("id", Uuid, primary_key=True),
    Column("name", String),
    Column("user_id", Uuid),
    Column("project_id", Uuid),
    Column("data", JSONType),
    Column("created_at", DateTime),
    Column("updated_at", DateTime),
)


async def test_listeners_run_in_the_transaction_in_order_with_the_events_of_their_name() -> None:
    engine = create_async_engine("sqlite+aiosqlite://")
    async with engine.begin() as connection:
        await connection.run_sync(TABLE.metadata.create_all)
    bus = EventBus(TABLE)
    heard: list[tuple[str, list[str]]] = []

    async def on_assign(session: Any, events: list[dict[str, Any]]) -> None:
        # inside the same transaction: the triggering events are already stored
        stored = (await session.execute(TABLE.select().where(TABLE.c.name == "task:assign"))).all()
        heard.append(("assign", [str(e["data"]["n"]) for e in events]))
        assert len(stored) == len(events)
        await emit(session, "notification:new", {"n": 9}, user_id=None)

    async def on_notification(session: Any, events: list[dict[str, Any]]) -> None:
        heard.append(("notification", [str(e["data"]["n"]) for e in events]))

    bus.listen("task:assign", on_assign)
    bus.listen("notification:new", on_notification)
    async with AsyncSession(engine) as session, session.begin():
        session.info["events"] = bus
        session.info["after_commit"] = []
        events = [("task:assign", {"n": 1}, None), ("task:update", {"n": 2}, None), ("task:assign", {"n": 3}, None)]
        await emit_all(session, events, user_id=uuid.uuid4())
    assert heard == [("assign", ["1", "3"]), ("notification", ["9"])]
    await engine.dispose()
