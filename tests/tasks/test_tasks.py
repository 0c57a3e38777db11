"""Task routes: the full task, task lists, assignation, priorities, creation per kind, deletion."""

from __future__ import annotations

import pytest

from tests.entities.factory import add_task, new_production
from tests.support import Api, new_entity, new_task
from tests.tasks.studio import Studio, build_studio, captured_events, new_task_type, rows
from tests.user.world import check_item


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def test_full_task(studio: Studio) -> None:
    full = await studio.artist.ok("GET", f"/data/tasks/{studio.task_id}/full")
    assert full["id"] == studio.task_id and full["assignees"] == [studio.artist.id]
    assert full["entity"]["id"] == studio.entity["id"] and full["entity_type"]["type"] == "EntityType"
    assert full["task_type"]["id"] == studio.task_type["id"] and full["task_status"]["short_name"] == "todo"
    assert full["project"]["id"] == studio.project["id"]
    assert [p["id"] for p in full["persons"]] == [studio.artist.id] and full["is_subscribed"] is False
    assert "password" not in full["persons"][0]
    assert (await studio.outsider.get(f"/data/tasks/{studio.task_id}/full")).status_code == 403
    assert (await studio.vendor.get(f"/data/tasks/{studio.task_id}/full")).status_code == 403
    assert (await studio.artist.get("/data/tasks/nope/full")).status_code == 400


async def test_project_tasks_and_constant_statements(studio: Studio, admin: Api) -> None:
    path = f"/data/projects/{studio.project['id']}/tasks"

    async def count() -> int:
        before = admin.server.counter.count
        await studio.artist.ok("GET", path)
        return admin.server.counter.count - before

    small = await count()
    for _ in range(4):
        entity = await new_entity(admin, studio.project)
        await admin.ok(
            "POST",
            "/data/tasks",
            {
                "name": "main",
                "project_id": studio.project["id"],
                "entity_id": entity["id"],
                "task_type_id": studio.task_type["id"],
                "assignees": [studio.other_artist.id],
            },
        )
    assert await count() == small
    listed = await studio.artist.ok("GET", path)
    assert len(listed) == 5 and all("assignees" in t for t in listed)
    assert (await studio.outsider.get(path)).status_code == 403
    assert await studio.vendor.ok("GET", path) == []


async def test_a_task_created_without_a_name_is_main(studio: Studio, admin: Api) -> None:
    """gazu's ``raw.create("tasks", ...)`` and scripts post a task without ``name``: the reference names it ``main``."""
    entity = await new_entity(admin, studio.project)
    body = {"project_id": studio.project["id"], "entity_id": entity["id"], "task_type_id": studio.task_type["id"]}
    task = await admin.ok("POST", "/data/tasks", body)
    assert task["name"] == "main"
    assert (await admin.ok("GET", f"/data/tasks/{task['id']}"))["name"] == "main"
    named = await admin.ok(
        "POST", "/data/tasks", {**body, "task_type_id": (await new_task_type(admin))["id"], "name": "lo"}
    )
    assert named["name"] == "lo"


async def test_person_tasks_and_done_tasks(studio: Studio) -> None:
    todo = await studio.artist.ok("GET", f"/data/persons/{studio.artist.id}/tasks")
    assert [t["id"] for t in todo] == [studio.task_id]
    assert todo[0]["task_status_short_name"] == "todo" and todo[0]["project_name"] == studio.project["name"]
    assert todo[0]["entity_name"] == studio.entity["name"]
    # gazu's ``task.all_tasks_for_person`` / the web app's person page: the episodes of each task
    assert todo[0]["episode_ids"] == [] and todo[0]["episode_names"] == []
    check_item("GET /data/persons/{person_id}/tasks", todo[0])
    await studio.comment(studio.manager, "done", "great")
    assert await studio.artist.ok("GET", f"/data/persons/{studio.artist.id}/tasks") == []
    done = await studio.artist.ok("GET", f"/data/persons/{studio.artist.id}/done-tasks")
    assert [t["id"] for t in done] == [studio.task_id] and done[0]["last_comment"]["text"] == "great"
    # an outsider reaches none of the tasks of the project
    assert await studio.outsider.ok("GET", f"/data/persons/{studio.artist.id}/done-tasks") == []
    related = await studio.artist.ok("GET", f"/data/persons/{studio.artist.id}/related-tasks/{studio.task_type['id']}")
    assert [t["id"] for t in related] == [studio.task_id]


async def test_entity_task_type_tasks(studio: Studio) -> None:
    path = f"/data/entities/{studio.entity['id']}/task-types/{studio.task_type['id']}/tasks"
    assert [t["id"] for t in await studio.artist.ok("GET", path)] == [studio.task_id]
    assert (await studio.outsider.get(path)).status_code == 403


async def test_assign_rules(studio: Studio, admin: Api) -> None:
    body = {"task_ids": [studio.task_id]}
    # artists assign only themselves, clients and vendors nobody
    assert (await studio.artist.put(f"/actions/persons/{studio.other_artist.id}/assign", body)).status_code == 403
    assert (await studio.client.put(f"/actions/persons/{studio.client.id}/assign", body)).status_code == 403
    assert (
        await studio.other_supervisor.put(f"/actions/persons/{studio.supervisor.id}/assign", body)
    ).status_code == 403
    with captured_events(admin) as events:
        tasks = await studio.manager.ok("PUT", f"/actions/persons/{studio.other_artist.id}/assign", body)
    assert set(tasks[0]["assignees"]) == {studio.artist.id, studio.other_artist.id}
    assert "task:assign" in [e["name"] for e in events]
    notified = await rows(admin, "notification", person_id=studio.other_artist.id, task_id=studio.task_id)
    assert [n["type"] for n in notified] == ["assignation"]
    # assigning someone outside the team adds them to it
    outsider_task = await studio.manager.ok(
        "PUT", f"/actions/tasks/{studio.task_id}/assign", {"person_id": studio.outsider.id}
    )
    assert studio.outsider.id in outsider_task["assignees"]
    assert await rows(admin, "project_person_link", project_id=studio.project["id"], person_id=studio.outsider.id)


async def test_clear_assignation(studio: Studio) -> None:
    body = {"task_ids": [studio.task_id]}
    assert (await studio.other_artist.put("/actions/tasks/clear-assignation", body)).status_code == 403
    assert (await studio.client.put("/actions/tasks/clear-assignation", body)).status_code == 403
    cleared = await studio.manager.ok("PUT", "/actions/tasks/clear-assignation", body)
    assert cleared == [studio.task_id]
    assert (await studio.reload())["assignees"] == []
    assert (await studio.manager.put("/actions/tasks/clear-assignation", {"task_ids": "x"})).status_code == 400


async def test_set_priority(studio: Studio) -> None:
    body = {"task_ids": [studio.task_id], "priority": 3}
    assert (await studio.artist.put("/actions/tasks/set-priority", body)).status_code == 403
    assert (await studio.other_supervisor.put("/actions/tasks/set-priority", body)).status_code == 403
    updated = await studio.supervisor.ok("PUT", "/actions/tasks/set-priority", body)
    assert updated[0]["priority"] == 3
    assert (
        await studio.manager.put("/actions/tasks/set-priority", {"task_ids": [], "priority": 2**40})
    ).status_code == 400


async def test_create_tasks_is_idempotent(studio: Studio, admin: Api) -> None:
    task_type = await new_task_type(admin)
    path = f"/actions/projects/{studio.project['id']}/task-types/{task_type['id']}/assets/create-tasks"
    assert (await studio.artist.post(path, [studio.entity["id"]])).status_code == 403
    assert (await studio.outsider.post(path, [])).status_code == 403
    created = await studio.manager.ok("POST", path, [studio.entity["id"]])
    assert len(created) == 1 and created[0]["entity_id"] == studio.entity["id"]
    assert created[0]["task_status_short_name"] == "todo" and created[0]["task_type_name"] == task_type["name"]
    again = await studio.manager.ok("POST", path, [studio.entity["id"]])
    assert [t["id"] for t in again] == [created[0]["id"]]
    second = await new_entity(admin, studio.project)
    everything = await studio.manager.ok("POST", path)
    assert {t["entity_id"] for t in everything} == {studio.entity["id"], second["id"]}
    generic = f"/actions/projects/{studio.project['id']}/task-types/{task_type['id']}/create-tasks/assets"
    assert len(await studio.manager.ok("POST", generic)) == 2
    bad = f"/actions/projects/{studio.project['id']}/task-types/{task_type['id']}/create-tasks/nothing"
    assert (await studio.manager.post(bad)).status_code == 404
    folders = f"/actions/projects/{studio.project['id']}/task-types/{task_type['id']}/create-tasks/concept-folders"
    assert (await studio.manager.post(folders)).status_code == 404  # folders group concepts, they have no tasks
    assert (await studio.manager.post(path, ["not-an-id"])).status_code == 400


async def test_delete_tasks(studio: Studio, admin: Api) -> None:
    await studio.comment(studio.artist, "wip", "will go")
    path = f"/actions/projects/{studio.project['id']}/delete-tasks"
    assert (await studio.artist.post(path, [studio.task_id])).status_code == 403
    assert (await studio.manager.post(path, ["00000000-0000-0000-0000-000000000000"])).status_code == 400
    assert await studio.manager.ok("POST", path, [studio.task_id], status=200) == [studio.task_id]
    assert await rows(admin, "task", id=studio.task_id) == []
    assert await rows(admin, "comment", object_id=studio.task_id) == []
    other = await build_studio(admin)
    by_type = f"/actions/projects/{other.project['id']}/task-types/{other.task_type['id']}/delete-tasks"
    assert (await other.artist.delete(by_type)).status_code == 403
    await other.manager.ok("DELETE", by_type)
    assert await rows(admin, "task", id=other.task_id) == []


async def test_status_automation_moves_a_sibling(studio: Studio, admin: Api) -> None:
    next_type = await new_task_type(admin)
    sibling = await admin.ok(
        "POST",
        "/data/tasks",
        {
            "name": "main",
            "project_id": studio.project["id"],
            "entity_id": studio.entity["id"],
            "task_type_id": next_type["id"],
        },
    )
    automation = await admin.ok(
        "POST",
        "/data/status-automations",
        {
            "entity_type": "asset",
            "in_task_type_id": studio.task_type["id"],
            "in_task_status_id": studio.status("done"),
            "out_field_type": "status",
            "out_task_type_id": next_type["id"],
            "out_task_status_id": studio.status("ready"),
        },
    )
    await admin.ok("PUT", f"/data/projects/{studio.project['id']}", {"status_automations": [automation["id"]]})
    await studio.comment(studio.manager, "done")
    assert (await admin.ok("GET", f"/data/tasks/{sibling['id']}"))["task_status_id"] == studio.status("ready")
    ready_for = await admin.ok(
        "POST",
        "/data/status-automations",
        {
            "entity_type": "asset",
            "in_task_type_id": studio.task_type["id"],
            "in_task_status_id": studio.status("wfa"),
            "out_field_type": "ready_for",
            "out_task_type_id": next_type["id"],
        },
    )
    await admin.ok(
        "PUT", f"/data/projects/{studio.project['id']}", {"status_automations": [automation["id"], ready_for["id"]]}
    )
    await studio.comment(studio.artist, "wfa")
    entity = await admin.ok("GET", f"/data/entities/{studio.entity['id']}")
    assert entity["ready_for"] == next_type["id"]


async def test_full_task_of_a_shot_carries_its_sequence(admin: Api) -> None:
    """gazu's ``task.get_task`` (GET /data/tasks/{id}/full): a shot task carries its ``sequence``."""
    production = await new_production(admin, nb_shots=1, nb_assets=1)
    shot, asset = production.shots[0], production.assets[0]
    shot_task = await add_task(admin, shot, "Animation")
    full = await admin.ok("GET", f"/data/tasks/{shot_task['id']}/full")
    assert full["sequence"]["id"] == shot["parent_id"] and full["sequence"]["type"] == "Sequence"
    asset_task = await add_task(admin, asset, "Modeling")
    assert "sequence" not in await admin.ok("GET", f"/data/tasks/{asset_task['id']}/full")


async def test_artists_assign_themselves_only_to_their_departments_task_types(studio: Studio, admin: Api) -> None:
    """A task type of no department is in none of an artist's departments (as the reference)."""
    own = studio.task_type["department_id"]
    no_department = await new_task_type(admin, None)
    loose = await new_task(admin, studio.project, studio.entity, task_type_id=no_department["id"])
    other = studio.other_artist
    path = f"/actions/persons/{other.id}/assign"
    for departments in ([], [own]):
        await admin.ok("PUT", f"/data/persons/{other.id}", {"departments": departments})
        response = await other.put(path, {"task_ids": [loose["id"]]})
        assert response.status_code == 403, f"{departments}: {response.text}"
        task_route = await other.put(f"/actions/tasks/{loose['id']}/assign", {"person_id": other.id})
        assert task_route.status_code == 403, task_route.text
    assert (await studio.reload())["assignees"] == [studio.artist.id]
    assert (await admin.ok("GET", f"/data/tasks/{loose['id']}"))["assignees"] == []
    # on a task type of their department, they may
    tasks = await other.ok("PUT", path, {"task_ids": [studio.task_id]})
    assert other.id in tasks[0]["assignees"]
