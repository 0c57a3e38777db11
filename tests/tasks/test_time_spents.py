"""Time sheets of a task: keyed by person with a total; who may log whose time."""

from __future__ import annotations

import pytest

from tests.support import Api
from tests.tasks.studio import Studio, build_studio


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def test_set_add_read_delete(studio: Studio) -> None:
    base = f"/actions/tasks/{studio.task_id}/time-spents"
    path = f"{base}/2024-05-02/persons/{studio.artist.id}"
    row = await studio.artist.ok("POST", path, {"duration": 60})
    assert row["duration"] == 60 and row["date"] == "2024-05-02" and row["type"] == "TimeSpent"
    added = await studio.artist.ok("POST", f"{path}/add", {"duration": 30})
    assert added["id"] == row["id"] and added["duration"] == 90
    day = await studio.artist.ok("GET", f"{base}/2024-05-02")
    assert day["total"] == 90 and [t["id"] for t in day[studio.artist.id]] == [row["id"]]
    await studio.manager.ok("POST", f"{base}/2024-05-03/persons/{studio.artist.id}", {"duration": 10})
    assert (await studio.artist.ok("GET", base))["total"] == 100
    removed = await studio.artist.ok("DELETE", path, status=201)
    assert removed["id"] == row["id"]
    assert (await studio.artist.ok("GET", base))["total"] == 10
    assert (await studio.artist.delete(path)).status_code == 404


async def test_refusals(studio: Studio) -> None:
    base = f"/actions/tasks/{studio.task_id}/time-spents/2024-05-02/persons"
    # someone else's time, a person not assigned, outsiders, bad input
    assert (await studio.other_artist.post(f"{base}/{studio.artist.id}", {"duration": 5})).status_code == 403
    assert (await studio.other_artist.post(f"{base}/{studio.other_artist.id}", {"duration": 5})).status_code == 400
    assert (await studio.outsider.post(f"{base}/{studio.artist.id}", {"duration": 5})).status_code == 403
    assert (await studio.artist.post(f"{base}/{studio.artist.id}", {"duration": 0})).status_code == 400
    assert (await studio.artist.post(f"{base}/{studio.artist.id}", {"duration": "x"})).status_code == 400
    bad_day = f"/actions/tasks/{studio.task_id}/time-spents/yesterday/persons/{studio.artist.id}"
    assert (await studio.artist.post(bad_day, {"duration": 5})).status_code == 400
    assert (await studio.client.get(f"/actions/tasks/{studio.task_id}/time-spents")).status_code == 403
