"""Who may read the bulk listings: admins everything, members their projects, vendors their tasks."""

from __future__ import annotations

import pytest

from tests.auth.shapes import _shapes
from tests.bulk.conftest import Seed, add_member
from tests.support import Api, new_person

ROUTES = [
    "/data/shots/with-tasks?project_id={project}",
    "/data/assets/with-tasks?project_id={project}",
    "/data/sequences/with-tasks?project_id={project}",
    "/data/episodes/with-tasks?project_id={project}",
    "/data/scenes/with-tasks?project_id={project}",
    "/data/edits/with-tasks?project_id={project}",
    "/data/concepts/with-tasks?project_id={project}",
    "/data/entities/{shot}/entities-linked/with-tasks",
    "/data/episodes/{episode}/asset-tasks",
    "/data/episodes/{episode}/shot-tasks",
    "/data/episodes/{episode}/edit-tasks",
    "/data/sequences/{sequence}/shot-tasks",
    "/data/projects/{project}/episodes/stats",
    "/data/projects/{project}/episodes/retake-stats",
]


def reference_key(route: str) -> str:
    path = route.split("?")[0]
    for name in ("project", "shot", "episode", "sequence"):
        path = path.replace("{" + name + "}", "{" + {"shot": "entity"}.get(name, name) + "_id}")
    return f"GET {path}"


@pytest.mark.parametrize("route", ROUTES)
async def test_an_outsider_gets_the_reference_status_and_no_record(admin: Api, seed: Seed, route: str) -> None:
    production = await seed(shots=4, assets=3, task_types=2, shot_task_types=1, asset_task_types=1, episodes=1)
    outsider = await new_person(admin, "user")
    url = route.format(
        project=production.project_id,
        shot=production.shot_ids[0],
        episode=production.episode_ids[0],
        sequence=production.sequence_ids[0],
    )
    response = await outsider.get(url)
    expected = _shapes()[reference_key(route)]["outsider_artist_status"]
    assert response.status_code == expected, f"{url}: {response.status_code} {response.text[:200]}"
    if expected == 200:
        assert response.json() == []
    member = await new_person(admin, "user")
    await add_member(admin, production.project_id, member)
    assert (await member.get(url)).status_code == 200


async def test_without_project_id_a_member_sees_only_their_projects(admin: Api, seed: Seed) -> None:
    mine = await seed(shots=3, assets=2, task_types=2, shot_task_types=1, asset_task_types=1, episodes=0)
    other = await seed(shots=3, assets=2, task_types=2, shot_task_types=1, asset_task_types=1, episodes=0)
    artist = await new_person(admin, "user")
    await add_member(admin, mine.project_id, artist)
    for kind, ids in (("shots", "shot_ids"), ("assets", "asset_ids")):
        rows = await artist.ok("GET", f"/data/{kind}/with-tasks")
        assert {row["id"] for row in rows} == set(getattr(mine, ids))
        everything = {row["id"] for row in await admin.ok("GET", f"/data/{kind}/with-tasks")}
        assert set(getattr(other, ids)) <= everything
    stream = await artist.get("/data/shots/with-tasks?stream=true")
    assert all(other_id.encode() not in stream.content for other_id in other.shot_ids)


async def test_a_vendor_sees_only_what_they_are_assigned(admin: Api, seed: Seed) -> None:
    production = await seed(shots=6, assets=0, task_types=3, shot_task_types=3, asset_task_types=0, episodes=1)
    vendor = await new_person(admin, "vendor")
    await add_member(admin, production.project_id, vendor)
    tasks = await admin.ok("GET", f"/data/tasks?project_id={production.project_id}&relations=true")
    task = tasks[0]
    await admin.ok("PUT", f"/data/tasks/{task['id']}", {"assignees": [*task["assignees"], vendor.id]})
    rows = await vendor.ok("GET", f"/data/shots/with-tasks?project_id={production.project_id}")
    assert [row["id"] for row in rows] == [task["entity_id"]]
    assert [t["id"] for t in rows[0]["tasks"]] == [task["id"]]
    compact = await vendor.ok("GET", f"/data/shots/with-tasks?project_id={production.project_id}&compact=true")
    assert len(compact["data"]) == 1
    listed = await vendor.ok("GET", f"/data/episodes/{production.episode_ids[0]}/shot-tasks")
    assert [t["id"] for t in listed] == [task["id"]]
    stats = await vendor.ok("GET", f"/data/projects/{production.project_id}/episodes/stats")
    assert sum(entry["count"] for entry in stats["all"]["all"].values()) == 1
    # the same person as a plain artist of the project sees every shot
    artist = await new_person(admin, "user")
    await add_member(admin, production.project_id, artist)
    assert len(await artist.ok("GET", f"/data/shots/with-tasks?project_id={production.project_id}")) == 6


async def test_a_per_project_vendor_role_restricts_a_global_artist(admin: Api, seed: Seed) -> None:
    production = await seed(shots=4, assets=0, task_types=1, shot_task_types=1, asset_task_types=0, episodes=0)
    artist = await new_person(admin, "user")
    await add_member(admin, production.project_id, artist, role="vendor")
    assert await artist.ok("GET", f"/data/shots/with-tasks?project_id={production.project_id}") == []


async def test_without_a_token_it_is_a_401(anon: Api) -> None:
    assert (await anon.get("/data/shots/with-tasks")).status_code == 401
