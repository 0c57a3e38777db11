"""A task's ``duration`` is the sum of its time spents (what workload views and publishers show)."""

from __future__ import annotations

import pytest

from tests.support import Api
from tests.tasks.studio import Studio, build_studio


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def duration(studio: Studio) -> float:
    return float((await studio.reload())["duration"])


async def test_time_spents_keep_the_task_duration(studio: Studio, admin: Api) -> None:
    """gazu's ``task.set_time_spent`` / ``add_time_spent`` / ``remove_time_spent`` and the web app's
    time sheet cells, then the generic /data/time-spents routes."""
    base = f"/actions/tasks/{studio.task_id}/time-spents"
    me = studio.artist.id
    await studio.artist.ok("POST", f"{base}/2024-05-06/persons/{me}", {"duration": 120}, status=201)
    await studio.artist.ok("POST", f"{base}/2024-05-07/persons/{me}/add", {"duration": 30}, status=201)
    assert await duration(studio) == 150
    await studio.artist.ok("POST", f"{base}/2024-05-06/persons/{me}", {"duration": 60}, status=201)
    assert await duration(studio) == 90
    await studio.artist.ok("DELETE", f"{base}/2024-05-07/persons/{me}", status=201)
    assert await duration(studio) == 60
    body = {"task_id": studio.task_id, "person_id": me, "date": "2024-05-08", "duration": 10}
    created = await admin.ok("POST", "/data/time-spents", body)
    assert await duration(studio) == 70
    await admin.ok("PUT", f"/data/time-spents/{created['id']}", {"duration": 15})
    assert await duration(studio) == 75
    assert (await admin.delete(f"/data/time-spents/{created['id']}")).status_code == 204
    assert await duration(studio) == 60
    # a refused addition (past the day's limit) changes nothing
    refused = await studio.artist.post(f"{base}/2024-05-06/persons/{me}/add", {"duration": 10**7})
    assert refused.status_code == 400 and await duration(studio) == 60
