"""The caller's breakdown and to-do views: scoped to their tasks, shaped as the reference, constant queries."""

from __future__ import annotations

import uuid

import pytest

from tests.support import Api, new_task
from tests.user.world import World, build_world, check_items, task_type_id


@pytest.fixture(scope="module")
async def world(admin: Api) -> World:
    return await build_world(admin)


async def test_breakdown_views_list_what_the_artist_works_on(world: World) -> None:
    p, seq = world.project["id"], world.sequence["id"]
    asset_type = world.asset["entity_type_id"]
    views = {
        f"/data/user/projects/{p}/asset-types": ("GET /data/user/projects/{project_id}/asset-types", asset_type),
        f"/data/user/projects/{p}/asset-types/{asset_type}/assets": (
            "GET /data/user/projects/{project_id}/asset-types/{asset_type_id}/assets",
            world.asset["id"],
        ),
        f"/data/user/projects/{p}/episodes": ("GET /data/user/projects/{project_id}/episodes", world.episode["id"]),
        f"/data/user/projects/{p}/sequences": ("GET /data/user/projects/{project_id}/sequences", seq),
        f"/data/user/sequences/{seq}/shots": ("GET /data/user/sequences/{sequence_id}/shots", world.shot["id"]),
        f"/data/user/assets/{world.asset['id']}/tasks": (
            "GET /data/user/assets/{asset_id}/tasks",
            world.asset_task["id"],
        ),
        f"/data/user/shots/{world.shot['id']}/tasks": ("GET /data/user/shots/{shot_id}/tasks", world.shot_task["id"]),
        f"/data/user/assets/{world.asset['id']}/task-types": (
            "GET /data/user/assets/{asset_id}/task-types",
            world.asset_task["task_type_id"],
        ),
        f"/data/user/shots/{world.shot['id']}/task-types": (
            "GET /data/user/shots/{shot_id}/task-types",
            world.shot_task["task_type_id"],
        ),
    }
    for path, (route, expected_id) in views.items():
        rows = await world.artist.ok("GET", path)
        assert [row["id"] for row in rows] == [expected_id], path
        check_items(route, rows)
        # a team member with no task there, and an outsider, see nothing
        assert await world.other.ok("GET", path) == [], path
        assert await world.outsider.ok("GET", path) == [], path
    types = await world.artist.ok("GET", f"/data/user/projects/{p}/asset-types")
    assert types[0]["type"] == "AssetType"


async def test_sequence_scene_views_and_unknown_ids(world: World) -> None:
    seq = world.sequence["id"]
    for tail in ("scenes", "tasks", "task-types"):
        assert await world.artist.ok("GET", f"/data/user/sequences/{seq}/{tail}") == []
    assert (await world.artist.get(f"/data/user/scenes/{world.shot['id']}/tasks")).status_code == 404
    missing = uuid.uuid4()
    for path in (f"/data/user/shots/{missing}/tasks", f"/data/user/projects/{missing}/episodes"):
        assert (await world.artist.get(path)).status_code == 404
    assert (await world.artist.get("/data/user/shots/not-an-id/tasks")).status_code == 400


async def test_todo_lists(world: World, admin: Api) -> None:
    todos = await world.artist.ok("GET", "/data/user/tasks")
    assert {t["id"] for t in todos} == {world.asset_task["id"], world.shot_task["id"]}
    check_items("GET /data/user/tasks", todos)
    shot_task = next(t for t in todos if t["id"] == world.shot_task["id"])
    assert shot_task["sequence_name"] == world.sequence["name"]
    assert shot_task["episode_ids"] == [world.episode["id"]]
    assert shot_task["episode_names"] == [world.episode["name"]]
    assert shot_task["assignees"] == [world.artist.id]
    assert await world.other.ok("GET", "/data/user/tasks") == []
    assert await world.artist.ok("GET", "/data/user/done-tasks") == []
    # the column filters of /data/tasks narrow the to-do lists too
    shots_only = await world.artist.ok("GET", f"/data/user/tasks?task_type_id={world.shot_task['task_type_id']}")
    assert [t["id"] for t in shots_only] == [world.shot_task["id"]]
    person_tasks = f"/data/persons/{world.artist.id}/tasks?entity_id={world.asset['id']}"
    assert [t["id"] for t in await world.artist.ok("GET", person_tasks)] == [world.asset_task["id"]]


async def test_done_tasks_and_review_list(world: World, admin: Api) -> None:
    statuses = {s["short_name"]: s for s in await admin.ok("GET", "/data/task-status")}
    extra = await new_task(admin, world.project, world.asset, task_type_id=await task_type_id(admin, "Concept"))
    await admin.ok("PUT", f"/data/tasks/{extra['id']}", {"assignees": [world.artist.id]})
    await admin.ok("POST", f"/actions/tasks/{extra['id']}/comment", {"task_status_id": statuses["done"]["id"]})
    done = await world.artist.ok("GET", "/data/user/done-tasks")
    assert [t["id"] for t in done] == [extra["id"]]
    check_items("GET /data/user/done-tasks", done)
    assert extra["id"] not in {t["id"] for t in await world.artist.ok("GET", "/data/user/tasks")}
    wfa = statuses["wfa"]["id"]
    await world.artist.ok("POST", f"/actions/tasks/{world.asset_task['id']}/comment", {"task_status_id": wfa})
    to_check = await world.manager.ok("GET", "/data/user/tasks-to-check")
    assert [t["id"] for t in to_check] == [world.asset_task["id"]]
    check_items("GET /data/user/tasks-to-check", to_check)
    assert await world.artist.ok("GET", "/data/user/tasks-to-check") == []
    # the web app pages the review list: one page, the totals of the whole list, whether more follow
    page = await world.manager.ok("GET", "/data/user/tasks-to-check?page=1&limit=1")
    assert set(page) == {"data", "stats", "page", "limit", "is_more"}
    assert [t["id"] for t in page["data"]] == [world.asset_task["id"]] and page["is_more"] is False
    assert page["stats"]["total"] == 1 and (page["page"], page["limit"]) == (1, 1)
    elsewhere = await world.manager.ok("GET", f"/data/user/tasks-to-check?project_id={uuid.uuid4()}&page=1")
    assert (elsewhere["data"], elsewhere["stats"]["total"]) == ([], 0)
    values = await world.manager.ok("GET", "/data/user/tasks-to-check/filter-values")
    assert values["project_ids"] == [world.project["id"]] and values["person_ids"] == [world.artist.id]
    assert set(values) == {"episode_ids", "person_ids", "project_ids", "task_status_ids", "task_type_ids"}


async def test_todo_lists_run_a_constant_number_of_statements(world: World, admin: Api) -> None:
    async def statements(path: str) -> int:
        before = admin.server.counter.count
        await world.artist.ok("GET", path)
        return admin.server.counter.count - before

    paths = ["/data/user/tasks", "/data/user/done-tasks", "/data/user/tasks-to-check", "/data/user/notifications"]
    small = [await statements(path) for path in paths]
    for _ in range(3):
        task = await new_task(admin, world.project)
        await admin.ok("PUT", f"/data/tasks/{task['id']}", {"assignees": [world.artist.id]})
        await admin.ok(
            "POST", f"/actions/tasks/{task['id']}/comment", {"task_status_id": task["task_status_id"], "comment": "hi"}
        )
    assert [await statements(path) for path in paths] == small


async def test_views_need_a_login(anon: Api) -> None:
    for path in ("/data/user/tasks", "/data/user/projects/open", "/data/user/notifications", "/data/user/chats"):
        assert (await anon.get(path)).status_code == 401
