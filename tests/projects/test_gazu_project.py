"""gazu.project and gazu.project_template against a live server: the paths gazu calls are served."""

from __future__ import annotations

import uuid
from typing import Any

import gazu


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_team_task_types_statuses_and_settings(gazu_admin: Any) -> None:
    client = gazu_admin
    project = gazu.project.new_project(unique("gazu-project"), client=client)
    person = gazu.person.new_person("Gazu", unique("artist"), f"{unique('g')}@example.com", client=client)
    returned = gazu.project.add_person_to_team(project, person, role="supervisor", client=client)
    assert returned["id"] == project["id"]
    team = gazu.project.get_team(project, client=client)
    assert [(p["id"], p["project_role"]) for p in team] == [(person["id"], "supervisor")]
    link = gazu.project.update_team_member_role(project, person, "client", client=client)
    assert link["role"] == "client"
    gazu.project.remove_person_from_team(project, person, client=client)
    assert gazu.project.get_team(project, client=client) == []

    task_type = gazu.client.create("task-types", {"name": unique("tt"), "for_entity": "Shot"}, client=client)
    gazu.project.add_task_type(project, task_type, 3, client=client)
    assert [t["id"] for t in gazu.project.get_project_task_types(project, client=client)] == [task_type["id"]]
    gazu.project.remove_task_type(project, task_type, client=client)
    status = gazu.client.create(
        "task-status", {"name": unique("st"), "short_name": unique("s")[:10], "color": "#000000"}, client=client
    )
    gazu.project.add_task_status(project, status, client=client)
    assert [s["id"] for s in gazu.project.get_project_task_statuses(project, client=client)] == [status["id"]]
    gazu.project.remove_task_status(project, status, client=client)
    asset_type = gazu.asset.new_asset_type(unique("type"), client=client)
    gazu.project.add_asset_type(project, asset_type, client=client)
    assert gazu.project.get_project(project["id"], client=client)["asset_types"] == [asset_type["id"]]
    assert gazu.project.all_status_automations(project, client=client) == []
    assert gazu.project.get_preview_background_files(project, client=client) == []


def test_metadata_descriptors(gazu_admin: Any) -> None:
    client = gazu_admin
    project = gazu.project.new_project(unique("gazu-meta"), client=client)
    first = gazu.project.add_metadata_descriptor(
        project, "Difficulty Level", "Asset", "list", ["easy", "hard"], client=client
    )
    assert first["field_name"] == "difficulty_level"
    second = gazu.project.add_metadata_descriptor(project, "Notes", "Asset", client=client)
    got = gazu.project.get_metadata_descriptor(project, first["id"], client=client)
    assert got["choices"] == ["easy", "hard"]
    found = gazu.project.get_metadata_descriptor_by_field_name(project, "difficulty_level", client=client)
    assert found is not None and found["id"] == first["id"]
    got["name"] = "Difficulty"
    updated = gazu.project.update_metadata_descriptor(project, got, client=client)
    assert (updated["name"], updated["field_name"]) == ("Difficulty", "difficulty_level")
    reordered = gazu.project.reorder_metadata_descriptors(project, "Asset", [second, first], client=client)
    assert [d["id"] for d in reordered] == [second["id"], first["id"]]
    assert len(gazu.project.all_metadata_descriptors(project, client=client, entity_type="Asset")) == 2
    gazu.project.remove_metadata_descriptor(project, second, client=client)
    assert [d["id"] for d in gazu.project.all_metadata_descriptors(project, client=client)] == [first["id"]]


def test_templates(gazu_admin: Any) -> None:
    client = gazu_admin
    source = gazu.project.new_project(unique("gazu-source"), client=client)
    task_type = gazu.client.create("task-types", {"name": unique("tt"), "for_entity": "Asset"}, client=client)
    gazu.project.add_task_type(source, task_type, 1, client=client)
    gazu.project.add_metadata_descriptor(source, "Budget", "Shot", client=client)
    template = gazu.project_template.new_project_template_from_project(source, unique("tpl"), client=client)
    assert [d["field_name"] for d in template["metadata_descriptors"]] == ["budget"]
    listed = gazu.project_template.all_task_types_for_project_template(template, client=client)
    assert [t["id"] for t in listed] == [task_type["id"]]
    status = gazu.client.create(
        "task-status", {"name": unique("st"), "short_name": unique("s")[:10], "color": "#000000"}, client=client
    )
    gazu.project_template.add_task_status_to_project_template(template, status, priority=2, client=client)
    assert [s["id"] for s in gazu.project_template.all_task_statuses_for_project_template(template, client=client)] == [
        status["id"]
    ]
    gazu.project_template.set_project_template_metadata_descriptors(
        template, [{"name": "Budget", "entity_type": "Shot"}, {"name": "Client", "entity_type": "Asset"}], client=client
    )
    target = gazu.project.new_project(unique("gazu-target"), client=client)
    applied = gazu.project_template.apply_project_template(target, template, client=client)
    assert applied["id"] == target["id"]
    descriptors = gazu.project.all_metadata_descriptors(target, client=client)
    assert sorted(d["field_name"] for d in descriptors) == ["budget", "client"]
    assert [t["id"] for t in gazu.project.get_project_task_types(target, client=client)] == [task_type["id"]]
    gazu.project_template.remove_task_status_from_project_template(template, status, client=client)
    assert gazu.project_template.all_task_statuses_for_project_template(template, client=client) == []
