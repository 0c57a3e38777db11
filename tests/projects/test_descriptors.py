"""Metadata descriptors per project and on all open projects; supervisors and departments."""

from __future__ import annotations

from typing import Any

from tests.conftest import Backend
from tests.projects.conftest import Crew
from tests.projects.shapes import like
from tests.projects.support import events_named, statements_of
from tests.support import Api, new_entity, new_person, new_project, unique_name


async def department(admin: Api, *members: Api) -> dict[str, Any]:
    created = await admin.ok("POST", "/data/departments", {"name": unique_name("dep"), "color": "#abcdef"})
    for member in members:
        await admin.ok("PUT", f"/data/persons/{member.id}", {"departments": [created["id"]]})
    return created  # type: ignore[no-any-return]


def descriptors_path(crew: Crew) -> str:
    return f"/data/projects/{crew.id}/metadata-descriptors"


async def test_create_derives_the_field_name_and_renaming_keeps_it(crew: Crew, admin: Api, server: Backend) -> None:
    path = descriptors_path(crew)
    body = {"name": "Budget Code (€)", "entity_type": "Asset", "data_type": "list", "choices": ["a", "b"]}
    created = await crew.manager.ok("POST", path, body)
    like("POST /data/projects/{project_id}/metadata-descriptors", created)
    assert created["field_name"] == "budget_code" and created["choices"] == ["a", "b"]
    assert await events_named(server, "metadata-descriptor:new", crew.id) == 1
    asset = await new_entity(admin, crew.project, data={"budget_code": "a", "frame_in": 3})
    renamed = await crew.manager.ok("PUT", f"{path}/{created['id']}", {**created, "name": "Code"})
    like("PUT /data/projects/{project_id}/metadata-descriptors/{metadata_descriptor_id}", renamed)
    assert (renamed["name"], renamed["field_name"]) == ("Code", "budget_code")
    assert (await admin.ok("GET", f"/data/entities/{asset['id']}"))["data"] == {"budget_code": "a", "frame_in": 3}
    changed = await admin.put(f"{path}/{created['id']}", json={"field_name": "other"})
    assert changed.status_code == 400
    got = await crew.artist.ok("GET", f"{path}/{created['id']}")
    like("GET /data/projects/{project_id}/metadata-descriptors/{metadata_descriptor_id}", got)
    assert await events_named(server, "metadata-descriptor:update", crew.id) == 1


async def test_duplicates_and_bad_bodies_are_400(crew: Crew, admin: Api) -> None:
    path = descriptors_path(crew)
    await admin.ok("POST", path, {"name": "Difficulty", "entity_type": "Shot"})
    for body in (
        {"name": "Difficulty", "entity_type": "Shot"},
        {"name": "difficulty!", "entity_type": "Shot"},  # same field name
        {"name": "x", "entity_type": "Planet"},
        {"name": "", "entity_type": "Shot"},
        {"name": "x", "entity_type": "Shot", "data_type": "colour"},
        {"name": "x", "entity_type": "Task"},  # a Task descriptor needs its task type
        {"name": "x", "entity_type": "Shot", "departments": ["00000000-0000-0000-0000-000000000003"]},
    ):
        assert (await admin.post(path, json=body)).status_code == 400, body
    # the same name on another entity type is fine
    await admin.ok("POST", path, {"name": "Difficulty", "entity_type": "Asset"})


async def test_list_reorder_delete(crew: Crew, admin: Api, server: Backend) -> None:
    path = descriptors_path(crew)
    made = [await admin.ok("POST", path, {"name": f"Field {i}", "entity_type": "Shot"}) for i in range(3)]
    await admin.ok("POST", path, {"name": "Other", "entity_type": "Asset"})
    order = [made[2]["id"], made[0]["id"], made[1]["id"]]
    result = await crew.manager.ok(
        "POST", f"{path}/reorder", {"entity_type": "Shot", "descriptor_ids": order}, status=200
    )
    like("POST /data/projects/{project_id}/metadata-descriptors/reorder", result)
    assert [d["id"] for d in result] == order and [d["position"] for d in result] == [1, 2, 3]
    listed = await crew.artist.ok("GET", path)
    like("GET /data/projects/{project_id}/metadata-descriptors", listed)
    assert [d["id"] for d in listed if d["entity_type"] == "Shot"] == order
    other = next(d for d in listed if d["entity_type"] == "Asset")
    wrong = await admin.post(f"{path}/reorder", json={"entity_type": "Shot", "descriptor_ids": [other["id"]]})
    assert wrong.status_code == 400
    assert (
        await crew.artist.post(f"{path}/reorder", json={"entity_type": "Shot", "descriptor_ids": order})
    ).status_code == 403
    await crew.manager.ok("DELETE", f"{path}/{made[0]['id']}")
    assert (await admin.get(f"{path}/{made[0]['id']}")).status_code == 404
    assert await events_named(server, "metadata-descriptor:delete", crew.id) == 1


async def test_clients_see_only_descriptors_for_clients(crew: Crew, admin: Api) -> None:
    path = descriptors_path(crew)
    shown = await admin.ok("POST", path, {"name": "Public", "entity_type": "Shot", "for_client": True})
    hidden = await admin.ok("POST", path, {"name": "Internal", "entity_type": "Shot"})
    assert [d["id"] for d in await crew.client.ok("GET", path)] == [shown["id"]]
    assert (await crew.client.get(f"{path}/{hidden['id']}")).status_code == 404
    assert len(await crew.artist.ok("GET", path)) == 2
    opened = await crew.client.ok("GET", "/data/projects/open")
    assert [d["id"] for d in next(p for p in opened if p["id"] == crew.id)["descriptors"]] == [shown["id"]]


async def test_supervisors_edit_the_descriptors_of_their_departments(crew: Crew, admin: Api) -> None:
    path = descriptors_path(crew)
    mine, theirs = await department(admin, crew.supervisor), await department(admin)
    own = await crew.supervisor.ok("POST", path, {"name": "Rig", "entity_type": "Asset", "departments": [mine["id"]]})
    assert own["departments"] == [mine["id"]]
    refused = await crew.supervisor.post(
        path, json={"name": "Lighting", "entity_type": "Asset", "departments": [theirs["id"]]}
    )
    assert refused.status_code == 403
    assert (await crew.supervisor.post(path, json={"name": "Any", "entity_type": "Asset"})).status_code == 403
    other = await admin.ok("POST", path, {"name": "Comp", "entity_type": "Asset", "departments": [theirs["id"]]})
    assert (await crew.supervisor.put(f"{path}/{other['id']}", json={"name": "Mine now"})).status_code == 403
    moved = await crew.supervisor.put(f"{path}/{own['id']}", json={"departments": [theirs["id"]]})
    assert moved.status_code == 403
    await crew.supervisor.ok("PUT", f"{path}/{own['id']}", {"name": "Rigging"})
    assert (await crew.supervisor.delete(f"{path}/{other['id']}")).status_code == 403
    await crew.supervisor.ok("DELETE", f"{path}/{own['id']}")
    for caller in (crew.artist, crew.client, crew.vendor, crew.outsider, crew.outsider_manager):
        assert (await caller.post(path, json={"name": "No", "entity_type": "Asset"})).status_code == 403
        assert (await caller.delete(f"{path}/{other['id']}")).status_code == 403
    assert (await crew.outsider.get(path)).status_code == 403
    # a supervisor without any department supervises them all
    free = await new_person(admin, "supervisor")
    await admin.ok("POST", f"/data/projects/{crew.id}/team", {"person_id": free.id})
    await free.ok("PUT", f"{path}/{other['id']}", {"name": "Compositing"})


async def test_vendors_see_descriptors_of_their_departments(crew: Crew, admin: Api) -> None:
    path = descriptors_path(crew)
    mine, theirs = await department(admin, crew.vendor), await department(admin)
    a = await admin.ok("POST", path, {"name": "General", "entity_type": "Asset"})
    b = await admin.ok("POST", path, {"name": "Vendor", "entity_type": "Asset", "departments": [mine["id"]]})
    await admin.ok("POST", path, {"name": "Secret", "entity_type": "Asset", "departments": [theirs["id"]]})
    assert {d["id"] for d in await crew.vendor.ok("GET", path)} == {a["id"], b["id"]}


async def test_descriptor_list_statement_count_is_constant(crew: Crew, admin: Api, server: Backend) -> None:
    path = descriptors_path(crew)
    await admin.ok("POST", path, {"name": "One", "entity_type": "Shot"})
    small = await statements_of(server, admin, path)
    dep = await department(admin)
    for i in range(5):
        await admin.ok("POST", path, {"name": f"More {i}", "entity_type": "Shot", "departments": [dep["id"]]})
    assert await statements_of(server, admin, path) == small


async def test_all_projects_routes(admin: Api, server: Backend, people: dict[str, Api]) -> None:
    first, second = await new_project(admin), await new_project(admin)
    closed_status = (await admin.ok("GET", "/data/project-status?name=Closed"))[0]["id"]
    closed = await new_project(admin, project_status_id=closed_status)
    field = unique_name("shared").replace("-", "_")
    body = {"name": field, "entity_type": "Shot", "data_type": "string"}
    await admin.ok("POST", f"/data/projects/{first['id']}/metadata-descriptors", {**body, "data_type": "number"})
    created = await admin.ok("POST", "/data/metadata-descriptors/all-projects", body)
    like("POST /data/metadata-descriptors/all-projects", created)
    project_ids = {d["project_id"] for d in created}
    assert second["id"] in project_ids and first["id"] not in project_ids and closed["id"] not in project_ids
    updated = await admin.ok(
        "PUT", f"/data/metadata-descriptors/all-projects/{field}", {"entity_type": "Shot", "for_client": True}
    )
    like("PUT /data/metadata-descriptors/all-projects/{field_name}", updated)
    assert {d["project_id"] for d in updated} >= {first["id"], second["id"]}
    assert all(d["for_client"] for d in updated) and any(d["data_type"] == "number" for d in updated)
    other = await admin.ok(
        "POST", "/data/metadata-descriptors/all-projects", {"name": field + "_b", "entity_type": "Shot"}
    )
    reordered = await admin.ok(
        "POST",
        "/actions/metadata-descriptors/all-projects/reorder",
        {"entity_type": "Shot", "field_order": [field + "_b", field]},
        status=200,
    )
    like("POST /actions/metadata-descriptors/all-projects/reorder", reordered)
    positions = {(d["project_id"], d["field_name"]): d["position"] for d in reordered}
    assert positions[(second["id"], field + "_b")] == 1 and positions[(second["id"], field)] == 2
    assert other
    deleted = await admin.ok("DELETE", f"/data/metadata-descriptors/all-projects/{field}?entity_type=Shot", status=200)
    like("DELETE /data/metadata-descriptors/all-projects/{field_name}", deleted)
    assert len(deleted) == len(updated)
    assert await events_named(server, "metadata-descriptor:delete", second["id"]) == 1
    assert (await admin.delete(f"/data/metadata-descriptors/all-projects/{field}")).status_code == 404
    for caller in (people["outsider_manager"], people["manager"], people["artist"]):
        assert (await caller.post("/data/metadata-descriptors/all-projects", json=body)).status_code == 403
        assert (
            await caller.put(f"/data/metadata-descriptors/all-projects/{field}_b", json={"entity_type": "Shot"})
        ).status_code == 403
        assert (await caller.delete(f"/data/metadata-descriptors/all-projects/{field}_b")).status_code == 403
        reorder = {"entity_type": "Shot", "field_order": []}
        assert (
            await caller.post("/actions/metadata-descriptors/all-projects/reorder", json=reorder)
        ).status_code == 403
