"""Project templates: links, reorders, default background, descriptors, from-project, apply."""

from __future__ import annotations

from typing import Any

from tests.conftest import Backend
from tests.projects.conftest import Crew
from tests.projects.shapes import like
from tests.projects.support import events_named, statements_of
from tests.projects.test_settings import task_status, task_types
from tests.support import Api, entity_type_id, new_project, unique_name


async def new_template(admin: Api) -> dict[str, Any]:
    return await admin.ok("POST", "/data/project-templates", {"name": unique_name("tpl"), "fps": "24"})  # type: ignore[no-any-return]


async def background(admin: Api) -> dict[str, Any]:
    return await admin.ok("POST", "/data/preview-background-files", {"name": unique_name("bg")[:30]})  # type: ignore[no-any-return]


async def test_template_links(admin: Api, server: Backend, people: dict[str, Api]) -> None:
    template = await new_template(admin)
    base = f"/data/project-templates/{template['id']}"
    first, second = await task_types(admin, 2)
    link = await admin.ok("POST", f"{base}/task-types", {"task_type_id": first["id"], "priority": 2})
    like("POST /data/project-templates/{project_template_id}/task-types", link)
    await admin.ok("POST", f"{base}/task-types", {"task_type_id": second["id"], "priority": 1})
    listed = await people["outsider_manager"].ok("GET", f"{base}/task-types")  # production managers read templates
    like("GET /data/project-templates/{project_template_id}/task-types", listed)
    assert [t["id"] for t in listed] == [second["id"], first["id"]]
    status = await task_status(admin)
    link = await admin.ok(
        "POST", f"{base}/task-statuses", {"task_status_id": status["id"], "roles_for_board": ["admin"]}
    )
    like("POST /data/project-templates/{project_template_id}/task-statuses", link)
    statuses = await admin.ok("GET", f"{base}/task-statuses")
    like("GET /data/project-templates/{project_template_id}/task-statuses", statuses)
    assert statuses[0]["roles_for_board"] == ["admin"]
    props = await entity_type_id(admin, "Prop")
    like(
        "POST /data/project-templates/{project_template_id}/asset-types",
        await admin.ok("POST", f"{base}/asset-types", {"asset_type_id": props}),
    )
    like("GET /data/project-templates/{project_template_id}/asset-types", await admin.ok("GET", f"{base}/asset-types"))
    automation = await admin.ok(
        "POST",
        "/data/status-automations",
        {
            "in_task_type_id": first["id"],
            "in_task_status_id": status["id"],
            "out_task_type_id": second["id"],
            "out_task_status_id": status["id"],
        },
    )
    added = await admin.ok("POST", f"{base}/status-automations", {"status_automation_id": automation["id"]})
    like("POST /data/project-templates/{project_template_id}/status-automations", added)
    like(
        "GET /data/project-templates/{project_template_id}/status-automations",
        await admin.ok("GET", f"{base}/status-automations"),
    )
    bg = await background(admin)
    added = await admin.ok("POST", f"{base}/preview-background-files", {"preview_background_file_id": bg["id"]})
    like("POST /data/project-templates/{project_template_id}/preview-background-files", added)
    updated = await admin.ok(
        "PUT", f"{base}/default-preview-background-file", {"default_preview_background_file_id": bg["id"]}
    )
    like("PUT /data/project-templates/{project_template_id}/default-preview-background-file", updated)
    backgrounds = await admin.ok("GET", f"{base}/preview-background-files")
    like("GET /data/project-templates/{project_template_id}/preview-background-files", backgrounds)
    assert backgrounds == [{"id": bg["id"], "name": bg["name"], "is_default": True}]
    detail = await admin.ok("GET", base)
    assert detail["asset_types"] == [props] and detail["status_automations"] == [automation["id"]]
    assert await events_named(server, "project-template:update") >= 6
    for path, key in (
        ("task-types/" + first["id"], None),
        ("task-statuses/" + status["id"], None),
        ("asset-types/" + props, None),
        ("status-automations/" + automation["id"], None),
        ("preview-background-files/" + bg["id"], None),
    ):
        await admin.ok("DELETE", f"{base}/{path}")
        assert (await admin.delete(f"{base}/{path}")).status_code == 404, key
    assert (await admin.ok("GET", base))["default_preview_background_file_id"] is None


async def test_template_reorders_and_descriptors(admin: Api) -> None:
    template = await new_template(admin)
    base = f"/data/project-templates/{template['id']}"
    first, second = await task_types(admin, 2)
    for tt in (first, second):
        await admin.ok("POST", f"{base}/task-types", {"task_type_id": tt["id"]})
    result = await admin.ok(
        "POST",
        f"/actions/project-templates/{template['id']}/task-types/reorder",
        {"task_type_ids": [second["id"], first["id"]]},
        status=200,
    )
    like("POST /actions/project-templates/{project_template_id}/task-types/reorder", result)
    assert [link["task_type_id"] for link in result] == [second["id"], first["id"]]
    statuses = [await task_status(admin) for _ in range(2)]
    for status in statuses:
        await admin.ok("POST", f"{base}/task-statuses", {"task_status_id": status["id"]})
    ids = [statuses[1]["id"], statuses[0]["id"]]
    result = await admin.ok(
        "POST",
        f"/actions/project-templates/{template['id']}/task-statuses/reorder",
        {"task_status_ids": ids},
        status=200,
    )
    like("POST /actions/project-templates/{project_template_id}/task-statuses/reorder", result)
    assert [link["priority"] for link in result] == [1, 2]
    descriptors = [
        {"name": "Difficulty", "entity_type": "Shot", "data_type": "list", "choices": ["easy", "hard"]},
        {"name": "Notes", "entity_type": "Asset"},  # defaults filled in
    ]
    updated = await admin.ok("PUT", f"{base}/metadata-descriptors", {"metadata_descriptors": descriptors})
    like("PUT /data/project-templates/{project_template_id}/metadata-descriptors", updated)
    assert [d["field_name"] for d in updated["metadata_descriptors"]] == ["difficulty", "notes"]
    assert updated["metadata_descriptors"][1]["data_type"] == "string"
    bad = {"metadata_descriptors": [{"name": "x", "entity_type": "Nope"}]}
    assert (await admin.put(f"{base}/metadata-descriptors", json=bad)).status_code == 400


async def test_from_project_then_apply_to_another(crew: Crew, admin: Api, server: Backend) -> None:
    tt = (await task_types(admin, 1))[0]
    status = await task_status(admin)
    props = await entity_type_id(admin, "Prop")
    await admin.ok("PUT", f"/data/projects/{crew.id}", {"fps": "30", "ratio": "2.39"})
    await admin.ok("POST", f"/data/projects/{crew.id}/settings/task-types", {"task_type_id": tt["id"], "priority": 5})
    await admin.ok("POST", f"/data/projects/{crew.id}/settings/task-status", {"task_status_id": status["id"]})
    await admin.ok("POST", f"/data/projects/{crew.id}/settings/asset-types", {"asset_type_id": props})
    await admin.ok(
        "POST", f"/data/projects/{crew.id}/metadata-descriptors", {"name": "Season", "entity_type": "Episode"}
    )
    name = unique_name("snap")
    template = await admin.ok("POST", f"/data/project-templates/from-project/{crew.id}", {"name": name})
    like("POST /data/project-templates/from-project/{project_id}", template)
    assert (template["fps"], template["ratio"]) == ("30", "2.39")
    assert [d["field_name"] for d in template["metadata_descriptors"]] == ["season"]
    assert (await admin.post(f"/data/project-templates/from-project/{crew.id}", json={"name": name})).status_code == 400
    links = await admin.ok("GET", f"/data/project-templates/{template['id']}/task-types")
    assert [(t["id"], t["priority"]) for t in links] == [(tt["id"], 5)]

    target = await new_project(admin, team=[crew.manager])
    await admin.ok("POST", f"/data/projects/{target['id']}/team", {"person_id": crew.manager.id, "role": "manager"})
    await admin.ok(
        "POST", f"/data/projects/{target['id']}/metadata-descriptors", {"name": "Season", "entity_type": "Episode"}
    )
    path = f"/data/projects/{target['id']}/apply-template/{template['id']}"
    assert (await crew.artist.post(path, json={})).status_code == 403
    applied = await crew.manager.ok("POST", path, {}, status=200)
    like("POST /data/projects/{project_id}/apply-template/{project_template_id}", applied)
    assert applied["fps"] == "30"
    detail = await admin.ok("GET", f"/data/projects/{target['id']}")
    assert detail["task_types"] == [tt["id"]] and detail["task_statuses"] == [status["id"]]
    assert detail["asset_types"] == [props] and detail["task_types_priority"][tt["id"]] == 5
    assert [d["field_name"] for d in detail["descriptors"]] == ["season"]  # the existing one stays alone
    await crew.manager.ok("POST", path, {}, status=200)  # applying again adds nothing twice
    assert (await admin.ok("GET", f"/data/projects/{target['id']}"))["task_types"] == [tt["id"]]
    assert await events_named(server, "project:update", target["id"]) >= 2


async def test_template_refusals(admin: Api, crew: Crew, people: dict[str, Api]) -> None:
    template = await new_template(admin)
    base = f"/data/project-templates/{template['id']}"
    tt = (await task_types(admin, 1))[0]
    for caller in (people["outsider_manager"], crew.manager, crew.artist):
        assert (await caller.post(f"{base}/task-types", json={"task_type_id": tt["id"]})).status_code == 403
        assert (await caller.delete(f"{base}/task-types/{tt['id']}")).status_code == 403
        assert (await caller.put(f"{base}/metadata-descriptors", json={"metadata_descriptors": []})).status_code == 403
        assert (
            await caller.post(f"/data/project-templates/from-project/{crew.id}", json={"name": "x"})
        ).status_code == 403
        reorder = f"/actions/project-templates/{template['id']}/task-types/reorder"
        assert (await caller.post(reorder, json={"task_type_ids": []})).status_code == 403
    for caller in (crew.artist, crew.supervisor, crew.client):
        assert (await caller.get(f"{base}/task-types")).status_code == 403
    assert (
        await admin.get("/data/project-templates/00000000-0000-0000-0000-000000000004/task-types")
    ).status_code == 404
    unknown = {"task_type_id": "00000000-0000-0000-0000-000000000004"}
    assert (await admin.post(f"{base}/task-types", json=unknown)).status_code == 400


async def test_template_lists_run_constant_statements(admin: Api, server: Backend) -> None:
    template = await new_template(admin)
    base = f"/data/project-templates/{template['id']}"
    paths = [f"{base}/{p}" for p in ("task-types", "task-statuses", "asset-types", "preview-background-files")]
    before = [await statements_of(server, admin, p) for p in paths]
    for tt in await task_types(admin, 3):
        await admin.ok("POST", f"{base}/task-types", {"task_type_id": tt["id"]})
        await admin.ok("POST", f"{base}/task-statuses", {"task_status_id": (await task_status(admin))["id"]})
        await admin.ok(
            "POST", f"{base}/preview-background-files", {"preview_background_file_id": (await background(admin))["id"]}
        )
    assert [await statements_of(server, admin, p) for p in paths] == before
