"""A project's notifications and subscriptions: all of them for its managers, one's own for other members."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.support import Api, new_entity, new_project
from tests.tasks.studio import Studio, build_studio


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


def pairs(rows: list[dict[str, Any]]) -> set[tuple[str, str | None]]:
    return {(row["person_id"], row["task_id"]) for row in rows}


async def foreign_task(admin: Api, studio: Studio) -> dict[str, Any]:
    """A task of another project, assigned to the studio's artist."""
    project = await new_project(admin, team=[studio.artist])
    entity = await new_entity(admin, project)
    body = {"name": "main", "project_id": project["id"], "entity_id": entity["id"]}
    task: dict[str, Any] = await admin.ok(
        "POST", "/data/tasks", {**body, "task_type_id": studio.task_type["id"], "assignees": [studio.artist.id]}
    )
    return task


async def test_project_notifications(studio: Studio, admin: Api) -> None:
    path = f"/data/projects/{studio.project['id']}/notifications"
    assert await admin.ok("GET", path) == []
    await studio.other_artist.ok("POST", f"/actions/user/tasks/{studio.task_id}/subscribe", {})
    await studio.comment(studio.manager, "wip", "go on")
    elsewhere = await foreign_task(admin, studio)
    await admin.ok("POST", f"/actions/tasks/{elsewhere['id']}/comment", {"task_status_id": studio.status("wip")})
    everyone = {(studio.artist.id, studio.task_id), (studio.other_artist.id, studio.task_id)}
    for manager in (admin, studio.manager):
        found = await manager.ok("GET", path)
        assert pairs(found) == everyone
    first = found[0]
    assert first["type"] == "Notification" and first["notification_type"] == "comment"
    assert first["author_id"] == studio.manager.id and first["read"] is False and first["comment_id"]
    assert pairs(await studio.artist.ok("GET", path)) == {(studio.artist.id, studio.task_id)}
    assert await studio.supervisor.ok("GET", path) == []
    assert (await studio.outsider.get(path)).status_code == 403
    assert (await admin.get("/data/projects/nope/notifications")).status_code == 400
    assert (await admin.get(f"/data/projects/{uuid.uuid4()}/notifications")).status_code == 404


async def test_project_subscriptions(studio: Studio, admin: Api) -> None:
    path = f"/data/projects/{studio.project['id']}/subscriptions"
    assert await studio.manager.ok("GET", path) == []
    await studio.artist.ok("POST", f"/actions/user/tasks/{studio.task_id}/subscribe", {})
    await studio.other_artist.ok("POST", f"/actions/user/tasks/{studio.task_id}/subscribe", {})
    entity_wide = {
        "person_id": studio.manager.id,
        "entity_id": studio.entity["id"],
        "task_type_id": studio.task_type["id"],
    }
    await admin.ok("POST", "/data/subscriptions", entity_wide)
    elsewhere = await foreign_task(admin, studio)
    await studio.artist.ok("POST", f"/actions/user/tasks/{elsewhere['id']}/subscribe", {})

    def count() -> int:
        return admin.count_statements().count

    before = count()
    found = await studio.manager.ok("GET", path)
    few = count() - before
    assert pairs(found) == {
        (studio.artist.id, studio.task_id),
        (studio.other_artist.id, studio.task_id),
        (studio.manager.id, None),
    }
    assert all(row["type"] == "Subscription" for row in found)
    assert pairs(await studio.artist.ok("GET", path)) == {(studio.artist.id, studio.task_id)}
    assert await studio.vendor.ok("GET", path) == []
    assert (await studio.outsider.get(path)).status_code == 403
    assert (await admin.get("/data/projects/nope/subscriptions")).status_code == 400

    for person in (studio.supervisor, studio.client, studio.other_supervisor):
        await person.ok("POST", f"/actions/user/tasks/{studio.task_id}/subscribe", {})
    before = count()
    assert len(await studio.manager.ok("GET", path)) == 6
    assert count() - before == few, "the statements do not grow with the rows"
