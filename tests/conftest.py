"""Every test runs against the real app over HTTP, on SQLite and on the machine's PostgreSQL.

Each run gets its own PostgreSQL database (``tenko_test_<random>`` next to ``test``), built
by the Alembic migrations, and dropped at the end.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy import event

from tenko.app import create_app
from tenko.basedata import load_base_data, upsert_admin
from tenko.core.migrate import upgrade
from tenko.settings import Settings
from tests.support import Api, StatementCounter

PG_HOST = os.environ.get("TENKO_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("TENKO_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("TENKO_TEST_PG_USER", "postgres")
PG_ADMIN_DB = os.environ.get("TENKO_TEST_PG_DATABASE", "test")
BACKENDS = [b for b in os.environ.get("TENKO_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-password"


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


async def _pg_admin(sql: str) -> None:
    connection = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database=PG_ADMIN_DB)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def tmp_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tenko")


@pytest.fixture(scope="session")
async def database_urls(tmp_root: Path) -> AsyncIterator[dict[str, str]]:
    urls = {}
    pg_name = f"tenko_test_{uuid.uuid4().hex[:12]}"
    if "sqlite" in BACKENDS:
        urls["sqlite"] = f"sqlite+aiosqlite:///{tmp_root / 'tenko.db'}"
    if "postgresql" in BACKENDS:
        await _pg_admin(f'CREATE DATABASE "{pg_name}"')
        urls["postgresql"] = f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{pg_name}"
    yield urls
    if "postgresql" in BACKENDS:
        await asyncio.sleep(0)
        await _pg_admin(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def make_settings(url: str, data_dir: Path, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "TENKO_DATA_DIR": data_dir,
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
        "TENKO_BCRYPT_ROUNDS": 4,
        # every test logs in from the in-process transport's one address: its limit is tested apart
        "TENKO_LOGIN_MAX_FAILURES_PER_ADDRESS": 100_000,
        **extra,
    }
    return Settings(**values)


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class Backend:
    """One running app on one database, with an admin client ready."""

    def __init__(self, name: str, settings: Settings) -> None:
        self.name = name
        self.settings = settings
        self.app = create_app(settings)
        self.context = self.app.state.context
        self.counter = StatementCounter()
        event.listen(self.context.db.engine.sync_engine, "before_cursor_execute", self.counter.on_execute)
        # The shared client keeps no cookies: a login would otherwise authenticate every later
        # "anonymous" request through the cookie. Cookie tests build their own client.
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app),
            base_url="http://tenko.test",
            cookies=CookieJar(DefaultCookiePolicy(allowed_domains=[])),
        )

    async def prepare(self) -> None:
        await upgrade(self.context.db.engine)
        async with self.context.db.sessionmaker.begin() as session:
            await load_base_data(session)
            await upsert_admin(session, ADMIN_EMAIL, ADMIN_PASSWORD, rounds=4)

    async def close(self) -> None:
        await self.http.aclose()
        await self.context.db.dispose()


_backends: dict[str, Backend] = {}


@pytest.fixture(scope="session")
async def server(backend: str, database_urls: dict[str, str], tmp_root: Path) -> AsyncIterator[Backend]:
    if backend not in _backends:
        instance = Backend(backend, make_settings(database_urls[backend], tmp_root / backend))
        await instance.prepare()
        _backends[backend] = instance
    yield _backends[backend]


@pytest.fixture(scope="session", autouse=True)
async def _close_backends() -> AsyncIterator[None]:
    yield
    for instance in _backends.values():
        await instance.close()
    _backends.clear()


@pytest.fixture(scope="session")
async def admin(server: Backend) -> Api:
    return await Api.login(server, ADMIN_EMAIL, ADMIN_PASSWORD)


@pytest.fixture
def anon(server: Backend) -> Api:
    return Api(server, None)


@pytest.fixture
def unique() -> Iterator[str]:
    yield uuid.uuid4().hex[:8]
