"""Reorder actions: studio task types, a project's task type and task status links."""

from __future__ import annotations

from tests.projects.conftest import Crew
from tests.projects.shapes import like
from tests.projects.test_settings import task_status, task_types
from tests.support import Api


async def test_task_types_reorder_sets_priorities(admin: Api, crew: Crew) -> None:
    first, second, third = await task_types(admin, 3)
    ids = [third["id"], first["id"], second["id"]]
    result = await admin.ok("POST", "/actions/task-types/reorder", {"task_type_ids": ids}, status=200)
    assert [(t["id"], t["priority"]) for t in result] == [(ids[0], 1), (ids[1], 2), (ids[2], 3)]
    assert (await admin.ok("GET", f"/data/task-types/{first['id']}"))["priority"] == 2
    unknown = "00000000-0000-0000-0000-000000000007"
    assert (await admin.post("/actions/task-types/reorder", json={"task_type_ids": [unknown]})).status_code == 400
    assert (await crew.manager.post("/actions/task-types/reorder", json={"task_type_ids": ids})).status_code == 403


async def test_project_links_reorder(admin: Api, crew: Crew) -> None:
    first, second = await task_types(admin, 2)
    for tt in (first, second):
        await admin.ok("POST", f"/data/projects/{crew.id}/settings/task-types", {"task_type_id": tt["id"]})
    path = f"/actions/projects/{crew.id}/task-type-links/reorder"
    result = await crew.manager.ok("POST", path, {"task_type_ids": [second["id"], first["id"]]}, status=200)
    like("POST /actions/projects/{project_id}/task-type-links/reorder", result)
    assert {link["task_type_id"]: link["priority"] for link in result} == {second["id"]: 1, first["id"]: 2}
    listed = await admin.ok("GET", f"/data/projects/{crew.id}/task-types")
    assert [t["id"] for t in listed] == [second["id"], first["id"]]
    statuses = [await task_status(admin) for _ in range(2)]
    for status in statuses:
        await admin.ok("POST", f"/data/projects/{crew.id}/settings/task-status", {"task_status_id": status["id"]})
    path = f"/actions/projects/{crew.id}/task-status-links/reorder"
    ids = [statuses[1]["id"], statuses[0]["id"]]
    result = await crew.manager.ok("POST", path, {"task_status_ids": ids}, status=200)
    like("POST /actions/projects/{project_id}/task-status-links/reorder", result)
    assert [link["task_status_id"] for link in result] == ids
    # a status that is not in this project is refused
    stranger = await task_status(admin)
    assert (await admin.post(path, json={"task_status_ids": [stranger["id"]]})).status_code == 400
    for caller in (crew.supervisor, crew.artist, crew.client, crew.outsider, crew.outsider_manager):
        assert (await caller.post(path, json={"task_status_ids": ids})).status_code == 403
        type_path = f"/actions/projects/{crew.id}/task-type-links/reorder"
        assert (await caller.post(type_path, json={"task_type_ids": []})).status_code == 403
