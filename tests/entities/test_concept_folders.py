"""Concept folders: listing, creating, renaming, deleting them, and moving concepts between them."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update

from tenko.core.model import table_of
from tenko.domains.entities.models import Entity
from tenko.domains.studio.models import EntityType
from tests.entities.factory import new_concept, new_production
from tests.support import Api, new_person, new_project, set_project_role, unique_name

SHAPES = json.loads((Path(__file__).parent.parent / "contract" / "shapes.json").read_text())
Row = dict[str, Any]


async def new_folder(api: Api, project: Row, name: str | None = None) -> Row:
    body = {"name": name or unique_name("folder")}
    return await api.ok("POST", f"/data/projects/{project['id']}/concept-folders", body)  # type: ignore[no-any-return]


async def event_ids(admin: Api, project: Row, name: str) -> list[str]:
    events = await admin.ok("GET", f"/data/events?project_id={project['id']}")
    noun = name.split(":")[0].replace("-", "_")
    return [str(e["data"].get(f"{noun}_id")) for e in events if e["name"] == name]


async def test_folders_are_created_listed_renamed_and_deleted(admin: Api) -> None:
    project = await new_project(admin)
    folder = await new_folder(admin, project, "Characters")
    keys = set(SHAPES["POST /data/projects/{project_id}/concept-folders"]["shape"])
    assert keys <= set(folder) and folder["type"] == "ConceptFolder" and folder["parent_id"] is None
    listed = await admin.ok("GET", f"/data/projects/{project['id']}/concept-folders")
    assert [row["id"] for row in listed] == [folder["id"]]
    assert set(SHAPES["GET /data/projects/{project_id}/concept-folders"]["shape"][0]) <= set(listed[0])
    renamed = await admin.ok("PUT", f"/data/concept-folders/{folder['id']}", {"name": "Sets"})
    assert renamed["name"] == "Sets" and set(SHAPES["PUT /data/concept-folders/{concept_folder_id}"]["shape"]) <= set(
        renamed
    )
    # a folder is no asset type and no concept
    types = {t["name"] for t in await admin.ok("GET", f"/data/projects/{project['id']}/asset-types")}
    assert "ConceptFolder" not in types
    assert await admin.ok("GET", f"/data/projects/{project['id']}/concepts") == []
    await admin.ok("DELETE", f"/data/concept-folders/{folder['id']}")
    assert await admin.ok("GET", f"/data/projects/{project['id']}/concept-folders") == []
    assert await event_ids(admin, project, "concept-folder:new") == [folder["id"]]
    assert await event_ids(admin, project, "concept-folder:update") == [folder["id"]]
    assert await event_ids(admin, project, "concept-folder:delete") == [folder["id"]]


async def test_folder_names_are_unique_and_folders_flat(admin: Api) -> None:
    project = await new_project(admin)
    folder = await new_folder(admin, project, "Props")
    path = f"/data/projects/{project['id']}/concept-folders"
    assert (await admin.post(path, {"name": "props"})).status_code == 400
    assert (await admin.post(path, {"name": "Inner", "parent_id": folder["id"]})).status_code == 400
    assert (await admin.post(path, {})).status_code == 400
    assert (await admin.post(path, ["not", "an", "object"])).status_code == 400
    assert (await admin.put(f"/data/concept-folders/{folder['id']}", {"parent_id": folder["id"]})).status_code == 400
    # another project may reuse the name
    await new_folder(admin, await new_project(admin), "Props")


async def test_moving_concepts_in_and_out_of_a_folder(admin: Api) -> None:
    project = await new_project(admin)
    folder = await new_folder(admin, project)
    first, second = await new_concept(admin, project), await new_concept(admin, project)
    path = f"/actions/projects/{project['id']}/move-concepts"
    ids = [first["id"], second["id"]]
    moved = await admin.ok("POST", path, {"concept_ids": ids, "concept_folder_id": folder["id"]}, status=200)
    assert moved == ids
    concepts = await admin.ok("GET", f"/data/projects/{project['id']}/concepts")
    assert {c["parent_id"] for c in concepts} == {folder["id"]}
    assert set(await event_ids(admin, project, "concept:update")) == set(ids)
    out = await admin.ok("POST", path, {"concept_ids": [first["id"]], "concept_folder_id": None}, status=200)
    assert out == [first["id"]]
    assert (await admin.ok("GET", f"/data/concepts/{first['id']}"))["parent_id"] is None
    assert (await admin.ok("GET", f"/data/concepts/{second['id']}"))["parent_id"] == folder["id"]
    assert await admin.ok("POST", path, {"concept_ids": []}, status=200) == []


async def test_deleting_a_folder_hands_its_concepts_back(admin: Api) -> None:
    project = await new_project(admin)
    folder = await new_folder(admin, project)
    concept = await new_concept(admin, project)
    path = f"/actions/projects/{project['id']}/move-concepts"
    await admin.ok("POST", path, {"concept_ids": [concept["id"]], "concept_folder_id": folder["id"]}, status=200)
    await admin.ok("DELETE", f"/data/concept-folders/{folder['id']}")
    assert (await admin.ok("GET", f"/data/concepts/{concept['id']}"))["parent_id"] is None
    assert (await admin.get(f"/data/concept-folders/{folder['id']}")).status_code in (404, 405)
    assert (await admin.delete(f"/data/concept-folders/{folder['id']}")).status_code == 404


async def test_moves_are_checked_as_a_whole(admin: Api) -> None:
    production = await new_production(admin, nb_shots=1, nb_assets=0)
    project, other = production.project, await new_project(admin)
    folder, foreign_folder = await new_folder(admin, project), await new_folder(admin, other)
    concept, foreign_concept = await new_concept(admin, project), await new_concept(admin, other)
    path = f"/actions/projects/{project['id']}/move-concepts"
    refused = [
        ({"concept_ids": [concept["id"], foreign_concept["id"]], "concept_folder_id": folder["id"]}, 404),
        ({"concept_ids": [production.shots[0]["id"]], "concept_folder_id": folder["id"]}, 404),
        ({"concept_ids": [str(uuid.uuid4())], "concept_folder_id": folder["id"]}, 404),
        ({"concept_ids": [concept["id"]], "concept_folder_id": foreign_folder["id"]}, 404),
        ({"concept_ids": [concept["id"]], "concept_folder_id": concept["id"]}, 404),
        ({"concept_ids": ["not-a-uuid"], "concept_folder_id": folder["id"]}, 400),
        ({"concept_ids": [concept["id"]], "concept_folder_id": "nope"}, 400),
        ({"concept_folder_id": folder["id"]}, 400),
        ({"concept_ids": concept["id"], "concept_folder_id": folder["id"]}, 400),
    ]
    for body, status in refused:
        response = await admin.post(path, body)
        assert response.status_code == status, (body, response.text)
        assert response.json()["error"] is True
    # nothing moved, not even the concept that was valid
    assert (await admin.ok("GET", f"/data/concepts/{concept['id']}"))["parent_id"] is None
    assert (await admin.post(f"/actions/projects/{uuid.uuid4()}/move-concepts", {"concept_ids": []})).status_code == 404
    assert (await admin.post("/actions/projects/nope/move-concepts", {"concept_ids": []})).status_code == 400
    assert (await admin.put(f"/data/concept-folders/{uuid.uuid4()}", {"name": "x"})).status_code == 404
    assert (await admin.put("/data/concept-folders/nope", {"name": "x"})).status_code == 400
    assert (await admin.delete("/data/concept-folders/nope")).status_code == 400
    # a concept is not a folder
    assert (await admin.put(f"/data/concept-folders/{concept['id']}", {"name": "x"})).status_code == 404
    assert (await admin.get(f"/data/projects/{uuid.uuid4()}/concept-folders")).status_code == 404


async def test_members_read_and_managers_write(admin: Api) -> None:
    artist, supervisor, manager = [await new_person(admin, role) for role in ("user", "supervisor", "manager")]
    outsider = await new_person(admin, "user")
    project = await new_project(admin, team=[artist, supervisor, manager])
    await set_project_role(admin, project, supervisor, "supervisor")
    folder = await new_folder(admin, project)
    concept = await new_concept(admin, project)
    listing = f"/data/projects/{project['id']}/concept-folders"
    move = f"/actions/projects/{project['id']}/move-concepts"
    body = {"concept_ids": [concept["id"]], "concept_folder_id": folder["id"]}
    for member in (artist, supervisor):
        assert [row["id"] for row in await member.ok("GET", listing)] == [folder["id"]]
        assert (await member.post(listing, {"name": unique_name("f")})).status_code == 403
        assert (await member.put(f"/data/concept-folders/{folder['id']}", {"name": "x"})).status_code == 403
        assert (await member.delete(f"/data/concept-folders/{folder['id']}")).status_code == 403
        assert (await member.post(move, body)).status_code == 403
    writes: list[tuple[str, str, Any]] = [
        ("GET", listing, None),
        ("POST", listing, {"name": unique_name("f")}),
        ("PUT", f"/data/concept-folders/{folder['id']}", {"name": "x"}),
        ("DELETE", f"/data/concept-folders/{folder['id']}", None),
        ("POST", move, body),
    ]
    for method, path, payload in writes:
        response = await outsider.request(method, path, json=payload)
        assert response.status_code == 403, (method, path, response.text)
    assert (await admin.ok("GET", f"/data/concepts/{concept['id']}"))["parent_id"] is None
    await manager.ok("POST", move, body, status=200)
    renamed = await manager.ok("PUT", f"/data/concept-folders/{folder['id']}", {"name": "Renamed"})
    assert renamed["name"] == "Renamed"
    await manager.ok("DELETE", f"/data/concept-folders/{folder['id']}")
    assert (await admin.ok("GET", f"/data/concepts/{concept['id']}"))["parent_id"] is None


async def test_a_database_without_the_folder_type_gets_it_on_demand(admin: Api) -> None:
    """What a database initialised before concept folders existed looks like: no such entity type."""
    types, entities = table_of(EntityType), table_of(Entity)
    async with admin.server.context.db.sessionmaker.begin() as session:
        kind = select(types.c.id).where(types.c.name == "ConceptFolder").scalar_subquery()
        folders = select(entities.c.id).where(entities.c.entity_type_id == kind)
        await session.execute(update(entities).where(entities.c.parent_id.in_(folders)).values(parent_id=None))
        await session.execute(delete(entities).where(entities.c.entity_type_id == kind))
        await session.execute(delete(types).where(types.c.name == "ConceptFolder"))
    project = await new_project(admin)
    assert await admin.ok("GET", f"/data/projects/{project['id']}/concept-folders") == []
    folder = await new_folder(admin, project)
    assert (await admin.ok("GET", f"/data/entity-types/{folder['entity_type_id']}"))["name"] == "ConceptFolder"


async def test_the_folder_list_runs_a_constant_number_of_statements(admin: Api) -> None:
    artist = await new_person(admin, "user")
    small, large = await new_project(admin, team=[artist]), await new_project(admin, team=[artist])
    await new_folder(admin, small)
    for _ in range(12):
        await new_folder(admin, large)
    for api in (admin, artist):
        found = []
        for project in (small, large):
            before = api.server.counter.count
            rows = await api.ok("GET", f"/data/projects/{project['id']}/concept-folders")
            found.append((api.server.counter.count - before, len(rows)))
        assert found[0][1] == 1 and found[1][1] == 12
        assert found[0][0] == found[1][0], found
