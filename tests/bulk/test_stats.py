"""Episode stats, retake stats and task lists, checked against the records read one by one."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tests.auth.shapes import assert_shape, shape
from tests.bulk.conftest import Seed
from tests.support import Api


async def shot_tasks(admin: Api, project_id: str) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The project's shot tasks and its entities by id, through the generic routes."""
    entities = {e["id"]: e for e in await admin.ok("GET", f"/data/entities?project_id={project_id}")}
    shot_type = (await admin.ok("GET", "/data/entity-types?name=Shot"))[0]["id"]
    tasks = [
        task
        for task in await admin.ok("GET", f"/data/tasks?project_id={project_id}")
        if entities[task["entity_id"]]["entity_type_id"] == shot_type
    ]
    return tasks, entities


def episode_of(task: dict[str, Any], entities: dict[str, dict[str, Any]]) -> str | None:
    sequence = entities.get(entities[task["entity_id"]]["parent_id"] or "")
    return sequence["parent_id"] if sequence else None


async def test_episode_stats_count_frames_and_drawings(admin: Api, seed: Seed) -> None:
    production = await seed(shots=40, assets=5, task_types=4, shot_task_types=3, asset_task_types=1, episodes=3)
    stats = await admin.ok("GET", f"/data/projects/{production.project_id}/episodes/stats")
    tasks, entities = await shot_tasks(admin, production.project_id)
    expected: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for task in tasks:
        episode = episode_of(task, entities)
        nb_frames = entities[task["entity_id"]]["nb_frames"] or 0
        for column in (task["task_type_id"], "all"):
            for row in {episode, "all"} - {None}:
                totals = expected[(str(row), column, task["task_status_id"])]
                totals[0] += 1
                totals[1] += nb_frames
                totals[2] += task["nb_drawings"] or 0
    found = {
        (episode, column, status): [entry["count"], entry["frames"], entry["drawings"]]
        for episode, columns in stats.items()
        for column, statuses in columns.items()
        for status, entry in statuses.items()
    }
    assert found == dict(expected)
    assert set(stats) == {*production.episode_ids, "all"}
    statuses = {s["id"]: s for s in await admin.ok("GET", "/data/task-status")}
    for status_id, entry in stats["all"]["all"].items():
        assert entry["name"] == statuses[status_id]["short_name"] and entry["color"] == statuses[status_id]["color"]
    keys = {"name", "color", "count", "frames", "drawings"}
    assert all(set(entry) == keys for columns in stats.values() for c in columns.values() for entry in c.values())


async def test_retake_stats(admin: Api, seed: Seed) -> None:
    production = await seed(shots=30, assets=0, task_types=2, shot_task_types=2, asset_task_types=0, episodes=2)
    stats = await admin.ok("GET", f"/data/projects/{production.project_id}/episodes/retake-stats")
    tasks, entities = await shot_tasks(admin, production.project_id)
    statuses = {s["id"]: s for s in await admin.ok("GET", "/data/task-status")}
    for episode in [*production.episode_ids, "all"]:
        mine = [t for t in tasks if episode == "all" or episode_of(t, entities) == episode]
        column = stats[episode]["all"]
        assert column["max_retake_count"] == max(t["retake_count"] for t in mine)
        done = [t for t in mine if statuses[t["task_status_id"]]["is_done"]]
        assert column["done"]["count"] == len(done)
        assert column["done"]["count"] + column["retake"]["count"] + column["other"]["count"] == len(mine)
        assert column["evolution"]["1"]["count"] == len(mine)
        retaken_once = [t for t in mine if t["retake_count"] >= 1]
        # at take 1: retaken since, or still at take 1 with a retake status
        in_retake = [t for t in mine if t["retake_count"] == 0 and statuses[t["task_status_id"]]["is_retake"]]
        assert column["evolution"]["1"]["retake"]["count"] == len(retaken_once) + len(in_retake)
        assert column["evolution"]["2"]["count"] == len(retaken_once)
        assert set(column) == {"done", "evolution", "max_retake_count", "other", "retake"}


async def test_stats_of_a_project_without_tasks(admin: Api, seed: Seed) -> None:
    production = await seed(shots=0, assets=0, task_types=1, shot_task_types=0, asset_task_types=0, episodes=0)
    assert await admin.ok("GET", f"/data/projects/{production.project_id}/episodes/stats") == {"all": {"all": {}}}
    retakes = await admin.ok("GET", f"/data/projects/{production.project_id}/episodes/retake-stats")
    assert retakes["all"]["all"]["max_retake_count"] == 0
    assert (await admin.get("/data/projects/nope/episodes/stats")).status_code == 400


async def test_shot_and_asset_task_lists(admin: Api, seed: Seed) -> None:
    production = await seed(shots=12, assets=6, task_types=3, shot_task_types=2, asset_task_types=1, episodes=2)
    tasks, entities = await shot_tasks(admin, production.project_id)
    sequence = production.sequence_ids[0]
    listed = await admin.ok("GET", f"/data/sequences/{sequence}/shot-tasks")
    assert {t["id"] for t in listed} == {t["id"] for t in tasks if entities[t["entity_id"]]["parent_id"] == sequence}
    route_shape = shape("GET /data/sequences/{sequence_id}/shot-tasks")
    assert_shape(route_shape, listed)
    episode = production.episode_ids[0]
    by_episode = await admin.ok("GET", f"/data/episodes/{episode}/shot-tasks?relations=true")
    assert {t["id"] for t in by_episode} == {t["id"] for t in tasks if episode_of(t, entities) == episode}
    assigned = {
        t["id"]: t["assignees"]
        for t in await admin.ok("GET", f"/data/tasks?project_id={production.project_id}&relations=true")
    }
    assert all(sorted(t["assignees"]) == sorted(assigned[t["id"]]) for t in by_episode)
    assets = await admin.ok("GET", f"/data/episodes/{episode}/asset-tasks")
    asset_rows = await admin.ok(
        "GET", f"/data/assets/with-tasks?project_id={production.project_id}&episode_id={episode}"
    )
    assert {t["id"] for t in assets} == {t["id"] for row in asset_rows for t in row["tasks"]}
    assert all(t["entity_type_name"] and t["task_type_name"] and t["type"] == "Task" for t in assets)
    assert await admin.ok("GET", f"/data/episodes/{episode}/edit-tasks") == []
    unknown = "00000000-0000-0000-0000-000000000000"
    assert (await admin.get(f"/data/episodes/{unknown}/shot-tasks")).status_code == 404
