"""Reads and actions reached through an entity: tasks, previews, news, versions, scenes, sharing."""

from __future__ import annotations

import uuid

from tests.entities.factory import (
    add_task,
    new_asset,
    new_edit,
    new_production,
    new_scene,
    task_type_id,
)
from tests.support import Api, new_person, today


async def test_tasks_and_task_types_of_entities_and_of_their_context(admin: Api) -> None:
    production = await new_production(admin, nb_shots=2, nb_assets=1)
    shot, other_shot = production.shots
    asset = production.assets[0]
    animation = await add_task(admin, shot, "Animation")
    await add_task(admin, other_shot, "Layout")
    modeling = await add_task(admin, asset, "Modeling")
    edit = await new_edit(admin, production.project, production.episode)
    edit_task = await add_task(admin, edit, "Edit")

    tasks = await admin.ok("GET", f"/data/shots/{shot['id']}/tasks")
    assert [t["id"] for t in tasks] == [animation["id"]]
    row = tasks[0]
    assert row["type"] == "Task" and row["entity_name"] == shot["name"] and row["entity_type_name"] == "Shot"
    assert row["task_type_name"] == "Animation" and row["task_status_name"] and row["project_name"]
    types = await admin.ok("GET", f"/data/shots/{shot['id']}/task-types")
    assert [t["name"] for t in types] == ["Animation"] and types[0]["type"] == "TaskType"
    assert [t["id"] for t in await admin.ok("GET", f"/data/assets/{asset['id']}/tasks")] == [modeling["id"]]

    episode, sequence = production.episode, production.sequence
    shot_tasks = await admin.ok("GET", f"/data/episodes/{episode['id']}/shot-tasks")
    assert len(shot_tasks) == 2 and {t["entity_type_name"] for t in shot_tasks} == {"Shot"}
    assert len(await admin.ok("GET", f"/data/sequences/{sequence['id']}/shot-tasks")) == 2
    asset_tasks = await admin.ok("GET", f"/data/episodes/{episode['id']}/asset-tasks")
    assert [t["id"] for t in asset_tasks] == [modeling["id"]]
    edit_tasks = await admin.ok("GET", f"/data/episodes/{episode['id']}/edit-tasks")
    assert [t["id"] for t in edit_tasks] == [edit_task["id"]]
    # tasks of the episode itself: none (its shots' tasks are under /shot-tasks)
    assert await admin.ok("GET", f"/data/episodes/{episode['id']}/tasks") == []
    detail = await admin.ok("GET", f"/data/shots/{shot['id']}")
    assert [t["id"] for t in detail["tasks"]] == [animation["id"]]
    assert detail["tasks"][0]["assignees"] == [] and detail["tasks"][0]["is_subscribed"] is False


async def enable_task_types(admin: Api, project_id: str, ids: list[str]) -> None:
    for task_type in ids:
        await admin.ok("POST", f"/data/projects/{project_id}/settings/task-types", {"task_type_id": task_type})


async def test_create_entity_tasks(admin: Api) -> None:
    """The web app's "add tasks" of an entity (``createEntityTasks``): task types enabled in the project only."""
    production = await new_production(admin, nb_shots=1, nb_assets=0)
    shot = production.shots[0]
    ids = [await task_type_id(admin, "Animation"), await task_type_id(admin, "Layout")]
    refused = await admin.post(f"/data/entities/{shot['id']}/tasks", {"task_type_ids": ids})
    assert refused.status_code == 400 and "is not enabled in project" in refused.json()["message"]
    assert await admin.ok("GET", f"/data/shots/{shot['id']}/tasks") == []
    await enable_task_types(admin, production.id, ids)
    created = await admin.ok("POST", f"/data/entities/{shot['id']}/tasks", {"task_type_ids": ids})
    assert sorted(t["task_type_id"] for t in created) == sorted(ids)
    assert {t["assigner_id"] for t in created} == {admin.id}
    assert await admin.ok("POST", f"/data/entities/{shot['id']}/tasks", {"task_type_ids": []}, status=201) == []
    first = created[0]
    assert first["entity_id"] == shot["id"] and first["project_id"] == production.id and first["assignees"] == []
    assert first["task_status_name"] and first["task_type_color"] and first["task_status_short_name"]
    again = await admin.ok("POST", f"/data/entities/{shot['id']}/tasks", {"task_type_ids": ids})
    assert again == []  # no duplicate task for a task type
    assert len(await admin.ok("GET", f"/data/shots/{shot['id']}/tasks")) == 2
    bad = await admin.post(f"/data/entities/{shot['id']}/tasks", {"task_type_ids": ["nope"]})
    assert bad.status_code == 400
    unknown = await admin.post(f"/data/entities/{shot['id']}/tasks", {"task_type_ids": [str(uuid.uuid4())]})
    assert unknown.status_code == 400


async def test_previews_time_spents_news_and_versions(admin: Api) -> None:
    artist = await new_person(admin, "user")
    production = await new_production(admin, team=[artist], nb_shots=1, nb_assets=0)
    shot = production.shots[0]
    task = await add_task(admin, shot, "Animation", assignees=[artist.id])
    previews = []
    for revision, position in ((1, 1), (2, 1), (2, 2)):
        body = {
            "task_id": task["id"],
            "revision": revision,
            "position": position,
            "duration": 2.0,
            "name": f"v{revision}-{position}",
        }
        previews.append(await admin.ok("POST", "/data/preview-files", body))
    grouped = await admin.ok("GET", f"/data/shots/{shot['id']}/preview-files")
    revisions = grouped[task["task_type_id"]]
    assert [p["revision"] for p in revisions] == [2, 1]
    assert [p["id"] for p in revisions[0]["previews"]] == [previews[2]["id"]]
    flat = await admin.ok("GET", f"/data/entities/{shot['id']}/preview-files")
    assert sorted(p["id"] for p in flat) == sorted(p["id"] for p in previews)

    await admin.ok(
        "POST", "/data/time-spents", {"task_id": task["id"], "person_id": artist.id, "duration": 60, "date": today()}
    )
    spent = await admin.ok("GET", f"/data/entities/{shot['id']}/time-spents")
    assert [(t["person_id"], t["duration"]) for t in spent] == [(artist.id, 60.0)]

    await admin.ok("POST", "/data/news", {"task_id": task["id"], "author_id": artist.id, "change": True})
    news = await artist.ok("GET", f"/data/entities/{shot['id']}/news")
    assert news["total"] == 1 and news["data"][0]["person"]["id"] == artist.id
    assert news["data"][0]["project_name"] == production.project["name"]
    assert news["data"][0]["task_entity_id"] == shot["id"]

    from sqlalchemy import insert

    from tenko.core.model import table_of
    from tenko.domains.entities.models import EntityVersion

    async with admin.server.context.db.sessionmaker.begin() as session:
        await session.execute(
            insert(table_of(EntityVersion)).values(
                id=uuid.uuid4(), name="v1", entity_id=uuid.UUID(shot["id"]), data={"nb_frames": 12}
            )
        )
    versions = await admin.ok("GET", f"/data/shots/{shot['id']}/versions")
    assert [(v["name"], v["data"]) for v in versions] == [("v1", {"nb_frames": 12})]


async def test_set_shot_nb_frames_from_the_last_preview(admin: Api) -> None:
    production = await new_production(admin, nb_shots=2, nb_assets=0)
    shot, untouched = production.shots
    task = await add_task(admin, shot, "Animation")
    other = await add_task(admin, shot, "Layout")
    await admin.ok("POST", "/data/preview-files", {"task_id": task["id"], "revision": 1, "duration": 2.0})
    await admin.ok("POST", "/data/preview-files", {"task_id": task["id"], "revision": 2, "duration": 4.0})
    await admin.ok("POST", "/data/preview-files", {"task_id": other["id"], "revision": 3, "duration": 9.0})
    path = f"/actions/projects/{production.id}/task-types/{task['task_type_id']}/set-shot-nb-frames"
    changes = await admin.ok("POST", path, status=200)
    assert changes == [{"id": shot["id"], "nb_frames": 100}]  # 4 s at the project's 25 fps
    assert (await admin.ok("GET", f"/data/shots/{shot['id']}"))["nb_frames"] == 100
    assert (await admin.ok("GET", f"/data/shots/{untouched['id']}"))["nb_frames"] == 24
    assert (await admin.post(f"{path}?episode_id=wrong-id")).status_code == 400
    assert (
        await admin.post(f"/actions/projects/wrong-id/task-types/{task['task_type_id']}/set-shot-nb-frames")
    ).status_code == 400
    artist = await new_person(admin, "user")
    assert (await artist.post(path)).status_code == 403


async def test_scenes_and_their_shots(admin: Api) -> None:
    production = await new_production(admin, nb_shots=2, nb_assets=0)
    scene = await new_scene(admin, production.project, production.sequence)
    shot = production.shots[0]
    assert [s["id"] for s in await admin.ok("GET", f"/data/sequences/{production.sequence['id']}/scenes")] == [
        scene["id"]
    ]
    linked = await admin.ok("POST", f"/data/scenes/{scene['id']}/shots", {"shot_id": shot["id"]})
    assert linked["source_id"] == scene["id"] and linked["type"] == "Shot"
    shots = await admin.ok("GET", f"/data/scenes/{scene['id']}/shots")
    assert [s["id"] for s in shots] == [shot["id"]]
    assert [s["id"] for s in await admin.ok("GET", "/data/scenes/all")] and (
        await admin.ok("GET", f"/data/scenes/all?project_id={production.id}")
    )[0]["id"] == scene["id"]
    await admin.ok("DELETE", f"/data/scenes/{scene['id']}/shots/{shot['id']}")
    assert await admin.ok("GET", f"/data/scenes/{scene['id']}/shots") == []
    assert (await admin.delete(f"/data/scenes/{scene['id']}/shots/{shot['id']}")).status_code == 404
    assert (await admin.post(f"/data/scenes/{scene['id']}/shots", {"shot_id": "bad"})).status_code == 400
    other = await new_production(admin, nb_shots=1, nb_assets=0)
    foreign = await admin.post(f"/data/scenes/{scene['id']}/shots", {"shot_id": other.shots[0]["id"]})
    assert foreign.status_code == 400


async def test_shared_assets(admin: Api) -> None:
    lender = await new_production(admin, nb_shots=0, nb_assets=2)
    borrower = await new_production(admin, nb_shots=1, nb_assets=0)
    shared, private = lender.assets
    path = f"/actions/projects/{lender.id}/assets/share"
    result = await admin.ok("POST", path, {"asset_ids": [shared["id"]], "is_shared": True}, status=200)
    assert [(a["id"], a["is_shared"]) for a in result] == [(shared["id"], True)]
    assert (await admin.ok("GET", f"/data/assets/{private['id']}"))["is_shared"] is False
    shot = borrower.shots[0]
    await admin.ok("POST", "/data/entity-links", {"entity_in_id": shot["id"], "entity_out_id": shared["id"]})
    own_asset = await new_asset(admin, borrower.project, "Character", is_shared=True)  # shared, but its own
    await admin.ok("POST", "/data/entity-links", {"entity_in_id": shot["id"], "entity_out_id": own_asset["id"]})
    refused = await admin.post("/data/entity-links", {"entity_in_id": shot["id"], "entity_out_id": private["id"]})
    assert refused.status_code == 400  # a private asset of another project cannot be cast
    used = await admin.ok("GET", f"/data/projects/{borrower.id}/assets/shared-used")
    assert [a["id"] for a in used] == [shared["id"]]
    episode_used = await admin.ok(
        "GET", f"/data/projects/{borrower.id}/episodes/{borrower.episode['id']}/assets/shared-used"
    )
    assert [a["id"] for a in episode_used] == [shared["id"]]
    cast_types = await admin.ok("GET", f"/data/shots/{shot['id']}/asset-types")
    assert [t["name"] for t in cast_types] == ["Character", "Prop"]
    props = shared["entity_type_id"]
    everything = await admin.ok("POST", f"/actions/projects/{lender.id}/asset-types/{props}/assets/share", {}, 200)
    assert sorted(a["id"] for a in everything) == sorted([shared["id"], private["id"]])
    unshared = await admin.ok("POST", "/actions/assets/share", {"asset_ids": [private["id"]], "is_shared": False}, 200)
    assert unshared[0]["is_shared"] is False
    assert (await admin.post("/actions/assets/share", {"is_shared": True})).status_code == 400
    assert (await admin.post(path, {"is_shared": "yes"})).status_code == 400
    manager = await new_person(admin, "manager")
    assert (await manager.post(path, {})).status_code == 403
    other_asset = await new_asset(admin, borrower.project)
    assert (await manager.post("/actions/assets/share", {"asset_ids": [other_asset["id"]]})).status_code == 403
