"""POST /actions/projects/{id}/tasks/copy-client-comments: clients' notes forwarded to the studio.

The body is the reference's: ``{"task_ids": [...], "prefix": "..."}``; each task's newest client
comment is copied onto it, by the caller, with the task's status.
"""

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


async def client_note(studio: Studio, task_id: str, text: str, who: Api | None = None, **extra: Any) -> dict[str, Any]:
    body = {"task_status_id": studio.status("retake"), "comment": text, **extra}
    return await (who or studio.client).ok("POST", f"/actions/tasks/{task_id}/comment", body)  # type: ignore[no-any-return]


async def test_copies_the_newest_client_comment_of_each_task(studio: Studio) -> None:
    """The body the reference takes: ``task_ids`` and a ``prefix`` put before each copied text."""
    await client_note(studio, studio.task_id, "too dark")
    await client_note(studio, studio.task_id, "faster please", checklist=[{"text": "speed", "checked": False}])
    await studio.comment(studio.manager, "wip", "studio note, not copied")
    await studio.comment(studio.artist, "wip", "artist note, not copied")
    quiet = await task_of(studio, await new_entity(studio.admin, studio.project), studio.task_type)
    body = {"task_ids": [studio.task_id, quiet["id"]], "prefix": "[Client]"}
    with captured_events(studio.admin) as events:
        copies = await studio.manager.ok("POST", path_of(studio), body)
    like(ROUTE, copies)
    assert [c["text"] for c in copies] == ["[Client]\n\nfaster please"]  # the task without a client note has none
    copy = copies[0]
    assert copy["object_id"] == studio.task_id and copy["person_id"] == studio.manager.id
    assert copy["task_status_id"] == studio.status("wip") and copy["for_client"] is False
    assert copy["checklist"] == [] and copy["links"] == []
    assert copy["person"]["id"] == studio.manager.id and copy["task_status"]["id"] == studio.status("wip")
    assert [e["name"] for e in events] == ["comment:new"]
    assert events[0]["data"]["comment_id"] == copy["id"] and events[0]["data"]["task_id"] == studio.task_id
    # the artist of the task reads the note now; its status did not move
    thread = await studio.artist.ok("GET", f"/data/tasks/{studio.task_id}/comments")
    assert thread[0]["id"] == copy["id"]
    reloaded = await studio.reload()
    assert reloaded["task_status_id"] == studio.status("wip") and reloaded["last_comment_date"] is not None
    assert len(await rows(studio.admin, "news", comment_id=copy["id"])) == 1
    # without a prefix the text is the client's; each call copies again, as the reference does
    again = await studio.manager.ok("POST", path_of(studio), {"task_ids": [studio.task_id]})
    assert [c["text"] for c in again] == ["faster please"]


async def test_a_project_client_role_writes_client_comments(studio: Studio) -> None:
    """A team member whose project role is client writes client comments too; copies keep the given order."""
    animation = await new_task_type(studio.admin)
    second = await task_of(studio, studio.entity, animation, assignees=[studio.other_artist.id])
    await set_project_role(studio.admin, studio.project, studio.other_artist, "client")
    await client_note(studio, second["id"], "and the shoes", studio.other_artist)
    await client_note(studio, studio.task_id, "the hat is wrong")
    copies = await studio.manager.ok("POST", path_of(studio), {"task_ids": [second["id"], studio.task_id]})
    assert [(c["object_id"], c["text"]) for c in copies] == [
        (second["id"], "and the shoes"),
        (studio.task_id, "the hat is wrong"),
    ]


async def test_refusals_and_bad_bodies(studio: Studio, admin: Api) -> None:
    body = {"task_ids": [studio.task_id]}
    for who in (studio.outsider, studio.artist, studio.supervisor, studio.client, studio.vendor):
        assert (await who.post(path_of(studio), body)).status_code == 403, who.person["role"]
    elsewhere = await new_entity(admin, await new_project(admin))
    foreign_task = await admin.ok(
        "POST",
        "/data/tasks",
        {"project_id": elsewhere["project_id"], "entity_id": elsewhere["id"], "task_type_id": studio.task_type["id"]},
    )
    bad_bodies: list[Any] = [
        {},
        {"task_ids": []},
        {"task_ids": "nope"},
        {"task_ids": ["nope"]},
        {"task_ids": [str(uuid.uuid4())]},
        {"task_ids": [foreign_task["id"]]},
        {**body, "prefix": 12},
        [studio.task_id],
    ]
    for bad in bad_bodies:
        response = await studio.manager.post(path_of(studio), bad)
        assert response.status_code == 400 and response.json()["error"] is True, bad
    unknown = f"/actions/projects/{uuid.uuid4()}/tasks/copy-client-comments"
    assert (await studio.manager.post(unknown, body)).status_code == 404
    assert (await studio.manager.post("/actions/projects/nope/tasks/copy-client-comments", body)).status_code == 400


async def test_statements_grow_only_with_the_stored_events(studio: Studio) -> None:
    counts = []
    for size in (2, 6):
        task_type = await new_task_type(studio.admin)
        task_ids = []
        for _ in range(size):
            entity = await new_entity(studio.admin, studio.project)
            task = await task_of(studio, entity, task_type)
            await client_note(studio, task["id"], "note")
            task_ids.append(task["id"])
        before = studio.admin.count_statements().count
        copies = await studio.manager.ok("POST", path_of(studio), {"task_ids": task_ids})
        counts.append(studio.admin.count_statements().count - before)
        assert len(copies) == size
    assert counts[1] - counts[0] == 4  # one comment:new row per further copy, nothing else
