"""The caller's own records: filters, notifications, subscriptions, chats, time sheet, days off, avatar."""

from __future__ import annotations

import uuid

import pytest

from tests.support import Api
from tests.user.world import World, build_world, check_item, check_items


@pytest.fixture(scope="module")
async def world(admin: Api) -> World:
    return await build_world(admin)


async def test_filters_crud_and_ownership(world: World) -> None:
    project = world.project["id"]
    body = {"list_type": "asset", "name": "mine", "query": "chars", "entity_type": "Asset", "project_id": project}
    created = await world.artist.ok("POST", "/data/user/filters", body)
    check_item("POST /data/user/filters", created)
    assert created["person_id"] == world.artist.id and created["search_query"] == "chars"
    group = await world.artist.ok(
        "POST", "/data/user/filter-groups", {"list_type": "asset", "name": "g", "color": "#fff", "project_id": project}
    )
    check_item("POST /data/user/filter-groups", group)
    changed = await world.artist.ok(
        "PUT",
        f"/data/user/filters/{created['id']}",
        {**created, "name": "renamed", "search_filter_group_id": group["id"]},
    )
    check_item("PUT /data/user/filters/{filter_id}", changed)
    assert changed["name"] == "renamed"
    listed = await world.artist.ok("GET", "/data/user/filters")
    assert [f["id"] for f in listed["asset"][project]] == [created["id"]]
    groups = await world.artist.ok("GET", "/data/user/filter-groups")
    assert [g["id"] for g in groups["asset"][project]] == [group["id"]]
    got = await world.artist.ok("GET", f"/data/user/filter-groups/{group['id']}")
    check_item("GET /data/user/filter-groups/{filter_group_id}", got)
    renamed = await world.artist.ok("PUT", f"/data/user/filter-groups/{group['id']}", {"name": "G2"})
    check_item("PUT /data/user/filter-groups/{filter_group_id}", renamed)
    # someone else's filters are not theirs to see or touch
    assert await world.other.ok("GET", "/data/user/filters") == {}
    for method in ("PUT", "DELETE"):
        assert (await world.other.request(method, f"/data/user/filters/{created['id']}", json={})).status_code == 404
    assert (await world.other.get(f"/data/user/filter-groups/{group['id']}")).status_code == 404
    # a filter in a project one is not in, or shared by an artist, is refused
    outside = {**body, "project_id": world.project["id"]}
    assert (await world.outsider.post("/data/user/filters", outside)).status_code == 403
    assert (await world.artist.post("/data/user/filters", {**body, "is_shared": True})).status_code == 403
    assert (await world.artist.post("/data/user/filters", {"name": 3})).status_code == 400
    await world.artist.ok("DELETE", f"/data/user/filter-groups/{group['id']}")
    assert (await world.artist.ok("GET", "/data/user/filters"))["asset"][project][0]["search_filter_group_id"] is None
    await world.artist.ok("DELETE", f"/data/user/filters/{created['id']}")
    assert await world.artist.ok("GET", "/data/user/filters") == {}


async def test_a_filter_group_without_list_type_is_a_todo_group(world: World) -> None:
    """gazu's ``new_filter_group`` posts ``{"name", "project_id"}`` only: the reference files the
    group under ``todo``; a saved filter without one too."""
    group = await world.artist.ok("POST", "/data/user/filter-groups", {"name": "g", "project_id": None})
    assert group["list_type"] == "todo" and group["person_id"] == world.artist.id
    saved = await world.artist.ok("POST", "/data/user/filters", {"name": "f", "query": "x"})
    assert saved["list_type"] == "todo"
    groups = await world.artist.ok("GET", "/data/user/filter-groups")
    assert group["id"] in {g["id"] for by_project in groups["todo"].values() for g in by_project}


async def test_shared_filter_reaches_the_team(world: World) -> None:
    body = {"list_type": "shot", "name": "team", "query": "x", "project_id": world.project["id"], "is_shared": True}
    shared = await world.manager.ok("POST", "/data/user/filters", body)
    assert shared["id"] in {
        f["id"] for f in (await world.artist.ok("GET", "/data/user/filters"))["shot"][world.project["id"]]
    }
    assert await world.outsider.ok("GET", "/data/user/filters") == {}


async def test_notifications(world: World, admin: Api) -> None:
    status = world.asset_task["task_status_id"]
    await admin.ok(
        "POST", f"/actions/tasks/{world.asset_task['id']}/comment", {"task_status_id": status, "comment": "look"}
    )
    notes = await world.artist.ok("GET", "/data/user/notifications")
    assert notes and notes[0]["comment_text"] == "look" and notes[0]["read"] is False
    check_items("GET /data/user/notifications", notes)
    assert notes[0]["full_entity_name"].endswith(world.asset["name"])
    assert notes[0]["project_name"] == world.project["name"]
    kind = notes[0]["notification_type"]
    assert [n["id"] for n in await world.artist.ok("GET", f"/data/user/notifications?type={kind}")] == [notes[0]["id"]]
    assert await world.artist.ok("GET", "/data/user/notifications?type=playlist-ready") == []
    one = await world.artist.ok("GET", f"/data/user/notifications/{notes[0]['id']}")
    check_item("GET /data/user/notifications/{notification_id}", one)
    assert (await world.other.get(f"/data/user/notifications/{notes[0]['id']}")).status_code == 404
    assert (await world.other.put(f"/data/user/notifications/{notes[0]['id']}", {"read": True})).status_code == 404
    read = await world.artist.ok("PUT", f"/data/user/notifications/{notes[0]['id']}", {**notes[0], "read": True})
    check_item("PUT /data/user/notifications/{notification_id}", read)
    assert read["read"] is True
    assert (await world.artist.put(f"/data/user/notifications/{notes[0]['id']}", {"read": "maybe"})).status_code == 400
    assert await world.artist.ok("GET", "/data/user/notifications?read=false") == []
    await world.artist.ok("PUT", f"/data/user/notifications/{notes[0]['id']}", {"read": False})
    assert (await world.artist.ok("GET", "/data/user/context"))["notification_count"] == 1
    assert await world.artist.ok("POST", "/actions/user/notifications/mark-all-as-read", {}, status=200) == {
        "success": True
    }
    assert (await world.artist.ok("GET", "/data/user/context"))["notification_count"] == 0
    assert (await world.artist.get("/data/user/notifications?before=yesterday")).status_code == 400


async def test_task_subscriptions(world: World) -> None:
    task = world.shot_task["id"]
    assert await world.other.ok("GET", f"/data/user/tasks/{task}/subscribed") is False
    row = await world.other.ok("POST", f"/actions/user/tasks/{task}/subscribe")
    check_item("POST /actions/user/tasks/{task_id}/subscribe", row)
    assert await world.other.ok("GET", f"/data/user/tasks/{task}/subscribed") is True
    await world.other.ok("DELETE", f"/actions/user/tasks/{task}/unsubscribe")
    assert await world.other.ok("GET", f"/data/user/tasks/{task}/subscribed") is False
    both = [world.shot_task["id"], world.asset_task["id"]]
    rows = await world.other.ok("POST", "/actions/user/tasks/subscribe", {"task_ids": both})
    check_items("POST /actions/user/tasks/subscribe", rows)
    assert sorted(r["task_id"] for r in rows) == sorted(both)
    removed = await world.other.ok("POST", "/actions/user/tasks/unsubscribe", {"task_ids": both}, status=200)
    assert sorted(removed) == sorted(both)
    assert (await world.outsider.post(f"/actions/user/tasks/{task}/subscribe")).status_code == 403
    assert (await world.outsider.post("/actions/user/tasks/subscribe", {"task_ids": both})).status_code == 403
    assert (await world.other.post(f"/actions/user/tasks/{uuid.uuid4()}/subscribe")).status_code == 404
    assert (await world.other.post("/actions/user/tasks/subscribe", {"task_ids": "x"})).status_code == 400


async def test_sequence_subscriptions(world: World) -> None:
    seq, task_type = world.sequence["id"], world.shot_task["task_type_id"]
    base = f"/sequences/{seq}/task-types/{task_type}"
    assert await world.other.ok("GET", f"/data/user{base}/subscribed") is False
    row = await world.other.ok("POST", f"/actions/user{base}/subscribe")
    check_item("POST /actions/user/sequences/{sequence_id}/task-types/{task_type_id}/subscribe", row)
    assert await world.other.ok("GET", f"/data/user{base}/subscribed") is True
    assert await world.other.ok("GET", f"/data/user/entities/{seq}/task-types/{task_type}/subscribed") is True
    await world.other.ok("DELETE", f"/actions/user{base}/unsubscribe")
    assert await world.other.ok("GET", f"/data/user{base}/subscribed") is False
    assert (await world.outsider.post(f"/actions/user{base}/subscribe")).status_code == 403
    assert (
        await world.other.get(f"/data/user/sequences/{seq}/task-types/{uuid.uuid4()}/subscribed")
    ).status_code == 404


async def test_chats(world: World) -> None:
    shot = world.shot["id"]
    chat = await world.artist.ok("POST", f"/actions/user/chats/{shot}/join", status=200)
    check_item("POST /actions/user/chats/{entity_id}/join", chat)
    again = await world.artist.ok("POST", f"/actions/user/chats/{shot}/join", status=200)
    assert again["id"] == chat["id"]
    chats = await world.artist.ok("GET", "/data/user/chats")
    assert [c["object_id"] for c in chats] == [shot]
    check_item("GET /data/user/chats", chats[0])
    assert (await world.outsider.post(f"/actions/user/chats/{shot}/join")).status_code == 403
    assert (await world.outsider.delete(f"/actions/user/chats/{shot}/join")).status_code == 403
    await world.artist.ok("DELETE", f"/actions/user/chats/{shot}/join")
    assert await world.artist.ok("GET", "/data/user/chats") == []


async def test_time_sheet_and_days_off(world: World, admin: Api) -> None:
    task = world.asset_task["id"]
    body = {"task_id": task, "person_id": world.artist.id, "date": "2024-05-02", "duration": 90}
    await admin.ok("POST", "/data/time-spents", body)
    rows = await world.artist.ok("GET", "/data/user/time-spents?start_date=2024-05-01&end_date=2024-05-31")
    check_items("GET /data/user/time-spents", rows)
    assert [r["duration"] for r in rows] == [90] and rows[0]["project_id"] == world.project["id"]
    assert await world.artist.ok("GET", "/data/user/time-spents?start_date=2024-06-01") == []
    day = await world.artist.ok("GET", "/data/user/time-spents/2024-05-02")
    check_items("GET /data/user/time-spents/{date}", day)
    one = await world.artist.ok("GET", f"/data/user/tasks/{task}/time-spents/2024-05-02")
    check_item("GET /data/user/tasks/{task_id}/time-spents/{date}", one)
    assert (await world.artist.get(f"/data/user/tasks/{task}/time-spents/2024-05-03")).status_code == 404
    assert (await world.outsider.get(f"/data/user/tasks/{task}/time-spents/2024-05-02")).status_code == 403
    assert (await world.artist.get("/data/user/time-spents/someday")).status_code == 400
    assert await world.other.ok("GET", "/data/user/time-spents/2024-05-02") == []
    off = {"person_id": world.artist.id, "date": "2024-05-06", "end_date": "2024-05-08", "description": "away"}
    await world.artist.ok("POST", "/data/day-offs", off)
    covering = await world.artist.ok("GET", "/data/user/day-offs/2024-05-07")
    assert covering["description"] == "away" and covering["type"] == "DayOff"
    assert await world.artist.ok("GET", "/data/user/day-offs/2024-05-09") == {}
    assert await world.other.ok("GET", "/data/user/day-offs/2024-05-07") == {}


async def test_desktop_logins_and_avatar(world: World, admin: Api) -> None:
    log = await world.artist.ok("POST", "/data/user/desktop-login-logs", {"date": "2024-05-02T09:15:00"})
    check_item("POST /data/user/desktop-login-logs", log)
    logs = await world.artist.ok("GET", "/data/user/desktop-login-logs")
    check_items("GET /data/user/desktop-login-logs", logs)
    assert (await admin.ok("GET", f"/data/persons/{world.artist.id}"))["last_presence"] == "2024-05-02"
    await admin.ok("PUT", f"/data/persons/{world.artist.id}", {"has_avatar": True})
    await world.artist.ok("DELETE", "/actions/user/clear-avatar")
    assert (await admin.ok("GET", f"/data/persons/{world.artist.id}"))["has_avatar"] is False
