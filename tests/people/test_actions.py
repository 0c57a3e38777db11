"""Person actions: departments, avatar, two-factor reset, reset link, invitation by e-mail; desktop logs."""

from __future__ import annotations

import uuid

import pytest

from tests.people.smtp import start_inbox
from tests.support import Api, new_person, unique_name
from tests.user.world import check_item, check_items


async def test_departments_add_and_remove(admin: Api) -> None:
    person = await new_person(admin, "user")
    department = await admin.ok("POST", "/data/departments", {"name": unique_name("dep"), "color": "#123456"})
    path = f"/actions/persons/{person.id}/departments"
    row = await admin.ok("POST", f"{path}/add", {"department_id": department["id"]})
    check_item("POST /actions/persons/{person_id}/departments/add", row)
    assert row["departments"] == [department["id"]]
    assert (await admin.ok("POST", f"{path}/add", {"department_id": department["id"]}))["departments"] == [
        department["id"]
    ]
    assert (await person.post(f"{path}/add", {"department_id": department["id"]})).status_code == 403
    assert (await person.delete(f"{path}/{department['id']}")).status_code == 403
    assert (await admin.post(f"{path}/add", {"department_id": str(uuid.uuid4())})).status_code == 404
    assert (await admin.post(f"{path}/add", {"department_id": "nope"})).status_code == 400
    await admin.ok("DELETE", f"{path}/{department['id']}")
    assert (await admin.ok("GET", f"/data/persons/{person.id}"))["departments"] == []
    assert (await admin.delete(f"{path}/{department['id']}")).status_code == 404


async def test_avatar_and_two_factor(admin: Api) -> None:
    person = await new_person(admin, "user")
    other = await new_person(admin, "user")
    await admin.ok("PUT", f"/data/persons/{person.id}", {"has_avatar": True})
    assert (await other.delete(f"/actions/persons/{person.id}/clear-avatar")).status_code == 403
    await admin.ok("DELETE", f"/actions/persons/{person.id}/clear-avatar")
    assert (await admin.ok("GET", f"/data/persons/{person.id}"))["has_avatar"] is False
    from sqlalchemy import update

    from tenko.core.model import table_of
    from tenko.domains.people.models import Person

    async with admin.server.context.db.sessionmaker.begin() as session:
        table = table_of(Person)
        values = {"totp_enabled": True, "totp_secret": "S" * 16}
        await session.execute(update(table).where(table.c.id == uuid.UUID(person.id)).values(**values))
    route = f"/actions/persons/{person.id}/disable-two-factor-authentication"
    assert (await other.delete(route)).status_code == 403
    assert await admin.ok("DELETE", route, status=200) == {"success": True}
    assert (await admin.ok("GET", f"/data/persons/{person.id}"))["totp_enabled"] is False


async def test_reset_link_and_invitation(admin: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    person = await new_person(admin, "user")
    link = await admin.ok("POST", f"/actions/persons/{person.id}/reset-password-link", {}, status=200)
    assert link["reset_password_link"].startswith("http") and "/reset-change-password/" in link["reset_password_link"]
    assert (await person.post(f"/actions/persons/{person.id}/reset-password-link", {})).status_code == 403
    invite = f"/actions/persons/{person.id}/invite"
    assert (await person.get(invite)).status_code == 403
    settings = admin.server.context.settings
    monkeypatch.setattr(settings, "smtp_host", None)
    # a mail-less install: the web app's invite button gets a 200 saying nothing was sent
    unsent = await admin.ok("GET", invite)
    assert unsent["success"] is False and "no invitation was sent" in unsent["message"]
    inbox, smtp, port = await start_inbox()
    try:
        monkeypatch.setattr(settings, "smtp_host", "127.0.0.1")
        monkeypatch.setattr(settings, "smtp_port", port)
        answer = await admin.ok("GET", invite)
        check_item("GET /actions/persons/{person_id}/invite", answer)
        assert answer["success"] is True
        await inbox.arrived.wait()
    finally:
        smtp.close()
    mail = inbox.mails[0]
    assert f"To: {person.person['email']}" in mail and "/reset-change-password/" in mail.replace("=\r\n", "").replace(
        "=\n", ""
    )


async def test_desktop_login_logs_per_person(admin: Api) -> None:
    person, other = await new_person(admin, "user"), await new_person(admin, "user")
    path = f"/data/persons/{person.id}/desktop-login-logs"
    log = await person.ok("POST", path, {"date": "2024-05-02T08:00:00+02:00"})
    check_item("POST /data/persons/{person_id}/desktop-login-logs", log)
    assert log["date"] == "2024-05-02T06:00:00"
    check_items("GET /data/persons/{person_id}/desktop-login-logs", await admin.ok("GET", path))
    assert (await other.get(path)).status_code == 403
    assert (await other.post(path, {})).status_code == 403
    assert (await person.post(path, {"date": "soon"})).status_code == 400
    assert (await admin.get(f"/data/persons/{uuid.uuid4()}/desktop-login-logs")).status_code == 404
