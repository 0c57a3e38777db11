"""The news feed: per project and studio-wide, one entry, filters, stats, who reads what, statement counts."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import insert

from tenko.core.model import table_of
from tenko.domains.comments.models import Comment
from tenko.domains.notifications.models import News
from tests.entities.factory import new_episode, new_sequence, new_shot
from tests.projects.shapes import like
from tests.support import Api, new_project
from tests.tasks.studio import Studio, build_studio


@pytest.fixture(scope="module")
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def insert_news(
    studio: Studio, author: Api, status: str, when: dt.datetime | None = None, for_client: bool = False
) -> str:
    """A comment and its news entry written straight to the database (authors the route would refuse)."""
    when = when or dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    comment_id, news_id = uuid.uuid4(), uuid.uuid4()
    person_id = uuid.UUID(author.id)
    async with studio.admin.server.context.db.sessionmaker.begin() as session:
        comment = {"object_id": uuid.UUID(studio.task_id), "object_type": "Task", "text": "", "for_client": for_client}
        status_id = uuid.UUID(studio.status(status))
        times = {"created_at": when, "updated_at": when}
        await session.execute(
            insert(table_of(Comment)).values(
                id=comment_id, person_id=person_id, task_status_id=status_id, **comment, **times
            )
        )
        news = {"id": news_id, "author_id": person_id, "comment_id": comment_id, "change": True, **times}
        await session.execute(insert(table_of(News)).values(task_id=uuid.UUID(studio.task_id), **news))
    return str(news_id)


async def feed(who: Api, project: dict[str, Any], query: str = "") -> Any:
    return await who.ok("GET", f"/data/projects/{project['id']}/news{query}")


async def test_feed_shape_names_and_stats(admin: Api) -> None:
    studio = await build_studio(admin)
    episode = await new_episode(admin, studio.project)
    sequence = await new_sequence(admin, studio.project, episode)
    shot = await new_shot(admin, studio.project, sequence)
    body = {"name": "main", "project_id": studio.project["id"], "entity_id": shot["id"]}
    shot_task = await admin.ok("POST", "/data/tasks", {**body, "task_type_id": studio.task_type["id"]})
    await studio.comment(studio.artist, "wip", "started")
    await studio.comment(studio.manager, "retake", "again")
    wip = {"task_status_id": studio.status("wip"), "comment": "shot"}
    await admin.ok("POST", f"/actions/tasks/{shot_task['id']}/comment", wip)

    page = await feed(studio.manager, studio.project)
    like("GET /data/projects/{project_id}/news", page)
    assert page["total"] == 3 and page["page"] == 1 and page["nb_pages"] == 1
    assert page["stats"] == {studio.status("wip"): 2, studio.status("retake"): 1}
    newest, retake, first = page["data"]
    assert newest["task_id"] == shot_task["id"] and newest["task_entity_id"] == shot["id"]
    assert newest["full_entity_name"] == f"{episode['name']} / {sequence['name']} / {shot['name']}"
    assert newest["episode_id"] == episode["id"]
    assert retake["task_status_id"] == studio.status("retake") and retake["change"] is True
    assert retake["person"]["id"] == studio.manager.id and retake["author_id"] == studio.manager.id
    assert (
        retake["person"]["full_name"] == f"{studio.manager.person['first_name']} {studio.manager.person['last_name']}"
    )
    assert first["full_entity_name"] == f"Character / {studio.entity['name']}" and first["episode_id"] is None
    assert first["project_name"] == studio.project["name"] and first["task_type_id"] == studio.task_type["id"]
    assert first["created_at"] <= retake["created_at"] <= newest["created_at"]

    in_episode = await feed(studio.manager, studio.project, f"?episode_id={episode['id']}")
    assert [n["id"] for n in in_episode["data"]] == [newest["id"]]
    one = await studio.artist.ok("GET", f"/data/projects/{studio.project['id']}/news/{retake['id']}")
    like("GET /data/projects/{project_id}/news/{news_id}", one)
    assert one == retake


async def test_filters_and_pages(studio: Studio) -> None:
    old = dt.datetime(2020, 1, 10, 12, 0, 0)
    first = await insert_news(studio, studio.artist, "wip", old)
    second = await insert_news(studio, studio.manager, "retake", old + dt.timedelta(days=1))
    project = studio.project
    since = "&after=2020-01-01&before=2020-02-01"
    assert [n["id"] for n in (await feed(studio.manager, project, f"?x=1{since}"))["data"]] == [second, first]
    narrowed = await feed(studio.manager, project, f"?person_id={studio.artist.id}{since}")
    assert [n["id"] for n in narrowed["data"]] == [first] and narrowed["stats"] == {studio.status("wip"): 1}
    by_status = await feed(studio.manager, project, f"?task_status_id={studio.status('retake')}{since}")
    assert [n["id"] for n in by_status["data"]] == [second]
    later = await feed(studio.manager, project, "?after=2020-01-11T00:00:00Z&before=2020-02-01")
    assert [n["id"] for n in later["data"]] == [second]
    paged = await feed(studio.manager, project, f"?page_size=1&page=2{since}")
    assert [n["id"] for n in paged["data"]] == [first] and paged["nb_pages"] == 2 and paged["limit"] == 1
    assert paged["offset"] == 1 and paged["total"] == 2
    other_type = await feed(studio.manager, project, f"?task_type_id={uuid.uuid4()}{since}")
    assert other_type["total"] == 0 and other_type["stats"] == {}
    assert (await feed(studio.manager, project, f"?only_preview=true{since}"))["data"] == []
    assert (await feed(studio.manager, project, f"?episode_id={uuid.uuid4()}{since}"))["total"] == 0
    for bad in ("task_status_id=nope", "after=yesterday", "limit=0", "page=-1", "only_preview=maybe"):
        response = await studio.manager.get(f"/data/projects/{project['id']}/news?{bad}")
        assert response.status_code == 400, bad
        assert response.json()["error"] is True


async def test_single_news_belongs_to_its_project(studio: Studio) -> None:
    news_id = await insert_news(studio, studio.artist, "wip")
    other = await new_project(studio.admin)
    response = await studio.admin.get(f"/data/projects/{other['id']}/news/{news_id}")
    assert response.status_code == 404
    assert (await studio.admin.get(f"/data/projects/{studio.project['id']}/news/{uuid.uuid4()}")).status_code == 404
    assert (await studio.admin.get(f"/data/projects/{studio.project['id']}/news/nope")).status_code == 400
    assert (await studio.admin.get(f"/data/projects/{uuid.uuid4()}/news")).status_code == 404


async def test_who_reads_which_entry(studio: Studio, anon: Api) -> None:
    by_client = await insert_news(studio, studio.client, "wip")
    for_client = await insert_news(studio, studio.manager, "wip", for_client=True)
    internal = await insert_news(studio, studio.manager, "wip")

    async def ids(who: Api) -> set[str]:
        return {n["id"] for n in (await feed(who, studio.project, "?limit=5000"))["data"]}

    assert {by_client, for_client, internal} <= await ids(studio.supervisor)
    artist_sees = await ids(studio.artist)
    assert {for_client, internal} <= artist_sees and by_client not in artist_sees
    client_sees = await ids(studio.client)
    assert {by_client, for_client} <= client_sees and internal not in client_sees
    assert await ids(studio.vendor) == set()  # assigned to no task
    path = f"/data/projects/{studio.project['id']}/news"
    assert (await studio.outsider.get(path)).status_code == 403
    assert (await studio.outsider.get(f"{path}/{internal}")).status_code == 403
    assert (await studio.client.get(f"{path}/{internal}")).status_code == 403
    assert (await studio.artist.get(f"{path}/{by_client}")).status_code == 403
    assert (await anon.get(path)).status_code == 401

    studio_wide = await studio.artist.ok("GET", "/data/projects/news?limit=5000")
    like("GET /data/projects/news", studio_wide)
    assert internal in {n["id"] for n in studio_wide["data"]}
    assert by_client not in {n["id"] for n in studio_wide["data"]}
    outsider_wide = await studio.outsider.ok("GET", "/data/projects/news")
    assert all(n["project_id"] != studio.project["id"] for n in outsider_wide["data"])


async def test_feed_statement_count_is_constant(studio: Studio) -> None:
    server = studio.admin.server
    path = f"/data/projects/{studio.project['id']}/news?limit=500"

    async def statements() -> int:
        start = server.counter.count
        await studio.manager.ok("GET", path)
        return server.counter.count - start

    await insert_news(studio, studio.artist, "wip")
    few = await statements()
    for _ in range(8):
        await insert_news(studio, studio.artist, "retake")
    assert await statements() == few
