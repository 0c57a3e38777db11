"""One comment reading rule everywhere (issue 14: client comments reach artists).

A task's thread hides clients' comments from artists and vendors, and shows clients only the
comments marked for them and their own; a single comment (``/data/comments/{id}`` as well as
under its task) and the notifications follow that same rule.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import Api
from tests.tasks.studio import Studio, build_studio, rows


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def readable_one_by_one(reader: Api, comment_ids: list[str]) -> set[str]:
    found = set()
    for comment_id in comment_ids:
        response = await reader.get(f"/data/comments/{comment_id}")
        assert response.status_code in (200, 403), response.text
        if response.status_code == 200:
            found.add(comment_id)
    return found


async def test_a_single_comment_is_read_as_the_tasks_thread_shows_it(studio: Studio) -> None:
    await studio.admin.ok("PUT", f"/data/tasks/{studio.task_id}", {"assignees": [studio.artist.id, studio.vendor.id]})
    comments = [
        await studio.comment(studio.manager, "wip", "internal"),
        await studio.comment(studio.manager, "wip", "for the client", for_client=True),
        await studio.comment(studio.client, "retake", "client says"),
        await studio.comment(studio.artist, "wip", "artist says"),
        await studio.comment(studio.vendor, "wip", "vendor says"),
    ]
    ids = [str(c["id"]) for c in comments]
    readers = {
        "manager": studio.manager,
        "supervisor": studio.supervisor,
        "artist": studio.artist,
        "other_artist": studio.other_artist,
        "client": studio.client,
        "vendor": studio.vendor,
        "outsider": studio.outsider,
    }
    for name, reader in readers.items():
        thread = await reader.get(f"/data/tasks/{studio.task_id}/comments")
        listed = {str(c["id"]) for c in thread.json()} if thread.status_code == 200 else set()
        assert await readable_one_by_one(reader, ids) == listed, name
        under_task = {i for i in ids if (await reader.get(f"/data/tasks/{studio.task_id}/comments/{i}")).is_success}
        assert under_task == listed, name
    client_says = ids[2]
    for name in ("artist", "other_artist", "vendor"):
        assert client_says not in await readable_one_by_one(readers[name], ids), name


async def test_notifications_never_carry_a_clients_comment_to_artists_or_vendors(studio: Studio) -> None:
    await studio.admin.ok("PUT", f"/data/tasks/{studio.task_id}", {"assignees": [studio.artist.id, studio.vendor.id]})
    for follower in (studio.supervisor, studio.other_artist):
        await follower.ok("POST", f"/actions/user/tasks/{studio.task_id}/subscribe")
    comment = await studio.comment(studio.client, "retake", "the client's secret")
    for watcher in (studio.artist, studio.vendor, studio.other_artist):
        notes = await watcher.ok("GET", "/data/user/notifications")
        assert all("secret" not in n["comment_text"] for n in notes)
        assert await rows(studio.admin, "notification", person_id=watcher.id, comment_id=comment["id"]) == []
    # the studio's supervisors read it, and are told
    notes = await studio.supervisor.ok("GET", "/data/user/notifications")
    assert [n["comment_text"] for n in notes if n["comment_id"] == comment["id"]] == ["the client's secret"]


async def test_a_comment_that_becomes_a_clients_is_blanked_in_notifications(studio: Studio) -> None:
    author = studio.other_artist  # a studio artist for now
    artist_name = f"{studio.artist.person['first_name']} {studio.artist.person['last_name']}"
    text = f"note for @{artist_name}"
    comment = await studio.comment(studio.manager, "wip", text, person_id=author.id)
    (note,) = [n for n in await studio.artist.ok("GET", "/data/user/notifications") if n["comment_id"] == comment["id"]]
    assert note["comment_text"] == text and note["mentions"] == [studio.artist.id]
    assert (await studio.artist.get(f"/data/comments/{comment['id']}")).status_code == 200
    await studio.admin.ok("PUT", f"/data/persons/{author.id}", {"role": "client"})
    # now a client's comment: the artist may not read it, and their notification no longer says it
    assert (await studio.artist.get(f"/data/comments/{comment['id']}")).status_code == 403
    listed = [n for n in await studio.artist.ok("GET", "/data/user/notifications") if n["id"] == note["id"]]
    one = await studio.artist.ok("GET", f"/data/user/notifications/{note['id']}")
    for blanked in (listed[0], one):
        assert blanked["comment_text"] == "" and blanked["mentions"] == [] and blanked["preview_file_id"] is None
        assert blanked["task_id"] == studio.task_id  # the task is still theirs to read
    # a manager reads every comment: nothing is blanked for them
    manager_view = await studio.manager.ok("GET", f"/data/comments/{comment['id']}")
    assert manager_view["text"] == text


async def test_to_do_lists_show_the_last_comment_the_reader_reads(studio: Studio) -> None:
    await studio.comment(studio.manager, "wip", "the studio's words")
    await studio.comment(studio.client, "retake", "the client's words")

    def last_text(tasks: list[dict[str, Any]]) -> Any:
        (task,) = [t for t in tasks if t["id"] == studio.task_id]
        return task["last_comment"]["text"]

    assert last_text(await studio.artist.ok("GET", "/data/user/tasks")) == "the studio's words"
    person_tasks = f"/data/persons/{studio.artist.id}/tasks"
    assert last_text(await studio.other_artist.ok("GET", person_tasks)) == "the studio's words"
    assert last_text(await studio.supervisor.ok("GET", person_tasks)) == "the client's words"
    assert last_text(await studio.client.ok("GET", person_tasks)) == "the client's words"


async def test_attachments_do_not_carry_a_clients_comment_to_artists(studio: Studio) -> None:
    data = {"task_status_id": studio.status("retake"), "comment": "the client's words"}
    files = {"file-0": ("notes.txt", b"hello", "text/plain")}
    response = await studio.client.post(f"/actions/tasks/{studio.task_id}/comment", data=data, files=files)
    assert response.status_code == 201, response.text
    (attachment,) = response.json()["attachment_files"]
    one = f"/data/attachment-files/{attachment['id']}"
    assert (await studio.artist.get(one)).status_code == 403
    assert (await studio.artist.get(f"{one}/file/notes.txt")).status_code == 403
    for route in (
        f"/data/tasks/{studio.task_id}/attachment-files",
        f"/data/projects/{studio.project['id']}/attachment-files",
    ):
        assert await studio.artist.ok("GET", route) == []
        (seen,) = await studio.supervisor.ok("GET", route)
        assert seen["comment"]["text"] == "the client's words"
    assert (await studio.supervisor.ok("GET", one))["comment"]["text"] == "the client's words"
