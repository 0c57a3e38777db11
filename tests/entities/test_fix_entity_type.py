"""The JSON ``type`` of an entity is its kind (``Asset``, ``Shot``, ...) on every route: clients dispatch on it.

The reference answers its kind on GET, PUT and lists of /data/entities; its POST says ``Entity``, which
tenko does not copy (docs/compatibility.md).
"""

from __future__ import annotations

from tests.entities.factory import new_asset, new_episode, new_sequence, new_shot
from tests.entities.test_shapes import missing
from tests.support import Api, entity_type_id, new_project, unique_name


async def test_generic_entity_routes_answer_the_kind(admin: Api) -> None:
    project = await new_project(admin)
    body = {
        "name": unique_name("as"),
        "project_id": project["id"],
        "entity_type_id": await entity_type_id(admin, "Prop"),
    }
    created = await admin.ok("POST", "/data/entities", body)
    assert created["type"] == "Asset"
    assert missing("POST /data/entities", created) == set()
    read = await admin.ok("GET", f"/data/entities/{created['id']}")
    assert read["type"] == "Asset" and missing("GET /data/entities/{instance_id}", read) == set()
    updated = await admin.ok("PUT", f"/data/entities/{created['id']}", {"description": "big"})
    assert updated["type"] == "Asset" and updated["description"] == "big"
    assert missing("PUT /data/entities/{instance_id}", updated) == set()
    listed = await admin.ok("GET", f"/data/entities?project_id={project['id']}")
    assert [row["type"] for row in listed] == ["Asset"]
    # the same record through its kind's route is an asset
    assert (await admin.ok("GET", f"/data/assets/{created['id']}"))["type"] == "Asset"


async def test_kind_routes_answer_their_kind(admin: Api) -> None:
    project = await new_project(admin)
    episode = await new_episode(admin, project)
    sequence = await new_sequence(admin, project, episode)
    shot = await new_shot(admin, project, sequence)
    asset = await new_asset(admin, project)
    assert (episode["type"], sequence["type"], shot["type"], asset["type"]) == ("Episode", "Sequence", "Shot", "Asset")
    assert missing("POST /data/projects/{project_id}/shots", shot) == set()
    assert missing("POST /data/projects/{project_id}/asset-types/{asset_type_id}/assets/new", asset) == set()
    assert (await admin.ok("GET", f"/data/shots/{shot['id']}"))["type"] == "Shot"
    assert (await admin.ok("PUT", f"/data/shots/{shot['id']}", {"description": "wide"}))["type"] == "Shot"
    assert (await admin.ok("GET", f"/data/entities/{shot['id']}"))["type"] == "Shot"
    shot_via_generic = await admin.ok("PUT", f"/data/entities/{shot['id']}", {"description": "close"})
    assert shot_via_generic["type"] == "Shot"
    listed = await admin.ok("GET", f"/data/entities?project_id={project['id']}")
    assert sorted(row["type"] for row in listed) == ["Asset", "Episode", "Sequence", "Shot"]


async def test_generic_writes_keep_the_kind_events(admin: Api) -> None:
    project = await new_project(admin)
    sequence = await new_sequence(admin, project, await new_episode(admin, project))
    shot = await new_shot(admin, project, sequence)
    await admin.ok("PUT", f"/data/entities/{shot['id']}", {"description": "close"})
    events = await admin.ok("GET", f"/data/events/last?project_id={project['id']}&name=shot:update")
    assert any(event["data"].get("shot_id") == shot["id"] for event in events)
