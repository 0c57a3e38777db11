"""Numbers of the action routes (hand-written bodies, query strings, paths) stay in their columns'
ranges: a 400 naming the field and the range, nothing written; values the web app sends pass."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import update

from tenko.domains.projects.models import PROJECT
from tests.entities.factory import new_sequence, new_shot
from tests.errors.common import error_body
from tests.support import Api, unique_name
from tests.tasks.studio import Studio, build_studio, rows

NON_NEGATIVE_INT = "an integer between 0 and 2147483647"


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


def refused(response: Any, field: str, words: str) -> None:
    """A 400 whose errors name ``field`` with the range in ``words``."""
    errors = error_body(response, 400).get("data", {}).get("errors", [])
    messages = [e["message"] for e in errors if str(e["field"]).split(".")[0] == field]
    assert messages and any(words in message for message in messages), response.text


async def test_time_spent_minutes_stay_in_their_range(studio: Studio) -> None:
    path = f"/actions/tasks/{studio.task_id}/time-spents/2024-05-02/persons/{studio.artist.id}"
    minutes = "a finite number greater than 0 and at most 14400"
    for value in (-5, 0, 14401, "NaN", "Infinity"):
        refused(await studio.artist.post(path, {"duration": value}), "duration", minutes)
    refused(await studio.artist.post(path, {"duration": True}), "duration", "not true or false")
    assert await rows(studio.admin, "time_spent", task_id=studio.task_id) == []
    await studio.artist.ok("POST", path, {"duration": 14000}, status=201)
    # an addition whose sum leaves the range: refused, the stored time stays
    refused(await studio.artist.post(f"{path}/add", {"duration": 500}), "duration", minutes)
    refused(await studio.artist.post(f"{path}/add", {"duration": -14000}), "duration", minutes)
    refused(await studio.artist.post(f"{path}/add", {"duration": -(10**9)}), "duration", "between -14400 and 14400")
    assert [r["duration"] for r in await rows(studio.admin, "time_spent", task_id=studio.task_id)] == [14000]
    assert (await studio.artist.ok("POST", f"{path}/add", {"duration": -13940}, status=201))["duration"] == 60


async def test_task_priorities_stay_in_their_range(studio: Studio) -> None:
    before = (await studio.reload())["priority"]
    for value in (-1, 2**31):
        body = {"task_ids": [studio.task_id], "priority": value}
        refused(await studio.manager.put("/actions/tasks/set-priority", body), "priority", NON_NEGATIVE_INT)
    body = {"task_ids": [studio.task_id], "priority": True}
    refused(await studio.manager.put("/actions/tasks/set-priority", body), "priority", "not true or false")
    assert (await studio.reload())["priority"] == before
    await studio.manager.ok("PUT", "/actions/tasks/set-priority", {"task_ids": [studio.task_id], "priority": 3})
    assert (await studio.reload())["priority"] == 3


async def test_project_settings_numbers_stay_in_their_range(studio: Studio) -> None:
    project_id = studio.project["id"]
    base = f"/data/projects/{project_id}/settings"
    task_type_id = studio.task_type["id"]
    for key in ("priority", "hd_bitrate_compression", "ld_bitrate_compression"):
        response = await studio.manager.post(f"{base}/task-types", {"task_type_id": task_type_id, key: -1})
        refused(response, key, NON_NEGATIVE_INT)
    batch = {"task_types": [{"task_type_id": task_type_id, "priority": -3}]}
    refused(await studio.manager.post(f"{base}/batch", batch), "task_types", NON_NEGATIVE_INT)
    status_id = studio.status("wip")
    response = await studio.manager.post(f"{base}/task-status", {"task_status_id": status_id, "priority": -1})
    refused(response, "priority", NON_NEGATIVE_INT)
    listed = await studio.manager.ok("GET", f"/data/projects/{project_id}/task-types")
    assert task_type_id not in [t["id"] for t in listed]
    await studio.manager.ok("POST", f"{base}/task-types", {"task_type_id": task_type_id, "priority": 0}, status=201)


async def test_template_and_descriptor_numbers_stay_in_their_range(studio: Studio) -> None:
    admin = studio.admin
    template = await admin.ok("POST", "/data/project-templates", {"name": unique_name("template")})
    base = f"/data/project-templates/{template['id']}"
    body = {"task_type_id": studio.task_type["id"], "priority": -1}
    refused(await admin.post(f"{base}/task-types", body), "priority", NON_NEGATIVE_INT)
    body = {"task_status_id": studio.status("wip"), "priority": -1}
    refused(await admin.post(f"{base}/task-statuses", body), "priority", NON_NEGATIVE_INT)
    descriptors = f"/data/projects/{studio.project['id']}/metadata-descriptors"
    body = {"name": unique_name("field"), "entity_type": "Asset", "position": -1}
    refused(await admin.post(descriptors, body), "position", NON_NEGATIVE_INT)
    assert await admin.ok("GET", descriptors) == []


async def test_numbers_of_query_strings_and_paths_stay_in_their_range(studio: Studio) -> None:
    manager, me = studio.admin, studio.artist.id
    refused(await manager.get("/data/tasks/open-tasks?priority=-1"), "priority", NON_NEGATIVE_INT)
    assert (await manager.get("/data/tasks/open-tasks?priority=0")).status_code == 200
    years = "an integer between 1900 and 2999"
    for path in (f"/data/persons/{me}/time-spents/year/1899", "/data/persons/day-offs/3000/01"):
        refused(await manager.get(path), "year", years)
    refused(await manager.get("/data/persons/presence-logs/1899-01"), "year", years)
    refused(await manager.get(f"/data/persons/{me}/time-spents/month/2024/13"), "month", "between 1 and 12")
    refused(await manager.get(f"/data/persons/{me}/day-offs/week/2024/54"), "week", "between 1 and 52")
    refused(await manager.get(f"/data/persons/{me}/time-spents/day/2024/02/30"), "day", "between 1 and 29")
    for query in ("page=0", "limit=-1", f"limit={2**31}"):
        response = await manager.get(f"/data/tasks/open-tasks?{query}")
        refused(response, query.split("=")[0], "an integer between 1 and 2147483647")
    assert (await manager.get(f"/data/persons/{me}/time-spents/year/2999")).status_code == 200


async def test_stored_frame_rates_that_are_not_numbers_do_not_break_the_frame_counts(studio: Studio) -> None:
    """A frame rate stored before it was checked (``inf``): the counts fall back to 25 fps."""
    admin = studio.admin
    project = studio.project
    shot = await new_shot(admin, project, await new_sequence(admin, project))
    task = await admin.ok(
        "POST",
        "/data/tasks",
        {"name": "main", "project_id": project["id"], "entity_id": shot["id"], "task_type_id": studio.task_type["id"]},
    )
    await admin.ok("POST", "/data/preview-files", {"name": "v1", "task_id": task["id"], "revision": 1, "duration": 2})
    async with admin.server.context.db.sessionmaker.begin() as session:
        await session.execute(update(PROJECT).where(PROJECT.c.id == uuid.UUID(project["id"])).values(fps="inf"))
    path = f"/actions/projects/{project['id']}/task-types/{studio.task_type['id']}/set-shot-nb-frames"
    assert await admin.ok("POST", path, status=200) == [{"id": shot["id"], "nb_frames": 50}]
    response = await admin.get(f"/data/projects/{project['id']}/quotas/{studio.task_type['id']}")
    assert response.status_code == 200, response.text
