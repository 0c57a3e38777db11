"""The team routes: list, add, per-project role, remove; who may do it; events."""

from __future__ import annotations

from tests.conftest import Backend
from tests.projects.conftest import Crew
from tests.projects.shapes import like
from tests.projects.support import events_named, statements_of
from tests.support import Api, new_person


async def test_team_lists_members_with_their_project_role(crew: Crew, admin: Api) -> None:
    team = await admin.ok("GET", f"/data/projects/{crew.id}/team")
    assert {person["id"] for person in team} == {member.id for member in crew.members()}
    roles = {person["id"]: person["project_role"] for person in team}
    assert roles[crew.manager.id] == "manager" and roles[crew.artist.id] is None
    like("GET /data/projects/{project_id}/team", team)
    assert all("password" not in person for person in team)


async def test_members_read_the_team_outsiders_are_refused(crew: Crew) -> None:
    assert len(await crew.artist.ok("GET", f"/data/projects/{crew.id}/team")) == 5
    response = await crew.outsider.get(f"/data/projects/{crew.id}/team")
    assert response.status_code == 403
    assert (await crew.outsider_manager.get(f"/data/projects/{crew.id}/team")).status_code == 403


async def test_add_member_with_a_role_then_change_it_then_remove(crew: Crew, admin: Api, server: Backend) -> None:
    newcomer = await new_person(admin, "user")
    before = await events_named(server, "project:update", crew.id)
    project = await crew.manager.ok(
        "POST", f"/data/projects/{crew.id}/team", {"person_id": newcomer.id, "role": "supervisor"}
    )
    like("POST /data/projects/{project_id}/team", project)
    assert project["id"] == crew.id
    assert await events_named(server, "project:update", crew.id) == before + 1
    # the new member now reaches the project, with the per-project role
    assert (await newcomer.get(f"/data/projects/{crew.id}")).status_code == 200
    link = await crew.manager.ok("PUT", f"/data/projects/{crew.id}/team/{newcomer.id}", {"role": "client"})
    assert link == {"project_id": crew.id, "person_id": newcomer.id, "role": "client"}
    team = await admin.ok("GET", f"/data/projects/{crew.id}/team")
    assert {p["id"]: p["project_role"] for p in team}[newcomer.id] == "client"
    assert (await crew.manager.ok("PUT", f"/data/projects/{crew.id}/team/{newcomer.id}", {"role": None}))[
        "role"
    ] is None
    await crew.manager.ok("DELETE", f"/data/projects/{crew.id}/team/{newcomer.id}")
    assert (await newcomer.get(f"/data/projects/{crew.id}")).status_code == 403
    assert (await crew.manager.delete(f"/data/projects/{crew.id}/team/{newcomer.id}")).status_code == 404


async def test_adding_twice_keeps_one_link_and_updates_the_role(crew: Crew, admin: Api) -> None:
    await admin.ok("POST", f"/data/projects/{crew.id}/team", {"person_id": crew.artist.id, "role": "supervisor"})
    team = await admin.ok("GET", f"/data/projects/{crew.id}/team")
    assert [p["project_role"] for p in team if p["id"] == crew.artist.id] == ["supervisor"]


async def test_only_managers_change_the_team(crew: Crew, admin: Api) -> None:
    newcomer = await new_person(admin, "user")
    for caller in (crew.supervisor, crew.artist, crew.client, crew.vendor, crew.outsider, crew.outsider_manager):
        response = await caller.post(f"/data/projects/{crew.id}/team", json={"person_id": newcomer.id})
        assert response.status_code == 403, caller.person["role"]
        response = await caller.put(f"/data/projects/{crew.id}/team/{crew.artist.id}", json={"role": "manager"})
        assert response.status_code == 403
        assert (await caller.delete(f"/data/projects/{crew.id}/team/{crew.artist.id}")).status_code == 403


async def test_bad_team_bodies_are_clean_400s(crew: Crew, admin: Api) -> None:
    base = f"/data/projects/{crew.id}/team"
    for body in (
        {},
        {"person_id": "nope"},
        {"person_id": crew.artist.id, "role": "admin"},
    ):
        assert (await admin.post(base, json=body)).status_code == 400, body
    unknown = "00000000-0000-0000-0000-000000000001"
    assert (await admin.post(base, json={"person_id": unknown})).status_code == 400
    assert (await admin.put(f"{base}/{crew.artist.id}", json={"role": "boss"})).status_code == 400
    assert (await admin.put(f"{base}/not-an-id", json={"role": None})).status_code == 400
    assert (await admin.get(f"/data/projects/{unknown}/team")).status_code == 404


async def test_team_list_runs_a_constant_number_of_statements(crew: Crew, admin: Api, server: Backend) -> None:
    path = f"/data/projects/{crew.id}/team"
    small = await statements_of(server, admin, path)
    for _ in range(4):
        newcomer = await new_person(admin, "user")
        await admin.ok("POST", f"/data/projects/{crew.id}/team", {"person_id": newcomer.id})
    assert await statements_of(server, admin, path) == small
