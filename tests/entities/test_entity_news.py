"""An entity's news is the news feed narrowed to its tasks: same entries, shape and read rules."""

from __future__ import annotations

from tests.news.test_news import insert_news
from tests.projects.shapes import like
from tests.support import Api, new_entity
from tests.tasks.studio import build_studio


async def test_entity_news_is_the_feed_of_its_tasks(admin: Api) -> None:
    studio = await build_studio(admin)
    await studio.comment(studio.artist, "wip", "started")
    by_client = await insert_news(studio, studio.client, "wip")
    other = await new_entity(admin, studio.project)
    body = {"name": "other", "project_id": studio.project["id"], "entity_id": other["id"]}
    other_task = await admin.ok("POST", "/data/tasks", {**body, "task_type_id": studio.task_type["id"]})
    await admin.ok("POST", f"/actions/tasks/{other_task['id']}/comment", {"task_status_id": studio.status("wip")})

    path = f"/data/entities/{studio.entity['id']}/news"
    page = await studio.manager.ok("GET", path)
    like("GET /data/entities/{entity_id}/news", page)
    assert "stats" not in page and page["total"] == 2
    assert {n["task_id"] for n in page["data"]} == {studio.task_id}
    feed = await studio.manager.ok("GET", f"/data/projects/{studio.project['id']}/news")
    assert [n for n in feed["data"] if n["task_id"] == studio.task_id] == page["data"]
    # the feed's read rules: artists do not read what clients wrote; page and limit as the feed's
    artist = await studio.artist.ok("GET", f"{path}?limit=1")
    assert artist["total"] == 1 and by_client not in [n["id"] for n in artist["data"]]
    assert (await studio.outsider.get(path)).status_code == 403
    assert (await studio.manager.get(f"{path}?page=0")).status_code == 400
