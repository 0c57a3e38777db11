"""Racing writes of amounts and of what is computed from what is stored: every call counts.

Minutes added at once all add up, castings rewritten at once apply one after the other (with
their link count), instance numbers are each taken once, a status reached by several comments
at once is counted as one retake.
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.entities.factory import new_sequence, new_shot
from tests.errors.races import RACERS, all_succeed, count, race, statuses, table
from tests.support import Api, new_entity, new_project
from tests.tasks.studio import Studio, build_studio, captured_events

DAY = "2024-05-02"


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


def time_path(studio: Studio) -> str:
    return f"/actions/tasks/{studio.task_id}/time-spents/{DAY}/persons/{studio.artist.id}"


async def test_minutes_added_at_once_all_add_up(studio: Studio) -> None:
    path = f"{time_path(studio)}/add"
    answers = all_succeed(await race(lambda _: studio.artist.post(path, {"duration": 60})), 201)
    assert len({answer["id"] for answer in answers}) == 1
    day = await studio.artist.ok("GET", f"/actions/tasks/{studio.task_id}/time-spents/{DAY}")
    assert day["total"] == 60 * RACERS and len(day[studio.artist.id]) == 1
    assert sorted(answer["duration"] for answer in answers) == [60.0 * (i + 1) for i in range(RACERS)]


async def test_minutes_taken_back_at_once_never_go_below_zero(studio: Studio) -> None:
    await studio.artist.ok("POST", time_path(studio), {"duration": 5 * 60})
    responses = await race(lambda _: studio.artist.post(f"{time_path(studio)}/add", {"duration": -60}))
    assert statuses(responses) == {201: 4, 400: RACERS - 4}  # 300 minutes: four hours can go, not the fifth
    day = await studio.artist.ok("GET", f"/actions/tasks/{studio.task_id}/time-spents/{DAY}")
    assert day["total"] == 60


async def test_time_set_at_once_is_one_record(studio: Studio) -> None:
    answers = all_succeed(await race(lambda i: studio.artist.post(time_path(studio), {"duration": 10 + i})), 201)
    assert len({answer["id"] for answer in answers}) == 1
    spent = table("time_spent")
    assert await count(studio.admin, "time_spent", spent.c.task_id == uuid.UUID(studio.task_id)) == 1
    day = await studio.artist.ok("GET", f"/actions/tasks/{studio.task_id}/time-spents/{DAY}")
    assert day["total"] in {answer["duration"] for answer in answers}


async def test_a_time_deleted_at_once_is_deleted_once(studio: Studio) -> None:
    await studio.artist.ok("POST", time_path(studio), {"duration": 30})
    with captured_events(studio.admin) as events:
        responses = await race(lambda _: studio.artist.delete(time_path(studio)))
    assert statuses(responses) == {201: 1, 404: RACERS - 1}
    assert [event["name"] for event in events].count("time-spent:delete") == 1


async def test_castings_written_at_once_apply_one_after_the_other(admin: Api) -> None:
    project = await new_project(admin)
    shot = await new_shot(admin, project, await new_sequence(admin, project))
    assets = [await new_entity(admin, project) for _ in range(3)]
    bodies = [[{"asset_id": asset["id"], "nb_occurences": 1} for asset in assets[: 1 + i % 3]] for i in range(RACERS)]
    path = f"/data/projects/{project['id']}/entities/{shot['id']}/casting"

    async def cast(i: int) -> httpx.Response:
        return await admin.put(path, bodies[i])

    all_succeed(await race(cast), 200)
    casting = await admin.ok("GET", path)
    cast_ids = sorted(item["asset_id"] for item in casting)
    assert cast_ids in [sorted(item["asset_id"] for item in body) for body in bodies]  # one body, whole
    links = table("entity_link")
    assert await count(admin, "entity_link", links.c.entity_in_id == uuid.UUID(shot["id"])) == len(cast_ids)
    assert (await admin.ok("GET", f"/data/shots/{shot['id']}"))["nb_entities_out"] == len(cast_ids)


async def test_instances_added_at_once_get_numbers_in_turn(admin: Api) -> None:
    project = await new_project(admin)
    sequence = await new_sequence(admin, project)
    scene = await admin.ok(
        "POST", f"/data/projects/{project['id']}/scenes", {"name": "sc", "sequence_id": sequence["id"]}
    )
    asset = await new_entity(admin, project)
    path = f"/data/scenes/{scene['id']}/asset-instances"
    answers = all_succeed(await race(lambda _: admin.post(path, {"asset_id": asset["id"]})), 201)
    assert sorted(answer["number"] for answer in answers) == list(range(1, RACERS + 1))


async def test_one_retake_for_comments_posted_at_once(studio: Studio) -> None:
    body = {"task_status_id": studio.status("retake"), "comment": "again"}
    with captured_events(studio.admin) as events:
        responses = await race(lambda _: studio.manager.post(f"/actions/tasks/{studio.task_id}/comment", body))
    all_succeed(responses, 201)
    assert (await studio.reload())["retake_count"] == 1
    assert [event["name"] for event in events].count("task:status-changed") == 1
