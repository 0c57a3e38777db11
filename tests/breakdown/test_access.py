"""Who may read and write the breakdown: members read, the project's managers and admins write."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.breakdown.support import Breakdown, casting_path, new_breakdown
from tests.entities.factory import add_task, new_scene
from tests.support import Api, new_person, set_project_role

SHAPES = json.loads((Path(__file__).parents[1] / "contract" / "shapes.json").read_text())


def reads(bd: Breakdown) -> dict[str, str]:
    """Route of the reference -> a path of this breakdown."""
    pid, shot, prop = bd.id, bd.shot["id"], bd.props[0]["id"]
    episode, sequence = bd.production.episode["id"], bd.production.sequence["id"]
    type_id = bd.props[0]["entity_type_id"]
    return {
        "GET /data/projects/{project_id}/entities/{entity_id}/casting": casting_path(pid, shot),
        "GET /data/assets/{asset_id}/casting": f"/data/assets/{prop}/casting",
        "GET /data/projects/{project_id}/sequences/{sequence_id}/casting": (
            f"/data/projects/{pid}/sequences/{sequence}/casting"
        ),
        "GET /data/projects/{project_id}/sequences/all/casting": f"/data/projects/{pid}/sequences/all/casting",
        "GET /data/projects/{project_id}/episodes/{episode_id}/sequences/all/casting": (
            f"/data/projects/{pid}/episodes/{episode}/sequences/all/casting"
        ),
        "GET /data/projects/{project_id}/episodes/casting": f"/data/projects/{pid}/episodes/casting",
        "GET /data/projects/{project_id}/asset-types/{asset_type_id}/casting": (
            f"/data/projects/{pid}/asset-types/{type_id}/casting"
        ),
        "GET /data/assets/{asset_id}/cast-in": f"/data/assets/{prop}/cast-in",
        "GET /data/assets/{asset_id}/assets": f"/data/assets/{prop}/assets",
        "GET /data/shots/{shot_id}/assets": f"/data/shots/{shot}/assets",
        "GET /data/projects/{project_id}/entity-links": f"/data/projects/{pid}/entity-links",
        "GET /data/shots/{shot_id}/asset-instances": f"/data/shots/{shot}/asset-instances",
        "GET /data/assets/{asset_id}/asset-asset-instances": f"/data/assets/{prop}/asset-asset-instances",
        "GET /data/assets/{asset_id}/shot-asset-instances": f"/data/assets/{prop}/shot-asset-instances",
        "GET /data/assets/{asset_id}/scene-asset-instances": f"/data/assets/{prop}/scene-asset-instances",
    }


def writes(bd: Breakdown, link_id: str, scene_id: str) -> list[tuple[str, str, Any]]:
    pid, shot, prop, hero = bd.id, bd.shot["id"], bd.props[0]["id"], bd.characters[0]["id"]
    return [
        ("PUT", casting_path(pid, shot), [{"asset_id": hero}]),
        ("PUT", f"/data/assets/{prop}/casting", [{"asset_id": hero}]),
        ("PUT", f"/data/projects/{pid}/entities/casting", {shot: []}),
        ("PUT", f"/data/projects/{pid}/entities/casting/assets/{hero}", {"entity_ids": [shot]}),
        ("DELETE", f"/data/projects/{pid}/entity-links/{link_id}", None),
        ("POST", f"/data/scenes/{scene_id}/asset-instances", {"asset_id": prop}),
        ("POST", f"/data/assets/{prop}/asset-asset-instances", {"asset_to_instantiate_id": hero}),
    ]


async def cast_one(admin: Api, bd: Breakdown) -> str:
    await admin.ok("PUT", casting_path(bd.id, bd.shot["id"]), [{"asset_id": bd.props[0]["id"]}])
    return str((await admin.ok("GET", f"/data/projects/{bd.id}/entity-links"))[0]["id"])


async def test_members_read_only_managers_write(admin: Api, anon: Api) -> None:
    artist, supervisor, client = [await new_person(admin, role) for role in ("user", "supervisor", "client")]
    lead = await new_person(admin, "user")
    bd = await new_breakdown(admin, team=[artist, supervisor, client, lead])
    await set_project_role(admin, bd.production.project, lead, "manager")
    link_id = await cast_one(admin, bd)
    scene = await new_scene(admin, bd.production.project, bd.production.sequence)
    for member in (artist, supervisor, client):
        for route, path in reads(bd).items():
            assert (await member.get(path)).status_code == 200, (member.person["role"], route)
        for method, path, body in writes(bd, link_id, scene["id"]):
            response = await member.request(method, path, json=body)
            assert response.status_code == 403, (member.person["role"], method, path, response.text)
    for route, path in reads(bd).items():
        assert (await anon.get(path)).status_code == 401, route
    # a per-project manager writes the breakdown; the DELETE goes last (the casting PUTs replace links)
    for method, path, body in writes(bd, link_id, scene["id"]):
        if method == "DELETE":
            link_id = await cast_one(admin, bd)
            path = f"/data/projects/{bd.id}/entity-links/{link_id}"
        response = await lead.request(method, path, json=body)
        assert response.status_code in (200, 201), (method, path, response.text)


async def test_an_outsider_gets_the_reference_status(admin: Api) -> None:
    outsider = await new_person(admin, "user")
    manager_elsewhere = await new_person(admin, "manager")
    bd = await new_breakdown(admin)
    link_id = await cast_one(admin, bd)
    scene = await new_scene(admin, bd.production.project, bd.production.sequence)
    for route, path in reads(bd).items():
        response = await outsider.get(path)
        assert response.status_code == SHAPES[route]["outsider_artist_status"] == 403, (route, response.text)
    for caller in (outsider, manager_elsewhere):  # a global manager outside the team writes nothing here
        for method, path, body in writes(bd, link_id, scene["id"]):
            response = await caller.request(method, path, json=body)
            assert response.status_code == 403, (method, path, response.text)
    assert len(await admin.ok("GET", f"/data/projects/{bd.id}/entity-links")) == 1


async def test_a_vendor_reads_the_casting_of_the_shots_assigned_to_them_only(admin: Api) -> None:
    vendor = await new_person(admin, "vendor")
    bd = await new_breakdown(admin, team=[vendor], nb_shots=2)
    mine, other = bd.production.shots
    for shot in (mine, other):
        await admin.ok("PUT", casting_path(bd.id, shot["id"]), [{"asset_id": bd.props[0]["id"]}])
    await add_task(admin, mine, assignees=[vendor.id])
    answer = await vendor.ok("GET", f"/data/projects/{bd.id}/sequences/all/casting")
    assert list(answer) == [mine["id"]]
    assert (await vendor.get(casting_path(bd.id, other["id"]))).status_code == 403
    assert len(await vendor.ok("GET", casting_path(bd.id, mine["id"]))) == 1
    links = await vendor.ok("GET", f"/data/projects/{bd.id}/entity-links")
    assert [link["entity_in_id"] for link in links] == [mine["id"]]
