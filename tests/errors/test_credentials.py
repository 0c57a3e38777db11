"""Odd passwords and login bodies: refused cleanly, never handed to bcrypt to crash on."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.errors.common import RESOURCES, count_rows, error_body, names_field, snapshot_row
from tests.support import Api, new_person, unique_name

BAD_PASSWORDS: list[Any] = ["a\x00bcdefghij", "x" * 10_000, 12345678, {"a": 1}, ["password-123"]]


@pytest.mark.parametrize("password", BAD_PASSWORDS, ids=["nul", "huge", "number", "object", "list"])
async def test_person_create_with_a_bad_password(admin: Api, password: Any) -> None:
    persons = RESOURCES["persons"].table
    before = await count_rows(admin, persons)
    body = {"first_name": "P", "last_name": unique_name(), "email": f"{unique_name()}@example.com"}
    response = await admin.post("/data/persons", json={**body, "password": password})
    assert response.status_code in (201, 400), response.text
    if response.status_code == 201:  # accepted (long passwords may be legal): it must then work
        assert isinstance(password, str)
        login = await admin.server.http.post("/api/auth/login", json={"email": body["email"], "password": password})
        assert login.status_code == 200, login.text
    else:
        error_body(response, 400)
        assert await count_rows(admin, persons) == before


#: New passwords that must be refused: too long for bcrypt (72 bytes, not characters), too short,
#: or not a string at all.
REFUSED_PASSWORDS: list[Any] = ["x" * 10_000, "x" * 73, "é" * 37, "abcdef", "", 12345678, {"a": 1}, ["pass-123"], None]
REFUSED_IDS = ["huge", "73-bytes", "74-bytes-37-chars", "short", "empty", "number", "object", "list", "null"]


async def logs_in(api: Api, email: str, password: Any) -> bool:
    response = await api.server.http.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code in (200, 400, 401), response.text
    return response.status_code == 200


def refused_for_the_new_password(response: httpx.Response) -> None:
    """A 400 that names the new password (not, say, a wrong current password)."""
    body = error_body(response, 400)
    assert names_field(body, "password"), body
    assert "current password" not in body["message"], body


@pytest.mark.parametrize("password", REFUSED_PASSWORDS, ids=REFUSED_IDS)
async def test_password_changes_with_a_bad_password(admin: Api, password: Any) -> None:
    person = await new_person(admin)
    email, old = person.person["email"], person.password
    persons = RESOURCES["persons"].table
    stored = await snapshot_row(admin, persons, person.id)
    body = {"password": password, "password_2": password}

    # An admin setting it is refused, and nothing is written.
    refused_for_the_new_password(await admin.post(f"/actions/persons/{person.id}/change-password", json=body))
    assert await snapshot_row(admin, persons, person.id) == stored

    # The person changing their own (with the right current password) is refused too.
    response = await person.post("/auth/change-password", json={"old_password": old, **body})
    refused_for_the_new_password(response)
    assert await snapshot_row(admin, persons, person.id) == stored

    # The old password still logs in; the refused one does not.
    assert await logs_in(admin, email, old)
    assert not await logs_in(admin, email, password)


async def test_a_password_with_a_nul_byte_is_the_whole_password(admin: Api) -> None:
    """Accepted (bcrypt 5 hashes every byte), but never cut at the NUL as C bcrypt would."""
    person = await new_person(admin)
    email, old = person.person["email"], person.password
    password = "a\x00bcdefghij"
    response = await admin.post(
        f"/actions/persons/{person.id}/change-password", json={"password": password, "password_2": password}
    )
    if response.status_code != 200:  # refusing it is fine as well, if cleanly and without writing anything
        refused_for_the_new_password(response)
        assert await logs_in(admin, email, old)
        return
    assert await logs_in(admin, email, password)
    for other in (old, "a", "a\x00", "a\x00zzzzzzzzz"):
        assert not await logs_in(admin, email, other), repr(other)


LOGIN_BODIES: list[Any] = [
    {"email": "admin@example.com", "password": "a\x00b"},
    {"email": "admin@example.com", "password": "x" * 10_000},
    {"email": "a\x00b@example.com", "password": "x"},
    {"email": "x" * 10_000, "password": "x"},
    {"email": 123, "password": 456},
    {"email": {"$ne": None}, "password": {"$ne": None}},
    {"email": ["admin@example.com"], "password": ["admin-password"]},
    {"email": None, "password": None},
    {},
    [],
    "admin@example.com",
]


@pytest.mark.parametrize("body", LOGIN_BODIES)
async def test_login_with_odd_bodies_is_a_clean_400(anon: Api, body: Any) -> None:
    response = await anon.post("/auth/login", json=body)
    assert response.status_code in (400, 401), response.text
    assert response.json().get("login") is False or response.json().get("error") is True
    assert isinstance(response.json()["message"], str)


async def test_login_with_odd_form_bodies(anon: Api) -> None:
    for form in ({"email": "admin@example.com", "password": "a\x00b"}, {"email": "x" * 10_000}, {}):
        response = await anon.post("/auth/login", data=form)
        assert response.status_code in (400, 401), response.text
    response = await anon.post(
        "/auth/login", content=b"email=%ZZ&password=%00", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code in (400, 401), response.text
