"""The /data/user routes answer what their OpenAPI documentation declares, and name their guard."""

from __future__ import annotations

import pytest

from tests.support import Api
from tests.user.documented import assert_documented, document
from tests.user.world import World, build_world


@pytest.fixture(scope="module")
async def world(admin: Api) -> World:
    world = await build_world(admin)
    statuses = {s["short_name"]: s["id"] for s in await admin.ok("GET", "/data/task-status")}
    task = world.shot_task
    # a task done, a task waiting for review: every list has something to compare
    await admin.ok("POST", f"/actions/tasks/{world.asset_task['id']}/comment", {"task_status_id": statuses["done"]})
    await world.artist.ok("POST", f"/actions/tasks/{task['id']}/comment", {"task_status_id": statuses["wfa"]})
    await admin.ok("POST", f"/actions/tasks/{task['id']}/comment", {"task_status_id": statuses["wfa"], "comment": "ok"})
    body = {"task_id": task["id"], "person_id": world.artist.id, "date": "2024-05-02", "duration": 90}
    await admin.ok("POST", "/data/time-spents", body)
    off = {"person_id": world.artist.id, "date": "2024-05-06", "end_date": "2024-05-08", "description": "away"}
    await world.artist.ok("POST", "/data/day-offs", off)
    return world


async def test_views_answer_as_documented(world: World) -> None:
    p, seq, shot, asset = world.project["id"], world.sequence["id"], world.shot["id"], world.asset["id"]
    asset_type = world.asset["entity_type_id"]
    task = world.shot_task["id"]
    views = {
        "/data/user/context": "/data/user/context",
        "/data/user/projects/open": "/data/user/projects/open",
        "/data/user/projects/{project_id}/asset-types": f"/data/user/projects/{p}/asset-types",
        "/data/user/projects/{project_id}/asset-types/{asset_type_id}/assets": (
            f"/data/user/projects/{p}/asset-types/{asset_type}/assets"
        ),
        "/data/user/projects/{project_id}/episodes": f"/data/user/projects/{p}/episodes",
        "/data/user/projects/{project_id}/sequences": f"/data/user/projects/{p}/sequences",
        "/data/user/sequences/{sequence_id}/shots": f"/data/user/sequences/{seq}/shots",
        "/data/user/shots/{shot_id}/tasks": f"/data/user/shots/{shot}/tasks",
        "/data/user/shots/{shot_id}/task-types": f"/data/user/shots/{shot}/task-types",
        "/data/user/assets/{asset_id}/tasks": f"/data/user/assets/{asset}/tasks",
        "/data/user/tasks": "/data/user/tasks",
        "/data/user/done-tasks": "/data/user/done-tasks",
        "/data/user/notifications": "/data/user/notifications",
        "/data/user/time-spents": "/data/user/time-spents",
        "/data/user/time-spents/{date}": "/data/user/time-spents/2024-05-02",
        "/data/user/tasks/{task_id}/time-spents/{date}": f"/data/user/tasks/{task}/time-spents/2024-05-02",
        "/data/user/day-offs/{date}": "/data/user/day-offs/2024-05-07",
        "/data/user/tasks/{task_id}/subscribed": f"/data/user/tasks/{task}/subscribed",
    }
    for route, url in views.items():
        answer = await assert_documented(world.artist, "GET", route, url)
        assert answer not in ([], {}), f"{route}: nothing to compare"
    await assert_documented(world.artist, "GET", "/data/user/day-offs/{date}", "/data/user/day-offs/2024-05-09")
    notes = await world.artist.ok("GET", "/data/user/notifications")
    note = f"/data/user/notifications/{notes[0]['id']}"
    await assert_documented(world.artist, "GET", "/data/user/notifications/{notification_id}", note)
    await assert_documented(world.artist, "PUT", "/data/user/notifications/{notification_id}", note, {"read": True})
    await assert_documented(
        world.artist,
        "POST",
        "/actions/user/notifications/mark-all-as-read",
        "/actions/user/notifications/mark-all-as-read",
        {},
        status=200,
    )
    to_check = "/data/user/tasks-to-check"
    await assert_documented(world.manager, "GET", to_check, to_check)
    await assert_documented(world.manager, "GET", f"{to_check}/filter-values", f"{to_check}/filter-values")


async def test_own_records_answer_as_documented(world: World) -> None:
    body = {"list_type": "asset", "name": "f", "query": "x", "entity_type": "Asset", "project_id": world.project["id"]}
    created = await assert_documented(world.manager, "POST", "/data/user/filters", "/data/user/filters", body)
    await assert_documented(
        world.manager, "PUT", "/data/user/filters/{filter_id}", f"/data/user/filters/{created['id']}", {"name": "g"}
    )
    await assert_documented(world.manager, "GET", "/data/user/filters", "/data/user/filters")
    group_body = {"list_type": "asset", "name": "g", "color": "#fff", "project_id": world.project["id"]}
    group = await assert_documented(
        world.manager, "POST", "/data/user/filter-groups", "/data/user/filter-groups", group_body
    )
    one = f"/data/user/filter-groups/{group['id']}"
    await assert_documented(world.manager, "GET", "/data/user/filter-groups/{filter_group_id}", one)
    await assert_documented(world.manager, "PUT", "/data/user/filter-groups/{filter_group_id}", one, {"name": "h"})
    await assert_documented(world.manager, "GET", "/data/user/filter-groups", "/data/user/filter-groups")
    seq, task_type = world.sequence["id"], world.shot_task["task_type_id"]
    follow = f"/actions/user/sequences/{seq}/task-types/{task_type}/subscribe"
    route = "/actions/user/sequences/{sequence_id}/task-types/{task_type_id}/subscribe"
    await assert_documented(world.manager, "POST", route, follow)
    task = world.shot_task["id"]
    await assert_documented(
        world.manager, "POST", "/actions/user/tasks/{task_id}/subscribe", f"/actions/user/tasks/{task}/subscribe"
    )
    many = {"task_ids": [task]}
    await assert_documented(
        world.manager, "POST", "/actions/user/tasks/subscribe", "/actions/user/tasks/subscribe", many
    )
    await assert_documented(
        world.manager, "POST", "/actions/user/tasks/unsubscribe", "/actions/user/tasks/unsubscribe", many, status=200
    )
    chat = f"/actions/user/chats/{world.shot['id']}/join"
    await assert_documented(world.manager, "POST", "/actions/user/chats/{entity_id}/join", chat, {}, status=200)
    await assert_documented(world.manager, "GET", "/data/user/chats", "/data/user/chats")


async def test_routes_name_their_guard(world: World) -> None:
    paths = (await document(world.artist))["paths"]
    filters = paths["/api/data/user/filters/{filter_id}"]["put"]["x-policy"]
    assert filters == "search filter: admins; or their own records (person_id); others' answer 404"
    assert "global role admin" not in paths["/api/data/user/tasks"]["get"]["x-policy"]
    chat = paths["/api/actions/user/chats/{entity_id}/join"]["post"]["x-policy"]
    assert "any signed-in person, on their own records" in chat and "entity: " in chat and "vendor" in chat


async def test_someone_elses_filter_group_is_not_found(world: World) -> None:
    body = {"list_type": "shot", "name": "private", "color": "#000", "project_id": world.project["id"]}
    group = await world.artist.ok("POST", "/data/user/filter-groups", body)
    one = f"/data/user/filter-groups/{group['id']}"
    for method in ("GET", "PUT", "DELETE"):
        response = await world.other.request(method, one, json={"name": "x"} if method == "PUT" else None)
        assert response.status_code == 404, method
    # a filter group shared in the project is read by its team, still changed only by its owner
    shared = await world.manager.ok("POST", "/data/user/filter-groups", {**body, "is_shared": True})
    shared_one = f"/data/user/filter-groups/{shared['id']}"
    assert (await world.other.ok("GET", shared_one))["id"] == shared["id"]
    assert (await world.other.put(shared_one, {"name": "mine now"})).status_code == 404
    assert (await world.outsider.get(shared_one)).status_code == 404
