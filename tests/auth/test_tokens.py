"""Tokens: who am I (header or cookie), refresh, logout and its server-side revocation, bad tokens."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tenko.app import create_app
from tenko.auth.tokens import TokenCodec
from tests.auth.conftest import client_for
from tests.auth.shapes import PERSON_SECRETS, assert_shape, shape
from tests.conftest import Backend
from tests.support import Api, new_person

WHOAMI = "/api/auth/authenticated"
REFRESH = "/api/auth/refresh-token"
LOGOUT = "/api/auth/logout"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_unauthorized(response: httpx.Response, message: str | None = None) -> None:
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["error"] is True and isinstance(body["message"], str)
    if message is not None:
        assert body["message"] == message


async def login(server: Backend, person: Api) -> dict[str, str]:
    body = {"email": person.person["email"], "password": person.password}
    response = await server.http.post("/api/auth/login", json=body)
    assert response.status_code == 200, response.text
    return {"access": response.json()["access_token"], "refresh": response.json()["refresh_token"]}


def codec(server: Backend, access_minutes: int = 60, secret: str | None = None) -> TokenCodec:
    return TokenCodec(secret or server.settings.resolved_secret_key(), access_minutes, 1)


async def test_authenticated_with_a_bearer_token(server: Backend, admin: Api) -> None:
    artist = await new_person(admin, "user")
    response = await server.http.get(WHOAMI, headers=bearer(str(artist.token)))
    assert response.status_code == 200, response.text
    body = response.json()
    assert_shape(shape("GET /auth/authenticated"), body)
    assert body["authenticated"] is True
    assert body["user"]["id"] == artist.id
    assert not PERSON_SECRETS & set(body["user"])


async def test_authenticated_with_the_cookie_alone(server: Backend, admin: Api, browser: httpx.AsyncClient) -> None:
    artist = await new_person(admin, "user")
    assert (await browser.get(WHOAMI)).status_code == 401
    await browser.post("/api/auth/login", json={"email": artist.person["email"], "password": artist.password})
    response = await browser.get(WHOAMI)
    assert response.status_code == 200, response.text
    assert response.json()["user"]["id"] == artist.id
    # the header wins over the cookie
    other = await new_person(admin, "user")
    assert (await browser.get(WHOAMI, headers=bearer(str(other.token)))).json()["user"]["id"] == other.id


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer"}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic YTpi"}],
    ids=["none", "empty-bearer", "garbage", "basic"],
)
async def test_no_or_garbage_token_is_a_401(server: Backend, headers: dict[str, str]) -> None:
    assert_unauthorized(await server.http.get(WHOAMI, headers=headers))
    assert_unauthorized(await server.http.get("/api/data/projects", headers=headers))


async def test_a_garbage_cookie_is_a_401(server: Backend) -> None:
    response = await server.http.get(WHOAMI, headers={"Cookie": "access_token_cookie=garbage"})
    assert_unauthorized(response)


async def test_a_token_signed_with_another_key_is_a_401(server: Backend, admin: Api) -> None:
    forged = codec(server, secret="another-secret-key-that-is-long-enough-for-hs256").issue(
        uuid.UUID(admin.id), "access"
    )
    assert_unauthorized(await server.http.get(WHOAMI, headers=bearer(forged)))


async def test_a_token_of_a_deleted_person_is_a_401(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    await admin.ok("DELETE", f"/data/persons/{person.id}?force=true")
    assert_unauthorized(await person.get("/auth/authenticated"))
    nobody = codec(server).issue(uuid.uuid4(), "access")
    assert_unauthorized(await server.http.get(WHOAMI, headers=bearer(nobody)))


async def test_an_expired_access_token_says_signature_has_expired(server: Backend, admin: Api) -> None:
    expired = codec(server, access_minutes=-1).issue(uuid.UUID(admin.id), "access")
    # gazu refreshes its token on exactly this message
    assert_unauthorized(await server.http.get(WHOAMI, headers=bearer(expired)), "Signature has expired")
    assert_unauthorized(await server.http.get("/api/data/projects", headers=bearer(expired)), "Signature has expired")


async def test_refresh_with_a_bearer_refresh_token(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    tokens = await login(server, person)
    response = await server.http.get(REFRESH, headers=bearer(tokens["refresh"]))
    assert response.status_code == 200, response.text
    assert_shape(shape("GET /auth/refresh-token"), response.json())
    access = response.json()["access_token"]
    assert (await server.http.get(WHOAMI, headers=bearer(access))).json()["user"]["id"] == person.id


async def test_refresh_with_the_cookie_alone(server: Backend, admin: Api, browser: httpx.AsyncClient) -> None:
    person = await new_person(admin, "user")
    await browser.post("/api/auth/login", json={"email": person.person["email"], "password": person.password})
    browser.cookies.delete("access_token_cookie")
    assert (await browser.get(WHOAMI)).status_code == 401
    response = await browser.get(REFRESH)
    assert response.status_code == 200, response.text
    # the new access token is set as the cookie too
    assert browser.cookies.get("access_token_cookie") == response.json()["access_token"]
    assert (await browser.get(WHOAMI)).json()["user"]["id"] == person.id


async def test_token_kinds_are_not_interchangeable(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    tokens = await login(server, person)
    assert_unauthorized(await server.http.get(REFRESH, headers=bearer(tokens["access"])))
    assert_unauthorized(await server.http.get(REFRESH))
    assert_unauthorized(await server.http.get(WHOAMI, headers=bearer(tokens["refresh"])))
    assert_unauthorized(await server.http.get("/api/data/projects", headers=bearer(tokens["refresh"])))
    assert_unauthorized(await server.http.get(LOGOUT, headers=bearer(tokens["refresh"])))


async def test_a_disabled_person_cannot_refresh(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    tokens = await login(server, person)
    await admin.ok("PUT", f"/data/persons/{person.id}", {"active": False})
    assert_unauthorized(await server.http.get(REFRESH, headers=bearer(tokens["refresh"])))


@pytest.mark.parametrize("values", [{"active": False}, {"archived": True}], ids=["deactivated", "archived"])
async def test_the_tokens_of_a_disabled_person_stop_at_once(
    server: Backend, admin: Api, values: dict[str, bool]
) -> None:
    """Access and refresh tokens, in the header (gazu) and in the cookies (the web app)."""
    person = await new_person(admin, "user")
    tokens = await login(server, person)
    async with client_for(server) as web:
        body = {"email": person.person["email"], "password": person.password}
        assert (await web.post("/api/auth/login", json=body)).status_code == 200
        assert (await web.get(WHOAMI)).status_code == 200
        await admin.ok("PUT", f"/data/persons/{person.id}", values)
        message = "This account is disabled"
        assert_unauthorized(await server.http.get(WHOAMI, headers=bearer(tokens["access"])), message)
        assert_unauthorized(await server.http.get(REFRESH, headers=bearer(tokens["refresh"])), message)
        assert_unauthorized(await web.get(WHOAMI), message)
        assert_unauthorized(await web.get("/api/data/projects"), message)
        assert_unauthorized(await web.get(REFRESH), message)


async def test_logout_revokes_the_token_for_every_worker(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    kept = await login(server, person)
    response = await person.get("/auth/logout")
    assert response.status_code == 200, response.text
    assert_shape(shape("GET /auth/logout"), response.json())
    assert response.json()["logout"] is True
    assert_unauthorized(await person.get("/auth/authenticated"), "Token has been revoked")
    assert_unauthorized(await person.get("/data/projects"))
    # another worker, or the same server after a restart: the revocation is in the database
    other_app = create_app(server.settings)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=other_app), base_url="http://t") as other:
            assert_unauthorized(await other.get(WHOAMI, headers=person.headers()))
            # only that token was revoked: the person's other session goes on
            assert (await other.get(WHOAMI, headers=bearer(kept["access"]))).status_code == 200
    finally:
        await other_app.state.context.db.dispose()
    assert (await server.http.get(WHOAMI, headers=bearer(kept["access"]))).status_code == 200


async def test_logout_clears_the_cookies_and_revokes_the_refresh_cookie(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    async with client_for(server) as browser:
        login = await browser.post(
            "/api/auth/login", json={"email": person.person["email"], "password": person.password}
        )
        refresh = login.json()["refresh_token"]
        response = await browser.get(LOGOUT)
        assert response.status_code == 200, response.text
        cleared = response.headers.get_list("set-cookie")
        assert sorted(header.split("=", 1)[0] for header in cleared) == ["access_token_cookie", "refresh_token_cookie"]
        assert all("max-age=0" in header.lower() for header in cleared)
        assert not browser.cookies
        assert_unauthorized(await browser.get(WHOAMI))
    assert_unauthorized(await server.http.get(REFRESH, headers=bearer(refresh)), "Token has been revoked")
    assert_unauthorized(await server.http.get(WHOAMI, headers=bearer(login.json()["access_token"])))


async def test_logging_out_twice_is_a_401(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    assert (await person.get("/auth/logout")).status_code == 200
    assert_unauthorized(await person.get("/auth/logout"))


async def test_logout_with_the_access_token_alone_ends_the_whole_login(server: Backend, admin: Api) -> None:
    """gazu logs out with its access token only: the refresh token of that login must die with it."""
    person = await new_person(admin, "user")
    first, second = await login(server, person), await login(server, person)
    refreshed = (await server.http.get(REFRESH, headers=bearer(first["refresh"]))).json()["access_token"]
    assert (await server.http.get(LOGOUT, headers=bearer(first["access"]))).status_code == 200
    assert_unauthorized(await server.http.get(REFRESH, headers=bearer(first["refresh"])), "Token has been revoked")
    assert_unauthorized(await server.http.get(WHOAMI, headers=bearer(refreshed)), "Token has been revoked")
    # another login of the same person is another session
    assert (await server.http.get(WHOAMI, headers=bearer(second["access"]))).status_code == 200
    assert (await server.http.get(REFRESH, headers=bearer(second["refresh"]))).status_code == 200


async def test_logout_with_a_refreshed_token_revokes_the_refresh_token(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    tokens = await login(server, person)
    refreshed = (await server.http.get(REFRESH, headers=bearer(tokens["refresh"]))).json()["access_token"]
    assert (await server.http.get(LOGOUT, headers=bearer(refreshed))).status_code == 200
    assert_unauthorized(await server.http.get(REFRESH, headers=bearer(tokens["refresh"])))
    assert_unauthorized(await server.http.get(WHOAMI, headers=bearer(tokens["access"])))
