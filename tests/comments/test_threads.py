"""A task's comment thread: listing and visibility, edit/delete, acknowledge, replies, attachments."""

from __future__ import annotations

import pytest

from tests.support import Api, new_entity
from tests.tasks.studio import Studio, build_studio, rows


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def test_list_newest_first_with_author_and_status(studio: Studio) -> None:
    first = await studio.comment(studio.artist, "wip", "one")
    second = await studio.comment(studio.manager, "retake", "two")
    listed = await studio.artist.ok("GET", f"/data/tasks/{studio.task_id}/comments")
    assert [c["id"] for c in listed] == [second["id"], first["id"]]
    assert listed[0]["person"]["id"] == studio.manager.id and "email" not in listed[0]["person"]
    assert listed[0]["task_status"]["short_name"] == "retake"
    assert set(listed[0]["task_status"]) == {"id", "name", "short_name", "color"}


async def test_clients_see_for_client_and_their_own_artists_not_clients(studio: Studio) -> None:
    internal = await studio.comment(studio.manager, "wip", "internal")
    public = await studio.comment(studio.manager, "wip", "for the client", for_client=True)
    from_client = await studio.comment(studio.client, "retake", "client says")
    seen = {c["id"] for c in await studio.client.ok("GET", f"/data/tasks/{studio.task_id}/comments")}
    assert seen == {public["id"], from_client["id"]}
    seen = {c["id"] for c in await studio.artist.ok("GET", f"/data/tasks/{studio.task_id}/comments")}
    assert seen == {internal["id"], public["id"]}
    response = await studio.artist.get(f"/data/tasks/{studio.task_id}/comments/{from_client['id']}")
    assert response.status_code == 403
    response = await studio.client.get(f"/data/tasks/{studio.task_id}/comments/{internal['id']}")
    assert response.status_code == 403
    assert (await studio.outsider.get(f"/data/tasks/{studio.task_id}/comments")).status_code == 403
    assert (await studio.vendor.get(f"/data/tasks/{studio.task_id}/comments")).status_code == 403


async def test_single_comment_must_belong_to_the_task(studio: Studio, admin: Api) -> None:
    comment = await studio.comment(studio.artist, "wip", "one")
    got = await studio.artist.ok("GET", f"/data/tasks/{studio.task_id}/comments/{comment['id']}")
    assert got["id"] == comment["id"] and got["type"] == "Comment"
    other = await build_studio(admin)
    response = await admin.get(f"/data/tasks/{other.task_id}/comments/{comment['id']}")
    assert response.status_code == 404


async def test_list_statement_count_is_constant(studio: Studio) -> None:
    async def count() -> int:
        before = studio.admin.server.counter.count
        await studio.manager.ok("GET", f"/data/tasks/{studio.task_id}/comments")
        return studio.admin.server.counter.count - before

    await studio.comment(studio.artist, "wip", "one")
    small = await count()
    for index in range(6):
        await studio.comment(studio.manager, "retake" if index % 2 else "wip", f"n{index}")
    await studio.comment(studio.artist, "wip", "with reply")
    assert await count() == small


async def test_delete_only_author_or_manager_and_status_goes_back(studio: Studio) -> None:
    await studio.comment(studio.artist, "wip", "start")
    retake = await studio.comment(studio.supervisor, "retake", "no")
    path = f"/data/tasks/{studio.task_id}/comments/{retake['id']}"
    assert (await studio.artist.delete(path)).status_code == 403
    await studio.supervisor.ok("DELETE", path)
    task = await studio.reload()
    assert task["task_status_id"] == studio.status("wip")
    assert await rows(studio.admin, "comment", id=retake["id"]) == []
    assert await rows(studio.admin, "notification", comment_id=retake["id"]) == []
    mine = await studio.comment(studio.artist, "wip", "mine")
    await studio.manager.ok("DELETE", f"/data/tasks/{studio.task_id}/comments/{mine['id']}")


async def test_acknowledge_toggles(studio: Studio) -> None:
    comment = await studio.comment(studio.supervisor, "retake", "fix")
    path = f"/data/tasks/{studio.task_id}/comments/{comment['id']}/ack"
    acked = await studio.artist.ok("POST", path, status=200)
    assert acked["acknowledgements"] == [studio.artist.id]
    again = await studio.artist.ok("POST", path, status=200)
    assert again["acknowledgements"] == []
    assert (await studio.outsider.post(path)).status_code == 403


async def test_reply_and_delete_reply(studio: Studio) -> None:
    comment = await studio.comment(studio.supervisor, "retake", "fix")
    name = f"{studio.manager.person['first_name']} {studio.manager.person['last_name']}"
    path = f"/data/tasks/{studio.task_id}/comments/{comment['id']}/reply"
    reply = await studio.artist.ok("POST", path, {"text": f"ok @{name}"}, status=200)
    assert reply["text"] == f"ok @{name}" and reply["person_id"] == studio.artist.id
    assert reply["mentions"] == [studio.manager.id] and reply["person"]["id"] == studio.artist.id
    notified = {n["person_id"]: n["type"] for n in await rows(studio.admin, "notification", reply_id=reply["id"])}
    assert notified == {studio.supervisor.id: "reply", studio.manager.id: "reply-mention"}
    got = await studio.artist.ok("GET", f"/data/tasks/{studio.task_id}/comments/{comment['id']}")
    assert [r["id"] for r in got["replies"]] == [reply["id"]]
    assert (await studio.vendor.post(path, {"text": "x"})).status_code == 403
    delete_path = f"{path}/{reply['id']}"
    assert (await studio.other_artist.delete(delete_path)).status_code == 403
    assert (await studio.artist.delete(f"{path}/00000000-0000-0000-0000-000000000000")).status_code == 404
    left = await studio.artist.ok("DELETE", delete_path, status=200)
    assert left["replies"] == []


async def test_multipart_comment_and_attachments(studio: Studio) -> None:
    data = {"task_status_id": studio.status("wip"), "comment": "with files", "checklist": '[{"text":"a"}]'}
    files = {"file-0": ("notes.txt", b"hello", "text/plain"), "file-1": ("ref.png", b"\x89PNG", "image/png")}
    response = await studio.artist.post(f"/actions/tasks/{studio.task_id}/comment", data=data, files=files)
    assert response.status_code == 201, response.text
    comment = response.json()
    assert comment["checklist"] == [{"text": "a", "checked": False}]
    assert sorted(a["name"] for a in comment["attachment_files"]) == ["notes.txt", "ref.png"]
    attachment = next(a for a in comment["attachment_files"] if a["name"] == "notes.txt")
    assert attachment["extension"] == "txt" and attachment["size"] == 5
    download = await studio.artist.get(f"/data/attachment-files/{attachment['id']}/file/notes.txt")
    assert download.status_code == 200 and download.content == b"hello"
    assert (await studio.outsider.get(f"/data/attachment-files/{attachment['id']}/file/notes.txt")).status_code == 403
    listed = await studio.manager.ok("GET", f"/data/tasks/{studio.task_id}/attachment-files")
    assert {a["id"] for a in listed} == {a["id"] for a in comment["attachment_files"]}
    assert listed[0]["comment"]["id"] == comment["id"]
    in_project = await studio.manager.ok("GET", f"/data/projects/{studio.project['id']}/attachment-files")
    assert len(in_project) == 2
    assert (await studio.client.get(f"/data/projects/{studio.project['id']}/attachment-files")).status_code == 403
    # add another, then remove one
    add = f"/actions/tasks/{studio.task_id}/comments/{comment['id']}/add-attachment"
    assert (await studio.other_artist.post(add, files={"file": ("x.txt", b"x")})).status_code == 403
    added = await studio.artist.post(add, files={"file": ("more.txt", b"more")})
    assert added.status_code == 201 and added.json()[0]["name"] == "more.txt"
    assert (await studio.artist.post(add, json={})).status_code == 400
    remove = f"/data/tasks/{studio.task_id}/comments/{comment['id']}/attachments/{attachment['id']}"
    assert (await studio.other_artist.delete(remove)).status_code == 403
    await studio.artist.ok("DELETE", remove)
    assert (await studio.artist.get(f"/data/attachment-files/{attachment['id']}/file/notes.txt")).status_code == 404


async def test_comment_many(studio: Studio, admin: Api) -> None:
    second = await admin.ok(
        "POST",
        "/data/tasks",
        {
            "name": "second",
            "project_id": studio.project["id"],
            "entity_id": studio.entity["id"],
            "task_type_id": studio.task_type["id"],
        },
    )
    path = f"/actions/projects/{studio.project['id']}/tasks/comment-many"
    body = [
        {"task_id": studio.task_id, "task_status_id": studio.status("wip"), "comment": "a"},
        {"task_id": second["id"], "task_status_id": studio.status("retake"), "comment": "b"},
    ]
    created = await studio.manager.ok("POST", path, body)
    assert [c["object_id"] for c in created] == [studio.task_id, second["id"]]
    assert created[1]["task_status"]["short_name"] == "retake"
    # an artist may not comment the task they are not assigned to: nothing is kept
    before = len(await rows(admin, "comment", object_id=studio.task_id))
    response = await studio.artist.post(path, body)
    assert response.status_code == 403
    assert len(await rows(admin, "comment", object_id=studio.task_id)) == before
    assert (await studio.outsider.post(path, body)).status_code == 403
    assert (await studio.manager.post(path, {"nope": 1})).status_code == 400


async def test_comment_many_as_the_web_app_sends_it(studio: Studio) -> None:
    """The web app's ``changeSelectedTaskStatus`` (``tasksApi.commentTasks``) posts a JSON list of
    ``{object_id, task_status_id, comment, checklist}``: 201 with the list of comments."""
    path = f"/actions/projects/{studio.project['id']}/tasks/comment-many"
    body = [{"object_id": studio.task_id, "task_status_id": studio.status("wfa"), "comment": "", "checklist": []}]
    created = await studio.manager.ok("POST", path, body)
    assert [(c["object_id"], c["task_status_id"]) for c in created] == [(studio.task_id, studio.status("wfa"))]
    assert created[0]["person"]["id"] == studio.manager.id and created[0]["task_status"]["short_name"] == "wfa"
    assert (await studio.reload())["task_status_id"] == studio.status("wfa")
    nameless = await studio.manager.post(path, [{"task_status_id": studio.status("wip"), "comment": "x"}])
    assert nameless.status_code == 400 and "object_id" in nameless.text


async def test_project_comments(studio: Studio) -> None:
    comment = await studio.comment(studio.artist, "wip", "one")
    listed = await studio.manager.ok("GET", f"/data/projects/{studio.project['id']}/comments")
    assert [c["id"] for c in listed] == [comment["id"]]
    assert (await studio.artist.get(f"/data/projects/{studio.project['id']}/comments")).status_code == 403
    assert (await studio.outsider.get(f"/data/projects/{studio.project['id']}/comments")).status_code == 403


async def test_move_comment(studio: Studio, admin: Api) -> None:
    """gazu's ``move_comment`` posts ``{"target_task_id"}``: the comment moves to another task of
    the same entity and both tasks take the status of their newest comment."""
    other = await admin.ok(
        "POST",
        "/data/tasks",
        {
            "name": "o",
            "project_id": studio.project["id"],
            "entity_id": studio.entity["id"],
            "task_type_id": studio.task_type["id"],
        },
    )
    before = (await studio.reload())["task_status_id"]
    comment = await studio.comment(studio.artist, "wip", "misplaced")
    path = f"/actions/tasks/{studio.task_id}/comments/{comment['id']}/move"
    assert (await studio.artist.post(path, {"target_task_id": other["id"]})).status_code == 403
    missing = await studio.manager.post(path, {"task_id": other["id"]})
    assert missing.status_code == 400 and "target_task_id" in missing.text
    assert (await studio.manager.post(path, {"target_task_id": studio.task_id})).status_code == 400
    elsewhere = await new_entity(admin, studio.project)
    other_entity_task = await admin.ok(
        "POST",
        "/data/tasks",
        {"project_id": studio.project["id"], "entity_id": elsewhere["id"], "task_type_id": studio.task_type["id"]},
    )
    assert (await studio.manager.post(path, {"target_task_id": other_entity_task["id"]})).status_code == 400
    moved = await studio.manager.ok("POST", path, {"target_task_id": other["id"]}, status=200)
    assert moved["object_id"] == other["id"] and moved["id"] == comment["id"]
    assert (await admin.ok("GET", f"/data/tasks/{other['id']}"))["task_status_id"] == studio.status("wip")
    assert (await studio.reload())["task_status_id"] == before
