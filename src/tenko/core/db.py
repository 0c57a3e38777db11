"""Engines and the request-scoped session that owns the transaction."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from tenko.core.errors import DatabaseUnavailable
from tenko.core.jsonutil import loads_stored

log = logging.getLogger("tenko")


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _refuse_closed_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Hand out no connection the server has closed (a PostgreSQL restart, pg_terminate_backend).

    The server says goodbye on the socket and asyncpg marks the connection closed as soon as
    the event loop reads it, so the check costs no round trip (unlike ``pool_pre_ping``). The
    pool replaces a connection refused here with a new one.
    """
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("connection closed by the server")


def _connect_or_unavailable(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
    """A new connection, or a 503 (the request may be sent again) when the database cannot be
    reached: refused, restarting, unknown; drivers raise whatever they like there (OSError)."""
    try:
        return dialect.connect(*cargs, **cparams)
    except Exception as error:
        log.warning("cannot connect to the database: %r", error)
        raise DatabaseUnavailable() from error


def _closed_under_a_statement(context: ExceptionContext) -> Exception | None:
    """A connection the server closed while in use: a 503 too. SQLAlchemy drops the pool's
    connections of before the failure all the same (the exception replaced, not the handling)."""
    return DatabaseUnavailable() if context.is_disconnect else None


def make_engine(url: str, pool_size: int = 10) -> AsyncEngine:
    engine = _make_engine(url, pool_size)
    event.listen(engine.sync_engine, "do_connect", _connect_or_unavailable)
    event.listen(engine.sync_engine, "handle_error", _closed_under_a_statement)
    return engine


def _make_engine(url: str, pool_size: int) -> AsyncEngine:
    if is_sqlite(url):
        engine = create_async_engine(url, connect_args={"timeout": 10}, json_deserializer=loads_stored)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # no pool_pre_ping: it costs a round trip per request. Connections the server closed are
    # refused at checkout for free (above); one that dies silently (a network cut) fails its
    # first use, after which SQLAlchemy invalidates the pool; pool_recycle retires idle ones.
    engine = create_async_engine(
        url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800, json_deserializer=loads_stored
    )
    event.listen(engine.sync_engine.pool, "checkout", _refuse_closed_connection)
    return engine


class Database:
    """Holds the engine and hands out sessions; one per app (tests build one per backend)."""

    def __init__(self, url: str, pool_size: int = 10) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session whose transaction commits when the request succeeds and rolls back otherwise.

        After-commit callbacks (events, jobs) queued in ``session.info["after_commit"]`` run
        only once the commit has succeeded.
        """
        async with self.sessionmaker() as session:
            session.info["after_commit"] = []
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise
            for callback in session.info["after_commit"]:
                await callback()

    async def dispose(self) -> None:
        await self.engine.dispose()


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's session: commits when the handler returns, rolls back when it raises.

    The app puts its ``Database``, ``EventBus``, reference catalogue and settings on ``app.state`` (see ``app.py``),
    so this layer needs neither the auth layer nor the app's context type.
    """
    state = request.app.state
    async for session in state.database.session():
        session.info["events"] = state.events
        # how ids in bodies are judged (core/references.py): the catalogue of the app's resources
        session.info["references"] = getattr(state, "references", None)
        session.info["bcrypt_rounds"] = state.settings.bcrypt_rounds
        yield session


DbSession = Annotated[AsyncSession, Depends(get_session, scope="function")]
