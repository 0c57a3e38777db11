"""POST /auth/login: JSON and form bodies, desktop login, refusals, login log, what gazu probes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from tenko.domains.people.models import LoginLog
from tests.auth.conftest import BROWSER_AGENT
from tests.auth.shapes import PERSON_SECRETS, assert_shape, shape
from tests.conftest import Backend
from tests.support import Api, new_person, unique_name

LOGIN = "/api/auth/login"


async def login(server: Backend, email: str, password: str, **kwargs: Any) -> httpx.Response:
    return await server.http.post(LOGIN, json={"email": email, "password": password}, **kwargs)


def refused(response: httpx.Response) -> str:
    """The message of a refused login (400, ``login: false``)."""
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["login"] is False
    assert isinstance(body["message"], str) and body["message"]
    return str(body["message"])


async def test_login_answers_user_organisation_and_tokens(server: Backend, admin: Api) -> None:
    artist = await new_person(admin, "user")
    response = await login(server, artist.person["email"], "password-123")
    assert response.status_code == 200, response.text
    body = response.json()
    assert_shape(shape("POST /auth/login"), body)
    assert body["login"] is True
    assert body["user"]["id"] == artist.id
    assert body["user"]["type"] == "Person"
    assert body["user"]["role"] == "user"
    assert body["user"]["departments"] == []
    assert not PERSON_SECRETS & set(body["user"])
    assert body["organisation"]["type"] == "Organisation"
    assert body["access_token"] != body["refresh_token"]
    whoami = await server.http.get(
        "/api/auth/authenticated", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert whoami.json()["user"]["id"] == artist.id


async def test_login_lists_departments(server: Backend, admin: Api) -> None:
    department = await admin.ok("POST", "/data/departments", {"name": unique_name("department"), "color": "#999999"})
    person = await new_person(admin, "user", departments=[department["id"]])
    body = (await login(server, person.person["email"], "password-123")).json()
    assert body["user"]["departments"] == [department["id"]]


async def test_a_browser_login_sets_http_only_same_site_cookies(server: Backend, admin: Api) -> None:
    artist = await new_person(admin, "user")
    response = await login(server, artist.person["email"], "password-123", headers={"User-Agent": BROWSER_AGENT})
    cookies = {header.split("=", 1)[0]: header for header in response.headers.get_list("set-cookie")}
    assert set(cookies) == {"access_token_cookie", "refresh_token_cookie"}
    body = response.json()
    # the access cookie goes everywhere (the API and the event stream), the refresh cookie only
    # to the route that reads it
    paths = {"access_token_cookie": "path=/", "refresh_token_cookie": "path=/api/auth/refresh-token"}
    for name, token in (("access_token_cookie", body["access_token"]), ("refresh_token_cookie", body["refresh_token"])):
        attributes = [part.strip().lower() for part in cookies[name].split(";")]
        assert attributes[0] == f"{name}={token}".lower()
        assert "httponly" in attributes
        assert "samesite=lax" in attributes
        assert paths[name] in attributes


SCRIPT_AGENTS = [
    "CGWire Gazu 1.0.0",  # gazu
    "python-requests/2.32.3",
    "python-httpx/0.28.1",
    "curl/8.0.1",
    "Mozilla/5.0",  # no browser named: the reference sets no cookie either
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "",
]


@pytest.mark.parametrize("agent", SCRIPT_AGENTS)
async def test_a_script_login_sets_no_cookie(server: Backend, admin: Api, agent: str) -> None:
    """A script that drops its token is signed out: no cookie keeps its session (gazu.log_in, requests)."""
    artist = await new_person(admin, "user")
    response = await login(server, artist.person["email"], "password-123", headers={"User-Agent": agent})
    assert response.status_code == 200, response.text
    assert response.headers.get_list("set-cookie") == []
    refreshed = await server.http.get(
        "/api/auth/refresh-token",
        headers={"User-Agent": agent, "Authorization": f"Bearer {response.json()['refresh_token']}"},
    )
    assert refreshed.status_code == 200 and refreshed.headers.get_list("set-cookie") == []


@pytest.mark.parametrize(
    "agent",
    [
        BROWSER_AGENT,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Safari/604.1",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko) Kitsu/1.0 Chrome/120.0 Electron/28.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0",
    ],
    ids=["firefox", "chrome", "safari", "kitsu-desktop", "edge"],
)
async def test_browsers_get_the_cookies(server: Backend, admin: Api, agent: str) -> None:
    artist = await new_person(admin, "user")
    response = await login(server, artist.person["email"], "password-123", headers={"User-Agent": agent})
    assert len(response.headers.get_list("set-cookie")) == 2


async def test_login_with_a_form_body(server: Backend, admin: Api) -> None:
    artist = await new_person(admin, "user")
    response = await server.http.post(LOGIN, data={"email": artist.person["email"], "password": "password-123"})
    assert response.status_code == 200, response.text
    assert response.json()["user"]["id"] == artist.id
    wrong = await server.http.post(LOGIN, data={"email": artist.person["email"], "password": "nope-nope"})
    refused(wrong)


async def test_login_with_a_multipart_form_body(server: Backend, admin: Api) -> None:
    artist = await new_person(admin, "user")
    fields = {"email": artist.person["email"], "password": "password-123"}
    response = await server.http.post(LOGIN, files={key: (None, value) for key, value in fields.items()})
    assert response.status_code == 200, response.text


async def test_email_is_case_insensitive(server: Backend, admin: Api) -> None:
    artist = await new_person(admin, "user")
    response = await login(server, f"  {artist.person['email'].upper()} ", "password-123")
    assert response.status_code == 200, response.text
    assert response.json()["user"]["id"] == artist.id


async def test_desktop_login(server: Backend, admin: Api) -> None:
    desktop = unique_name("desk")
    artist = await new_person(admin, "user", desktop_login=desktop)
    response = await login(server, desktop, "password-123")
    assert response.status_code == 200, response.text
    assert response.json()["user"]["id"] == artist.id
    refused(await login(server, desktop, "wrong-password"))


async def test_wrong_credentials_are_refused_alike(server: Backend, admin: Api) -> None:
    artist = await new_person(admin, "user")
    wrong_password = refused(await login(server, artist.person["email"], "wrong-password"))
    unknown_email = refused(await login(server, f"{unique_name('nobody')}@example.com", "password-123"))
    # the same answer: the login form must not tell which e-mails exist
    assert wrong_password == unknown_email
    assert "access_token_cookie" not in (await login(server, artist.person["email"], "bad-bad")).headers.get(
        "set-cookie", ""
    )


@pytest.mark.parametrize(
    "body",
    [{}, {"email": ""}, {"email": "admin@example.com"}, {"password": "x"}, {"email": 3, "password": "x"}],
    ids=["empty", "empty-email", "no-password", "no-email", "email-not-a-string"],
)
async def test_missing_fields_are_a_400(server: Backend, body: dict[str, Any]) -> None:
    refused(await server.http.post(LOGIN, json=body))


@pytest.mark.parametrize(
    ("content_type", "content"),
    [
        ("application/json", b"not json"),
        ("application/json", b"[1, 2]"),
        ("application/json", b""),
        ("multipart/form-data", b"--x\r\ngarbage"),
        ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data\r\n\r\n"),
    ],
    ids=["garbage", "array", "nothing", "multipart-no-boundary", "multipart-truncated"],
)
async def test_malformed_bodies_are_a_400(server: Backend, content_type: str, content: bytes) -> None:
    response = await server.http.post(LOGIN, content=content, headers={"Content-Type": content_type})
    assert response.status_code == 400, response.text
    assert response.json()["message"]


@pytest.mark.parametrize(
    "values",
    [{"active": False}, {"archived": True}, {"expiration_date": (dt.date.today() - dt.timedelta(days=1)).isoformat()}],
    ids=["inactive", "archived", "expired"],
)
async def test_disabled_accounts_cannot_log_in(server: Backend, admin: Api, values: dict[str, Any]) -> None:
    person = await new_person(admin, "user")
    await admin.ok("PUT", f"/data/persons/{person.id}", values)
    refused(await login(server, person.person["email"], "password-123"))
    # a token issued before the account was disabled stops working too
    assert (await person.get("/auth/authenticated")).status_code == 401


async def test_an_expiration_date_in_the_future_still_logs_in(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    await admin.ok("PUT", f"/data/persons/{person.id}", {"expiration_date": tomorrow})
    assert (await login(server, person.person["email"], "password-123")).status_code == 200


async def login_logs(server: Backend, person_id: str) -> list[dict[str, Any]]:
    async with server.context.db.sessionmaker() as session:
        statement = select(LoginLog.origin, LoginLog.ip_address).where(LoginLog.person_id == uuid.UUID(person_id))
        return [dict(row) for row in (await session.execute(statement)).mappings()]


async def test_each_login_is_logged_with_origin_and_address(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")  # new_person logs in once, as a script
    assert await login_logs(server, person.id) == [{"origin": "script", "ip_address": "127.0.0.1"}]
    await login(server, person.person["email"], "password-123", headers={"User-Agent": BROWSER_AGENT})
    await login(server, person.person["email"], "password-123", headers={"User-Agent": "CGWire Gazu 1.0"})
    refused(await login(server, person.person["email"], "wrong-password"))
    origins = sorted(str(row["origin"]) for row in await login_logs(server, person.id))
    assert origins == ["script", "script", "web"]


async def test_gazu_host_probes(server: Backend) -> None:
    """gazu.client.host_is_up sends HEAD to the API root; host_is_valid posts an empty e-mail."""
    for path in ("/api", "/api/"):
        head = await server.http.head(path)
        assert head.status_code == 200, path
    root = (await server.http.get("/api")).json()
    # clients identify a Kitsu server by "api": "Zou" and gate features on the version
    assert root["api"] == "Zou" and root["version"] == "1.0.97"
    assert root["server"] == "tenko" and root["server_version"]
    assert (await server.http.post(LOGIN, json={"email": ""})).status_code in (400, 401)
