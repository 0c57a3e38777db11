"""``POST /data/projects`` with ``project_template_id`` (gazu's ``new_project(project_template=...)``)."""

from __future__ import annotations

import uuid
from typing import Any

import gazu

from tests.projects.test_settings import task_types
from tests.support import Api, entity_type_id, new_person, unique_name


async def full_template(admin: Api) -> tuple[dict[str, Any], str, str]:
    """A template with settings, a task type, an asset type and a descriptor; with the two link ids."""
    template = await admin.ok(
        "POST",
        "/data/project-templates",
        {"name": unique_name("tpl"), "fps": "12", "ratio": "4:3", "production_type": "featurefilm"},
    )
    base = f"/data/project-templates/{template['id']}"
    (task_type,) = await task_types(admin, 1)
    await admin.ok("POST", f"{base}/task-types", {"task_type_id": task_type["id"], "priority": 4})
    props = await entity_type_id(admin, "Prop")
    await admin.ok("POST", f"{base}/asset-types", {"asset_type_id": props})
    descriptors = {"metadata_descriptors": [{"name": "Mood", "entity_type": "Shot"}]}
    await admin.ok("PUT", f"{base}/metadata-descriptors", descriptors)
    return template, task_type["id"], props


async def test_a_new_project_gets_its_template(admin: Api) -> None:
    template, task_type_id, props = await full_template(admin)
    body = {"name": unique_name("project"), "project_template_id": template["id"], "ratio": "16:9"}
    created = await admin.ok("POST", "/data/projects", body)
    assert "project_template_id" not in created, "not a project column"
    project = await admin.ok("GET", f"/data/projects/{created['id']}")
    assert {key: project[key] for key in created} == created, "the answer is the project less its details"
    assert (project["fps"], project["ratio"]) == ("12", "16:9"), "the template fills in, the call wins"
    assert project["production_type"] == "featurefilm"
    assert project["task_types"] == [task_type_id] and project["asset_types"] == [props]
    assert project["task_types_priority"] == {task_type_id: 4}
    assert [d["field_name"] for d in project["descriptors"]] == ["mood"]


async def test_unknown_or_malformed_templates_are_refused_and_nothing_is_created(admin: Api) -> None:
    for value in (str(uuid.uuid4()), "not-a-uuid", 12):
        name = unique_name("project")
        response = await admin.post("/data/projects", {"name": name, "project_template_id": value})
        assert response.status_code == 400, response.text
        assert response.json()["error"] is True and "project_template_id" in response.text
        assert await admin.ok("GET", f"/data/projects?name={name}") == []


async def test_only_admins_create_projects_whatever_the_template(admin: Api) -> None:
    template, _, _ = await full_template(admin)
    manager = await new_person(admin, "manager")
    for value in (template["id"], str(uuid.uuid4())):
        response = await manager.post("/data/projects", {"name": unique_name("p"), "project_template_id": value})
        assert response.status_code == 403, response.text


async def test_a_project_without_template_is_unchanged(admin: Api) -> None:
    created = await admin.ok("POST", "/data/projects", {"name": unique_name("project"), "project_template_id": None})
    project = await admin.ok("GET", f"/data/projects/{created['id']}")
    assert project["task_types"] == [] and project["descriptors"] == []


def test_gazu_new_project_with_a_template(gazu_admin: Any) -> None:
    client = gazu_admin
    template = gazu.client.create("project-templates", {"name": unique_name("tpl"), "fps": "30"}, client=client)
    project = gazu.project.new_project(unique_name("gazu"), project_template=template, client=client)
    assert project["fps"] == "30" and "project_template_id" not in project
    assert gazu.project.get_project(project["id"], client=client)["fps"] == "30"
