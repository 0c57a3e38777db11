"""An artist in project A's team but not in B's reaches nothing of B through the generic routes.

For every CRUD resource whose records live under a project, a record is made in B (owned by
the outsider wherever a record has an owner, so owning it is shown not to be enough), and
the outsider's list, read, update, delete and create are checked against the reference's
``outsider_artist_status`` (shapes.json). The same artist does read the records of A.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Boolean, Float, Integer, String, Text

from tenko.api import CRUD_RESOURCES
from tenko.core.resource import PROTECTED_ON_UPDATE, Resource
from tests.security.factory import BUILDERS, Place, record_in
from tests.support import Api, new_person, new_project

SHAPES: dict[str, Any] = json.loads((Path(__file__).parents[1] / "contract" / "shapes.json").read_text())
RESOURCES = {resource.name: resource for resource in CRUD_RESOURCES}
SCOPED = sorted(name for name, resource in RESOURCES.items() if resource.scope is not None)
#: what an artist may not read even in their own project (managers' data: budgets, schedules, events)
MANAGERS_ONLY = frozenset(
    {"budgets", "budget-entries", "events", "production-schedule-versions", "production-schedule-version-task-links"}
)


def reference_status(method: str, path: str) -> int:
    status = SHAPES[f"{method} {path}"]["outsider_artist_status"]
    assert isinstance(status, int)
    return status


def list_refused(name: str) -> bool:
    return reference_status("GET", f"/data/{name}") == 403


@dataclass
class World:
    admin: Api
    artist: Api
    inside: Place  # project A: the artist is in its team
    outside: Place  # project B: the artist is not


@pytest.fixture(scope="module")
async def world(admin: Api) -> World:
    artist = await new_person(admin, "user")
    inside = await new_project(admin, team=[artist])
    outside = await new_project(admin)
    return World(admin, artist, Place(admin, inside), Place(admin, outside))


def change_for(resource: Resource, record: dict[str, Any]) -> dict[str, Any]:
    """A real change to the record (the refusal must not depend on a no-op)."""
    skip = PROTECTED_ON_UPDATE | resource.hidden | resource.read_only
    for column in resource.table.columns:
        if column.name in skip or column.foreign_keys or column.name.endswith("_id") or column.info.get("choices"):
            continue
        current = record.get(column.name)
        if isinstance(column.type, (String, Text)) and not isinstance(current, list):
            return {column.name: f"changed-{current}"[:20]}
        if isinstance(column.type, Boolean):
            return {column.name: not current}
        if isinstance(column.type, (Integer, Float)):
            return {column.name: (current or 0) + 1}
    for column in resource.table.columns:  # only references: detach one (it would leave the project)
        if column.nullable and column.name not in skip and record.get(column.name) is not None:
            return {column.name: None}
    raise AssertionError(f"no column to change on {resource.name}")


async def total(admin: Api, name: str) -> int:
    envelope = await admin.ok("GET", f"/data/{name}?page=1&limit=1")
    return int(envelope["total"])


def test_every_scoped_resource_is_covered() -> None:
    assert sorted(BUILDERS) == SCOPED, "a project-scoped resource has no factory in tests/security/factory.py"
    assert len(SCOPED) >= 27


def test_the_reference_refuses_every_single_record_of_another_project() -> None:
    """shapes.json agrees: an outsider's single GET is 403 for every scoped resource."""
    assert {name: reference_status("GET", f"/data/{name}/{{instance_id}}") for name in SCOPED} == dict.fromkeys(
        SCOPED, 403
    )


@pytest.mark.parametrize("name", SCOPED)
async def test_outsider_reaches_nothing_of_another_project(world: World, name: str) -> None:
    resource = RESOURCES[name]
    admin, artist = world.admin, world.artist
    record = await record_in(world.outside, name, artist.id)
    path = f"/data/{name}/{record['id']}"
    before = await admin.ok("GET", path)

    listing = await artist.get(f"/data/{name}")
    if list_refused(name):
        assert listing.status_code == 403, listing.text
    else:
        assert listing.status_code == 200, listing.text
        assert record["id"] not in {row["id"] for row in listing.json()}
        # asking for it by id or by its project does not help
        by_id = await artist.ok("GET", f"/data/{name}?id={record['id']}")
        assert by_id == []
        paged = await artist.ok("GET", f"/data/{name}?page=1&limit=100&id={record['id']}")
        assert paged["data"] == [] and paged["total"] == 0

    assert (await artist.get(path)).status_code == reference_status("GET", f"/data/{name}/{{instance_id}}")
    assert (await artist.put(path, json=change_for(resource, before))).status_code == 403
    assert (await artist.delete(path)).status_code == 403
    assert (await artist.delete(path + "?force=true")).status_code == 403
    assert await admin.ok("GET", path) == before

    body = await BUILDERS[name](world.outside, artist.id)
    count = await total(admin, name)
    response = await artist.post(f"/data/{name}", json=body)
    assert response.status_code == 403, response.text
    assert response.json()["error"] is True
    assert await total(admin, name) == count


@pytest.mark.parametrize("name", SCOPED)
async def test_member_reads_the_records_of_their_project(world: World, name: str) -> None:
    artist = world.artist
    record = await record_in(world.inside, name, artist.id)
    listing = await artist.get(f"/data/{name}")
    if list_refused(name):
        assert listing.status_code == 403
    else:
        assert listing.status_code == 200
        assert record["id"] in {row["id"] for row in listing.json()}
    response = await artist.get(f"/data/{name}/{record['id']}")
    if name in MANAGERS_ONLY:
        assert response.status_code == 403
    else:
        assert response.status_code == 200, response.text
        assert response.json()["id"] == record["id"]


@pytest.mark.parametrize("name", [name for name in SCOPED if RESOURCES[name].scope.hops])  # type: ignore[union-attr]
async def test_manager_cannot_move_a_record_into_a_project_they_do_not_manage(admin: Api, name: str) -> None:
    """An update that points a record to a parent of another project is refused and not applied."""
    manager = await new_person(admin, "manager")
    mine = Place(admin, await new_project(admin, team=[manager]))
    theirs = Place(admin, await new_project(admin))
    record = await record_in(mine, name, manager.id)
    path = f"/data/{name}/{record['id']}"
    before = await admin.ok("GET", path)
    entry = RESOURCES[name].scope.hops[0].column  # type: ignore[union-attr]
    foreign_parent = (await BUILDERS[name](theirs, manager.id))[entry]
    response = await manager.put(path, json={entry: foreign_parent})
    # 403 for every resource: the move is refused before the body's ids are judged (a casting
    # link's mixed projects would be a 400 for a caller allowed on both)
    assert response.status_code == 403, response.text
    assert await admin.ok("GET", path) == before


async def test_a_closed_project_is_out_of_reach_for_its_team(admin: Api) -> None:
    artist = await new_person(admin, "user")
    project = await new_project(admin, team=[artist])
    place = Place(admin, project)
    task = await place.create("tasks", await BUILDERS["tasks"](place, artist.id))
    assert (await artist.get(f"/data/tasks/{task['id']}")).status_code == 200
    closed = await admin.ok("GET", "/data/project-status?name=Closed")
    await admin.ok("PUT", f"/data/projects/{project['id']}", {"project_status_id": closed[0]["id"]})
    assert (await artist.get(f"/data/tasks/{task['id']}")).status_code == 403
    assert (await artist.get(f"/data/projects/{project['id']}")).status_code == 403
    assert task["id"] not in {row["id"] for row in await artist.ok("GET", "/data/tasks")}
    assert project["id"] not in {row["id"] for row in await artist.ok("GET", "/data/projects")}
    assert (await admin.get(f"/data/tasks/{task['id']}")).status_code == 200
