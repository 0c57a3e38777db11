"""No body at all: accepted by the actions whose body is optional, a clear 400 where fields are needed."""

from __future__ import annotations

from typing import Any

from tests.entities.factory import new_asset
from tests.projects.conftest import Crew
from tests.projects.test_settings import task_status, task_types
from tests.support import Api

NO_BODY: dict[str, Any] = {"content": b""}
JSON_NO_BODY: dict[str, Any] = {"content": b"", "headers": {"Content-Type": "application/json"}}


async def test_bodiless_actions_accept_no_body(crew: Crew, admin: Api) -> None:
    preview = f"/data/projects/{crew.id}/preview-account"
    response = await crew.manager.request("POST", preview, **NO_BODY)
    assert response.status_code == 201, response.text
    assert response.json()["email"]
    response = await crew.manager.request("PUT", preview, **JSON_NO_BODY)  # is_open is needed, as the reference
    assert response.status_code == 400 and "is_open" in response.text, response.text
    response = await crew.manager.request("POST", f"/data/projects/{crew.id}/settings/batch", **NO_BODY)
    assert response.status_code == 200, response.text
    status = await task_status(admin)
    await crew.manager.ok("POST", f"/data/projects/{crew.id}/settings/task-status", {"task_status_id": status["id"]})
    link = f"/data/projects/{crew.id}/settings/task-status/{status['id']}"
    response = await crew.manager.request("PUT", link, **JSON_NO_BODY)
    assert response.status_code == 200 and response.json()["task_status_id"] == status["id"], response.text
    asset = await new_asset(admin, crew.project)
    response = await crew.manager.request("POST", f"/actions/projects/{crew.id}/assets/share", **NO_BODY)
    assert response.status_code == 200 and [row["id"] for row in response.json()] == [asset["id"]], response.text
    assert (await admin.ok("GET", f"/data/assets/{asset['id']}"))["is_shared"] is True, "sharing is the default"
    for person in (crew.artist, admin):
        response = await person.request("POST", f"/data/persons/{crew.artist.id}/desktop-login-logs", **NO_BODY)
        assert response.status_code == 201 and response.json()["person_id"] == crew.artist.id, response.text


async def test_gazu_empty_objects_still_work(crew: Crew) -> None:
    response = await crew.manager.post(f"/data/projects/{crew.id}/settings/batch", {})
    assert response.status_code == 200, response.text
    assert (await crew.artist.post(f"/data/persons/{crew.artist.id}/desktop-login-logs", {})).status_code == 201


async def test_routes_that_need_fields_say_which(crew: Crew, admin: Api) -> None:
    (task_type,) = await task_types(admin, 1)
    path = f"/data/projects/{crew.id}/settings/task-types"
    for options in (NO_BODY, JSON_NO_BODY):
        response = await crew.manager.request("POST", path, **options)
        assert response.status_code == 400 and response.json()["error"] is True
        assert "body is required" in response.json()["message"] and "task_type_id" in response.json()["message"]
    response = await crew.manager.post(path, {})
    assert response.status_code == 400 and "task_type_id" in response.text
    await crew.manager.ok("POST", path, {"task_type_id": task_type["id"]})
    for method, crud in (("POST", "/data/task-types"), ("PUT", f"/data/task-types/{task_type['id']}")):
        response = await admin.request(method, crud, **NO_BODY)
        assert response.status_code == 400 and "body" in response.json()["message"].lower(), (method, response.text)


async def test_forbidden_callers_are_refused_before_the_body(crew: Crew) -> None:
    for path in (f"/data/projects/{crew.id}/preview-account", f"/data/projects/{crew.id}/settings/batch"):
        assert (await crew.artist.request("POST", path, **NO_BODY)).status_code == 403
        assert (await crew.outsider.request("POST", path, **NO_BODY)).status_code == 403
    desktop = f"/data/persons/{crew.manager.id}/desktop-login-logs"
    assert (await crew.artist.request("POST", desktop, **NO_BODY)).status_code == 403
