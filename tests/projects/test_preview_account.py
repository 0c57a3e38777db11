"""The preview account of a project: a guest login for one project, created by its managers."""

from __future__ import annotations

import datetime as dt

from tests.conftest import Backend
from tests.projects.conftest import Crew
from tests.projects.shapes import like
from tests.projects.support import events_named
from tests.support import Api, new_project


async def test_lifecycle_and_what_the_guest_reaches(crew: Crew, admin: Api, server: Backend) -> None:
    path = f"/data/projects/{crew.id}/preview-account"
    assert await crew.manager.ok("GET", path) is None
    created = await crew.manager.ok("POST", path, {})
    like("POST /data/projects/{project_id}/preview-account", created)
    assert created["password"] and created["email"]
    assert await events_named(server, "person:new", crew.id) == 1
    again = await crew.manager.get(path)
    assert again.json()["id"] == created["id"] and "password" not in again.json()
    assert (await crew.manager.post(path, json={})).status_code == 400  # one per project
    # the guest logs in and sees this project only, as a client
    guest = await Api.login(server, created["email"], created["password"])
    assert (await guest.get(f"/data/projects/{crew.id}")).status_code == 200
    assert [p["id"] for p in await guest.ok("GET", "/data/projects/open")] == [crew.id]
    other = await new_project(admin)
    assert (await guest.get(f"/data/projects/{other['id']}")).status_code == 403
    assert (await guest.post(f"/data/projects/{crew.id}/team", json={"person_id": guest.id})).status_code == 403
    updated = await crew.manager.ok("PUT", path, {"is_open": True})
    like("PUT /data/projects/{project_id}/preview-account", updated)
    await crew.manager.ok("DELETE", path)
    assert await crew.manager.ok("GET", path) is None
    assert (await guest.get(f"/data/projects/{crew.id}")).status_code == 401  # the account is gone
    assert (await crew.manager.delete(path)).status_code == 404
    assert (await crew.manager.put(path, json={"is_open": True})).status_code == 404


async def test_opening_and_closing_as_the_web_app_does(crew: Crew, server: Backend) -> None:
    """The web app's preview-account switch sends ``PUT {"is_open": true|false}``: opened, the
    account may log in for an hour (``preview_open_until``); closed, it may not."""
    path = f"/data/projects/{crew.id}/preview-account"
    created = await crew.manager.ok("POST", path, {})
    credentials = {"email": created["email"], "password": created["password"]}
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    opened = await crew.manager.ok("PUT", path, {"is_open": True})
    until = dt.datetime.fromisoformat(opened["preview_open_until"])
    assert before + dt.timedelta(minutes=59) <= until <= before + dt.timedelta(minutes=61)
    assert (await crew.manager.ok("GET", path))["preview_open_until"] == opened["preview_open_until"]
    assert (await server.http.post("/api/auth/login", json=credentials)).status_code == 200
    closed = await crew.manager.ok("PUT", path, {"is_open": False})
    assert closed["preview_open_until"] is None
    assert (await server.http.post("/api/auth/login", json=credentials)).status_code in (400, 401)
    for bad in ({}, {"is_open": "maybe"}, {"preview_open_until": "2030-01-01T00:00:00"}):
        assert (await crew.manager.put(path, json=bad)).status_code == 400, bad


async def test_a_past_window_stops_the_logins(crew: Crew, server: Backend) -> None:
    path = f"/data/projects/{crew.id}/preview-account"
    created = await crew.manager.ok("POST", path, {"preview_open_until": "2020-01-01T00:00:00"})
    response = await server.http.post(
        "/api/auth/login", json={"email": created["email"], "password": created["password"]}
    )
    assert response.status_code in (400, 401), response.text


async def test_only_managers_handle_the_preview_account(crew: Crew) -> None:
    path = f"/data/projects/{crew.id}/preview-account"
    for caller in (crew.supervisor, crew.artist, crew.client, crew.vendor, crew.outsider, crew.outsider_manager):
        assert (await caller.get(path)).status_code == 403
        assert (await caller.post(path, json={})).status_code == 403
        assert (await caller.put(path, json={})).status_code == 403
        assert (await caller.delete(path)).status_code == 403
    assert (await crew.manager.post(path, json={"preview_open_until": "soon"})).status_code == 400


async def test_the_persons_list_does_not_tell_the_projects_names(crew: Crew, admin: Api) -> None:
    """A preview account is named after its project: GET /data/persons leaves them out (as the
    reference does), so that no one learns the names of projects they cannot read."""
    created = await crew.manager.ok("POST", f"/data/projects/{crew.id}/preview-account", {})
    for caller in (crew.artist, crew.client, crew.vendor, crew.outsider, crew.outsider_manager, crew.manager):
        listed = await caller.ok("GET", "/data/persons")
        assert created["id"] not in {person["id"] for person in listed}
        assert not [person for person in listed if crew.project["name"] in person.get("last_name", "")]
        # nor can a filter find it
        assert await caller.ok("GET", f"/data/persons?id={created['id']}") == []
        assert await caller.ok("GET", "/data/persons?last_name=" + crew.project["name"]) == []
    # the project's team still shows it to its members; admins keep the whole studio's list
    team = await crew.manager.ok("GET", f"/data/projects/{crew.id}/team")
    assert created["id"] in {person["id"] for person in team}
    assert created["id"] in {person["id"] for person in await admin.ok("GET", "/data/persons")}
