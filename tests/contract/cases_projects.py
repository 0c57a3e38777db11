"""Calls of the project routes: settings and links, team, descriptors, templates, preview account.

What a call removes is added first (to the world's project or template, or to a new one).
"""

from __future__ import annotations

from typing import Any

from tests.contract.calls import Call, case
from tests.contract.world import World
from tests.support import new_person, new_project, unique_name

Row = dict[str, Any]


async def linked(world: World, path: str, key: str, target: Row) -> str:
    """Add ``target`` to the link route ``path`` (as ``key``) and answer its id."""
    await world.admin.ok("POST", path, {key: target["id"]})
    return str(target["id"])


def settings(world: World, name: str) -> str:
    return f"/data/projects/{world.project_id}/settings/{name}"


def template(world: World, name: str) -> str:
    return f"/data/project-templates/{world.id('project_template')}/{name}"


async def fx_asset_type(world: World) -> str:
    return str((await world.admin.ok("GET", "/data/asset-types?name=FX"))[0]["id"])


@case(
    "POST /data/projects/{project_id}/settings/asset-types",
    "POST /data/project-templates/{project_template_id}/asset-types",
)
async def _add_asset_type(world: World) -> Call:
    return Call(body={"asset_type_id": await fx_asset_type(world)})


@case("DELETE /data/projects/{project_id}/settings/asset-types/{asset_type_id}")
async def _remove_asset_type(world: World) -> Call:
    target = {"id": await fx_asset_type(world)}
    return Call(params={"asset_type_id": await linked(world, settings(world, "asset-types"), "asset_type_id", target)})


@case("DELETE /data/project-templates/{project_template_id}/asset-types/{asset_type_id}")
async def _remove_template_asset_type(world: World) -> Call:
    target = {"id": await fx_asset_type(world)}
    return Call(params={"asset_type_id": await linked(world, template(world, "asset-types"), "asset_type_id", target)})


@case(
    "POST /data/projects/{project_id}/settings/task-types",
    "POST /data/project-templates/{project_template_id}/task-types",
)
async def _add_task_type(world: World) -> Call:
    return Call(body={"task_type_id": (await world.fresh("task-types"))["id"]})


@case("DELETE /data/projects/{project_id}/settings/task-types/{task_type_id}")
async def _remove_task_type(world: World) -> Call:
    target = await world.fresh("task-types")
    return Call(params={"task_type_id": await linked(world, settings(world, "task-types"), "task_type_id", target)})


@case("DELETE /data/project-templates/{project_template_id}/task-types/{task_type_id}")
async def _remove_template_task_type(world: World) -> Call:
    target = await world.fresh("task-types")
    return Call(params={"task_type_id": await linked(world, template(world, "task-types"), "task_type_id", target)})


@case(
    "POST /data/projects/{project_id}/settings/task-status",
    "POST /data/project-templates/{project_template_id}/task-statuses",
)
async def _add_task_status(world: World) -> Call:
    return Call(body={"task_status_id": (await world.fresh("task-status"))["id"]})


@case("PUT /data/projects/{project_id}/settings/task-status/{task_status_id}")
async def _task_status_link(world: World) -> Call:
    target = await world.fresh("task-status")
    status_id = await linked(world, settings(world, "task-status"), "task_status_id", target)
    return Call(params={"task_status_id": status_id}, body={"priority": 3})


@case("DELETE /data/projects/{project_id}/settings/task-status/{task_status_id}")
async def _remove_task_status(world: World) -> Call:
    target = await world.fresh("task-status")
    return Call(
        params={"task_status_id": await linked(world, settings(world, "task-status"), "task_status_id", target)}
    )


@case("DELETE /data/project-templates/{project_template_id}/task-statuses/{task_status_id}")
async def _remove_template_task_status(world: World) -> Call:
    target = await world.fresh("task-status")
    return Call(
        params={"task_status_id": await linked(world, template(world, "task-statuses"), "task_status_id", target)}
    )


@case(
    "POST /data/projects/{project_id}/settings/status-automations",
    "POST /data/project-templates/{project_template_id}/status-automations",
)
async def _add_automation(world: World) -> Call:
    return Call(body={"status_automation_id": (await world.fresh("status-automations"))["id"]})


@case("DELETE /data/projects/{project_id}/settings/status-automations/{status_automation_id}")
async def _remove_automation(world: World) -> Call:
    target = await world.fresh("status-automations")
    path = settings(world, "status-automations")
    return Call(params={"status_automation_id": await linked(world, path, "status_automation_id", target)})


@case("DELETE /data/project-templates/{project_template_id}/status-automations/{status_automation_id}")
async def _remove_template_automation(world: World) -> Call:
    target = await world.fresh("status-automations")
    path = template(world, "status-automations")
    return Call(params={"status_automation_id": await linked(world, path, "status_automation_id", target)})


@case(
    "POST /data/projects/{project_id}/settings/preview-background-files",
    "POST /data/project-templates/{project_template_id}/preview-background-files",
)
async def _add_background(world: World) -> Call:
    return Call(body={"preview_background_file_id": (await world.fresh("preview-background-files"))["id"]})


@case("DELETE /data/projects/{project_id}/settings/preview-background-files/{preview_background_file_id}")
async def _remove_background(world: World) -> Call:
    target = await world.fresh("preview-background-files")
    path = settings(world, "preview-background-files")
    return Call(params={"preview_background_file_id": await linked(world, path, "preview_background_file_id", target)})


@case("DELETE /data/project-templates/{project_template_id}/preview-background-files/{preview_background_file_id}")
async def _remove_template_background(world: World) -> Call:
    target = await world.fresh("preview-background-files")
    path = template(world, "preview-background-files")
    return Call(params={"preview_background_file_id": await linked(world, path, "preview_background_file_id", target)})


@case("PUT /data/project-templates/{project_template_id}/default-preview-background-file")
async def _default_background(world: World) -> Call:
    return Call(body={"default_preview_background_file_id": world.id("preview_background_file")})


@case("PUT /data/project-templates/{project_template_id}/metadata-descriptors")
async def _template_descriptors(world: World) -> Call:
    descriptor = {"name": unique_name("d"), "entity_type": "Asset", "data_type": "string"}
    return Call(body={"metadata_descriptors": [descriptor]})


@case("POST /actions/project-templates/{project_template_id}/task-types/reorder")
async def _template_type_order(world: World) -> Call:
    target = await world.fresh("task-types")
    return Call(body={"task_type_ids": [await linked(world, template(world, "task-types"), "task_type_id", target)]})


@case("POST /actions/project-templates/{project_template_id}/task-statuses/reorder")
async def _template_status_order(world: World) -> Call:
    target = await world.fresh("task-status")
    path = template(world, "task-statuses")
    return Call(body={"task_status_ids": [await linked(world, path, "task_status_id", target)]})


@case("POST /data/project-templates/from-project/{project_id}")
async def _template_from_project(world: World) -> Call:
    return Call(body={"name": unique_name("template")})


@case("POST /data/projects/{project_id}/apply-template/{project_template_id}")
async def _apply_template(world: World) -> Call:
    project = await new_project(world.admin)
    return Call(params={"project_id": project["id"]}, body={})


@case("POST /data/projects/{project_id}/settings/batch")
async def _batch(world: World) -> Call:
    return Call(body={"task_status_ids": [world.id("task_status")]})


@case("POST /data/projects/{project_id}/task-types/{task_type_id}/softwares")
async def _add_software(world: World) -> Call:
    return Call(body={"software_id": (await world.fresh("softwares"))["id"]})


@case("DELETE /data/projects/{project_id}/task-types/{task_type_id}/softwares/{software_id}")
async def _remove_software(world: World) -> Call:
    software = await world.fresh("softwares")
    path = f"/data/projects/{world.project_id}/task-types/{world.id('task_type')}/softwares"
    return Call(params={"software_id": await linked(world, path, "software_id", software)})


@case("POST /data/projects/{project_id}/team")
async def _add_member(world: World) -> Call:
    return Call(body={"person_id": (await new_person(world.admin, "user")).id})


@case("PUT /data/projects/{project_id}/team/{person_id}")
async def _member_role(world: World) -> Call:
    return Call(params={"person_id": world.artist.id}, body={"role": "user"})


@case("DELETE /data/projects/{project_id}/team/{person_id}")
async def _remove_member(world: World) -> Call:
    person = await new_person(world.admin, "user")
    await world.admin.ok("POST", f"/data/projects/{world.project_id}/team", {"person_id": person.id})
    return Call(params={"person_id": person.id})


async def previewed_project(world: World) -> str:
    """A new project with a preview account."""
    project = await new_project(world.admin)
    await world.admin.ok("POST", f"/data/projects/{project['id']}/preview-account", {})
    return str(project["id"])


@case("POST /data/projects/{project_id}/preview-account")
async def _new_preview_account(world: World) -> Call:
    return Call(params={"project_id": (await new_project(world.admin))["id"]}, body={})


@case("PUT /data/projects/{project_id}/preview-account")
async def _preview_window(world: World) -> Call:
    return Call(params={"project_id": await previewed_project(world)}, body={"is_open": True})


@case("DELETE /data/projects/{project_id}/preview-account")
async def _remove_preview_account(world: World) -> Call:
    return Call(params={"project_id": await previewed_project(world)})


def descriptor_body() -> dict[str, str]:
    return {"entity_type": "Asset", "name": unique_name("d"), "field_name": unique_name("field")}


@case("POST /data/projects/{project_id}/metadata-descriptors")
async def _new_descriptor(world: World) -> Call:
    return Call(body=descriptor_body())


def removed_everywhere(world: World, field_name: str) -> Any:
    """Take a descriptor off every open project again: those of the other tests too have it."""
    path = f"/data/metadata-descriptors/all-projects/{field_name}?entity_type=Asset"
    return lambda: world.admin.ok("DELETE", path, status=200)


@case("POST /data/metadata-descriptors/all-projects")
async def _new_descriptor_everywhere(world: World) -> Call:
    body = descriptor_body()
    return Call(body=body, cleanup=removed_everywhere(world, body["field_name"]))


@case("PUT /data/projects/{project_id}/metadata-descriptors/{metadata_descriptor_id}")
async def _change_descriptor(world: World) -> Call:
    return Call(body={"name": unique_name("d")})


@case("DELETE /data/projects/{project_id}/metadata-descriptors/{metadata_descriptor_id}")
async def _remove_descriptor(world: World) -> Call:
    made = await world.admin.ok("POST", f"/data/projects/{world.project_id}/metadata-descriptors", descriptor_body())
    return Call(params={"metadata_descriptor_id": made["id"]})


@case("POST /data/projects/{project_id}/metadata-descriptors/reorder")
async def _reorder_descriptors(world: World) -> Call:
    return Call(body={"entity_type": "Asset", "descriptor_ids": [world.id("metadata_descriptor")]})


async def everywhere(world: World) -> str:
    """A descriptor made on every open project: its field name."""
    body = descriptor_body()
    await world.admin.ok("POST", "/data/metadata-descriptors/all-projects", body)
    return body["field_name"]


@case("PUT /data/metadata-descriptors/all-projects/{field_name}")
async def _change_everywhere(world: World) -> Call:
    field_name = await everywhere(world)
    body = {"entity_type": "Asset", "name": unique_name("d")}
    return Call(params={"field_name": field_name}, body=body, cleanup=removed_everywhere(world, field_name))


@case("DELETE /data/metadata-descriptors/all-projects/{field_name}")
async def _remove_everywhere(world: World) -> Call:
    return Call(params={"field_name": await everywhere(world)}, query="entity_type=Asset")


@case("POST /actions/metadata-descriptors/all-projects/reorder")
async def _reorder_everywhere(world: World) -> Call:
    field_name = await everywhere(world)
    return Call(
        body={"entity_type": "Asset", "field_order": [field_name]}, cleanup=removed_everywhere(world, field_name)
    )
