"""Bodies above the limit are a 413 JSON, whether they declare their length or arrive chunked."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from tests.errors.common import RESOURCES, Builder, count_rows, error_body, snapshot_row
from tests.support import Api

CHUNK = 1024 * 1024


def oversized(limit: int) -> bytes:
    """A valid JSON object just above the limit."""
    return json.dumps({"name": "big", "description": "x" * (limit + 10)}).encode()


async def chunks(data: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(data), CHUNK):
        yield data[start : start + CHUNK]


async def test_declared_length_over_the_limit_is_413(admin: Api) -> None:
    projects = RESOURCES["projects"].table
    limit = admin.server.settings.max_body_bytes
    before = await count_rows(admin, projects)
    response = await admin.post(
        "/data/projects", content=oversized(limit), headers={"Content-Type": "application/json"}
    )
    assert "too large" in error_body(response, 413)["message"].lower()
    assert await count_rows(admin, projects) == before


async def test_chunked_body_over_the_limit_is_413(admin: Api) -> None:
    resource = RESOURCES["projects"]
    limit = admin.server.settings.max_body_bytes
    before = await count_rows(admin, resource.table)
    headers = {"Content-Type": "application/json"}
    request = admin.server.http.build_request(
        "POST", "/api/data/projects", content=chunks(oversized(limit)), headers={**admin.headers(), **headers}
    )
    assert "content-length" not in request.headers and request.headers["transfer-encoding"] == "chunked"
    response = await admin.server.http.send(request)
    assert "too large" in error_body(response, 413)["message"].lower()
    assert await count_rows(admin, resource.table) == before

    record = await Builder(admin).create(resource)
    stored = await snapshot_row(admin, resource.table, record["id"])
    response = await admin.put(f"/data/projects/{record['id']}", content=chunks(oversized(limit)), headers=headers)
    error_body(response, 413)
    assert await snapshot_row(admin, resource.table, record["id"]) == stored


async def test_reading_stops_at_the_limit(admin: Api) -> None:
    """The server stops reading a chunked body once past the limit, not after buffering it all."""
    limit = admin.server.settings.max_body_bytes
    sent = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal sent
        yield b'{"name": "x", "description": "'
        while sent < 4 * limit:  # bounded, so a server that reads everything fails instead of hanging
            sent += CHUNK
            yield b"x" * CHUNK

    response = await admin.post("/data/projects", content=endless(), headers={"Content-Type": "application/json"})
    error_body(response, 413)
    assert sent <= limit + 2 * CHUNK


async def test_chunked_body_over_the_limit_on_login_is_413(anon: Api) -> None:
    limit = anon.server.settings.max_body_bytes
    body = json.dumps({"email": "admin@example.com", "password": "x" * (limit + 10)}).encode()
    response = await anon.post("/auth/login", content=chunks(body), headers={"Content-Type": "application/json"})
    error_body(response, 413)
    response = await anon.post("/auth/login", content=body, headers={"Content-Type": "application/json"})
    error_body(response, 413)


async def test_chunked_body_under_the_limit_is_read(admin: Api) -> None:
    body = json.dumps(await Builder(admin).body(RESOURCES["departments"])).encode()
    response = await admin.post("/data/departments", content=chunks(body), headers={"Content-Type": "application/json"})
    assert response.status_code == 201, response.text
