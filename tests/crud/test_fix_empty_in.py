"""An empty JSON list in a list filter is an empty IN: it matches no row (not every row)."""

from __future__ import annotations

from tests.crud.factory import RESOURCES, Factory
from tests.entities.factory import new_sequence, new_shot
from tests.support import Api, new_project


async def test_an_empty_id_list_matches_no_row(admin: Api, factory: Factory) -> None:
    project = await factory.create(RESOURCES["projects"])
    task = await factory.create(RESOURCES["tasks"], project_id=project["id"])
    assert [row["id"] for row in await admin.ok("GET", f'/data/tasks?id=["{task["id"]}"]')] == [task["id"]]
    assert await admin.ok("GET", "/data/tasks?id=[]") == []
    assert await admin.ok("GET", f"/data/tasks?project_id={project['id']}&id=[]") == []
    page = await admin.ok("GET", "/data/tasks?id=[]&page=1")
    assert (page["data"], page["total"]) == ([], 0)


async def test_an_empty_list_on_other_filters_matches_no_row(admin: Api, factory: Factory) -> None:
    project = await factory.create(RESOURCES["projects"])
    person = await factory.parent_id("person")
    await factory.create(RESOURCES["tasks"], project_id=project["id"], assignees=[person])
    assert await admin.ok("GET", "/data/tasks?project_id=[]") == [], "a column filter"
    assert await admin.ok("GET", "/data/tasks?assignees=[]") == [], "a relation filter"
    assert await admin.ok("GET", "/data/projects?name=[]") == [], "the case-insensitive name filter"


async def test_an_empty_context_list_matches_no_entity(admin: Api) -> None:
    project = await new_project(admin)
    sequence = await new_sequence(admin, project)
    shot = await new_shot(admin, project, sequence)
    listed = await admin.ok("GET", f"/data/shots?sequence_id={sequence['id']}")
    assert [row["id"] for row in listed] == [shot["id"]]
    assert await admin.ok("GET", f"/data/shots?project_id={project['id']}&sequence_id=[]") == []
