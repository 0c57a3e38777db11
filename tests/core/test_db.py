"""The connection pool survives connections the database closed (a restart, an administrator, a proxy)."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import asyncpg
import httpx
import pytest

from tenko.app import create_app
from tests.conftest import PG_ADMIN_DB, PG_HOST, PG_PORT, PG_USER, Backend, make_settings
from tests.support import Api


async def terminate_connections(server: Backend) -> int:
    """Close every connection to this test database from the server side (only this database)."""
    database = server.context.db.engine.url.database
    connection = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database=PG_ADMIN_DB)
    try:
        terminated = await connection.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            database,
        )
    finally:
        await connection.close()
    return len(terminated)


async def test_requests_after_the_database_dropped_the_connections_succeed(server: Backend, admin: Api) -> None:
    if server.name != "postgresql":
        pytest.skip("a PostgreSQL connection pool")
    # several connections in the pool, all idle once the requests are over
    for response in await asyncio.gather(*(admin.get("/data/projects") for _ in range(4))):
        assert response.status_code == 200, response.text
    assert await terminate_connections(server) >= 1
    await asyncio.sleep(0.2)  # the database's goodbye reaches the idle connections
    for _ in range(6):
        response = await admin.get("/data/projects")
        assert response.status_code == 200, response.text
    statuses = [
        response.status_code for response in await asyncio.gather(*(admin.get("/auth/authenticated") for _ in range(4)))
    ]
    assert statuses == [200] * 4


async def test_a_database_that_cannot_be_reached_answers_503(backend: str, tmp_path: Path) -> None:
    """While the database is down (a restart), requests get a JSON 503 to retry, not a 500."""
    if backend == "postgresql":
        with socket.socket() as probe:  # a port nothing listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        url = f"postgresql://{PG_USER}@127.0.0.1:{port}/absent"
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'no-such-directory' / 'tenko.db'}"
    app = create_app(make_settings(url, tmp_path / "data"))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://tenko.test") as http:
            response = await http.post("/api/auth/login", json={"email": "a@example.com", "password": "password-1"})
    finally:
        await app.state.database.dispose()
    assert response.status_code == 503, response.text
    assert response.json() == {"error": True, "message": "The database is unavailable: retry in a moment"}
