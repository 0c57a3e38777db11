"""A comment's news entry announces itself (``news:new``); editing a comment records its editor."""

from __future__ import annotations

import pytest

from tests.support import Api
from tests.tasks.studio import Studio, build_studio, captured_events, rows


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def test_news_new_event_follows_the_task_events(studio: Studio) -> None:
    with captured_events(studio.admin) as events:
        comment = await studio.comment(studio.artist, "wfa", "please review")
    names = [e["name"] for e in events if not e["name"].startswith("notification")]
    assert names[-1] == "news:new" and names.count("news:new") == 1
    assert names.index("news:new") > names.index("task:to-review")
    (news,) = await rows(studio.admin, "news", comment_id=comment["id"])
    data = next(e for e in events if e["name"] == "news:new")["data"]
    # what the web app's news feed reads to decide whether to load the entry
    assert data == {
        "news_id": news["id"],
        "comment_id": comment["id"],
        "task_id": studio.task_id,
        "task_type_id": studio.task_type["id"],
        "task_status_id": studio.status("wfa"),
        "project_id": studio.project["id"],
    }
    # the event is kept in the log too, attributed to the author, and the entry it names is readable
    (kept,) = await rows(studio.admin, "api_event", name="news:new", user_id=studio.artist.id)
    assert kept["data"]["news_id"] == news["id"] and str(kept["project_id"]) == studio.project["id"]
    entry = await studio.manager.ok("GET", f"/data/projects/{studio.project['id']}/news/{news['id']}")
    assert entry["id"] == news["id"] and entry["comment_id"] == comment["id"]


async def test_news_new_event_without_status_change(studio: Studio) -> None:
    await studio.comment(studio.artist, "wip")
    with captured_events(studio.admin) as events:
        comment = await studio.comment(studio.artist, "wip", "still going")
    names = [e["name"] for e in events if not e["name"].startswith("notification")]
    assert names == ["comment:new", "task:update", "news:new"]
    (news,) = await rows(studio.admin, "news", comment_id=comment["id"])
    assert next(e for e in events if e["name"] == "news:new")["data"]["news_id"] == news["id"]


async def test_a_refused_comment_records_no_news_event(studio: Studio) -> None:
    with captured_events(studio.admin) as events:
        assert await studio.refusal(studio.outsider, "wip", "let me in") in (403, 404)
    assert [e for e in events if e["name"] == "news:new"] == []
    assert await rows(studio.admin, "news", task_id=studio.task_id) == []


async def test_editing_a_comment_sets_the_editor(studio: Studio) -> None:
    comment = await studio.comment(studio.artist, "wip", "first draft")
    assert comment["editor_id"] is None
    edited = await studio.artist.ok("PUT", f"/data/comments/{comment['id']}", {"text": "second draft"})
    assert edited["text"] == "second draft" and edited["editor_id"] == studio.artist.id
    # a manager fixes the artist's comment: the manager is its editor, the artist still its author
    edited = await studio.manager.ok("PUT", f"/data/comments/{comment['id']}", {"text": "fixed typo"})
    assert edited["editor_id"] == studio.manager.id and edited["person_id"] == studio.artist.id
    stored = await studio.admin.ok("GET", f"/data/comments/{comment['id']}")
    assert stored["editor_id"] == studio.manager.id and stored["text"] == "fixed typo"


async def test_the_editor_is_never_chosen_by_the_client(studio: Studio) -> None:
    comment = await studio.comment(studio.artist, "wip", "draft")
    body = {"text": "edited", "editor_id": studio.manager.id}
    edited = await studio.artist.ok("PUT", f"/data/comments/{comment['id']}", body)
    assert edited["editor_id"] == studio.artist.id
    # sent alone, it changes nothing
    again = await studio.artist.ok("PUT", f"/data/comments/{comment['id']}", {"editor_id": studio.manager.id})
    assert again["editor_id"] == studio.artist.id


async def test_pinning_is_not_an_edit(studio: Studio) -> None:
    comment = await studio.comment(studio.artist, "wip", "draft")
    pinned = await studio.manager.ok("PUT", f"/data/comments/{comment['id']}", {"pinned": True})
    assert pinned["pinned"] is True and pinned["editor_id"] is None


async def test_a_refused_edit_changes_no_editor(studio: Studio) -> None:
    comment = await studio.comment(studio.artist, "wip", "mine")
    for intruder in (studio.other_artist, studio.outsider):
        response = await intruder.put(f"/data/comments/{comment['id']}", {"text": "hijacked"})
        assert response.status_code in (403, 404), response.text
    stored = await studio.admin.ok("GET", f"/data/comments/{comment['id']}")
    assert stored["editor_id"] is None and stored["text"] == "mine"
