"""Writes that the auth cookie authenticates must come from the server's own origin (or an allowed
one): another site's page cannot make the browser of a signed-in user change anything."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from tests.auth.conftest import BackendFactory, client_for
from tests.conftest import Backend
from tests.support import Api, new_person

REFUSED = "Cross-site request refused: a write authenticated by cookie must come from the web app's own origin"


@asynccontextmanager
async def signed_in_browser(backend: Backend, person: Api) -> AsyncIterator[httpx.AsyncClient]:
    """The web app's browser after its login (cookies only, no Authorization header)."""
    async with client_for(backend) as client:
        body = {"email": person.person["email"], "password": "password-123"}
        response = await client.post("/api/auth/login", json=body)
        assert response.status_code == 200 and client.cookies.get("access_token_cookie")
        yield client


@pytest.fixture
async def person(admin: Api) -> Api:
    return await new_person(admin, "user")


@pytest.fixture
async def signed_in(server: Backend, person: Api) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in_browser(server, person) as client:
        yield client


async def rename(client: httpx.AsyncClient, person: Api, headers: dict[str, str]) -> httpx.Response:
    """A write: the person edits their own profile (what the web app's profile page does)."""
    return await client.put(f"/api/data/persons/{person.id}", json={"phone": "+33 1 00 00 00 00"}, headers=headers)


def refused(response: httpx.Response) -> bool:
    if response.status_code != 403:
        assert response.status_code == 200, response.text
        return False
    assert response.json() == {"error": True, "message": REFUSED}
    return True


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "http://tenko.test.evil.example"},
        {"Origin": "http://tenko.test:9999"},  # the Host names no port: the page's is the default
        {"Origin": "null"},  # a sandboxed frame, a page opened from a file
        {"Origin": "", "Referer": "https://evil.example/tenko.test/"},
        {"Origin": ""},  # neither header: a browser always sends one with a write
    ],
    ids=["other-site", "suffix", "other-port", "null", "referer-of-other-site", "none"],
)
async def test_a_cookie_write_from_another_origin_is_refused(
    signed_in: httpx.AsyncClient, person: Api, headers: dict[str, str]
) -> None:
    assert refused(await rename(signed_in, person, headers))
    for method in ("POST", "PATCH", "DELETE"):
        assert refused(await signed_in.request(method, f"/api/data/persons/{person.id}", headers=headers)), method


@pytest.mark.parametrize(
    "headers",
    [
        {},  # the client's own Origin: http://tenko.test (the Host)
        {"Origin": "https://tenko.test"},  # behind a proxy that ends TLS
        {"Origin": "", "Referer": "http://tenko.test/productions/1"},  # no Origin: the Referer
    ],
    ids=["same-origin", "https-behind-proxy", "referer"],
)
async def test_a_cookie_write_from_the_web_app_passes(
    signed_in: httpx.AsyncClient, person: Api, headers: dict[str, str]
) -> None:
    assert not refused(await rename(signed_in, person, headers))


async def test_the_host_port_counts_when_given(server: Backend, person: Api) -> None:
    async with signed_in_browser(server, person) as client:
        on_port = {"Host": "tenko.test:8080"}
        assert not refused(await rename(client, person, {**on_port, "Origin": "http://tenko.test:8080"}))
        assert refused(await rename(client, person, {**on_port, "Origin": "http://tenko.test:8081"}))


async def test_reads_and_bearer_writes_are_unaffected(signed_in: httpx.AsyncClient, person: Api) -> None:
    elsewhere = {"Origin": "https://evil.example"}
    assert (await signed_in.get(f"/api/data/persons/{person.id}", headers=elsewhere)).status_code == 200
    # a token in the header, which no other site can set: scripts, gazu (the cookie is then unused)
    bearer = {**elsewhere, "Authorization": f"Bearer {person.token}"}
    assert not refused(await rename(signed_in, person, bearer))
    assert not refused(await person.put(f"/data/persons/{person.id}", {"phone": "0"}, headers=elsewhere))


async def test_allowed_origins_setting(server: Backend, person: Api, backend_with: BackendFactory) -> None:
    """TENKO_ALLOWED_ORIGINS: the web app served from another host than the API."""
    separate = await backend_with(TENKO_ALLOWED_ORIGINS="https://kitsu.example.com, http://localhost:5173")
    async with signed_in_browser(separate, person) as client:
        for origin in ("https://kitsu.example.com", "http://localhost:5173", "http://tenko.test"):
            assert not refused(await rename(client, person, {"Origin": origin})), origin
        for origin in ("http://kitsu.example.com", "https://kitsu.example.com.evil.example", "http://localhost:5174"):
            assert refused(await rename(client, person, {"Origin": origin})), origin


async def test_the_web_app_logs_out_and_changes_its_password(server: Backend, person: Api) -> None:
    """The web app's own flows (same origin): auth.logIn, people.changePassword, auth.logout."""
    async with signed_in_browser(server, person) as client:
        body = {"old_password": "password-123", "password": "password-456", "password_2": "password-456"}
        assert (await client.post("/api/auth/change-password", json=body)).status_code == 200
        assert (await client.get("/api/auth/logout")).status_code == 200
