"""The event log replays a write's events in the order they were recorded, and every read change is logged."""

from __future__ import annotations

import pytest

from tests.support import Api
from tests.tasks.studio import Studio, build_studio


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def test_last_events_keep_the_order_of_one_comment(studio: Studio) -> None:
    comment = await studio.comment(studio.artist, "wfa", "please review")
    events = await studio.admin.ok("GET", f"/data/events/last?project_id={studio.project['id']}&limit=20")
    # newest first: the comment's events, all within the same second, come back in reverse recording order
    mine = [e["name"] for e in events if e["name"] in {"comment:new", "task:update", "task:status-changed"}]
    assert mine[:3] == ["task:status-changed", "task:update", "comment:new"], mine
    names = [e["name"] for e in events]
    assert names.index("news:new") < names.index("task:to-review") < names.index("task:status-changed")
    assert any(e["data"].get("comment_id") == comment["id"] for e in events if e["name"] == "comment:new")


async def test_after_means_after_that_second(studio: Studio) -> None:
    await studio.comment(studio.artist, "wip")
    (newest,) = await studio.admin.ok("GET", f"/data/events/last?project_id={studio.project['id']}&limit=1")
    # times are shown to the second: asking for what came after the newest one shown gives nothing more
    after = await studio.admin.ok(
        "GET", f"/data/events/last?project_id={studio.project['id']}&after={newest['created_at']}"
    )
    assert after == []
    before = await studio.admin.ok(
        "GET", f"/data/events/last?project_id={studio.project['id']}&before={newest['created_at']}"
    )
    assert all(e["created_at"] < newest["created_at"] for e in before)


async def test_mark_all_read_records_one_event_per_notification(studio: Studio) -> None:
    await studio.comment(studio.artist, "wfa", f"@{studio.supervisor.person['full_name']} please review")
    unread = await studio.supervisor.ok("GET", "/data/user/notifications?read=false")
    assert unread
    await studio.supervisor.ok("POST", "/actions/user/notifications/mark-all-as-read", {}, status=200)
    assert await studio.supervisor.ok("GET", "/data/user/notifications?read=false") == []
    events = await studio.admin.ok("GET", "/data/events/last?name=notification:update&limit=100")
    logged = {e["data"]["notification_id"] for e in events if e["user_id"] == studio.supervisor.id}
    assert logged == {n["id"] for n in unread}
