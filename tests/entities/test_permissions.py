"""Who may read and change the breakdown: refusals per role and per project membership."""

from __future__ import annotations

from typing import Any

from tests.entities.factory import add_task, new_production, new_sequence, new_shot
from tests.support import Api, entity_type_id, new_person, set_project_role, unique_name


async def test_an_artist_outside_the_project_is_refused(admin: Api) -> None:
    production = await new_production(admin, nb_shots=1, nb_assets=1)
    outsider = await new_person(admin, "user")
    shot, asset, sequence = production.shots[0], production.assets[0], production.sequence
    refused = [
        f"/data/shots/{shot['id']}",
        f"/data/assets/{asset['id']}",
        f"/data/sequences/{sequence['id']}",
        f"/data/episodes/{production.episode['id']}",
        f"/data/projects/{production.id}/shots",
        f"/data/projects/{production.id}/assets",
        f"/data/projects/{production.id}/asset-types",
        f"/data/shots?project_id={production.id}",
        f"/data/sequences?project_id={production.id}",
        f"/data/shots/all?project_id={production.id}",
        f"/data/shots/{shot['id']}/tasks",
        f"/data/shots/{shot['id']}/task-types",
        f"/data/shots/{shot['id']}/preview-files",
        f"/data/sequences/{sequence['id']}/shots",
        f"/data/episodes/{production.episode['id']}/shot-tasks",
        f"/data/entities/{shot['id']}/news",
        f"/data/entities/{shot['id']}/preview-files",
        f"/data/entities/{shot['id']}/time-spents",
    ]
    for path in refused:
        response = await outsider.get(path)
        assert response.status_code == 403, (path, response.status_code)
        assert response.json()["error"] is True
    # the reference answers the asset list with 200, but never with another project's rows
    assert await outsider.ok("GET", f"/data/assets?project_id={production.id}") == []
    assert await outsider.ok("GET", "/data/assets/all") == []
    assert await outsider.ok("GET", "/data/shots") == []
    writes: list[tuple[str, str, Any]] = [
        ("POST", f"/data/projects/{production.id}/shots", {"name": "x", "sequence_id": sequence["id"]}),
        ("PUT", f"/data/shots/{shot['id']}", {"name": "hacked"}),
        ("PUT", f"/data/entities/{asset['id']}", {"name": "hacked"}),
        ("DELETE", f"/data/shots/{shot['id']}", None),
        ("POST", f"/actions/projects/{production.id}/delete-entities", [shot["id"]]),
        ("POST", f"/data/entities/{shot['id']}/tasks", {"task_type_ids": []}),
    ]
    for method, path, body in writes:
        response = await outsider.request(method, path, json=body)
        assert response.status_code == 403, (method, path, response.text)
    assert (await admin.ok("GET", f"/data/shots/{shot['id']}"))["name"] == shot["name"]


async def test_team_members_read_but_only_managers_shape_the_breakdown(admin: Api) -> None:
    artist = await new_person(admin, "user")
    supervisor = await new_person(admin, "supervisor")
    client = await new_person(admin, "client")
    manager = await new_person(admin, "manager")
    outsider_manager = await new_person(admin, "manager")
    production = await new_production(admin, team=[artist, supervisor, client, manager], nb_shots=1)
    shot, sequence = production.shots[0], production.sequence
    for reader in (artist, supervisor, client, manager):
        assert (await reader.ok("GET", f"/data/shots/{shot['id']}"))["id"] == shot["id"]
        listed = await reader.ok("GET", f"/data/shots?project_id={production.id}")
        assert [row["id"] for row in listed] == [shot["id"]]
    body = {"name": unique_name("sh"), "sequence_id": sequence["id"]}
    for refused in (artist, supervisor, client, outsider_manager):
        response = await refused.post(f"/data/projects/{production.id}/shots", body)
        assert response.status_code == 403, refused.person["role"]
        assert (await refused.put(f"/data/shots/{shot['id']}", {"name": "no"})).status_code == 403
        assert (await refused.delete(f"/data/shots/{shot['id']}")).status_code == 403
    created = await manager.ok("POST", f"/data/projects/{production.id}/shots", body)
    assert created["created_by"] == manager.id
    updated = await manager.ok("PUT", f"/data/shots/{shot['id']}", {"description": "by manager"})
    assert updated["description"] == "by manager"
    types = await entity_type_id(admin, "Prop")
    asset_path = f"/data/projects/{production.id}/asset-types/{types}/assets/new"
    assert (await artist.post(asset_path, {"name": "nope"})).status_code == 403
    assert (await manager.post(asset_path, {"name": unique_name("as")})).status_code == 201


async def test_the_creator_of_an_entity_may_update_and_delete_it(admin: Api) -> None:
    creator = await new_person(admin, "manager")
    production = await new_production(admin, team=[creator], nb_shots=1)
    mine = await new_shot(creator, production.project, production.sequence)
    await set_project_role(admin, production.project, creator, "user")
    creator = await Api.login(admin.server, creator.person["email"], "password-123")
    assert (await creator.ok("PUT", f"/data/shots/{mine['id']}", {"description": "still mine"}))["description"]
    assert (await creator.put(f"/data/shots/{production.shots[0]['id']}", {"name": "not mine"})).status_code == 403
    refused = await creator.post(f"/actions/projects/{production.id}/delete-entities", [production.shots[0]["id"]])
    assert refused.status_code == 403
    await creator.ok("DELETE", f"/data/shots/{mine['id']}")
    assert (await admin.get(f"/data/shots/{mine['id']}")).status_code == 404


async def test_vendors_only_see_what_they_are_assigned_to(admin: Api) -> None:
    vendor = await new_person(admin, "vendor")
    production = await new_production(admin, team=[vendor], nb_shots=2)
    assigned, hidden = production.shots
    task = await add_task(admin, assigned, assignees=[vendor.id])
    await add_task(admin, assigned, "Layout")  # on the same shot, not assigned to them
    listed = await vendor.ok("GET", f"/data/shots?project_id={production.id}")
    assert [row["id"] for row in listed] == [assigned["id"]]
    detail = await vendor.ok("GET", f"/data/shots/{assigned['id']}")
    assert [t["id"] for t in detail["tasks"]] == [task["id"]] and detail["tasks"][0]["assignees"] == [vendor.id]
    assert [t["id"] for t in await vendor.ok("GET", f"/data/shots/{assigned['id']}/tasks")] == [task["id"]]
    assert (await vendor.get(f"/data/shots/{hidden['id']}")).status_code == 403
    project_list = await vendor.ok("GET", f"/data/projects/{production.id}/shots")
    assert [row["id"] for row in project_list] == [assigned["id"]]


async def test_a_closed_project_hides_its_breakdown_from_its_team(admin: Api) -> None:
    artist = await new_person(admin, "user")
    production = await new_production(admin, team=[artist], nb_shots=1)
    closed = await admin.ok("GET", "/data/project-status?name=Closed")
    await admin.ok("PUT", f"/data/projects/{production.id}", {"project_status_id": closed[0]["id"]})
    assert (await artist.get(f"/data/shots/{production.shots[0]['id']}")).status_code == 403
    sequence = await new_sequence(admin, production.project)
    assert sequence["project_id"] == production.id  # admins still work on it
