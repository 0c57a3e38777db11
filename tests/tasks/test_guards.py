"""The declared guards of the task and comment routes: refusals before the body is read, comments
scoped to the task of the path, and the policy words the OpenAPI document shows."""

from __future__ import annotations

import uuid

import pytest

from tests.support import Api, new_entity, new_project
from tests.tasks.studio import Studio, build_studio, captured_events


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def test_batch_routes_refuse_roles_that_never_pass_before_reading_the_body(studio: Studio) -> None:
    """Clients and vendors never plan, clients never assign nor illustrate: 403 even without a body."""
    refusals = [
        (studio.client, "/actions/tasks/set-priority"),
        (studio.vendor, "/actions/tasks/set-priority"),
        (studio.client, "/actions/tasks/clear-assignation"),
        (studio.client, f"/actions/persons/{studio.client.id}/assign"),
        (studio.client, f"/actions/tasks/{studio.task_id}/assign"),
        (studio.client, "/actions/tasks/set-main-preview"),
        (studio.outsider, "/actions/tasks/set-main-preview"),
    ]
    for who, path in refusals:
        response = await who.request("PUT", path)
        assert response.status_code == 403, (who.person["role"], path, response.text)
    # a member who may act on some task still gets the body read and judged
    assert (await studio.manager.request("PUT", "/actions/tasks/set-priority")).status_code == 400


async def test_attachment_lists_are_the_studios(studio: Studio) -> None:
    path = f"/data/tasks/{studio.task_id}/attachment-files"
    for who in (studio.client, studio.outsider):
        assert (await who.get(path)).status_code == 403, who.person["role"]
    assert await studio.artist.ok("GET", path) == []


async def test_a_comment_belongs_to_the_task_of_the_path(studio: Studio, admin: Api) -> None:
    comment = await studio.comment(studio.artist, "wip", "mine")
    other = await admin.ok(
        "POST",
        "/data/tasks",
        {
            "name": "other",
            "project_id": studio.project["id"],
            "entity_id": studio.entity["id"],
            "task_type_id": (await admin.ok("GET", "/data/task-types?name=Modeling"))[0]["id"],
        },
    )
    wrong = f"/data/tasks/{other['id']}/comments/{comment['id']}"
    assert (await studio.manager.get(wrong)).status_code == 404
    assert (await studio.manager.delete(wrong)).status_code == 404
    assert (await studio.manager.post(f"{wrong}/ack")).status_code == 404
    assert (await studio.manager.get(f"/data/tasks/{studio.task_id}/comments/nope")).status_code == 400
    right = f"/data/tasks/{studio.task_id}/comments/{comment['id']}"
    assert (await studio.manager.get(right)).json()["id"] == comment["id"]
    # only managers move comments, and only onto tasks they manage
    move = f"/actions/tasks/{studio.task_id}/comments/{comment['id']}/move"
    assert (await studio.supervisor.post(move, {"target_task_id": other["id"]})).status_code == 403
    foreign_project = await new_project(admin)  # the manager is not in its team
    foreign_entity = await new_entity(admin, foreign_project)
    foreign = await admin.ok(
        "POST",
        "/data/tasks",
        {
            "name": "x",
            "project_id": foreign_project["id"],
            "entity_id": foreign_entity["id"],
            "task_type_id": other["task_type_id"],
        },
    )
    assert (await studio.manager.post(move, {"target_task_id": foreign["id"]})).status_code == 403
    assert (await admin.post(move, {"target_task_id": foreign["id"]})).status_code == 400  # same entity only


async def test_comment_many_refuses_a_task_of_another_project(studio: Studio, admin: Api) -> None:
    foreign_project = await new_project(admin)
    foreign_entity = await new_entity(admin, foreign_project)
    foreign = await admin.ok(
        "POST",
        "/data/tasks",
        {
            "name": "x",
            "project_id": foreign_project["id"],
            "entity_id": foreign_entity["id"],
            "task_type_id": studio.task_type["id"],
        },
    )
    path = f"/actions/projects/{studio.project['id']}/tasks/comment-many"
    body = [{"task_id": foreign["id"], "task_status_id": studio.status("wip")}]
    assert (await admin.post(path, body)).status_code == 400
    unknown = [{"task_id": str(uuid.uuid4()), "task_status_id": studio.status("wip")}]
    assert (await admin.post(path, unknown)).status_code == 404


async def test_time_is_logged_for_assignees_only(studio: Studio) -> None:
    base = f"/actions/tasks/{studio.task_id}/time-spents/2024-03-04/persons"
    assert (await studio.manager.post(f"{base}/{studio.other_artist.id}", {"duration": 5})).status_code == 400
    assert (await studio.client.post(f"{base}/{studio.artist.id}", {"duration": 5})).status_code == 403
    assert (await studio.manager.post(f"{base}/{uuid.uuid4()}", {"duration": 5})).status_code == 404


async def test_the_openapi_document_shows_each_routes_policy(admin: Api) -> None:
    paths = (await admin.ok("GET", "/openapi.json"))["paths"]
    policy = {
        (
            "delete",
            "/api/data/tasks/{task_id}/comments/{comment_id}",
        ): "its author; or admins and the project's managers",
        ("post", "/api/actions/tasks/{task_id}/comment"): "supervisors of the task's department",
        ("put", "/api/actions/tasks/set-priority"): "project managers and supervisors",
        ("post", "/api/actions/tasks/{task_id}/comments/{comment_id}/add-preview"): "clients excepted",
        ("get", "/api/actions/tasks/{task_id}/time-spents"): "but clients",
        ("get", "/api/data/projects/{project_id}/comments"): "with role manager/supervisor",
    }
    for (method, path), words in policy.items():
        operation = paths[path][method]
        assert words in operation["x-policy"], (method, path, operation["x-policy"])
        assert "403" in operation["responses"]


async def test_comment_many_on_one_task_twice_changes_its_status_once(studio: Studio) -> None:
    """The tasks are authorised in one query, yet each comment sees the status the previous one set."""
    path = f"/actions/projects/{studio.project['id']}/tasks/comment-many"
    body = [{"task_id": studio.task_id, "task_status_id": studio.status("wip"), "comment": text} for text in "ab"]
    with captured_events(studio.admin) as events:
        await studio.manager.ok("POST", path, body)
    assert [e["name"] for e in events].count("task:status-changed") == 1
