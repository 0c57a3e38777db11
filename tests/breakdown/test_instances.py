"""Asset instances: numbered per asset and place, used by shots, listed by scene, asset and shot."""

from __future__ import annotations

import json
from pathlib import Path

from tests.breakdown.support import events_of, new_breakdown
from tests.entities.factory import new_asset, new_scene
from tests.support import Api, new_project

SHAPES = json.loads((Path(__file__).parents[1] / "contract" / "shapes.json").read_text())


def keys(route: str) -> set[str]:
    shape = SHAPES[route]["shape"]
    item = shape["<uuid>"][0] if "<uuid>" in shape else shape
    return set(item)


async def camera_type(admin: Api) -> str:
    """The name of a Camera asset type (created once per database)."""
    if not await admin.ok("GET", "/data/entity-types?name=Camera"):
        await admin.ok("POST", "/data/entity-types", {"name": "Camera"})
    return "Camera"


async def test_scene_instances_are_numbered_per_asset_and_used_by_shots(admin: Api) -> None:
    bd = await new_breakdown(admin)
    project, sequence = bd.production.project, bd.production.sequence
    scene, other_scene = await new_scene(admin, project, sequence), await new_scene(admin, project, sequence)
    prop, hero = bd.props[0], bd.characters[0]
    path = f"/data/scenes/{scene['id']}/asset-instances"
    first = await admin.ok("POST", path, {"asset_id": prop["id"], "description": "on the table"})
    second = await admin.ok("POST", path, {"asset_id": prop["id"]})
    hero_one = await admin.ok("POST", path, {"asset_id": hero["id"]})
    elsewhere = await admin.ok("POST", f"/data/scenes/{other_scene['id']}/asset-instances", {"asset_id": prop["id"]})
    assert (first["number"], second["number"], hero_one["number"], elsewhere["number"]) == (1, 2, 1, 1)
    assert first["name"] == f"{prop['name']}_0001" and first["description"] == "on the table"
    assert keys("POST /data/scenes/{scene_id}/asset-instances") <= set(first) and first["type"] == "AssetInstance"
    assert first["scene_id"] == scene["id"] and first["target_asset_id"] is None
    listed = await admin.ok("GET", path)
    assert {key: [i["number"] for i in value] for key, value in listed.items()} == {prop["id"]: [1, 2], hero["id"]: [1]}
    assert keys("GET /data/scenes/{scene_id}/asset-instances") <= set(listed[prop["id"]][0])
    assert await admin.ok("GET", f"/data/scenes/{scene['id']}/camera-instances") == {}
    camera = await new_asset(admin, project, await camera_type(admin))
    camera_one = await admin.ok("POST", path, {"asset_id": camera["id"]})
    cameras = await admin.ok("GET", f"/data/scenes/{scene['id']}/camera-instances")
    assert {key: [i["id"] for i in value] for key, value in cameras.items()} == {camera["id"]: [camera_one["id"]]}
    assert len(await events_of(admin.server, "asset-instance:new", bd.id)) == 5

    shot = bd.shot
    shot_path = f"/data/shots/{shot['id']}/asset-instances"
    answer = await admin.ok("POST", shot_path, {"asset_instance_id": second["id"]})
    assert answer["id"] == shot["id"] and answer["type"] == "Shot"  # the shot's columns, as the reference
    assert (await admin.ok("GET", f"/data/shots/{shot['id']}"))["instance_casting"] == [second["id"]]
    await admin.ok("POST", shot_path, {"asset_instance_id": second["id"]})  # again: no change
    await admin.ok("POST", shot_path, {"asset_instance_id": hero_one["id"]})
    used = await admin.ok("GET", shot_path)
    assert {key: [i["id"] for i in value] for key, value in used.items()} == {
        prop["id"]: [second["id"]],
        hero["id"]: [hero_one["id"]],
    }
    by_shot = await admin.ok("GET", f"/data/assets/{prop['id']}/shot-asset-instances")
    assert {key: [i["id"] for i in value] for key, value in by_shot.items()} == {shot["id"]: [second["id"]]}
    by_scene = await admin.ok("GET", f"/data/assets/{prop['id']}/scene-asset-instances")
    assert {key: len(value) for key, value in by_scene.items()} == {scene["id"]: 2, other_scene["id"]: 1}

    await admin.ok("DELETE", f"{shot_path}/{second['id']}")
    assert list(await admin.ok("GET", shot_path)) == [hero["id"]]
    assert (await admin.delete(f"{shot_path}/{second['id']}")).status_code == 404
    assert len(await events_of(admin.server, "shot:update", bd.id)) >= 3


async def test_asset_instances_inside_an_asset(admin: Api) -> None:
    bd = await new_breakdown(admin)
    set_piece, prop = bd.characters[0], bd.props[0]
    path = f"/data/assets/{set_piece['id']}/asset-asset-instances"
    one = await admin.ok("POST", path, {"asset_to_instantiate_id": prop["id"]})
    two = await admin.ok("POST", path, {"asset_to_instantiate_id": prop["id"], "description": "second"})
    assert (one["number"], two["number"]) == (1, 2) and one["target_asset_id"] == set_piece["id"]
    assert keys("POST /data/assets/{asset_id}/asset-asset-instances") <= set(one)
    listed = await admin.ok("GET", path)
    assert [i["id"] for i in listed[prop["id"]]] == [one["id"], two["id"]]
    assert await admin.ok("GET", f"/data/assets/{prop['id']}/asset-asset-instances") == {}
    refused = await admin.post(path, {"asset_to_instantiate_id": set_piece["id"]})
    assert refused.status_code == 400


async def test_instance_ids_of_other_projects_and_bad_bodies_are_refused(admin: Api) -> None:
    bd = await new_breakdown(admin)
    other = await new_breakdown(admin)
    scene = await new_scene(admin, bd.production.project, bd.production.sequence)
    foreign_scene = await new_scene(admin, other.production.project, other.production.sequence)
    foreign = await admin.ok(
        "POST", f"/data/scenes/{foreign_scene['id']}/asset-instances", {"asset_id": other.props[0]["id"]}
    )
    path = f"/data/scenes/{scene['id']}/asset-instances"
    for body in (
        {"asset_id": other.props[0]["id"]},  # an asset of another project, not shared
        {"asset_id": bd.production.sequence["id"]},  # not an asset
        {"asset_id": "nope"},
        {},
        {"asset_id": bd.props[0]["id"], "description": "x" * 201},
    ):
        response = await admin.post(path, body)
        assert response.status_code == 400, (body, response.text)
    assert (await admin.post(path, [1])).status_code == 400
    shot_path = f"/data/shots/{bd.shot['id']}/asset-instances"
    assert (await admin.post(shot_path, {"asset_instance_id": foreign["id"]})).status_code == 400
    assert (
        await admin.post(shot_path, {"asset_instance_id": "00000000-0000-0000-0000-000000000000"})
    ).status_code == 400
    assert await admin.ok("GET", shot_path) == {}
    asset_path = f"/data/assets/{bd.props[0]['id']}/asset-asset-instances"
    assert (await admin.post(asset_path, {"asset_to_instantiate_id": other.props[0]["id"]})).status_code == 400
    # a shared asset of another project may be placed here
    lender = await new_project(admin)
    lent = await new_asset(admin, lender, "Prop", is_shared=True)
    placed = await admin.ok("POST", path, {"asset_id": lent["id"]})
    assert placed["asset_id"] == lent["id"] and len(await events_of(admin.server, "asset-instance:new", bd.id)) == 1
    await admin.ok("POST", shot_path, {"asset_instance_id": placed["id"]})
