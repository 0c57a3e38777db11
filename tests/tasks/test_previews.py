"""Previews of a task: revisions added to comments, extra pages, removal, listings, thumbnails."""

from __future__ import annotations

from typing import Any

import pytest

from tests.projects.shapes import like
from tests.support import Api, new_entity
from tests.tasks.studio import Studio, build_studio, captured_events, rows

UNKNOWN = "7d1c9a54-0f43-4c43-9a2e-3b5c1f0e8a11"  # fixed: it names parametrised tests (xdist compares ids)


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


def comment_path(task_id: str, comment_id: str, suffix: str) -> str:
    return f"/actions/tasks/{task_id}/comments/{comment_id}/{suffix}"


async def add_preview(studio: Studio, who: Api, comment: dict[str, Any], body: Any = None, status: int = 201) -> Any:
    path = comment_path(studio.task_id, comment["id"], "add-preview")
    return await who.ok("POST", path, body if body is not None else {}, status=status)


async def extra_preview(studio: Studio, who: Api, comment: dict[str, Any], preview: dict[str, Any]) -> Any:
    return await who.ok("POST", comment_path(studio.task_id, comment["id"], f"preview-files/{preview['id']}"), {})


async def new_task(studio: Studio, **extra: Any) -> dict[str, Any]:
    entity = await new_entity(studio.admin, studio.project)
    body = {"name": "main", "project_id": studio.project["id"], "entity_id": entity["id"]}
    return await studio.admin.ok("POST", "/data/tasks", {**body, "task_type_id": studio.task_type["id"], **extra})  # type: ignore[no-any-return]


async def test_add_preview_opens_the_next_revision(studio: Studio) -> None:
    comment = await studio.comment(studio.artist, "wip", "v1")
    with captured_events(studio.admin) as events:
        preview = await add_preview(studio, studio.artist, comment)
    like("POST /actions/tasks/{task_id}/comments/{comment_id}/add-preview", preview)
    assert preview["type"] == "PreviewFile" and preview["task_id"] == studio.task_id
    assert (preview["revision"], preview["position"]) == (1, 1) and preview["comments"] == [comment["id"]]
    assert preview["person_id"] == studio.artist.id and preview["status"] == "processing"
    names = [event["name"] for event in events]
    assert names == ["preview-file:new", "comment:update", "task:update"]
    assert events[0]["data"]["preview_file_id"] == preview["id"] and events[0]["project_id"] == studio.project["id"]
    assert (await studio.reload())["last_preview_file_id"] == preview["id"]
    news = await rows(studio.admin, "news", comment_id=comment["id"])
    assert [item["preview_file_id"] for item in news] == [preview["id"]]
    thread = await studio.artist.ok("GET", f"/data/tasks/{studio.task_id}/comments")
    assert [p["id"] for p in thread[0]["previews"]] == [preview["id"]]
    # a further preview of the same comment joins its revision
    second = await add_preview(studio, studio.artist, comment)
    assert (second["revision"], second["position"]) == (1, 2)
    assert (await studio.reload())["last_preview_file_id"] == preview["id"]
    later = await studio.comment(studio.artist, "wip", "v2")
    assert (await add_preview(studio, studio.artist, later))["revision"] == 2
    named = await studio.comment(studio.manager, "wip", "v5")
    assert (await add_preview(studio, studio.manager, named, {"revision": 5}))["revision"] == 5
    after = await studio.comment(studio.manager, "wip", "v6")
    sixth = await add_preview(studio, studio.manager, after, {"revision": None})
    assert (sixth["revision"], sixth["position"]) == (6, 1)
    # an empty body is the web app's ``{revision: undefined}``
    empty = await studio.manager.post(comment_path(studio.task_id, after["id"], "add-preview"), content=b"")
    assert empty.status_code == 201 and (empty.json()["revision"], empty.json()["position"]) == (6, 2)


async def test_extra_preview_shares_the_revision(studio: Studio) -> None:
    comment = await studio.comment(studio.artist, "wip")
    first = await add_preview(studio, studio.artist, comment)
    with captured_events(studio.admin) as events:
        extra = await extra_preview(studio, studio.artist, comment, first)
    like("POST /actions/tasks/{task_id}/comments/{comment_id}/preview-files/{preview_file_id}", extra)
    assert (extra["revision"], extra["position"], extra["comments"]) == (1, 2, [comment["id"]])
    assert extra["id"] != first["id"] and "preview-file:new" in [event["name"] for event in events]
    assert (await extra_preview(studio, studio.artist, comment, first))["position"] == 3
    other = await new_task(studio, assignees=[studio.artist.id])
    elsewhere = await studio.artist.ok(
        "POST", f"/actions/tasks/{other['id']}/comment", {"task_status_id": studio.status("wip")}
    )
    foreign = await studio.artist.ok("POST", comment_path(other["id"], elsewhere["id"], "add-preview"), {})
    path = comment_path(studio.task_id, comment["id"], f"preview-files/{foreign['id']}")
    assert (await studio.artist.post(path, {})).status_code == 404
    await studio.admin.ok("PUT", f"/data/projects/{studio.project['id']}", {"is_single_preview_per_revision": True})
    path = comment_path(studio.task_id, comment["id"], f"preview-files/{first['id']}")
    response = await studio.artist.post(path, {})
    assert response.status_code == 400 and response.json()["error"] is True


async def test_who_may_publish(studio: Studio) -> None:
    artist_comment = await studio.comment(studio.artist, "wip")
    manager_comment = await studio.comment(studio.manager, "wip")
    client_comment = await studio.comment(studio.client, "retake", "no")
    first = await add_preview(studio, studio.manager, artist_comment)  # managers publish on any comment
    for who, comment in (
        (studio.outsider, artist_comment),
        (studio.other_artist, artist_comment),  # not assigned
        (studio.vendor, artist_comment),  # not assigned
        (studio.artist, manager_comment),  # not their comment
        (studio.client, client_comment),  # clients review, they do not publish
        (studio.other_supervisor, artist_comment),  # another department
    ):
        for method, suffix in (
            ("POST", "add-preview"),
            ("POST", f"preview-files/{first['id']}"),
            ("DELETE", f"preview-files/{first['id']}"),
        ):
            response = await who.request(method, comment_path(studio.task_id, comment["id"], suffix), json={})
            assert response.status_code == 403, (who.person["role"], method, suffix, response.text)
    await add_preview(studio, studio.supervisor, await studio.comment(studio.supervisor, "retake"))


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        (f"/actions/tasks/{UNKNOWN}/comments/COMMENT/add-preview", {}, 404),
        ("/actions/tasks/TASK/comments/{UNKNOWN}/add-preview", {}, 404),
        ("/actions/tasks/not-a-uuid/comments/COMMENT/add-preview", {}, 400),
        ("/actions/tasks/TASK/comments/not-a-uuid/add-preview", {}, 400),
        ("/actions/tasks/TASK/comments/COMMENT/add-preview", {"revision": "abc"}, 400),
        ("/actions/tasks/TASK/comments/COMMENT/add-preview", {"revision": 0}, 400),
        ("/actions/tasks/TASK/comments/COMMENT/add-preview", {"revision": 2**40}, 400),
        ("/actions/tasks/TASK/comments/COMMENT/add-preview", [1], 400),
        (f"/actions/tasks/TASK/comments/COMMENT/preview-files/{UNKNOWN}", {}, 404),
        ("/actions/tasks/TASK/comments/COMMENT/preview-files/not-a-uuid", {}, 400),
    ],
)
async def test_unknown_and_malformed(studio: Studio, path: str, body: Any, status: int) -> None:
    comment = await studio.comment(studio.artist, "wip")
    path = path.replace("TASK", studio.task_id).replace("COMMENT", comment["id"]).replace("{UNKNOWN}", UNKNOWN)
    response = await studio.artist.post(path, body)
    assert response.status_code == status, response.text
    assert response.json()["error"] is True
    bad_json = await studio.artist.post(
        comment_path(studio.task_id, comment["id"], "add-preview"),
        content=b"{nope",
        headers={"Content-Type": "application/json"},
    )
    assert bad_json.status_code == 400
    # a comment of another task is not found under this one
    other = await new_task(studio, assignees=[studio.artist.id])
    response = await studio.artist.post(comment_path(other["id"], comment["id"], "add-preview"), {})
    assert response.status_code == 404


async def test_remove_preview_from_comment(studio: Studio) -> None:
    older = await studio.comment(studio.artist, "wip")
    kept = await add_preview(studio, studio.artist, older)
    comment = await studio.comment(studio.artist, "wip")
    preview = await add_preview(studio, studio.artist, comment)
    await studio.manager.ok("PUT", f"/actions/tasks/{studio.task_id}/set-main-preview")
    path = comment_path(studio.task_id, comment["id"], f"preview-files/{preview['id']}")
    assert (
        await studio.artist.delete(comment_path(studio.task_id, older["id"], f"preview-files/{preview['id']}"))
    ).status_code == 404
    with captured_events(studio.admin) as events:
        assert (await studio.artist.delete(path)).status_code == 204
    names = [event["name"] for event in events]
    assert names == ["preview-file:delete", "asset:update", "comment:update", "task:update"]
    assert (await studio.admin.get(f"/data/preview-files/{preview['id']}")).status_code == 404
    assert (await studio.admin.ok("GET", f"/data/entities/{studio.entity['id']}"))["preview_file_id"] is None
    assert (await studio.reload())["last_preview_file_id"] == kept["id"]
    assert await rows(studio.admin, "news", preview_file_id=preview["id"]) == []
    assert (await studio.artist.delete(path)).status_code == 404


async def test_task_previews_newest_revision_first(studio: Studio) -> None:
    first = await studio.comment(studio.artist, "wip")
    one = await add_preview(studio, studio.artist, first)
    two = await extra_preview(studio, studio.artist, first, one)
    shared = await studio.comment(studio.manager, "wip", "for the client", for_client=True)
    three = await add_preview(studio, studio.manager, shared)
    path = f"/data/tasks/{studio.task_id}/previews"
    listed = await studio.artist.ok("GET", path)
    like("GET /data/tasks/{task_id}/previews", listed)
    assert [p["id"] for p in listed] == [three["id"], one["id"], two["id"]]
    assert [p["id"] for p in await studio.client.ok("GET", path)] == [three["id"]]
    assert (await studio.outsider.get(path)).status_code == 403
    assert (await studio.vendor.get(path)).status_code == 403
    assert (await studio.artist.get(f"/data/tasks/{UNKNOWN}/previews")).status_code == 404
    assert (await studio.artist.get("/data/tasks/nope/previews")).status_code == 400
    before = studio.admin.count_statements().count
    await studio.admin.ok("GET", path)
    few = studio.admin.count_statements().count - before
    for _ in range(4):
        await add_preview(studio, studio.manager, await studio.comment(studio.manager, "wip"))
    before = studio.admin.count_statements().count
    assert len(await studio.admin.ok("GET", path)) == 7
    assert studio.admin.count_statements().count - before == few


async def test_project_preview_files(studio: Studio) -> None:
    comment = await studio.comment(studio.artist, "wip")
    mine = await add_preview(studio, studio.artist, comment)
    other = await new_task(studio)
    other_comment = await studio.admin.ok(
        "POST", f"/actions/tasks/{other['id']}/comment", {"task_status_id": studio.status("wip")}
    )
    theirs = await studio.admin.ok("POST", comment_path(other["id"], other_comment["id"], "add-preview"), {})
    path = f"/data/projects/{studio.project['id']}/preview-files"
    listed = await studio.artist.ok("GET", path)
    like("GET /data/projects/{project_id}/preview-files", listed)
    assert {p["id"] for p in listed} == {theirs["id"], mine["id"]}  # newest first (same second here)
    assert [p["id"] for p in await studio.artist.ok("GET", f"{path}?entity_id={studio.entity['id']}")] == [mine["id"]]
    assert [p["id"] for p in await studio.artist.ok("GET", f"{path}?task_id={other['id']}")] == [theirs["id"]]
    assert len(await studio.artist.ok("GET", f"{path}?task_type_id={studio.task_type['id']}")) == 2
    assert await studio.artist.ok("GET", f"{path}?task_type_id={UNKNOWN}") == []
    page = await studio.artist.ok("GET", f"{path}?page=1&limit=1")
    assert page["total"] == 2 and page["nb_pages"] == 2 and len(page["data"]) == 1
    assert (await studio.artist.get(f"{path}?task_type_id=nope")).status_code == 400
    assert (await studio.outsider.get(path)).status_code == 403
    assert (await studio.artist.get(f"/data/projects/{UNKNOWN}/preview-files")).status_code == 404
    # vendors see the previews of the tasks they are assigned to
    assert await studio.vendor.ok("GET", path) == []
    await studio.admin.ok("PUT", f"/data/tasks/{other['id']}", {"assignees": [studio.vendor.id]})
    assert [p["id"] for p in await studio.vendor.ok("GET", path)] == [theirs["id"]]
    counts = []
    for _ in range(2):
        before = studio.admin.count_statements().count
        await studio.admin.ok("GET", path)
        counts.append(studio.admin.count_statements().count - before)
        for _ in range(3):
            await add_preview(studio, studio.manager, await studio.comment(studio.manager, "wip"))
    assert counts[0] == counts[1]


async def test_set_main_preview_of_a_task(studio: Studio) -> None:
    path = f"/actions/tasks/{studio.task_id}/set-main-preview"
    response = await studio.manager.put(path)
    assert response.status_code == 400  # no preview yet
    first = await studio.comment(studio.artist, "wip")
    await add_preview(studio, studio.artist, first)
    last = await studio.comment(studio.artist, "wip")
    main = await add_preview(studio, studio.artist, last)
    await extra_preview(studio, studio.artist, last, main)
    for who in (studio.outsider, studio.client, studio.other_artist, studio.vendor):
        assert (await who.put(path, {})).status_code == 403, who.person["role"]
    with captured_events(studio.admin) as events:
        entity = await studio.artist.ok("PUT", path, {})
    like("PUT /actions/tasks/{task_id}/set-main-preview", entity)
    assert entity["id"] == studio.entity["id"] and entity["type"] == "Asset"
    assert entity["preview_file_id"] == main["id"] and entity["preview_file_status"] == "processing"
    assert [event["name"] for event in events] == ["asset:update"]
    assert events[0]["data"]["asset_id"] == studio.entity["id"]
    stored = await studio.admin.ok("GET", f"/data/entities/{studio.entity['id']}")
    assert stored["preview_file_id"] == main["id"]
    assert (await studio.manager.put(f"/actions/tasks/{UNKNOWN}/set-main-preview")).status_code == 404
    assert (await studio.manager.put("/actions/tasks/nope/set-main-preview")).status_code == 400


async def test_set_main_preview_of_tasks(studio: Studio) -> None:
    other = await new_task(studio, assignees=[studio.artist.id])
    bare = await new_task(studio)
    previews = {}
    for task_id in (studio.task_id, other["id"]):
        comment = await studio.manager.ok(
            "POST", f"/actions/tasks/{task_id}/comment", {"task_status_id": studio.status("wip")}
        )
        previews[task_id] = await studio.manager.ok("POST", comment_path(task_id, comment["id"], "add-preview"), {})
    path = "/actions/tasks/set-main-preview"
    body = {"task_ids": [studio.task_id, other["id"], bare["id"]]}
    with captured_events(studio.admin) as events:
        entities = await studio.manager.ok("PUT", path, body)
    like("PUT /actions/tasks/set-main-preview", entities)
    assert [e["id"] for e in entities] == [studio.entity["id"], other["entity_id"]]  # the bare task has no preview
    assert [e["preview_file_id"] for e in entities] == [previews[studio.task_id]["id"], previews[other["id"]]["id"]]
    assert [event["name"] for event in events] == ["asset:update", "asset:update"]
    for who in (studio.outsider, studio.client, studio.other_artist):
        assert (await who.put(path, {"task_ids": [studio.task_id]})).status_code == 403
    # an artist sets the thumbnails of their own tasks only
    assert len(await studio.artist.ok("PUT", path, {"task_ids": [studio.task_id, other["id"]]})) == 2
    assert (await studio.artist.put(path, body)).status_code == 403
    assert (await studio.manager.put(path, {"task_ids": [UNKNOWN]})).status_code == 404
    for bad in ({}, {"task_ids": "nope"}, {"task_ids": ["nope"]}, [studio.task_id]):
        assert (await studio.manager.put(path, bad)).status_code == 400, bad
    assert await studio.manager.ok("PUT", path, {"task_ids": []}) == []
