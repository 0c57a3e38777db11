"""A project's schedule items and milestones as whole lists, as the reference's sync reads them."""

from __future__ import annotations

import uuid
from typing import Any

from tests.support import Api, new_project, unique_name
from tests.world import new_team


def by_id(row: dict[str, Any]) -> str:
    return str(row["id"])


async def task_type_id(admin: Api, name: str) -> str:
    found = await admin.ok("GET", f"/data/task-types?name={name}")
    return str(found[0]["id"])


async def test_sync_reads_every_schedule_item_and_milestone_of_a_project(admin: Api) -> None:
    """The reference's ``zou sync-full`` reads ``/data/projects/{id}/schedule-items`` then
    ``/data/projects/{id}/milestones`` (plain GETs, no page) after the comments: a 404 there
    stopped the whole sync."""
    team = await new_team(admin)
    animation, layout = await task_type_id(admin, "Animation"), await task_type_id(admin, "Layout")
    episode = await admin.ok("POST", f"/data/projects/{team.id}/episodes", {"name": unique_name("ep")})
    items = []
    for body in (
        {"task_type_id": animation, "start_date": "2027-03-01", "end_date": "2027-04-01"},
        {"task_type_id": layout, "start_date": "2027-01-01", "end_date": "2027-02-01", "man_days": 12},
        {"task_type_id": animation, "object_id": episode["id"], "start_date": "2027-02-01", "end_date": "2027-02-10"},
    ):
        items.append(await admin.ok("POST", "/data/schedule-items", {"project_id": team.id, **body}))
    first = await admin.ok("POST", "/data/milestones", {"project_id": team.id, "name": "M1", "date": "2027-01-02"})
    second = await admin.ok(
        "POST", "/data/milestones", {"project_id": team.id, "name": "M0", "date": "2026-12-02", "task_type_id": layout}
    )
    elsewhere = await new_project(admin)
    await admin.ok("POST", "/data/milestones", {"project_id": elsewhere["id"], "name": "other", "date": "2027-01-01"})
    await admin.ok("POST", "/data/schedule-items", {"project_id": elsewhere["id"], "task_type_id": animation})

    listed = await admin.ok("GET", f"/data/projects/{team.id}/schedule-items")
    assert sorted(listed, key=by_id) == sorted(items, key=by_id)  # whole rows: timestamps, type
    assert [row["created_at"] for row in listed] == sorted(row["created_at"] for row in listed)  # oldest first
    assert await admin.ok("GET", f"/data/projects/{team.id}/schedule-items?page=1") == listed  # never paged
    milestones = await admin.ok("GET", f"/data/projects/{team.id}/milestones")
    keys = ("id", "date", "name", "project_id", "task_type_id")
    assert sorted(milestones, key=by_id) == sorted(
        ({key: made[key] for key in keys} for made in (first, second)), key=by_id
    )

    for name in ("manager", "supervisor", "user", "client", "vendor"):
        assert len(await team[name].ok("GET", f"/data/projects/{team.id}/schedule-items")) == 3, name
        assert len(await team[name].ok("GET", f"/data/projects/{team.id}/milestones")) == 2, name
    outsider = (await new_team(admin)).members["user"]
    for path in ("schedule-items", "milestones"):
        assert (await outsider.get(f"/data/projects/{team.id}/{path}")).status_code == 403
        assert (await admin.get(f"/data/projects/{uuid.uuid4()}/{path}")).status_code == 404
