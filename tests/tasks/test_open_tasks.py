"""The open tasks of the studio: the paged list with its stats, per-project progress, the burndown."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.support import Api, new_entity, new_project, unique_name
from tests.tasks.studio import Studio, build_studio, new_department, new_task_type

OPEN = "/data/tasks/open-tasks"


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def add_task(admin: Api, project: dict[str, Any], task_type: dict[str, Any], **extra: Any) -> dict[str, Any]:
    entity = await new_entity(admin, project)
    body = {"name": unique_name("t"), "project_id": project["id"], "entity_id": entity["id"]}
    task: dict[str, Any] = await admin.ok("POST", "/data/tasks", {**body, "task_type_id": task_type["id"], **extra})
    return task


def ids(body: dict[str, Any]) -> set[str]:
    return {task["id"] for task in body["data"]}


async def test_open_tasks_rows_carry_the_names_and_stats(studio: Studio) -> None:
    body = await studio.admin.ok("GET", f"{OPEN}?project_id={studio.project['id']}")
    assert ids(body) == {studio.task_id}
    assert body["page"] == 1 and body["limit"] == 100 and body["is_more"] is False
    row = body["data"][0]
    assert row["type"] == "Task" and row["assignees"] == [studio.artist.id]
    assert row["entity_name"] == studio.entity["name"] and row["entity_type_name"] == "Character"
    assert row["project_name"] == studio.project["name"] and row["project_has_avatar"] is False
    assert row["status_short_name"] == "todo" and row["status_name"] == "Todo" and row["status_color"]
    assert row["type_name"] == studio.task_type["name"] and row["task_type_for_entity"] == "Asset"
    assert "episode_id" in row and "sequence_name" in row and "entity_preview_file_id" in row
    stats = body["stats"]
    assert stats["total"] == 1 and stats["status"] == [
        {"task_status_id": studio.status("todo"), "amount": 1, "total_duration": 0.0, "total_estimation": 0.0}
    ]


async def test_done_tasks_and_closed_projects_are_not_open(studio: Studio, admin: Api) -> None:
    done = await add_task(admin, studio.project, studio.task_type, task_status_id=studio.status("done"))
    closed = await new_project(admin)
    statuses = await admin.ok("GET", "/data/project-status?name=Closed")
    closed_task = await add_task(admin, closed, studio.task_type)
    await admin.ok("PUT", f"/data/projects/{closed['id']}", {"project_status_id": statuses[0]["id"]})
    # per project: the shared test database holds more open tasks than one page
    in_studio = ids(await admin.ok("GET", f"{OPEN}?project_id={studio.project['id']}&limit=5000"))
    assert studio.task_id in in_studio and done["id"] not in in_studio
    assert ids(await admin.ok("GET", f"{OPEN}?project_id={closed['id']}")) == set()
    everything = ids(await admin.ok("GET", f"{OPEN}?limit=5000"))
    assert done["id"] not in everything and closed_task["id"] not in everything


async def test_filters_narrow_the_list(studio: Studio, admin: Api) -> None:
    department = await new_department(admin)
    other_type = await new_task_type(admin, department["id"])
    wip = await add_task(admin, studio.project, other_type, task_status_id=studio.status("wip"), priority=3)
    studio_row = await admin.ok("POST", "/data/studios", {"name": unique_name("studio"), "color": "#000000"})
    await admin.ok("PUT", f"/data/persons/{studio.artist.id}", {"studio_id": studio_row["id"]})
    dated = await add_task(admin, studio.project, other_type, start_date="2030-01-10", due_date="2030-02-01")
    base = f"{OPEN}?project_id={studio.project['id']}"
    assert ids(await admin.ok("GET", base)) == {studio.task_id, wip["id"], dated["id"]}
    expectations = {
        f"&task_type_id={studio.task_type['id']}": {studio.task_id},
        f"&task_status_id={studio.status('wip')}": {wip["id"]},
        f"&person_id={studio.artist.id}": {studio.task_id},
        f"&person_id={studio.artist.id},{studio.other_artist.id}": {studio.task_id},
        "&person_id=unassigned": {wip["id"], dated["id"]},
        f"&department_id={department['id']}": {wip["id"], dated["id"]},
        f"&studio_id={studio_row['id']}": {studio.task_id},
        "&priority=3": {wip["id"]},
        "&start_date=2030-01-01": {dated["id"]},
        "&due_date=2030-01-15": set(),
        "&due_date=2030-02-01T00:00:00": {dated["id"]},
    }
    for query, expected in expectations.items():
        body = await admin.ok("GET", base + query)
        assert ids(body) == expected, query
        assert body["stats"]["total"] == len(expected), query


async def test_malformed_query_is_refused(studio: Studio, anon: Api) -> None:
    for query in (
        "project_id=nope",
        "person_id=nope",
        "task_type_id=1,2",
        "department_id=x",
        "start_date=yesterday",
        "due_date=2024-13-45",
        "page=0",
        "limit=abc",
        "priority=high",
    ):
        response = await studio.manager.get(f"{OPEN}?{query}")
        assert response.status_code == 400, query
        assert response.json()["error"] is True
    for path in (OPEN, f"{OPEN}/stats", f"{OPEN}/burndown"):
        assert (await anon.get(path)).status_code == 401


async def test_pages(studio: Studio, admin: Api) -> None:
    for _ in range(2):
        await add_task(admin, studio.project, studio.task_type)
    base = f"{OPEN}?project_id={studio.project['id']}&limit=2"
    first = await admin.ok("GET", base)
    second = await admin.ok("GET", base + "&page=2")
    assert len(first["data"]) == 2 and first["is_more"] is True and first["limit"] == 2
    assert len(second["data"]) == 1 and second["is_more"] is False and second["page"] == 2
    assert not ids(first) & ids(second) and first["stats"]["total"] == 3


async def test_each_caller_sees_only_what_they_reach(studio: Studio, admin: Api) -> None:
    vendor_task = await add_task(admin, studio.project, studio.task_type, assignees=[studio.vendor.id])
    elsewhere = await add_task(admin, await new_project(admin), studio.task_type)
    everyone = {studio.task_id, vendor_task["id"]}
    for member in (studio.manager, studio.supervisor, studio.other_artist, studio.client):
        seen = ids(await member.ok("GET", f"{OPEN}?limit=5000"))
        assert everyone <= seen and elsewhere["id"] not in seen
    assert ids(await studio.vendor.ok("GET", OPEN)) == {vendor_task["id"]}
    outsider = await studio.outsider.ok("GET", f"{OPEN}?project_id={studio.project['id']}")
    assert outsider["data"] == [] and outsider["stats"]["total"] == 0
    assert (await studio.outsider.ok("GET", OPEN))["data"] == []
    stats = await studio.vendor.ok("GET", f"{OPEN}/stats")
    assert stats[studio.project["id"]]["amount"] == 1
    assert await studio.outsider.ok("GET", f"{OPEN}/stats") == {}
    burndown = await studio.outsider.ok("GET", f"{OPEN}/burndown?project_id={studio.project['id']}")
    assert burndown["total"] == 0


async def test_stats_per_project_and_task_type(studio: Studio, admin: Api) -> None:
    other_type = await new_task_type(admin)
    await add_task(admin, studio.project, studio.task_type, estimation=10, duration=4)
    await add_task(admin, studio.project, other_type, task_status_id=studio.status("done"), estimation=5, duration=2)
    empty = await new_project(admin, team=[studio.manager])
    stats = await studio.manager.ok("GET", f"{OPEN}/stats")
    project = stats[studio.project["id"]]
    assert project["amount"] == 3 and project["amount_done"] == 1
    assert project["total_estimation"] == 15 and project["total_duration"] == 6
    by_type = {line["task_type_id"]: line for line in project["task_types"]}
    assert by_type[studio.task_type["id"]]["amount"] == 2 and by_type[studio.task_type["id"]]["amount_done"] == 0
    assert by_type[other_type["id"]] == {
        "task_type_id": other_type["id"],
        "amount": 1,
        "amount_done": 1,
        "total_duration": 2.0,
        "total_estimation": 5.0,
    }
    assert stats[empty["id"]] == {
        "amount": 0,
        "amount_done": 0,
        "total_duration": 0.0,
        "total_estimation": 0.0,
        "task_types": [],
    }
    assert (await studio.manager.get(f"{OPEN}/stats?project_id=bad")).status_code == 400


async def test_burndown_counts_done_tasks_day_by_day(studio: Studio, admin: Api) -> None:
    done = studio.status("done")
    await add_task(admin, studio.project, studio.task_type, estimation=2)
    await add_task(
        admin, studio.project, studio.task_type, task_status_id=done, done_date="2030-03-02T10:00:00", estimation=3
    )
    await add_task(
        admin, studio.project, studio.task_type, task_status_id=done, done_date="2030-03-04T18:00:00", estimation=1
    )
    path = f"{OPEN}/burndown?project_id={studio.project['id']}&start_date=2030-03-01&end_date=2030-03-05"
    body = await studio.manager.ok("GET", path)
    assert body["start_date"] == "2030-03-01" and body["end_date"] == "2030-03-05"
    assert body["total"] == 4 and body["total_estimation"] == 6
    assert [(day["date"], day["done"], day["done_estimation"]) for day in body["done_by_day"]] == [
        ("2030-03-01", 0, 0),
        ("2030-03-02", 1, 3),
        ("2030-03-03", 1, 3),
        ("2030-03-04", 2, 4),
        ("2030-03-05", 2, 4),
    ]
    later = await studio.manager.ok("GET", path.replace("2030-03-01", "2030-03-03"))
    assert later["done_by_day"][0] == {"date": "2030-03-03", "done": 1, "done_estimation": 3}
    by_type = await studio.manager.ok("GET", f"{path}&task_type_id={studio.task_type['id']}&person_id=unassigned")
    assert by_type["total"] == 3
    default = await studio.manager.ok("GET", f"{OPEN}/burndown?project_id={studio.project['id']}")
    assert default["end_date"] >= "2030-03-04" and default["done_by_day"][-1]["done"] == 2
    for query in ("start_date=nope", "end_date=2030-02-30", "start_date=2030-03-05&end_date=2030-03-01"):
        assert (await studio.manager.get(f"{OPEN}/burndown?{query}")).status_code == 400, query
    too_long = f"{OPEN}/burndown?start_date=1990-01-01&end_date={dt.date.today().isoformat()}"
    assert (await studio.manager.get(too_long)).status_code == 400


async def test_statement_count_does_not_grow_with_tasks(admin: Api) -> None:
    task_type = await new_task_type(admin)
    counts: dict[str, list[int]] = {}
    for size in (3, 20):
        project = await new_project(admin)
        for index in range(size):
            await add_task(admin, project, task_type, assignees=[admin.id] if index % 2 else [])
        for path in (OPEN, f"{OPEN}/stats", f"{OPEN}/burndown"):
            before = admin.count_statements().count
            body = await admin.ok("GET", f"{path}?project_id={project['id']}")
            counts.setdefault(path, []).append(admin.count_statements().count - before)
            if path == OPEN:
                assert len(body["data"]) == size
    for path, (few, many) in counts.items():
        assert few == many, f"{path}: {few} statements for 3 tasks, {many} for 20"
