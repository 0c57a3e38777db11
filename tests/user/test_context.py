"""GET /data/user/context and the caller's projects: shapes, scoping per role, constant statement counts."""

from __future__ import annotations

import pytest

from tests.auth.shapes import shape
from tests.support import Api, new_person, new_project, unique_name
from tests.user.world import World, build_world, check_item

CONTEXT = "GET /data/user/context"


@pytest.fixture(scope="module")
async def world(admin: Api) -> World:
    return await build_world(admin)


async def test_context_shape_for_an_admin(world: World) -> None:
    admin = world.admin
    # one row of each list the reference fills, so that every item's keys are compared
    await admin.ok("POST", "/data/custom-actions", {"name": unique_name("ca"), "url": "http://x", "entity_type": "all"})
    await admin.ok("POST", "/data/studios", {"name": unique_name("studio"), "color": "#112233"})
    await admin.ok("POST", "/data/departments", {"name": unique_name("dep"), "color": "#112233"})
    body = {"list_type": "asset", "name": "f", "query": "x", "entity_type": "Asset", "project_id": world.project["id"]}
    await admin.ok("POST", "/data/user/filters", body)
    context = await admin.ok("GET", "/data/user/context")
    reference = shape(CONTEXT)
    assert set(context) == set(reference)
    for key, kind in reference.items():
        if isinstance(kind, list):
            assert isinstance(context[key], list), key
            for item in context[key]:
                check_item(f"{CONTEXT} {key}", item, kind)
    for key in ("asset_types", "task_types", "task_status", "persons", "departments", "studios", "custom_actions"):
        assert context[key], key
    project = next(p for p in context["projects"] if p["id"] == world.project["id"])
    assert world.artist.id in project["team"]
    assert isinstance(context["notification_count"], int) and isinstance(context["user_limit"], int)
    filters = context["search_filters"]["asset"][world.project["id"]]
    assert filters[0]["search_query"] == "x" and filters[0]["type"] == "SearchFilter"


async def test_artist_context_has_only_their_projects_and_minimal_people(world: World, admin: Api) -> None:
    elsewhere = await new_project(admin, team=[world.outsider])
    context = await world.artist.ok("GET", "/data/user/context")
    ids = {p["id"] for p in context["projects"]}
    assert world.project["id"] in ids and elsewhere["id"] not in ids
    others = [p for p in context["persons"] if p["id"] != world.artist.id]
    me = next(p for p in context["persons"] if p["id"] == world.artist.id)
    assert all("daily_salary" not in p and "phone" not in p for p in others)
    assert "daily_salary" in me and all("password" not in p for p in context["persons"])
    outsider = await world.outsider.ok("GET", "/data/user/context")
    assert [p["id"] for p in outsider["projects"]] == [elsewhere["id"]]
    manager = await world.manager.ok("GET", "/data/user/context")
    assert manager["project_roles"] == {world.project["id"]: "manager"}
    assert all("daily_salary" in p for p in manager["persons"])


async def test_context_needs_a_login(anon: Api) -> None:
    assert (await anon.get("/data/user/context")).status_code == 401


async def test_context_runs_a_constant_number_of_statements(world: World, admin: Api) -> None:
    async def statements() -> int:
        before = admin.server.counter.count
        await world.artist.ok("GET", "/data/user/context")
        return admin.server.counter.count - before

    small = await statements()
    person = await new_person(admin, "user")
    await new_project(admin, team=[world.artist, person])
    await new_project(admin, team=[world.artist])
    await admin.ok("POST", "/data/departments", {"name": unique_name("dep"), "color": "#000000"})
    assert await statements() == small


async def test_user_open_projects(world: World, admin: Api) -> None:
    route = "GET /data/user/projects/open"
    projects = await world.artist.ok("GET", "/data/user/projects/open")
    assert world.project["id"] in {p["id"] for p in projects}
    project = next(p for p in projects if p["id"] == world.project["id"])
    check_item(route, project)
    assert world.project["id"] not in {p["id"] for p in await world.outsider.ok("GET", "/data/user/projects/open")}
