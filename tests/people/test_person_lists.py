"""``GET /data/persons`` as gazu and the reference's sync read it: the ``full_name`` filter and the
password hashes an admin asks for with ``with_pass_hash``."""

from __future__ import annotations

import bcrypt

from tests.support import Api, new_person


async def test_gazu_get_person_by_full_name(admin: Api) -> None:
    """gazu's ``get_person_by_full_name`` sends ``?full_name=<first last>&is_bot=False`` and takes the
    first person: the one of that name, matched exactly as the reference does."""
    wanted = await new_person(admin, "user")
    await new_person(admin, "user")
    full_name = f"{wanted.person['first_name']} {wanted.person['last_name']}"
    found = await admin.ok("GET", f"/data/persons?full_name={full_name}&is_bot=False")
    assert [person["id"] for person in found] == [wanted.id]
    assert found[0]["full_name"] == full_name
    as_artist = await wanted.ok("GET", f"/data/persons?full_name={full_name}&is_bot=False")
    assert [person["id"] for person in as_artist] == [wanted.id]
    assert await admin.ok("GET", f"/data/persons?full_name={wanted.person['last_name']}") == []
    assert await admin.ok("GET", "/data/persons?full_name=Nobody%20Here") == []
    paged = await admin.ok("GET", f"/data/persons?full_name={full_name}&page=1")
    assert [person["id"] for person in paged["data"]] == [wanted.id]


async def test_admins_get_the_password_hashes_on_request(admin: Api) -> None:
    """The reference's ``zou sync-full`` reads ``/data/persons?with_pass_hash=true`` as an admin to
    mirror the accounts: each person comes with its bcrypt ``password``; nobody else gets them."""
    artist = await new_person(admin, "user", password="artist-password-1")
    listed = await admin.ok("GET", "/data/persons?with_pass_hash=true")
    mine = next(person for person in listed if person["id"] == artist.id)
    assert bcrypt.checkpw(b"artist-password-1", mine["password"].encode())
    paged = await admin.ok("GET", f"/data/persons?with_pass_hash=true&page=1&id={artist.id}")
    assert paged["data"][0]["password"] == mine["password"]
    assert all("password" not in person for person in await admin.ok("GET", "/data/persons"))
    assert all("password" not in person for person in await admin.ok("GET", "/data/persons?with_pass_hash=false"))
    assert "password" not in await admin.ok("GET", f"/data/persons/{artist.id}?with_pass_hash=true")
    manager = await new_person(admin, "manager")
    for caller in (artist, manager):
        response = await caller.get("/data/persons?with_pass_hash=true")
        assert response.status_code == 200 and "password" not in response.text and "$2b$" not in response.text
