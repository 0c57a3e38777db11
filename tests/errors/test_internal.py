"""An unexpected failure is a bare 500 JSON: no traceback, SQL, path or exception text."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from tenko.app import create_app
from tenko.core import records
from tests.conftest import Backend
from tests.errors.common import DUMMY_ID, LEAKS
from tests.support import Api

SECRET = "s3cr3t-detail"


def boom(kind: str) -> Exception:
    if kind == "runtime":
        return RuntimeError(f"{SECRET} at /work/main/src/tenko/core/records.py line 12")
    if kind == "database":
        return OperationalError(f"SELECT password FROM person -- {SECRET}", {"p": SECRET}, Exception(SECRET))
    if kind == "data":
        return DataError(f"UPDATE task SET priority = 1 -- {SECRET}", {}, Exception(f"out of range {SECRET}"))
    if kind == "integrity":
        return IntegrityError(f"INSERT INTO task {SECRET}", {}, Exception(f"duplicate key {SECRET}"))
    return KeyError(SECRET)


def assert_clean(response: httpx.Response, status: int, message: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    if message is not None:
        assert body == {"error": True, "message": message}
    assert SECRET not in response.text
    for leak in LEAKS:
        assert leak not in response.text


@pytest.fixture
async def test_app(server: Backend) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """A separate app on the same database, with test-only routes that fail."""
    app = create_app(server.settings)

    @app.get("/api/test-only/fail/{kind}")
    async def fail(kind: str) -> Any:
        raise boom(kind)

    @app.get("/api/test-only/store")
    async def store(value: str) -> Any:
        """A route that forgot to validate: the database sees the raw value (with a NUL character
        added here, since the edge refuses one in the query string)."""
        async with app.state.context.db.sessionmaker() as session:
            await session.execute(text("SELECT CAST(:value AS VARCHAR)"), {"value": value.replace("~", "\x00")})
        return {"stored": True}

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://tenko.test") as client:
        yield app, client
    await app.state.context.db.dispose()


@pytest.mark.parametrize("kind", ["runtime", "database", "key"])
async def test_unexpected_errors_are_bare_500(
    test_app: tuple[FastAPI, httpx.AsyncClient], kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    _, client = test_app
    with caplog.at_level(logging.ERROR, logger="tenko"):
        response = await client.get(f"/api/test-only/fail/{kind}")
    message = "Database error" if kind == "database" else "Internal server error"
    assert_clean(response, 500, message)
    assert SECRET in caplog.text  # the details go to the log, for the operator


async def test_data_errors_are_400_without_details(
    server: Backend, test_app: tuple[FastAPI, httpx.AsyncClient]
) -> None:
    _, client = test_app
    assert_clean(await client.get("/api/test-only/fail/data"), 400)
    response = await client.get("/api/test-only/store", params={"value": "a~b"})
    if server.name == "postgresql":  # PostgreSQL refuses NUL in text (SQLSTATE 22021)
        assert_clean(response, 400)
        assert "invalid characters" in response.json()["message"]
    else:
        assert response.status_code == 200


async def test_integrity_errors_are_400_without_details(test_app: tuple[FastAPI, httpx.AsyncClient]) -> None:
    _, client = test_app
    assert_clean(await client.get("/api/test-only/fail/integrity"), 400)


async def test_a_failing_service_is_a_bare_500(
    server: Backend, admin: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A real route whose service raises: the shared app answers 500 and keeps serving."""

    async def broken(*_: Any, **__: Any) -> Any:
        raise boom("runtime")

    monkeypatch.setattr(records, "read_one", broken)
    transport = httpx.ASGITransport(app=server.app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://tenko.test") as client:
        with caplog.at_level(logging.ERROR, logger="tenko"):
            response = await client.get(f"/api/data/task-types/{DUMMY_ID}", headers=admin.headers())
    assert_clean(response, 500, "Internal server error")
    monkeypatch.undo()
    assert (await admin.get(f"/data/task-types/{DUMMY_ID}")).status_code == 404


async def test_a_failure_after_a_write_rolls_it_back(
    server: Backend, admin: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The request owns the transaction: a crash after the insert leaves no row behind."""
    from tests.errors.common import RESOURCES, count_rows

    table = RESOURCES["departments"].table
    before = await count_rows(admin, table)

    async def crash(*_: Any, **__: Any) -> None:
        raise boom("runtime")

    monkeypatch.setattr(records, "record_event", crash)  # runs after the insert and the flush
    transport = httpx.ASGITransport(app=server.app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://tenko.test") as client:
        body = {"name": "rolled-back", "color": "#123456"}
        response = await client.post("/api/data/departments", json=body, headers=admin.headers())
    assert_clean(response, 500, "Internal server error")
    assert await count_rows(admin, table) == before
