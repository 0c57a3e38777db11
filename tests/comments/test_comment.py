"""POST /actions/tasks/{id}/comment: the status change, its events, news, mentions and notifications."""

from __future__ import annotations

import pytest

from tests.support import Api
from tests.tasks.studio import Studio, build_studio, captured_events, rows


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def test_comment_shape_and_status_side_effects(studio: Studio) -> None:
    comment = await studio.comment(studio.artist, "wip", "starting", checklist=[{"text": "a", "checked": False}])
    assert comment["type"] == "Comment" and comment["object_type"] == "Task"
    assert comment["object_id"] == studio.task_id and comment["person_id"] == studio.artist.id
    assert comment["text"] == "starting" and comment["checklist"] == [{"text": "a", "checked": False}]
    assert comment["person"]["full_name"] and comment["person"]["id"] == studio.artist.id
    assert "password" not in comment["person"]
    assert comment["task_status"]["short_name"] == "wip"
    for key in ("acknowledgements", "mentions", "department_mentions", "previews", "attachment_files", "replies"):
        assert comment[key] == []
    task = await studio.reload()
    assert task["task_status_id"] == studio.status("wip")
    started = task["real_start_date"]
    assert started is not None and task["last_comment_date"] is not None
    # a second WIP keeps the first start date; a retake counts once per change
    await studio.comment(studio.manager, "retake")
    await studio.comment(studio.manager, "retake", "still not")
    await studio.comment(studio.artist, "wip")
    task = await studio.reload()
    assert task["real_start_date"] == started and task["retake_count"] == 1
    assert task["end_date"] is None
    # a feedback request ends the work (the reference's end date), once per change of status
    await studio.comment(studio.artist, "wfa", "please review")
    review = await studio.reload()
    assert review["end_date"] is not None and review["done_date"] is None
    await studio.comment(studio.artist, "wfa", "and this one")
    assert (await studio.reload())["end_date"] == review["end_date"]
    await studio.comment(studio.manager, "done")
    task = await studio.reload()
    assert task["end_date"] is not None and task["done_date"] is not None


async def test_events_in_order_with_previous_and_new_status(studio: Studio) -> None:
    await studio.comment(studio.artist, "wip")
    with captured_events(studio.admin) as events:
        comment = await studio.comment(studio.artist, "wfa", "please review")
    names = [e["name"] for e in events if not e["name"].startswith("notification")]
    assert names == ["comment:new", "task:update", "task:status-changed", "task:to-review", "news:new"]
    changed = next(e for e in events if e["name"] == "task:status-changed")
    assert changed["data"]["previous_task_status_id"] == studio.status("wip")
    assert changed["data"]["new_task_status_id"] == studio.status("wfa")
    assert events[0]["data"]["comment_id"] == comment["id"]
    # the same status again: no status change, no review request
    with captured_events(studio.admin) as events:
        await studio.comment(studio.artist, "wfa", "again")
    assert [e["name"] for e in events if not e["name"].startswith("notification")] == [
        "comment:new",
        "task:update",
        "news:new",
    ]


async def test_news_entry(studio: Studio) -> None:
    comment = await studio.comment(studio.artist, "wip", "go")
    news = await rows(studio.admin, "news", comment_id=comment["id"])
    assert len(news) == 1 and news[0]["change"] in (True, 1)
    assert str(news[0]["author_id"]) == studio.artist.id and str(news[0]["task_id"]) == studio.task_id
    same = await studio.comment(studio.artist, "wip", "still going")
    news = await rows(studio.admin, "news", comment_id=same["id"])
    assert news[0]["change"] in (False, 0)


async def test_mentions_and_notifications(studio: Studio) -> None:
    supervisor_name = studio.supervisor.person["first_name"] + " " + studio.supervisor.person["last_name"]
    await studio.admin.ok(
        "POST", "/data/subscriptions", {"person_id": studio.other_artist.id, "task_id": studio.task_id}
    )
    comment = await studio.comment(studio.artist, "wfa", f"done, @{supervisor_name} please look")
    assert comment["mentions"] == [studio.supervisor.id]
    notified = await rows(studio.admin, "notification", comment_id=comment["id"])
    by_person = {str(n["person_id"]): n["type"] for n in notified}
    # the author is never notified; the subscriber gets a comment, the mentioned supervisor a mention
    assert by_person == {studio.other_artist.id: "comment", studio.supervisor.id: "mention"}
    assert all(str(n["author_id"]) == studio.artist.id for n in notified)
    # the supervisor answers: the assignee (the artist) is notified, the supervisor is not
    reply = await studio.comment(studio.supervisor, "retake", "fix the hands")
    notified = await rows(studio.admin, "notification", comment_id=reply["id"])
    assert {str(n["person_id"]): n["type"] for n in notified} == {
        studio.artist.id: "comment",
        studio.other_artist.id: "comment",
    }


async def test_notification_events_are_published_but_not_stored(studio: Studio) -> None:
    with captured_events(studio.admin) as events:
        comment = await studio.comment(studio.manager, "wip", "go")
    published = [e for e in events if e["name"] == "notification:new"]
    assert [e["data"]["person_id"] for e in published] == [studio.artist.id]
    assert await rows(studio.admin, "api_event", name="notification:new", user_id=studio.manager.id) == []
    kept = await rows(studio.admin, "api_event", name="comment:new", user_id=studio.manager.id)
    assert [row["data"]["comment_id"] for row in kept] == [comment["id"]]


async def test_department_mention(studio: Studio, admin: Api) -> None:
    department = (await admin.ok("GET", f"/data/persons/{studio.supervisor.id}"))["departments"][0]
    name = (await admin.ok("GET", f"/data/departments/{department}"))["name"]
    comment = await studio.comment(studio.artist, "wip", f"hello @{name}!")
    assert comment["department_mentions"] == [department]
    notified = await rows(studio.admin, "notification", comment_id=comment["id"])
    assert {str(n["person_id"]): n["type"] for n in notified} == {studio.supervisor.id: "mention"}


async def test_failed_notifications_leave_nothing(studio: Studio, monkeypatch: pytest.MonkeyPatch) -> None:
    from tenko.domains.notifications import service

    async def broken(*_: object, **__: object) -> None:
        raise RuntimeError("notification store down")

    monkeypatch.setattr(service, "create_notifications", broken)
    with pytest.raises(RuntimeError):
        await studio.artist.post(
            f"/actions/tasks/{studio.task_id}/comment", {"task_status_id": studio.status("wip"), "comment": "x"}
        )
    task = await studio.reload()
    assert task["task_status_id"] == studio.status("todo") and task["real_start_date"] is None
    assert await rows(studio.admin, "comment", object_id=studio.task_id) == []
    assert await rows(studio.admin, "news", task_id=studio.task_id) == []
