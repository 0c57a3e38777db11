"""What each role sees of other persons (permissions.md, "person fields")."""

from __future__ import annotations

from typing import Any

from tenko.domains.people.resources import PERSON_MINIMAL
from tests.support import Api, new_person

PRIVATE = {"email", "phone", "daily_salary", "contract_type", "desktop_login", "notifications_slack_userid", "data"}
MINIMAL_KEYS = PERSON_MINIMAL | {"type", "full_name"}


async def subject(admin: Api) -> Api:
    person = await new_person(admin, "user", phone="0123", daily_salary=300, desktop_login="subject")
    await admin.ok("PUT", f"/data/persons/{person.id}", {"data": {"note": "private"}})
    return person


def row_of(rows: list[dict[str, Any]], person: Api) -> dict[str, Any]:
    return next(row for row in rows if row["id"] == person.id)


async def test_admins_see_whole_records(admin: Api) -> None:
    other = await subject(admin)
    listed = row_of(await admin.ok("GET", "/data/persons"), other)
    assert set(listed) >= PRIVATE and listed["daily_salary"] == 300
    assert set(await admin.ok("GET", f"/data/persons/{other.id}")) >= PRIVATE


async def test_managers_see_minimal_lists_and_whole_single_records(admin: Api) -> None:
    manager, other = await new_person(admin, "manager"), await subject(admin)
    listed = row_of(await manager.ok("GET", "/data/persons"), other)
    assert set(listed) <= MINIMAL_KEYS, set(listed) - MINIMAL_KEYS
    assert listed["full_name"] == f"{other.person['first_name']} {other.person['last_name']}"
    assert set(row_of(await manager.ok("GET", "/data/persons"), manager)) >= PRIVATE, "their own row is whole"
    single = await manager.ok("GET", f"/data/persons/{other.id}")
    assert set(single) >= PRIVATE and (single["daily_salary"], single["phone"]) == (300, "0123")
    assert "departments" in single and "password" not in single


async def test_other_roles_see_minimal_records(admin: Api) -> None:
    other = await subject(admin)
    for role in ("supervisor", "user", "client", "vendor"):
        caller = await new_person(admin, role)
        listed = row_of(await caller.ok("GET", "/data/persons"), other)
        single = await caller.ok("GET", f"/data/persons/{other.id}")
        assert set(listed) <= MINIMAL_KEYS, (role, set(listed) - MINIMAL_KEYS)
        assert set(single) <= MINIMAL_KEYS | {"departments"}, (role, set(single) - MINIMAL_KEYS)
        assert {"first_name", "last_name", "full_name", "has_avatar", "active"} <= set(single)
        mine = await caller.ok("GET", f"/data/persons/{caller.id}")
        assert {"email", "daily_salary", "phone"} <= set(mine), "a person sees their own record whole"


async def test_user_context_is_whole_for_managers_minimal_for_artists(admin: Api) -> None:
    manager, artist, other = await new_person(admin, "manager"), await new_person(admin, "user"), await subject(admin)
    seen_by_manager = row_of((await manager.ok("GET", "/data/user/context"))["persons"], other)
    assert set(seen_by_manager) >= PRIVATE
    seen_by_artist = row_of((await artist.ok("GET", "/data/user/context"))["persons"], other)
    assert set(seen_by_artist) <= MINIMAL_KEYS | {"departments"}
