"""The people routes: who each guard refuses, and answers as their OpenAPI documentation declares them."""

from __future__ import annotations

import uuid

import pytest

from tests.support import Api, new_person, unique_name
from tests.user.documented import assert_documented, document
from tests.user.world import World, build_world


@pytest.fixture(scope="module")
async def world(admin: Api) -> World:
    world = await build_world(admin)
    statuses = {s["short_name"]: s["id"] for s in await admin.ok("GET", "/data/task-status")}
    await admin.ok("POST", f"/actions/tasks/{world.shot_task['id']}/comment", {"task_status_id": statuses["done"]})
    for date, task in (("2024-05-02", world.asset_task), ("2024-05-03", world.shot_task)):
        body = {"task_id": task["id"], "person_id": world.artist.id, "date": date, "duration": 60}
        await admin.ok("POST", "/data/time-spents", body)
    off = {"person_id": world.artist.id, "date": "2024-05-06", "end_date": "2024-05-08", "description": "away"}
    await world.artist.ok("POST", "/data/day-offs", off)
    await world.artist.ok("POST", "/data/user/desktop-login-logs", {"date": "2024-05-02T09:15:00"})
    return world


async def test_account_actions_are_for_admins_only(world: World, admin: Api) -> None:
    """A production manager oversees time sheets, not accounts: every account action refuses them."""
    person = await new_person(admin, "user")
    department = await admin.ok("POST", "/data/departments", {"name": unique_name("dep"), "color": "#123456"})
    base = f"/actions/persons/{person.id}"
    calls = [
        ("POST", f"{base}/departments/add", {"department_id": department["id"]}),
        ("DELETE", f"{base}/departments/{department['id']}", None),
        ("DELETE", f"{base}/clear-avatar", None),
        ("DELETE", f"{base}/disable-two-factor-authentication", None),
        ("POST", f"{base}/reset-password-link", {}),
        ("GET", f"{base}/invite", None),
    ]
    for method, path, body in calls:
        response = await world.manager.request(method, path, json=body)
        assert response.status_code == 403, f"{method} {path}"
        assert response.json()["message"] == "Only studio admins may change the accounts of others"
    # an unknown person is not found, for admins and others alike
    assert (await world.manager.delete(f"/actions/persons/{uuid.uuid4()}/clear-avatar")).status_code == 404
    assert (await admin.delete(f"/actions/persons/{uuid.uuid4()}/clear-avatar")).status_code == 404
    assert (await admin.delete("/actions/persons/not-an-id/clear-avatar")).status_code == 400


async def test_staff_read_presence_and_time_but_days_off_stay_private(world: World) -> None:
    me = f"/data/persons/{world.artist.id}"
    # production managers oversee time, presence and quotas...
    assert await world.manager.ok("GET", f"{me}/time-spents/year/2024")
    assert await world.manager.ok("GET", f"{me}/desktop-login-logs")
    # ...but a person's days off are their own (and admins')
    assert (await world.manager.get(f"{me}/day-offs")).status_code == 403
    assert (await world.admin.ok("GET", f"{me}/day-offs"))[0]["description"] == "away"
    # nobody records a desktop login for someone else but admins
    assert (await world.manager.post(f"{me}/desktop-login-logs", {})).status_code == 403
    # supervisors are not studio staff: no presence sheet, no one else's presence
    assert (await world.supervisor.get("/data/persons/presence-logs/2024-05")).status_code == 403
    assert (await world.supervisor.get(f"{me}/desktop-login-logs")).status_code == 403
    assert (await world.supervisor.get(f"{me}/quota-shots/month/2024/05")).status_code == 403
    assert (await world.manager.get("/data/persons/presence-logs/2024-05")).status_code == 200


async def test_department_equipment_guards(world: World, admin: Api) -> None:
    department = await admin.ok("POST", "/data/departments", {"name": unique_name("dep"), "color": "#123456"})
    name = unique_name("hw")
    item = await admin.ok("POST", "/data/hardware-items", {"name": name, "short_name": name[:20]})
    path = f"/data/departments/{department['id']}/hardware-items"
    assert (await world.manager.post(path, {"hardware_item_id": item["id"]})).status_code == 403
    await admin.ok("POST", path, {"hardware_item_id": item["id"]})
    assert (await world.supervisor.get(f"{path}/{item['id']}")).status_code == 403
    assert (await world.manager.ok("GET", f"{path}/{item['id']}"))["id"] == item["id"]
    assert (await world.manager.get(f"/data/departments/{uuid.uuid4()}/hardware-items/{item['id']}")).status_code == 404
    # the persons of a department are the studio's: anyone reads them
    assert await world.outsider.ok("GET", f"/data/departments/{department['id']}/persons") == []


async def test_answers_are_as_documented(world: World) -> None:
    me = f"/data/persons/{world.artist.id}"
    person = "/data/persons/{person_id}"
    task = await world.admin.ok("GET", f"/data/tasks/{world.shot_task['id']}")
    year, month, _ = (task["done_date"] or task["end_date"])[:10].split("-")
    views = {
        f"{person}/time-spents": f"{me}/time-spents",
        f"{person}/time-spents/year/{{year}}": f"{me}/time-spents/year/2024",
        f"{person}/time-spents/month/{{year}}/{{month}}": f"{me}/time-spents/month/2024/05",
        f"{person}/time-spents/month/all/{{year}}/{{month}}": f"{me}/time-spents/month/all/2024/05",
        f"{person}/time-spents/{{date}}": f"{me}/time-spents/2024-05-02",
        f"{person}/day-offs": f"{me}/day-offs",
        f"{person}/day-offs/{{date}}": f"{me}/day-offs/2024-05-07",
        f"{person}/desktop-login-logs": f"{me}/desktop-login-logs",
        f"{person}/quota-shots/month/{{year}}/{{month}}": f"{me}/quota-shots/month/{year}/{month}?count_mode=done",
        "/data/persons/time-spents/month-table/{year}": "/data/persons/time-spents/month-table/2024",
        "/data/persons/day-offs/{year}": "/data/persons/day-offs/2024",
        "/data/user/desktop-login-logs": "/data/user/desktop-login-logs",
    }
    for route, url in views.items():
        answer = await assert_documented(world.artist, "GET", route, url)
        assert answer not in ([], {}), f"{route}: nothing to compare"
    await assert_documented(world.manager, "GET", "/data/persons/task-dates", "/data/persons/task-dates")
    department = (await world.admin.ok("GET", "/data/departments"))[0]["id"]
    await assert_documented(
        world.admin, "GET", "/data/departments/{department_id}/persons", f"/data/departments/{department}/persons"
    )
    await assert_documented(
        world.manager, "GET", "/data/departments/hardware-items", "/data/departments/hardware-items"
    )
    base = f"/actions/persons/{world.other.id}"
    route = "/actions/persons/{person_id}"
    await assert_documented(
        world.admin, "POST", f"{route}/departments/add", f"{base}/departments/add", {"department_id": department}
    )
    await assert_documented(world.admin, "POST", f"{route}/reset-password-link", f"{base}/reset-password-link", {}, 200)
    await assert_documented(
        world.admin,
        "DELETE",
        f"{route}/disable-two-factor-authentication",
        f"{base}/disable-two-factor-authentication",
        status=200,
    )
    log = {"date": "2024-05-03T09:00:00"}
    await assert_documented(world.artist, "POST", f"{person}/desktop-login-logs", f"{me}/desktop-login-logs", log)


async def test_the_document_names_who_passes(world: World) -> None:
    paths = (await document(world.artist))["paths"]
    time = paths["/api/data/persons/{person_id}/time-spents"]["get"]["x-policy"]
    assert time == "person: admins; or their own records (id); or global role manager"
    presence = paths["/api/data/persons/presence-logs/{month_date}"]["get"]["x-policy"]
    assert presence == "admins; or global role manager, unless every project they are in gives them a lesser role"
    sheet = paths["/api/data/persons/presence-logs/{month_date}"]["get"]["responses"]["200"]["content"]
    assert list(sheet) == ["text/csv"]
    equip = paths["/api/data/departments/{department_id}/hardware-items"]["post"]["x-policy"]
    assert equip == "department: global role admin"
