"""``DELETE /data/comments/{id}``: gazu's ``task.remove_comment``."""

from __future__ import annotations

import uuid

import pytest

from tests.support import Api
from tests.tasks.studio import Studio, build_studio


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def test_remove_comment_takes_its_news_and_notifications(studio: Studio, admin: Api) -> None:
    """gazu's ``remove_comment`` deletes the comment with what only describes it; the task takes
    back the status of its last remaining comment."""
    await studio.comment(studio.artist, "wip", "started")
    comment = await studio.comment(studio.artist, "wfa", f"please review @{studio.manager.person['first_name']}")
    news_path = f"/data/projects/{studio.project['id']}/news"
    assert any(item["comment_id"] == comment["id"] for item in (await admin.ok("GET", news_path))["data"])
    path = f"/data/comments/{comment['id']}"
    # neither another artist, nor a client, nor an outsider may delete it
    for who in (studio.other_artist, studio.client, studio.outsider, studio.vendor):
        assert (await who.delete(path)).status_code == 403, who.person["role"]
    assert (await studio.artist.delete(path)).status_code == 204
    assert (await admin.get(path)).status_code == 404
    assert (await studio.reload())["task_status_id"] == studio.status("wip")
    assert not any(item["comment_id"] == comment["id"] for item in (await admin.ok("GET", news_path))["data"])
    notifications = await studio.manager.ok("GET", "/data/user/notifications")
    assert not any(item.get("comment_id") == comment["id"] for item in notifications)
    # a manager deletes anyone's comment; unknown and malformed ids are a 404 and a 400
    other = await studio.comment(studio.artist, "wfa", "again")
    assert (await studio.manager.delete(f"/data/comments/{other['id']}")).status_code == 204
    assert (await admin.delete(f"/data/comments/{uuid.uuid4()}")).status_code == 404
    assert (await admin.delete("/data/comments/nope")).status_code == 400
