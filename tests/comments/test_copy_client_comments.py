"""POST /actions/projects/{id}/tasks/copy-client-comments: clients' notes forwarded to the studio."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.projects.shapes import like
from tests.support import Api, new_entity, new_project, set_project_role
from tests.tasks.studio import Studio, build_studio, captured_events, new_task_type, rows

ROUTE = "POST /actions/projects/{project_id}/tasks/copy-client-comments"


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


def path_of(studio: Studio) -> str:
    return f"/actions/projects/{studio.project['id']}/tasks/copy-client-comments"


async def task_of(studio: Studio, entity: dict[str, Any], task_type: dict[str, Any], **extra: Any) -> dict[str, Any]:
    body = {"name": "main", "project_id": studio.project["id"], "entity_id": entity["id"], **extra}
    return await studio.admin.ok("POST", "/data/tasks", {**body, "task_type_id": task_type["id"]})  # type: ignore[no-any-return]


async def client_note(studio: Studio, task_id: str, text: str, who: Api | None = None) -> dict[str, Any]:
    body = {"task_status_id": studio.status("retake"), "comment": text}
    return await (who or studio.client).ok("POST", f"/actions/tasks/{task_id}/comment", body)  # type: ignore[no-any-return]


async def test_copies_onto_the_tasks_of_another_type(studio: Studio) -> None:
    animation = await new_task_type(studio.admin)
    target = await task_of(studio, studio.entity, animation, assignees=[studio.other_artist.id])
    first = await client_note(
        studio,
        studio.task_id,
        "too dark",
    )
    second = await client_note(studio, studio.task_id, "faster please")
    await studio.comment(studio.manager, "wip", "studio note, not copied")
    await studio.comment(studio.artist, "wip", "artist note, not copied")
    body = {"task_type_id": studio.task_type["id"], "target_task_type_id": animation["id"]}
    with captured_events(studio.admin) as events:
        copies = await studio.manager.ok("POST", path_of(studio), body)
    like(ROUTE, copies)
    assert [c["text"] for c in copies] == ["faster please", "too dark"]  # newest first, like a thread
    for copy in copies:
        assert copy["object_id"] == target["id"] and copy["person_id"] == studio.manager.id
        assert copy["task_status_id"] == target["task_status_id"] and copy["for_client"] is False
        assert copy["person"]["id"] == studio.manager.id and copy["task_status"]["id"] == target["task_status_id"]
    assert [c["data"]["copied_from_comment_id"] for c in copies] == [second["id"], first["id"]]
    assert [e["name"] for e in events] == ["comment:new", "comment:new"]
    assert {e["data"]["task_id"] for e in events} == {target["id"]}
    assert {e["data"]["comment_id"] for e in events} == {c["id"] for c in copies}
    # the artist of the target task reads the notes; its status did not move
    thread = await studio.other_artist.ok("GET", f"/data/tasks/{target['id']}/comments")
    assert {c["text"] for c in thread} == {"too dark", "faster please"}
    reloaded = await studio.admin.ok("GET", f"/data/tasks/{target['id']}")
    assert reloaded["task_status_id"] == target["task_status_id"] and reloaded["last_comment_date"] is not None
    assert len(await rows(studio.admin, "news", task_id=target["id"])) == 2
    # copying again adds nothing; a new note is copied alone
    assert await studio.manager.ok("POST", path_of(studio), body) == []
    await client_note(studio, studio.task_id, "and the sky")
    assert [c["text"] for c in await studio.manager.ok("POST", path_of(studio), body)] == ["and the sky"]


async def test_copies_onto_the_same_tasks(studio: Studio) -> None:
    note = await client_note(studio, studio.task_id, "the hat is wrong")
    assert "the hat is wrong" not in {
        c["text"] for c in await studio.artist.ok("GET", f"/data/tasks/{studio.task_id}/comments")
    }
    # a team member whose project role is client writes client comments too
    await set_project_role(studio.admin, studio.project, studio.other_artist, "client")
    await client_note(studio, studio.task_id, "and the shoes", studio.other_artist)
    copies = await studio.manager.ok("POST", path_of(studio), {"task_type_id": studio.task_type["id"]})
    assert [c["object_id"] for c in copies] == [studio.task_id, studio.task_id]
    assert {c["text"] for c in copies} == {"the hat is wrong", "and the shoes"}
    assert note["id"] in {c["data"]["copied_from_comment_id"] for c in copies}
    visible = {c["text"] for c in await studio.artist.ok("GET", f"/data/tasks/{studio.task_id}/comments")}
    assert {"the hat is wrong", "and the shoes"} <= visible


async def test_entity_ids_narrow_the_copy(studio: Studio) -> None:
    other_entity = await new_entity(studio.admin, studio.project)
    other_task = await task_of(studio, other_entity, studio.task_type)
    await client_note(studio, studio.task_id, "here")
    await client_note(studio, other_task["id"], "there")
    body = {"task_type_id": studio.task_type["id"], "entity_ids": [other_entity["id"]]}
    copies = await studio.manager.ok("POST", path_of(studio), body)
    assert [(c["object_id"], c["text"]) for c in copies] == [(other_task["id"], "there")]


async def test_refusals_and_bad_bodies(studio: Studio, admin: Api) -> None:
    body = {"task_type_id": studio.task_type["id"]}
    for who in (studio.outsider, studio.artist, studio.supervisor, studio.client, studio.vendor):
        assert (await who.post(path_of(studio), body)).status_code == 403, who.person["role"]
    elsewhere = await new_entity(admin, await new_project(admin))
    for bad in (
        {},
        {"task_type_id": "nope"},
        {"task_type_id": str(uuid.uuid4())},
        {**body, "target_task_type_id": str(uuid.uuid4())},
        {**body, "entity_ids": "nope"},
        {**body, "entity_ids": [elsewhere["id"]]},
        {**body, "unknown": 1},
        [studio.task_type["id"]],
    ):
        response = await studio.manager.post(path_of(studio), bad)
        assert response.status_code == 400 and response.json()["error"] is True, bad
    unknown = f"/actions/projects/{uuid.uuid4()}/tasks/copy-client-comments"
    assert (await studio.manager.post(unknown, body)).status_code == 404
    assert (await studio.manager.post("/actions/projects/nope/tasks/copy-client-comments", body)).status_code == 400


async def test_statements_grow_only_with_the_stored_events(studio: Studio) -> None:
    counts = []
    for size in (2, 6):
        task_type = await new_task_type(studio.admin)
        for _ in range(size):
            entity = await new_entity(studio.admin, studio.project)
            task = await task_of(studio, entity, task_type)
            await client_note(studio, task["id"], "note")
        before = studio.admin.count_statements().count
        copies = await studio.manager.ok("POST", path_of(studio), {"task_type_id": task_type["id"]})
        counts.append(studio.admin.count_statements().count - before)
        assert len(copies) == size
    assert counts[1] - counts[0] == 4  # one comment:new row per further copy, nothing else
