"""Batch task actions are set-based: as many statements for 30 tasks as for 3, all refused before any write."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.support import Api
from tests.tasks.studio import Studio, build_studio, captured_events, rows


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def new_tasks(studio: Studio, number: int) -> list[str]:
    ids = []
    for _ in range(number):
        body = {
            "name": uuid.uuid4().hex[:8],
            "project_id": studio.project["id"],
            "entity_id": studio.entity["id"],
            "task_type_id": studio.task_type["id"],
        }
        ids.append((await studio.admin.ok("POST", "/data/tasks", body))["id"])
    return ids


async def statements(who: Api, path: str, body: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    """The statements a call ran, and the events it published."""
    counter = who.count_statements()
    with captured_events(who) as events:
        before = counter.count
        await who.ok("PUT", path, body)
        return counter.count - before, events


@pytest.mark.parametrize("action", ["assign", "set-priority", "clear-assignation"])
async def test_statements_do_not_grow_with_the_tasks(studio: Studio, action: str) -> None:
    counts = []
    for number in (3, 30):
        task_ids = await new_tasks(studio, number)
        if action == "clear-assignation":  # two assignees each, so that there is something to clear
            for person in (studio.artist, studio.other_artist):
                await studio.manager.ok("PUT", f"/actions/persons/{person.id}/assign", {"task_ids": task_ids})
        calls: dict[str, tuple[str, dict[str, Any], str]] = {
            "assign": (f"/actions/persons/{studio.other_artist.id}/assign", {"task_ids": task_ids}, "task:assign"),
            "set-priority": ("/actions/tasks/set-priority", {"task_ids": task_ids, "priority": 4}, "task:update"),
            "clear-assignation": ("/actions/tasks/clear-assignation", {"task_ids": task_ids}, "task:unassign"),
        }
        path, body, event = calls[action]
        count, events = await statements(studio.manager, path, body)
        counts.append(count)
        per_task = [e["data"]["task_id"] for e in events if e["name"] == event]
        expected = task_ids * 2 if action == "clear-assignation" else task_ids
        assert sorted(per_task) == sorted(expected), "one event per task (and per removed person)"
    assert counts[0] == counts[1], f"{counts[0]} statements for 3 tasks, {counts[1]} for 30"


async def test_assign_writes_every_task(studio: Studio, admin: Api) -> None:
    task_ids = await new_tasks(studio, 3)
    tasks = await studio.manager.ok("PUT", f"/actions/persons/{studio.outsider.id}/assign", {"task_ids": task_ids})
    assert sorted(t["id"] for t in tasks) == sorted(task_ids)
    assert all(t["assignees"] == [studio.outsider.id] and t["assigner_id"] == studio.manager.id for t in tasks)
    notified = await rows(admin, "notification", person_id=studio.outsider.id)
    assert sorted(n["task_id"] for n in notified) == sorted(task_ids)
    team = await rows(admin, "project_person_link", project_id=studio.project["id"], person_id=studio.outsider.id)
    assert len(team) == 1
    # assigning again changes nothing and tells nobody
    with captured_events(admin) as events:
        await studio.manager.ok("PUT", f"/actions/persons/{studio.outsider.id}/assign", {"task_ids": task_ids})
    assert [e for e in events if e["name"] == "task:assign"] == []


async def test_one_refused_task_refuses_the_batch_before_any_write(studio: Studio, admin: Api) -> None:
    task_ids = await new_tasks(studio, 2)
    unknown = str(uuid.uuid4())
    assign = f"/actions/persons/{studio.other_artist.id}/assign"
    assert (await studio.manager.put(assign, {"task_ids": [*task_ids, unknown]})).status_code == 404
    priority = {"task_ids": [*task_ids, unknown], "priority": 9}
    assert (await studio.manager.put("/actions/tasks/set-priority", priority)).status_code == 404
    # the first refused task decides: a forbidden one before an unknown one is a 403
    other = studio.other_supervisor
    refused = {"task_ids": [*task_ids, unknown], "priority": 9}
    assert (await other.put("/actions/tasks/set-priority", refused)).status_code == 403
    assert (await studio.artist.put(assign, {"task_ids": task_ids})).status_code == 403
    await studio.manager.ok("PUT", assign, {"task_ids": task_ids})
    clear = {"task_ids": [*task_ids, unknown]}
    assert (await studio.manager.put("/actions/tasks/clear-assignation", clear)).status_code == 404
    assert (await studio.outsider.put("/actions/tasks/clear-assignation", {"task_ids": task_ids})).status_code == 403
    for task_id in task_ids:
        task = await admin.ok("GET", f"/data/tasks/{task_id}")
        assert task["assignees"] == [studio.other_artist.id] and task["priority"] != 9
