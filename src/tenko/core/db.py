"""Engines and the request-scoped session that owns the transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str, pool_size: int = 10) -> AsyncEngine:
    if is_sqlite(url):
        engine = create_async_engine(url, connect_args={"timeout": 10})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # no pool_pre_ping: it costs a round trip per request; a dropped connection fails its first
    # use and SQLAlchemy then invalidates the pool, and pool_recycle retires idle connections
    return create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800)


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
