"""Clients send whole objects back: keys a body model does not know are ignored (core/schemas.py
``BodyModel``), keys a client may not write are dropped, never written."""

from __future__ import annotations

from tests.entities.factory import new_production
from tests.support import Api, new_person, new_project, new_task


async def test_gazu_update_task_sends_the_task_it_read(admin: Api) -> None:
    """gazu's ``update_task(task)`` PUTs the whole dict ``get_task`` read (``/data/tasks/{id}/full``,
    with its project, entity, persons and type objects)."""
    project = await new_project(admin)
    task = await admin.ok("GET", f"/data/tasks/{(await new_task(admin, project))['id']}/full")
    assert {"project", "entity", "task_type", "persons"} <= set(task)
    updated = await admin.ok("PUT", f"/data/tasks/{task['id']}", {**task, "description": "new brief"})
    assert updated["description"] == "new brief"
    assert (updated["id"], updated["created_at"], updated["project_id"]) == (
        task["id"],
        task["created_at"],
        task["project_id"],
    )
    assert "entity" not in updated and "persons" not in updated


async def test_gazu_update_shot_sends_the_shot_it_read(admin: Api) -> None:
    """gazu's ``update_shot(shot)`` PUTs the dict ``get_shot`` read (with its tasks, names and frame range)."""
    production = await new_production(admin, nb_shots=1, nb_assets=0)
    shot = await admin.ok("GET", f"/data/shots/{production.shots[0]['id']}")
    assert {"tasks", "frame_in", "sequence_name"} & set(shot)
    updated = await admin.ok("PUT", f"/data/entities/{shot['id']}", {**shot, "description": "wider"})
    assert updated["description"] == "wider" and updated["id"] == shot["id"]


async def test_a_person_sending_their_record_back_writes_no_protected_key(admin: Api) -> None:
    """A person record sent back with secret keys (as an admin's copy of it carries them): the
    secrets are dropped, never written, and the allowed change goes through."""
    artist = await new_person(admin, "user", password="artist-password-1")
    record = await artist.ok("GET", f"/data/persons/{artist.id}")
    body = {
        "first_name": "Renamed",
        "password": "another-password-2",
        "totp_secret": "ABCDEF",
        "jti": "forged",
        "no_such_field": 1,
    }
    updated = await artist.ok("PUT", f"/data/persons/{artist.id}", body)
    assert updated["first_name"] == "Renamed" and "password" not in updated and "no_such_field" not in updated
    # the password did not change: the old one still logs in, the new one does not
    assert (await Api.login(admin.server, record["email"], "artist-password-1")).token
    response = await admin.server.http.post(
        "/api/auth/login", json={"email": record["email"], "password": "another-password-2"}
    )
    assert response.status_code in (400, 401)


async def test_an_artist_saves_their_profile_as_the_web_app_sends_it(admin: Api) -> None:
    """The web app's ``saveProfile`` (``peopleApi.updatePerson``) sends the profile form with the
    role, status and e-mail the artist read: those come back unchanged and are ignored; the
    profile is saved. Changing them stays refused."""
    artist = await new_person(admin, "user")
    me = await artist.ok("GET", f"/data/persons/{artist.id}")
    form = {
        "first_name": "Ada",
        "last_name": me["last_name"],
        "email": me["email"],
        "phone": "+33 1 23 45 67 89",
        "timezone": "Europe/Paris",
        "locale": "fr_FR",
        "role": me["role"],
        "active": me["active"],
        "notifications_enabled": True,
        "notifications_slack_enabled": False,
        "notifications_slack_userid": "",
    }
    saved = await artist.ok("PUT", f"/data/persons/{artist.id}", form)
    assert (saved["first_name"], saved["locale"], saved["role"]) == ("Ada", "fr_FR", "user")
    assert (await artist.put(f"/data/persons/{artist.id}", json={**form, "role": "admin"})).status_code == 403
    assert (await admin.ok("GET", f"/data/persons/{artist.id}"))["role"] == "user"
