"""A column a caller may not read is a column they may not filter a list on (the answer's length
would tell its value): persons' e-mails, presence and two-factor settings, for non-admins."""

from __future__ import annotations

import pytest

from tests.support import Api, new_person

PRIVATE_FILTERS = ("email=admin@example.com", "totp_enabled=false", "last_presence=2026-01-01", "desktop_login=x")


@pytest.mark.parametrize("role", ["user", "manager", "supervisor", "client", "vendor"])
async def test_non_admins_may_not_filter_persons_on_private_columns(admin: Api, role: str) -> None:
    person = await new_person(admin, role)
    for query in PRIVATE_FILTERS:
        response = await person.request("GET", f"/data/persons?{query}")
        assert response.status_code == 400, (role, query, response.status_code)
    shown = await person.request("GET", "/data/persons?first_name=Admin")
    assert shown.status_code == 200


async def test_admins_still_filter_on_them(admin: Api) -> None:
    found = await admin.ok("GET", "/data/persons?email=admin@example.com")
    assert [row["email"] for row in found] == ["admin@example.com"]
