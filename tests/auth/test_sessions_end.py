"""A password change ends every session of the person (the changer's own goes on with new tokens)."""

from __future__ import annotations

from tests.conftest import Backend
from tests.support import Api, new_person

NEW = "another-new-password"


async def login(server: Backend, email: str, password: str) -> dict[str, str]:
    response = await server.http.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    body = response.json()
    return {"access": body["access_token"], "refresh": body["refresh_token"]}


async def works(server: Backend, tokens: dict[str, str]) -> tuple[bool, bool]:
    """Whether the access token is accepted, and whether the refresh token still gives a new one."""
    access = await server.http.get("/api/auth/authenticated", headers={"Authorization": f"Bearer {tokens['access']}"})
    refresh = await server.http.get("/api/auth/refresh-token", headers={"Authorization": f"Bearer {tokens['refresh']}"})
    return access.status_code == 200, refresh.status_code == 200


async def test_changing_ones_password_ends_the_other_sessions(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    email = person.person["email"]
    laptop, desktop = await login(server, email, "password-123"), await login(server, email, "password-123")
    assert await works(server, desktop) == (True, True)
    body = {"old_password": "password-123", "password": NEW, "password_2": NEW}
    changed = await server.http.post(
        "/api/auth/change-password", json=body, headers={"Authorization": f"Bearer {laptop['access']}"}
    )
    assert changed.status_code == 200, changed.text
    assert await works(server, desktop) == (False, False)
    assert await works(server, laptop) == (False, False)
    fresh = {"access": changed.json()["access_token"], "refresh": changed.json()["refresh_token"]}
    assert await works(server, fresh) == (True, True)
    other_person = await new_person(admin, "user")  # a cutoff is one person's: others keep theirs
    assert (await other_person.request("GET", "/auth/authenticated")).status_code == 200


async def test_an_admin_reset_signs_the_person_out_everywhere(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    sessions = [await login(server, person.person["email"], "password-123") for _ in range(2)]
    body = {"password": NEW, "password_2": NEW}
    reset = await admin.post(f"/actions/persons/{person.id}/change-password", body)
    assert reset.status_code == 200, reset.text
    assert [await works(server, tokens) for tokens in sessions] == [(False, False), (False, False)]
    assert (await admin.request("GET", "/auth/authenticated")).status_code == 200
    after = await login(server, person.person["email"], NEW)
    assert await works(server, after) == (True, True)
