"""The with-tasks listings: shapes, formats, filters and the constant statement count."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from bench.generate import Production
from tests.auth.shapes import assert_shape, shape
from tests.bulk.conftest import Seed
from tests.support import Api, new_entity


async def add_breakdown_kinds(admin: Api, production: Production) -> None:
    """A scene, an edit and a concept, each with a task, through the generic routes."""
    project = {"id": production.project_id}
    parents = {"Scene": production.sequence_ids[0], "Edit": production.episode_ids[0], "Concept": None}
    task_type = production.task_type_ids[0]
    for type_name, parent in parents.items():
        entity = await new_entity(admin, project, type_name, parent_id=parent, data={"frame_in": 3})
        await admin.ok("POST", "/data/tasks", {"name": "main", "entity_id": entity["id"], "task_type_id": task_type})


KINDS = ["shots", "assets", "sequences", "episodes", "scenes", "edits", "concepts"]


def reference_row(route: str) -> Any:
    """The reference's row shape, ``data`` aside: its keys are the production's own metadata."""
    row = dict(shape(route)[0])
    row["data"] = "dict"
    return [row]


def ndjson(body: bytes) -> list[Any]:
    return [orjson.loads(line) for line in body.splitlines() if line.strip()]


async def test_shot_rows_have_the_reference_shape_and_every_task(admin: Api, seed: Seed) -> None:
    production = await seed(shots=12, assets=4, task_types=4, shot_task_types=3, asset_task_types=2, episodes=2)
    rows = await admin.ok("GET", f"/data/shots/with-tasks?project_id={production.project_id}")
    assert len(rows) == 12
    assert {row["id"] for row in rows} == set(production.shot_ids)
    assert_shape(reference_row("GET /data/shots/with-tasks"), rows, "shots")
    for row in rows:
        assert row["type"] == "Shot"
        assert row["sequence_id"] == row["parent_id"] and row["sequence_name"].startswith("SQ")
        assert row["episode_id"] in production.episode_ids and row["episode_name"].startswith("E")
        assert row["frame_in"] == row["data"]["frame_in"] and row["frame_out"] == row["data"]["frame_out"]
        assert len(row["tasks"]) == 3
        assert {task["entity_id"] for task in row["tasks"]} == {row["id"]}
        for task in row["tasks"]:
            assert isinstance(task["assignees"], list) and isinstance(task["is_subscribed"], bool)
            assert set(task) >= {"task_status_id", "task_type_id", "retake_count", "due_date", "last_comment_date"}
    tasks = [task for row in rows for task in row["tasks"]]
    stored = await admin.ok("GET", f"/data/tasks?project_id={production.project_id}&relations=true")
    assigned = {task["id"]: sorted(task["assignees"]) for task in stored}
    assert {task["id"]: sorted(task["assignees"]) for task in tasks} == {
        task_id: people for task_id, people in assigned.items() if task_id in {t["id"] for t in tasks}
    }
    assert any(task["assignees"] for task in tasks)


async def test_asset_rows_have_the_reference_shape_and_casting_episodes(admin: Api, seed: Seed) -> None:
    production = await seed(shots=10, assets=6, task_types=4, shot_task_types=2, asset_task_types=2, episodes=2)
    rows = await admin.ok("GET", f"/data/assets/with-tasks?project_id={production.project_id}")
    assert {row["id"] for row in rows} == set(production.asset_ids)
    assert_shape(reference_row("GET /data/assets/with-tasks"), rows, "assets")
    cast = {row["id"]: set(row["casting_episode_ids"]) for row in rows}
    assert set().union(*cast.values()) <= set(production.episode_ids)
    assert any(cast.values()), "10 shots casting 3 assets each cast some asset in an episode"
    assert all(len(row["tasks"]) == 2 and row["asset_type_name"] for row in rows)


async def test_subscriptions_are_the_callers_own(admin: Api, seed: Seed) -> None:
    production = await seed(shots=30, assets=0, task_types=2, shot_task_types=2, asset_task_types=0, episodes=0)
    rows = await admin.ok("GET", f"/data/shots/with-tasks?project_id={production.project_id}")
    subscribed = {task["id"] for row in rows for task in row["tasks"] if task["is_subscribed"]}
    stored = await admin.ok("GET", "/data/subscriptions")
    assert subscribed == {s["task_id"] for s in stored if s["task_id"] in {t["id"] for r in rows for t in r["tasks"]}}
    assert subscribed, "the generator subscribes the admin to some tasks"


@pytest.mark.parametrize("kind", KINDS)
async def test_every_kind_answers_plain_compact_and_stream_alike(admin: Api, seed: Seed, kind: str) -> None:
    production = await seed(shots=5, assets=3, task_types=2, shot_task_types=1, asset_task_types=1, episodes=1)
    await add_breakdown_kinds(admin, production)
    base = f"/data/{kind}/with-tasks?project_id={production.project_id}"
    plain = await admin.ok("GET", base)
    assert plain, f"the production has {kind}"
    compact = await admin.ok("GET", base + "&compact=true")
    noun = kind[:-1]
    assert compact["compact"] is True and compact["type"] == noun.title()
    fields, task_fields = compact[f"{noun}_fields"], compact["task_fields"]
    assert fields[-1] == "tasks"
    rebuilt = [
        {
            **dict(zip(fields, values, strict=True)),
            "tasks": [dict(zip(task_fields, t, strict=True)) for t in values[-1]],
        }
        for values in compact["data"]
    ]
    assert rebuilt == plain
    for compact_flag in ("false", "true"):
        response = await admin.get(base + f"&stream=true&compact={compact_flag}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/x-ndjson")
        header, *lines = ndjson(response.content)
        assert header["compact"] is (compact_flag == "true")
        assert header[f"{noun}_fields"] == fields and header["task_fields"] == task_fields
        assert (lines == compact["data"]) if compact_flag == "true" else (lines == plain)
    for row in plain:
        assert_shape(reference_row(f"GET /data/{kind}/with-tasks"), [row], kind)


async def test_episode_filter(admin: Api, seed: Seed) -> None:
    production = await seed(shots=12, assets=6, task_types=2, shot_task_types=1, asset_task_types=1, episodes=3)
    base = f"/data/shots/with-tasks?project_id={production.project_id}"
    everything = await admin.ok("GET", base + "&episode_id=all")
    assert len(everything) == 12
    by_episode = {}
    for episode_id in production.episode_ids:
        rows = await admin.ok("GET", base + f"&episode_id={episode_id}")
        assert rows and all(row["episode_id"] == episode_id for row in rows)
        by_episode[episode_id] = {row["id"] for row in rows}
    assert sum(len(ids) for ids in by_episode.values()) == 12
    assert await admin.ok("GET", base + "&episode_id=main") == []
    sequences = await admin.ok("GET", f"/data/sequences/with-tasks?project_id={production.project_id}&episode_id=main")
    assert sequences == []
    assets = f"/data/assets/with-tasks?project_id={production.project_id}"
    main_assets = await admin.ok("GET", assets + "&episode_id=main")
    assert main_assets and all(row["episode_id"] == "" for row in main_assets)
    episode = production.episode_ids[0]
    in_episode = await admin.ok("GET", assets + f"&episode_id={episode}")
    assert all(row["episode_id"] == episode or episode in row["casting_episode_ids"] for row in in_episode)


@pytest.mark.parametrize(
    "query",
    ["project_id=not-a-uuid", "stream=perhaps", "compact=2x", "episode_id=nope", "project_id=" + "7" * 5000],
)
async def test_bad_parameters_are_a_400(admin: Api, seed: Seed, query: str) -> None:
    production = await seed(shots=1, assets=1, task_types=1, shot_task_types=1, asset_task_types=1, episodes=0)
    suffix = query if query.startswith("project_id") else f"project_id={production.project_id}&{query}"
    response = await admin.get(f"/data/shots/with-tasks?{suffix}")
    assert response.status_code == 400, response.text
    assert response.json()["error"] is True


async def test_unknown_project_is_a_404(admin: Api) -> None:
    response = await admin.get("/data/shots/with-tasks?project_id=00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404


async def test_entities_linked_with_tasks(admin: Api, seed: Seed) -> None:
    production = await seed(shots=3, assets=5, task_types=2, shot_task_types=1, asset_task_types=1, episodes=1)
    shot_id = production.shot_ids[0]
    rows = await admin.ok("GET", f"/data/entities/{shot_id}/entities-linked/with-tasks")
    links = await admin.ok("GET", f"/data/entity-links?entity_in_id={shot_id}")
    assert {row["id"] for row in rows} == {link["entity_out_id"] for link in links}
    assert len(rows) == 3 and all(len(row["tasks"]) == 1 for row in rows)
    missing = await admin.get("/data/entities/00000000-0000-0000-0000-000000000000/entities-linked/with-tasks")
    assert missing.status_code == 404
    assert (await admin.get("/data/entities/xyz/entities-linked/with-tasks")).status_code == 400
