"""A refused write changes nothing anywhere: no half-made record, no stray link, no event."""

from __future__ import annotations

import pytest

from tenko.core.model import reference_targets
from tests.errors.common import (
    DUMMY_ID,
    RESOURCE_NAMES,
    RESOURCES,
    Builder,
    error_body,
    named_fields,
    names_field,
    snapshot_row,
    table_counts,
)
from tests.support import Api, new_person, new_project, new_task

#: resources with a column naming other records: a foreign key, or a ``refers_to`` column (issue 14)
WITH_REFERENCES = [name for name in RESOURCE_NAMES if any(reference_targets(c) for c in RESOURCES[name].table.columns)]


@pytest.mark.parametrize("name", WITH_REFERENCES)
async def test_unknown_references_are_refused_and_leave_nothing(admin: Api, name: str) -> None:
    resource = RESOURCES[name]
    builder = Builder(admin)
    body = await builder.body(resource)
    fields = resource.create_model.model_fields
    before = await table_counts(admin)
    for column in resource.table.columns:
        if not reference_targets(column) or column.name not in fields:
            continue
        key = resource.type_column_key if column.name == "type" and resource.type_column_key else column.name
        response = await admin.post(f"/data/{name}", json={**body, key: DUMMY_ID})
        assert names_field(error_body(response, 400), key, column.name), response.text
    assert await table_counts(admin) == before


async def test_create_with_unknown_relation_ids_leaves_nothing(admin: Api) -> None:
    project = await new_project(admin)
    task = await new_task(admin, project)
    body = {k: task[k] for k in ("project_id", "entity_id", "task_type_id")} | {"name": "second"}
    before = await table_counts(admin)
    response = await admin.post("/data/tasks", json={**body, "assignees": [admin.id, DUMMY_ID]})
    assert "assignees" in named_fields(error_body(response, 400))
    assert await table_counts(admin) == before


async def test_update_with_unknown_relation_ids_changes_nothing(admin: Api) -> None:
    member = await new_person(admin)
    project = await new_project(admin, team=[member])
    table = RESOURCES["projects"].table
    stored = await snapshot_row(admin, table, project["id"])
    before = await table_counts(admin)
    response = await admin.put(f"/data/projects/{project['id']}", json={"name": "renamed", "team": [DUMMY_ID]})
    assert "team" in named_fields(error_body(response, 400))
    assert await table_counts(admin) == before
    assert await snapshot_row(admin, table, project["id"]) == stored
    assert (await admin.ok("GET", f"/data/projects/{project['id']}"))["team"] == [member.id]


async def test_half_valid_update_changes_nothing(admin: Api) -> None:
    """One bad field refuses the whole body: the good fields are not written either."""
    project = await new_project(admin)
    task = await new_task(admin, project)
    table = RESOURCES["tasks"].table
    stored = await snapshot_row(admin, table, task["id"])
    for bad in ({"priority": "high"}, {"task_status_id": DUMMY_ID}, {"assignees": ["nope"]}):
        response = await admin.put(f"/data/tasks/{task['id']}", json={"name": "renamed", "description": "x", **bad})
        error_body(response, 400)
    assert await snapshot_row(admin, table, task["id"]) == stored


async def test_duplicates_are_refused_and_leave_nothing(admin: Api) -> None:
    project = await new_project(admin)
    before = await table_counts(admin)
    error_body(await admin.post("/data/projects", json={"name": project["name"]}), 400)
    assert await table_counts(admin) == before
    other = await new_project(admin)
    stored = await snapshot_row(admin, RESOURCES["projects"].table, other["id"])
    error_body(await admin.put(f"/data/projects/{other['id']}", json={"name": project["name"]}), 400)
    assert await snapshot_row(admin, RESOURCES["projects"].table, other["id"]) == stored


async def test_refused_delete_removes_nothing(admin: Api) -> None:
    project = await new_project(admin)
    await new_task(admin, project)
    before = await table_counts(admin)
    # an open project cannot be deleted; a referenced entity type neither (without force)
    error_body(await admin.delete(f"/data/projects/{project['id']}"), 400)
    characters = (await admin.ok("GET", "/data/entity-types?name=Character"))[0]
    error_body(await admin.delete(f"/data/entity-types/{characters['id']}"), 400)
    assert await table_counts(admin) == before
