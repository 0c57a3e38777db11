"""Every answer carries the headers that keep browsers from sniffing, framing or leaking it."""

from __future__ import annotations

import httpx

from tenko.app import create_app
from tests.conftest import Backend


async def test_security_headers_on_every_answer(server: Backend) -> None:
    for path in ("/api/status", "/api/data/projects", "/api/docs", "/api/nowhere"):
        response = await server.http.get(path)
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["x-frame-options"] == "DENY", path
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin", path
        assert "strict-transport-security" not in response.headers  # plain HTTP by default


async def test_hsts_when_the_server_is_behind_https(server: Backend) -> None:
    settings = server.settings.model_copy(update={"cookie_secure": True})
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://tenko.test") as client:
        response = await client.get("/api/config")
    assert response.status_code == 200
    assert response.headers["strict-transport-security"].startswith("max-age=")
    await app.state.context.db.dispose()
