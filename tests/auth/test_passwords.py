"""Password changes (one's own, an admin's for someone else) and self-registration."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.auth.conftest import BackendFactory
from tests.auth.shapes import PERSON_SECRETS
from tests.conftest import Backend
from tests.support import Api, new_person, unique_name

NEW_PASSWORD = "brand-new-password"


async def can_log_in(server: Backend, email: str, password: str) -> bool:
    response = await server.http.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code in (200, 400), response.text
    return response.status_code == 200


def assert_bad_request(response: httpx.Response) -> str:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] is True and body["message"]
    return str(body["message"])


@pytest.mark.parametrize(
    "body",
    [
        {"old_password": "wrong-password", "password": NEW_PASSWORD, "password_2": NEW_PASSWORD},
        {"password": NEW_PASSWORD, "password_2": NEW_PASSWORD},
        {"old_password": "password-123", "password": NEW_PASSWORD, "password_2": "something-else"},
        {"old_password": "password-123", "password": "short", "password_2": "short"},
        {"old_password": "password-123", "password_2": NEW_PASSWORD},
        {"old_password": "password-123", "password": ["a list"], "password_2": NEW_PASSWORD},
    ],
    ids=["wrong-old", "no-old", "mismatch", "too-short", "no-password", "not-a-string"],
)
async def test_change_password_refusals(server: Backend, admin: Api, body: dict[str, Any]) -> None:
    person = await new_person(admin, "user")
    assert_bad_request(await person.post("/auth/change-password", body))
    assert await can_log_in(server, person.person["email"], "password-123")


async def test_change_password(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    body = {"old_password": "password-123", "password": NEW_PASSWORD, "password_2": NEW_PASSWORD}
    response = await person.post("/auth/change-password", body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["success"] is True and answer["sessions_ended"] is True
    assert answer["access_token"] and answer["refresh_token"]
    assert not await can_log_in(server, person.person["email"], "password-123")
    assert await can_log_in(server, person.person["email"], NEW_PASSWORD)


async def test_change_password_needs_a_login(anon: Api) -> None:
    body = {"old_password": "password-123", "password": NEW_PASSWORD, "password_2": NEW_PASSWORD}
    assert (await anon.post("/auth/change-password", body)).status_code == 401


@pytest.mark.parametrize("role", ["user", "manager", "supervisor"])
async def test_only_admins_set_someone_elses_password(server: Backend, admin: Api, role: str) -> None:
    target = await new_person(admin, "user")
    caller = await new_person(admin, role)
    body = {"password": NEW_PASSWORD, "password_2": NEW_PASSWORD}
    for person_id in (target.id, caller.id):
        response = await caller.post(f"/actions/persons/{person_id}/change-password", body)
        assert response.status_code == 403, response.text
    assert not await can_log_in(server, target.person["email"], NEW_PASSWORD)


async def test_anonymous_cannot_set_a_password(admin: Api, anon: Api) -> None:
    body = {"password": NEW_PASSWORD, "password_2": NEW_PASSWORD}
    assert (await anon.post(f"/actions/persons/{admin.id}/change-password", body)).status_code == 401


async def test_admin_sets_a_password(server: Backend, admin: Api) -> None:
    target = await new_person(admin, "user")
    body = {"password": NEW_PASSWORD, "password_2": NEW_PASSWORD}
    response = await admin.post(f"/actions/persons/{target.id}/change-password", body)
    assert response.status_code == 200, response.text
    assert response.json() == {"success": True, "sessions_ended": True}
    assert await can_log_in(server, target.person["email"], NEW_PASSWORD)
    assert not await can_log_in(server, target.person["email"], "password-123")


async def test_admin_set_password_refusals(admin: Api) -> None:
    target = await new_person(admin, "user")
    body = {"password": NEW_PASSWORD, "password_2": NEW_PASSWORD}
    unknown = await admin.post("/actions/persons/00000000-0000-4000-8000-000000000000/change-password", body)
    assert unknown.status_code == 404, unknown.text
    assert_bad_request(await admin.post("/actions/persons/not-a-uuid/change-password", body))
    path = f"/actions/persons/{target.id}/change-password"
    assert_bad_request(await admin.post(path, {"password": NEW_PASSWORD, "password_2": "different-one"}))
    assert_bad_request(await admin.post(path, {"password": "short", "password_2": "short"}))
    assert_bad_request(await admin.post(path, {}))


async def test_admin_set_password_unlocks_the_account(server: Backend, admin: Api) -> None:
    target = await new_person(admin, "user")
    for _ in range(server.settings.login_max_failures):
        assert not await can_log_in(server, target.person["email"], "wrong-password")
    body = {"password": NEW_PASSWORD, "password_2": NEW_PASSWORD}
    assert (await admin.post(f"/actions/persons/{target.id}/change-password", body)).status_code == 200
    assert await can_log_in(server, target.person["email"], NEW_PASSWORD)


def registration(email: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "email": email or f"{unique_name('new')}@example.com",
        "first_name": "New",
        "last_name": "Comer",
        "password": NEW_PASSWORD,
        "password_2": NEW_PASSWORD,
        **extra,
    }


async def test_registration_is_disabled_by_default(server: Backend) -> None:
    body = registration()
    message = assert_bad_request(await server.http.post("/api/auth/register", json=body))
    assert "disabled" in message.lower()
    assert not await can_log_in(server, body["email"], NEW_PASSWORD)


async def test_registration_when_enabled(admin: Api, backend_with: BackendFactory) -> None:
    open_server = await backend_with(TENKO_REGISTRATION_ENABLED="true")
    body = registration(role="admin")
    response = await open_server.http.post("/api/auth/register", json=body)
    assert response.status_code == 201, response.text
    user = response.json()["user"]
    assert user["role"] == "user"  # the role in the body is ignored
    assert user["email"] == body["email"]
    assert not PERSON_SECRETS & set(user)
    assert await can_log_in(open_server, body["email"], NEW_PASSWORD)
    person = await admin.ok("GET", f"/data/persons/{user['id']}")
    assert person["role"] == "user" and person["first_name"] == "New"


async def test_registration_refusals(admin: Api, backend_with: BackendFactory) -> None:
    open_server = await backend_with(TENKO_REGISTRATION_ENABLED="true")
    taken = await new_person(admin, "user")
    duplicate = registration(taken.person["email"].upper())
    assert_bad_request(await open_server.http.post("/api/auth/register", json=duplicate))
    for body in (
        registration(password_2="different-one"),
        registration(password="short", password_2="short"),
        registration(first_name=""),
        {"email": f"{unique_name('x')}@example.com"},
        registration(email="not-an-email"),
    ):
        assert_bad_request(await open_server.http.post("/api/auth/register", json=body))
    assert not await can_log_in(open_server, duplicate["email"], NEW_PASSWORD)
