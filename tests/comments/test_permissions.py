"""Who may comment, with which status, and as whom (permissions.md, row by row)."""

from __future__ import annotations

import pytest

from tests.support import Api, new_entity
from tests.tasks.studio import Studio, build_studio


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def test_artist_comments_only_assigned_or_created_tasks(studio: Studio, admin: Api) -> None:
    assert await studio.refusal(studio.other_artist, "wip") == 403
    assert await studio.refusal(studio.outsider, "wip") == 403
    await studio.comment(studio.artist, "wip")
    # the creator of the entity may comment its tasks
    await admin.ok("PUT", f"/data/entities/{studio.entity['id']}", {"created_by": studio.other_artist.id})
    await studio.comment(studio.other_artist, "wip")


async def test_artist_sets_only_artist_allowed_statuses(studio: Studio) -> None:
    assert not studio.statuses["done"]["is_artist_allowed"]
    assert await studio.refusal(studio.artist, "done") == 403
    assert await studio.refusal(studio.artist, "retake") == 403
    assert (await studio.reload())["task_status_id"] == studio.status("todo")


async def test_client_sets_only_client_allowed_statuses(studio: Studio) -> None:
    assert await studio.refusal(studio.client, "wip") == 403
    await studio.comment(studio.client, "retake", "not like this")


async def test_supervisor_within_departments(studio: Studio) -> None:
    await studio.comment(studio.supervisor, "retake")
    assert await studio.refusal(studio.other_supervisor, "retake") == 403


async def test_supervisor_without_department_supervises_all(studio: Studio, admin: Api) -> None:
    await admin.ok("PUT", f"/data/persons/{studio.other_supervisor.id}", {"departments": []})
    await studio.comment(studio.other_supervisor, "retake")


async def test_vendor_only_on_assigned_tasks(studio: Studio, admin: Api) -> None:
    assert await studio.refusal(studio.vendor, "wip") == 403
    await admin.ok("PUT", f"/data/tasks/{studio.task_id}", {"assignees": [studio.artist.id, studio.vendor.id]})
    await studio.comment(studio.vendor, "done")


async def test_as_someone_else_backdating_and_for_client_are_for_managers(studio: Studio) -> None:
    assert await studio.refusal(studio.artist, "wip", person_id=studio.other_artist.id) == 403
    assert await studio.refusal(studio.artist, "wip", created_at="2020-01-02T10:00:00") == 403
    assert await studio.refusal(studio.artist, "wip", for_client=True) == 403
    assert await studio.refusal(studio.supervisor, "wip", person_id=studio.artist.id) == 403
    comment = await studio.comment(
        studio.manager, "wip", person_id=studio.artist.id, created_at="2020-01-02T10:00:00", for_client=True
    )
    assert comment["person_id"] == studio.artist.id and comment["created_at"] == "2020-01-02T10:00:00"
    assert comment["for_client"] is True
    assert (await studio.reload())["real_start_date"] == "2020-01-02T10:00:00"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"task_status_id": "not-a-uuid"},
        {"task_status_id": "00000000-0000-0000-0000-000000000000"},
        {"task_status_id": None},
        {"task_status_id": "STATUS", "checklist": "nope"},
        {"task_status_id": "STATUS", "comment": 12},
        {"task_status_id": "STATUS", "person_id": "00000000-0000-0000-0000-000000000000"},
        [],
    ],
)
async def test_bad_bodies_are_400(studio: Studio, body: object) -> None:
    if isinstance(body, dict) and body.get("task_status_id") == "STATUS":
        body = {**body, "task_status_id": studio.status("wip")}
    response = await studio.manager.post(f"/actions/tasks/{studio.task_id}/comment", body)
    assert response.status_code == 400, response.text
    assert response.json()["error"] is True


async def test_unknown_and_malformed_task(studio: Studio) -> None:
    body = {"task_status_id": studio.status("wip")}
    assert (
        await studio.manager.post("/actions/tasks/00000000-0000-0000-0000-000000000000/comment", body)
    ).status_code == 404
    assert (await studio.manager.post("/actions/tasks/nope/comment", body)).status_code == 400
    response = await studio.manager.post(
        f"/actions/tasks/{studio.task_id}/comment", content=b"{bad", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400


async def test_task_of_another_project_is_refused(studio: Studio, admin: Api) -> None:
    other = await admin.ok("POST", "/data/projects", {"name": f"other-{studio.task_id[:8]}"})
    entity = await new_entity(admin, other)
    types = await admin.ok("GET", "/data/task-types?name=Modeling")
    task = await admin.ok(
        "POST",
        "/data/tasks",
        {"name": "x", "project_id": other["id"], "entity_id": entity["id"], "task_type_id": types[0]["id"]},
    )
    response = await studio.manager.post(
        f"/actions/tasks/{task['id']}/comment", {"task_status_id": studio.status("wip")}
    )
    assert response.status_code == 403
