"""Project settings: asset types, task types, task statuses, automations, backgrounds, batch, softwares."""

from __future__ import annotations

from typing import Any

from tests.conftest import Backend
from tests.projects.conftest import Crew
from tests.projects.shapes import like
from tests.projects.support import events_named, statements_of
from tests.support import Api, entity_type_id, unique_name


async def task_types(admin: Api, count: int) -> list[dict[str, Any]]:
    return [
        await admin.ok("POST", "/data/task-types", {"name": unique_name("tt"), "for_entity": "Shot"})
        for _ in range(count)
    ]


async def task_status(admin: Api) -> dict[str, Any]:
    body = {"name": unique_name("st"), "short_name": unique_name("s")[:10], "color": "#112233"}
    return await admin.ok("POST", "/data/task-status", body)  # type: ignore[no-any-return]


async def test_asset_types_are_linked_and_unlinked(crew: Crew, admin: Api, server: Backend) -> None:
    characters = await entity_type_id(admin, "Character")
    before = await events_named(server, "project:update", crew.id)
    project = await crew.manager.ok(
        "POST", f"/data/projects/{crew.id}/settings/asset-types", {"asset_type_id": characters}
    )
    like("POST /data/projects/{project_id}/settings/asset-types", project)
    assert (await admin.ok("GET", f"/data/projects/{crew.id}"))["asset_types"] == [characters]
    assert await events_named(server, "project:update", crew.id) == before + 1
    shot = await entity_type_id(admin, "Shot")
    response = await admin.post(f"/data/projects/{crew.id}/settings/asset-types", json={"asset_type_id": shot})
    assert response.status_code == 400  # a shot is not an asset type
    await crew.manager.ok("DELETE", f"/data/projects/{crew.id}/settings/asset-types/{characters}")
    assert (await admin.ok("GET", f"/data/projects/{crew.id}"))["asset_types"] == []
    assert (await admin.delete(f"/data/projects/{crew.id}/settings/asset-types/{characters}")).status_code == 404


async def test_task_types_with_priorities_in_the_project(crew: Crew, admin: Api) -> None:
    first, second = await task_types(admin, 2)
    base = f"/data/projects/{crew.id}/settings/task-types"
    await crew.manager.ok("POST", base, {"task_type_id": first["id"], "priority": 2})
    await crew.manager.ok("POST", base, {"task_type_id": second["id"], "priority": 1})
    listed = await crew.artist.ok("GET", f"/data/projects/{crew.id}/task-types")
    like("GET /data/projects/{project_id}/task-types", listed)
    assert [(t["id"], t["priority"]) for t in listed] == [(second["id"], 1), (first["id"], 2)]
    # posting again updates the priority of the existing link (gazu's add_task_type)
    await crew.manager.ok("POST", base, {"task_type_id": first["id"], "priority": 0})
    assert [t["id"] for t in await crew.artist.ok("GET", base)] == [first["id"], second["id"]]
    project = await admin.ok("GET", f"/data/projects/{crew.id}")
    assert project["task_types_priority"][first["id"]] == 0
    await crew.manager.ok("DELETE", f"{base}/{first['id']}")
    assert [t["id"] for t in await admin.ok("GET", f"/data/projects/{crew.id}/task-types")] == [second["id"]]


async def test_task_statuses_and_their_link_settings(crew: Crew, admin: Api) -> None:
    status = await task_status(admin)
    base = f"/data/projects/{crew.id}/settings/task-status"
    await crew.manager.ok("POST", base, {"task_status_id": status["id"]})
    listed = await crew.client.ok("GET", base)
    like("GET /data/projects/{project_id}/settings/task-status", listed)
    assert [s["id"] for s in listed] == [status["id"]]
    body = {"priority": 4, "roles_for_board": ["admin", "manager"], "is_client_allowed": False}
    link = await crew.manager.ok("PUT", f"{base}/{status['id']}", body)
    like("PUT /data/projects/{project_id}/settings/task-status/{task_status_id}", link)
    assert (link["priority"], link["roles_for_board"], link["is_client_allowed"]) == (4, ["admin", "manager"], False)
    project = await admin.ok("GET", f"/data/projects/{crew.id}")
    assert project["task_statuses_link"][status["id"]]["roles_for_board"] == ["admin", "manager"]
    assert (await admin.ok("GET", base))[0]["priority"] == 4
    assert (await admin.put(f"{base}/{status['id']}", json={"roles_for_board": ["boss"]})).status_code == 400
    await crew.manager.ok("DELETE", f"{base}/{status['id']}")
    assert await admin.ok("GET", base) == []
    assert (await admin.put(f"{base}/{status['id']}", json={"priority": 1})).status_code == 404


async def test_status_automations_and_background_files(crew: Crew, admin: Api) -> None:
    tt = (await task_types(admin, 1))[0]
    status = await task_status(admin)
    automation = await admin.ok(
        "POST",
        "/data/status-automations",
        {
            "in_task_type_id": tt["id"],
            "in_task_status_id": status["id"],
            "out_task_type_id": tt["id"],
            "out_task_status_id": status["id"],
        },
    )
    base = f"/data/projects/{crew.id}/settings"
    await crew.manager.ok("POST", f"{base}/status-automations", {"status_automation_id": automation["id"]})
    listed = await crew.artist.ok("GET", f"{base}/status-automations")
    like("GET /data/projects/{project_id}/settings/status-automations", listed)
    assert [a["id"] for a in listed] == [automation["id"]]
    await crew.manager.ok("DELETE", f"{base}/status-automations/{automation['id']}")
    assert await admin.ok("GET", f"{base}/status-automations") == []

    background = await admin.ok("POST", "/data/preview-background-files", {"name": unique_name("bg")[:30]})
    await crew.manager.ok("POST", f"{base}/preview-background-files", {"preview_background_file_id": background["id"]})
    await admin.ok("PUT", f"/data/projects/{crew.id}", {"default_preview_background_file_id": background["id"]})
    listed = await crew.artist.ok("GET", f"{base}/preview-background-files")
    like("GET /data/projects/{project_id}/settings/preview-background-files", listed)
    await crew.manager.ok("DELETE", f"{base}/preview-background-files/{background['id']}")
    project = await admin.ok("GET", f"/data/projects/{crew.id}")
    assert project["preview_background_files"] == [] and project["default_preview_background_file_id"] is None


async def test_batch_links_everything_at_once(crew: Crew, admin: Api) -> None:
    first, second, third = await task_types(admin, 3)
    status = await task_status(admin)
    props = await entity_type_id(admin, "Prop")
    base = f"/data/projects/{crew.id}/settings"
    await admin.ok("POST", f"{base}/task-types", {"task_type_id": third["id"]})
    body = {
        "task_types": [{"task_type_id": first["id"], "priority": 1}, {"task_type_id": second["id"], "priority": 2}],
        "task_status_ids": [status["id"]],
        "asset_type_ids": [props],
        "replace_task_types": True,
    }
    project = await crew.manager.ok("POST", f"{base}/batch", body, status=200)
    like("POST /data/projects/{project_id}/settings/batch", project)
    detail = await admin.ok("GET", f"/data/projects/{crew.id}")
    assert sorted(detail["task_types"]) == sorted([first["id"], second["id"]])  # third replaced
    assert detail["task_statuses"] == [status["id"]] and detail["asset_types"] == [props]
    bad = {"task_status_ids": ["00000000-0000-0000-0000-000000000009"]}
    assert (await admin.post(f"{base}/batch", json=bad)).status_code == 400
    assert (await crew.supervisor.post(f"{base}/batch", json={})).status_code == 403


async def test_task_type_softwares(crew: Crew, admin: Api) -> None:
    tt = (await task_types(admin, 1))[0]
    name = unique_name("soft")[:20]
    software = await admin.ok(
        "POST", "/data/softwares", {"name": name, "short_name": name[:10], "file_extension": "blend"}
    )
    path = f"/data/projects/{crew.id}/task-types/{tt['id']}/softwares"
    link = await crew.manager.ok("POST", path, {"software_id": software["id"]})
    like("POST /data/projects/{project_id}/task-types/{task_type_id}/softwares", link)
    await crew.manager.ok("POST", path, {"software_id": software["id"]})  # idempotent
    listed = await crew.artist.ok("GET", f"/data/projects/{crew.id}/task-type-softwares")
    like("GET /data/projects/{project_id}/task-type-softwares", listed)
    assert listed == [{"project_id": crew.id, "task_type_id": tt["id"], "software_id": software["id"]}]
    assert (await crew.artist.delete(f"{path}/{software['id']}")).status_code == 403
    await crew.manager.ok("DELETE", f"{path}/{software['id']}")
    assert await admin.ok("GET", f"/data/projects/{crew.id}/task-type-softwares") == []
    assert (await admin.delete(f"{path}/{software['id']}")).status_code == 404


async def test_settings_writes_are_for_managers_reads_for_members(crew: Crew, admin: Api) -> None:
    tt = (await task_types(admin, 1))[0]
    base = f"/data/projects/{crew.id}/settings"
    for caller in (crew.supervisor, crew.artist, crew.client, crew.vendor, crew.outsider, crew.outsider_manager):
        assert (await caller.post(f"{base}/task-types", json={"task_type_id": tt["id"]})).status_code == 403
        assert (await caller.delete(f"{base}/task-types/{tt['id']}")).status_code == 403
    for path in (
        "task-types",
        "settings/task-status",
        "settings/status-automations",
        "settings/preview-background-files",
        "task-type-softwares",
    ):
        assert (await crew.outsider.get(f"/data/projects/{crew.id}/{path}")).status_code == 403, path
        await crew.vendor.ok("GET", f"/data/projects/{crew.id}/{path}")


async def test_settings_lists_run_constant_statements(crew: Crew, admin: Api, server: Backend) -> None:
    paths = [f"/data/projects/{crew.id}/{p}" for p in ("task-types", "settings/task-status", "task-type-softwares")]
    before = [await statements_of(server, admin, path) for path in paths]
    for tt in await task_types(admin, 3):
        await admin.ok("POST", f"/data/projects/{crew.id}/settings/task-types", {"task_type_id": tt["id"]})
        await admin.ok(
            "POST",
            f"/data/projects/{crew.id}/settings/task-status",
            {"task_status_id": (await task_status(admin))["id"]},
        )
    assert [await statements_of(server, admin, path) for path in paths] == before
