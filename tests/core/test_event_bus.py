"""The event bus alone (``tenko.core.events``) on a real SQLite database: no app, no HTTP.

``emit``/``emit_all`` store their rows with the write's transaction and queue the publication;
``Database.session`` (the request session) publishes after a successful commit, in the order
the events were recorded, and never after a rollback. A failing subscriber (or Redis) does not
stop the others.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, MetaData, Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.db import Database
from tenko.core.events import EventBus, emit, emit_all
from tenko.core.model import table_of
from tenko.domains.events.models import ApiEvent

#: The real event table's columns, without its foreign keys to person and project (not made here).
EVENTS = Table(
    "api_event", MetaData(), *(Column(c.name, c.type, primary_key=c.primary_key) for c in table_of(ApiEvent).c)
)


class Boom(Exception):
    pass


class Recorder:
    """A subscriber that notes each event and how many event rows another connection saw then."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.events: list[dict[str, Any]] = []
        self.committed_rows: list[int] = []

    async def __call__(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        self.committed_rows.append(await stored_count(self.db))

    @property
    def names(self) -> list[str]:
        return [event["name"] for event in self.events]


async def stored_count(db: Database) -> int:
    async with db.sessionmaker() as other:  # a connection of its own: sees committed rows only
        return int((await other.execute(select(func.count()).select_from(EVENTS))).scalar() or 0)


async def stored(db: Database) -> list[dict[str, Any]]:
    async with db.sessionmaker() as other:
        statement = select(EVENTS).order_by(EVENTS.c.created_at)
        return [dict(row) for row in (await other.execute(statement)).mappings()]


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/events.db")
    async with database.engine.begin() as connection:
        await connection.run_sync(lambda sync: EVENTS.create(sync))
    yield database
    await database.dispose()


@pytest.fixture
def bus() -> EventBus:
    return EventBus(EVENTS)


@asynccontextmanager
async def request_session(db: Database, bus: EventBus | None) -> AsyncIterator[AsyncSession]:
    """The session a request gets (``tenko.core.db.get_session``): commit or rollback, then publish."""
    async with asynccontextmanager(db.session)() as session:
        if bus is not None:
            session.info["events"] = bus
        yield session


async def test_events_are_stored_with_the_transaction_and_published_after_commit_in_order(
    db: Database, bus: EventBus
) -> None:
    recorder = Recorder(db)
    bus.subscribers.append(recorder)
    user, project = uuid.uuid4(), uuid.uuid4()
    async with request_session(db, bus) as session:
        await emit(session, "task:new", {"task_id": "t1", "when": project}, user_id=user, project_id=project)
        await emit_all(session, [("task:update", {"n": 1}, None), ("comment:new", {"n": 2}, project)], user_id=user)
        await emit(session, "task:assign", {"n": 3}, user_id=None)
        # written in the transaction, invisible to others, and not published yet
        assert await stored_count(db) == 0
        assert recorder.events == []
    assert recorder.names == ["task:new", "task:update", "comment:new", "task:assign"]
    assert recorder.committed_rows == [4, 4, 4, 4]  # every row was committed before the first publication
    rows = await stored(db)
    assert [row["name"] for row in rows] == recorder.names
    assert [row["id"] for row in rows] == [uuid.UUID(event["id"]) for event in recorder.events]
    assert [row["created_at"] for row in rows] == sorted({row["created_at"] for row in rows})  # strictly increasing
    assert [row["user_id"] for row in rows] == [user, user, user, None]
    assert [row["project_id"] for row in rows] == [project, None, project, None]
    # JSON both ways: the stored data and the published message hold strings, not UUIDs
    assert rows[0]["data"] == {"task_id": "t1", "when": str(project)}
    assert recorder.events[0]["data"] == {"task_id": "t1", "when": str(project)}
    assert recorder.events[0]["project_id"] == str(project) and recorder.events[0]["user_id"] == str(user)


async def test_nothing_is_published_or_kept_when_the_transaction_rolls_back(db: Database, bus: EventBus) -> None:
    recorder = Recorder(db)
    bus.subscribers.append(recorder)
    with pytest.raises(Boom):
        async with request_session(db, bus) as session:
            await emit(session, "task:new", {}, user_id=None)
            await emit_all(session, [("task:update", {}, None)], user_id=None)
            raise Boom
    assert recorder.events == []
    assert await stored_count(db) == 0
    # the bus is not left with stale publications: the next write publishes only its own events
    async with request_session(db, bus) as session:
        await emit(session, "task:delete", {}, user_id=None)
    assert recorder.names == ["task:delete"]


async def test_a_failing_subscriber_does_not_stop_the_others(
    db: Database, bus: EventBus, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(event: dict[str, Any]) -> None:
        raise Boom(event["name"])

    before, after = Recorder(db), Recorder(db)
    bus.subscribers.extend([before, broken, after])
    with caplog.at_level(logging.ERROR, logger="tenko.events"):
        async with request_session(db, bus) as session:
            await emit_all(session, [("a", {}, None), ("b", {}, None)], user_id=None)
    assert before.names == after.names == ["a", "b"]
    assert [record.getMessage() for record in caplog.records] == ["event subscriber failed"] * 2
    assert await stored_count(db) == 2


async def test_redis_gets_every_event_and_its_failure_is_not_the_requests(db: Database, bus: EventBus) -> None:
    class Redis:
        def __init__(self) -> None:
            self.messages: list[tuple[str, bytes]] = []

        async def publish(self, channel: str, message: bytes) -> None:
            self.messages.append((channel, message))
            if len(self.messages) == 1:
                raise ConnectionError("redis is down")

    redis = Redis()
    bus.redis = redis
    recorder = Recorder(db)
    bus.subscribers.append(recorder)
    async with request_session(db, bus) as session:
        await emit_all(session, [("a", {}, None), ("b", {}, None)], user_id=None)
    assert recorder.names == ["a", "b"]
    assert [channel for channel, _ in redis.messages] == ["tenko:events", "tenko:events"]
    assert b'"name":"b"' in redis.messages[1][1]


async def test_unpersisted_events_are_published_but_not_stored(db: Database, bus: EventBus) -> None:
    recorder = Recorder(db)
    bus.subscribers.append(recorder)
    async with request_session(db, bus) as session:
        await emit(session, "preview-file:progress", {"p": 50}, user_id=None, persist=False)
    assert recorder.names == ["preview-file:progress"]
    assert await stored_count(db) == 0


async def test_a_session_without_a_bus_records_nothing(db: Database, bus: EventBus) -> None:
    recorder = Recorder(db)
    bus.subscribers.append(recorder)
    async with request_session(db, None) as session:  # scripts and migrations open such sessions
        await emit(session, "task:new", {}, user_id=None)
        await emit_all(session, [("task:update", {}, None)], user_id=None)
        assert session.info["after_commit"] == []
    assert recorder.events == []
    assert await stored_count(db) == 0


async def test_emit_all_of_nothing_writes_nothing(db: Database, bus: EventBus) -> None:
    recorder = Recorder(db)
    bus.subscribers.append(recorder)
    async with request_session(db, bus) as session:
        await emit_all(session, [], user_id=None)
    assert recorder.events == []
    assert await stored_count(db) == 0
