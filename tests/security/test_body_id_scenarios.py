"""The findings of issue 14 about ids in bodies, each by the role that found it.

- anyone pointed their own notification at another project's comment or playlist and read it back;
- a manager moved a task onto another project's shot (its members then read both);
- an output file embedded another project's working file, path included;
- the hand-written routes that write entities (shots, assets, concept links, thumbnails) take
  the same check as the generic ones; and an id of the caller's own project they may not read
  (a vendor's unassigned task) is refused as a path id would be.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.entities.factory import (
    Production,
    new_asset,
    new_concept,
    new_episode,
    new_production,
    new_sequence,
    new_shot,
)
from tests.security.factory import Place, record_in
from tests.support import Api, new_person, new_task, unique_name

Row = dict[str, Any]
SECRET = "the other project's secret"


@dataclass
class World:
    admin: Api
    mine: Production  # project A
    theirs: Production  # project B
    people: dict[str, Api]  # by name: "artist" / "manager" / "vendor" in A only, "*-both" in A and B

    def place(self, production: Production) -> Place:
        return Place(self.admin, production.project)


@pytest.fixture(scope="module")
async def world(admin: Api) -> World:
    roles = {
        "artist": "user",
        "manager": "manager",
        "vendor": "vendor",
        "artist-both": "user",
        "manager-both": "manager",
    }
    people = {name: await new_person(admin, role) for name, role in roles.items()}
    both = [people["artist-both"], people["manager-both"]]
    mine = await new_production(admin, team=[*people.values()], nb_shots=1, nb_assets=1)
    theirs = await new_production(admin, team=both, nb_shots=1, nb_assets=1)
    return World(admin, mine, theirs, people)


def refused(response: Any) -> bool:
    return response.status_code in (400, 403) and response.json()["error"] is True


async def secret_comment(admin: Api, production: Production) -> Row:
    task = await new_task(admin, production.project)
    body = {"object_id": task["id"], "object_type": "Task", "person_id": admin.id, "text": SECRET}
    return await admin.ok("POST", "/data/comments", body)  # type: ignore[no-any-return]


async def notification_of(admin: Api, person: Api, task: Row | None, **extra: Any) -> Row:
    body = {"person_id": person.id, "author_id": admin.id, "notification_type": "comment", **extra}
    if task is not None:
        body["task_id"] = task["id"]
    return await admin.ok("POST", "/data/notifications", body)  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", ["artist", "artist-both", "vendor"])
async def test_nobody_points_their_notification_at_another_projects_records(world: World, name: str) -> None:
    admin, person = world.admin, world.people[name]
    task = await new_task(admin, world.mine.project, assignees=[person.id])
    notification = await notification_of(admin, person, task)
    path = f"/data/notifications/{notification['id']}"
    comment = await secret_comment(admin, world.theirs)
    playlist = await record_in(world.place(world.theirs), "playlists", admin.id)
    for key, value in (
        ("comment_id", comment["id"]),
        ("playlist_id", playlist["id"]),
        ("task_id", comment["object_id"]),
    ):
        response = await person.put(path, json={key: value})
        assert refused(response), (key, response.text)
    assert await admin.ok("GET", path) == notification
    listed = await person.get("/data/user/notifications")
    assert listed.status_code == 200 and SECRET not in listed.text
    # a comment of the notification's own project, that the person may read, is accepted
    own_body = {"object_id": task["id"], "object_type": "Task", "person_id": admin.id, "text": "hello"}
    own = await admin.ok("POST", "/data/comments", own_body)
    assert (await person.ok("PUT", path, {"comment_id": own["id"]}))["comment_id"] == own["id"]


async def test_a_notification_of_no_project_names_only_what_its_owner_reads(world: World) -> None:
    """A playlist notification has no task: a comment the owner may not read is refused (403)."""
    admin, artist = world.admin, world.people["artist"]
    playlist = await record_in(world.place(world.mine), "playlists", admin.id)
    notification = await notification_of(admin, artist, None, playlist_id=playlist["id"])
    comment = await secret_comment(admin, world.theirs)
    response = await artist.put(f"/data/notifications/{notification['id']}", json={"comment_id": comment["id"]})
    assert response.status_code == 403, response.text
    assert SECRET not in (await artist.get("/data/user/notifications")).text


async def test_an_id_of_the_same_project_the_caller_may_not_read_is_refused(world: World) -> None:
    """A vendor reads only the tasks assigned to them: another task's comment is out of reach."""
    admin, vendor = world.admin, world.people["vendor"]
    mine = await new_task(admin, world.mine.project, assignees=[vendor.id])
    notification = await notification_of(admin, vendor, mine)
    elsewhere = await secret_comment(admin, world.mine)  # same project, a task not assigned to them
    path = f"/data/notifications/{notification['id']}"
    response = await vendor.put(path, json={"comment_id": elsewhere["id"]})
    assert response.status_code == 403 and "comment_id" in response.json()["message"], response.text
    assert SECRET not in (await vendor.get("/data/user/notifications")).text


@pytest.mark.parametrize("name", ["manager", "manager-both"])
async def test_a_manager_cannot_move_a_task_onto_another_projects_shot(world: World, name: str) -> None:
    admin, manager = world.admin, world.people[name]
    task = await new_task(admin, world.mine.project)
    foreign_shot = world.theirs.shots[0]
    path = f"/data/tasks/{task['id']}"
    for body in ({"entity_id": foreign_shot["id"]}, {"project_id": world.theirs.id}):
        assert refused(await manager.put(path, json=body)), body
    assert await admin.ok("GET", path) == task
    created = await manager.post("/data/tasks", json={**task_body(task), "entity_id": foreign_shot["id"]})
    assert refused(created), created.text
    # the other project's members see no task of A on their shot
    member = world.people["artist-both"]
    listed = await member.ok("GET", f"/data/tasks?project_id={world.theirs.id}")
    assert task["id"] not in {row["id"] for row in listed}
    assert [row for row in await admin.ok("GET", "/data/tasks") if row["entity_id"] == foreign_shot["id"]] == []
    # a shot of its own project is fine
    other_shot = await new_shot(admin, world.mine.project, world.mine.sequence)
    assert (await manager.ok("PUT", path, {"entity_id": other_shot["id"], "priority": 2}))["priority"] == 2


def task_body(task: Row) -> Row:
    keys = ("project_id", "entity_id", "task_type_id", "task_status_id")
    return {"name": unique_name("task"), **{key: task[key] for key in keys}}


@pytest.mark.parametrize("name", ["manager", "manager-both"])
async def test_an_output_file_cannot_embed_another_projects_working_file(world: World, name: str) -> None:
    admin, manager = world.admin, world.people[name]
    theirs_task = await new_task(admin, world.theirs.project)
    secret_path = f"/studio/other/{unique_name('secret')}.ma"
    working = await admin.ok(
        "POST",
        "/data/working-files",
        {"task_id": theirs_task["id"], "entity_id": theirs_task["entity_id"], "name": "wf", "path": secret_path},
    )
    status = await world.place(world.mine).first_id("file-status")
    body = {"entity_id": world.mine.assets[0]["id"], "name": unique_name("out"), "revision": 1}
    body["file_status_id"] = status
    created = await manager.post("/data/output-files", json={**body, "source_file_id": working["id"]})
    assert refused(created), created.text
    output = await manager.ok("POST", "/data/output-files", body)
    updated = await manager.put(f"/data/output-files/{output['id']}", json={"source_file_id": working["id"]})
    assert refused(updated), updated.text
    read = await manager.get(f"/data/output-files/{output['id']}")
    assert read.status_code == 200 and read.json()["source_file"] is None and secret_path not in read.text
    assert secret_path not in (await manager.get(f"/data/output-files?entity_id={body['entity_id']}")).text


async def _shot_in_foreign_sequence(w: World) -> tuple[Any, Any]:
    path = f"/data/projects/{w.mine.id}/shots"
    foreign, own = await new_sequence(w.admin, w.theirs.project), await new_sequence(w.admin, w.mine.project)
    return (path, {"name": unique_name("sh"), "sequence_id": foreign["id"]}), (
        path,
        {"name": "s", "sequence_id": own["id"]},
    )


async def _thumbnail(w: World) -> tuple[Any, Any]:
    path = f"/data/shots/{w.mine.shots[0]['id']}"
    foreign = await record_in(w.place(w.theirs), "preview-files", w.admin.id)
    own = await record_in(w.place(w.mine), "preview-files", w.admin.id)
    return (path, {"preview_file_id": foreign["id"]}), (path, {"preview_file_id": own["id"]})


async def _concept_links(w: World) -> tuple[Any, Any]:
    path = f"/data/entities/{(await new_concept(w.admin, w.mine.project))['id']}"
    foreign, own = w.theirs.assets[0], w.mine.assets[0]
    return (path, {"entity_concept_links": [foreign["id"]]}), (path, {"entity_concept_links": [own["id"]]})


async def _asset_episode(w: World) -> tuple[Any, Any]:
    asset_type = w.mine.assets[0]["entity_type_id"]
    path = f"/data/projects/{w.mine.id}/asset-types/{asset_type}/assets/new"
    foreign, own = await new_episode(w.admin, w.theirs.project), await new_episode(w.admin, w.mine.project)
    return (path, {"name": unique_name("as"), "episode_id": foreign["id"]}), (
        path,
        {"name": "a", "episode_id": own["id"]},
    )


async def _entity_parent(w: World) -> tuple[Any, Any]:
    body = {"name": unique_name("as"), "project_id": w.mine.id, "entity_type_id": w.mine.assets[0]["entity_type_id"]}
    foreign, own = w.theirs.assets[0], await new_asset(w.admin, w.mine.project)
    return ("/data/entities", {**body, "parent_id": foreign["id"]}), (
        "/data/entities",
        {**body, "parent_id": own["id"]},
    )


#: hand-written routes that write a record through the generic check, by what they write
ACTION_ROUTES = {
    "a shot under a sequence": ("POST", _shot_in_foreign_sequence),
    "a shot's thumbnail": ("PUT", _thumbnail),
    "a concept's links": ("PUT", _concept_links),
    "an asset's episode": ("POST", _asset_episode),
    "an entity's parent": ("POST", _entity_parent),
}


@pytest.mark.parametrize("what", sorted(ACTION_ROUTES))
async def test_the_entity_routes_refuse_another_projects_ids(world: World, what: str) -> None:
    """A manager of both projects: only the body check can refuse."""
    manager = world.people["manager-both"]
    method, prepare = ACTION_ROUTES[what]
    (path, foreign), (_, own) = await prepare(world)
    response = await manager.request(method, path, json=foreign)
    assert response.status_code == 400, response.text
    key = next(iter(set(foreign) - {"name", "project_id", "entity_type_id"}))
    assert key.replace("episode_id", "source_id").replace("sequence_id", "parent_id") in response.json()["message"]
    await manager.ok(method, path, own)
