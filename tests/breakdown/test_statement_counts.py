"""Casting and instance reads run a constant number of SQL statements, whatever the number of links."""

from __future__ import annotations

from tests.breakdown.support import Breakdown, casting_path, new_breakdown
from tests.entities.factory import new_asset, new_scene, new_shot
from tests.support import Api, new_person


async def grow(admin: Api, bd: Breakdown, nb_shots: int) -> None:
    """``nb_shots`` more shots, each casting every asset and using a scene instance of each."""
    project, sequence, episode = bd.production.project, bd.production.sequence, bd.production.episode
    scene = await new_scene(admin, project, sequence)
    bd.scene = scene
    hero = bd.characters[0]
    for _ in range(nb_shots):
        shot = await new_shot(admin, project, sequence)
        asset = await new_asset(admin, project, "Prop", episode_id=episode["id"])
        bd.props.append(asset)
        cast = [{"asset_id": a["id"], "nb_occurences": 2} for a in (asset, hero)]
        await admin.ok("PUT", casting_path(bd.id, shot["id"]), cast)
        await admin.ok("PUT", casting_path(bd.id, episode["id"]), [{"asset_id": a["id"]} for a in bd.props])
        for target in (asset, hero):
            instance = await admin.ok("POST", f"/data/scenes/{scene['id']}/asset-instances", {"asset_id": target["id"]})
            await admin.ok("POST", f"/data/shots/{shot['id']}/asset-instances", {"asset_instance_id": instance["id"]})
        await admin.ok(
            "POST", f"/data/assets/{hero['id']}/asset-asset-instances", {"asset_to_instantiate_id": asset["id"]}
        )
        await admin.ok("PUT", f"/data/assets/{asset['id']}/casting", [{"asset_id": hero["id"]}])


def paths(bd: Breakdown) -> list[str]:
    pid, hero = bd.id, bd.characters[0]["id"]
    episode, sequence = bd.production.episode["id"], bd.production.sequence["id"]
    scene = bd.scene["id"]
    return [
        f"/data/projects/{pid}/sequences/{sequence}/casting",
        f"/data/projects/{pid}/sequences/all/casting",
        f"/data/projects/{pid}/episodes/{episode}/sequences/all/casting",
        f"/data/projects/{pid}/episodes/casting",
        f"/data/projects/{pid}/asset-types/{bd.props[0]['entity_type_id']}/casting",
        casting_path(pid, episode),
        f"/data/assets/{hero}/cast-in",
        f"/data/assets/{hero}/asset-asset-instances",
        f"/data/assets/{hero}/shot-asset-instances",
        f"/data/assets/{hero}/scene-asset-instances",
        f"/data/scenes/{scene}/asset-instances",
        f"/data/projects/{pid}/entity-links",
        f"/data/projects/{pid}/entity-links?page=1&limit=1000",
    ]


async def measure(api: Api, bd: Breakdown) -> list[tuple[int, int]]:
    found = []
    for path in paths(bd):
        before = api.server.counter.count
        answer = await api.ok("GET", path)
        size = len(answer["data"]) if isinstance(answer, dict) and "data" in answer else len(answer)
        if isinstance(answer, dict) and "data" not in answer:
            size = sum(len(value) for value in answer.values())
        found.append((api.server.counter.count - before, size))
    return found


async def test_breakdown_reads_run_a_constant_number_of_statements(admin: Api) -> None:
    artist = await new_person(admin, "user")
    small, large = await new_breakdown(admin, [artist], nb_shots=0), await new_breakdown(admin, [artist], nb_shots=0)
    await grow(admin, small, 1)
    await grow(admin, large, 6)
    for api in (admin, artist):
        few, many = await measure(api, small), await measure(api, large)
        for path, (statements_few, rows_few), (statements_many, rows_many) in zip(paths(large), few, many, strict=True):
            assert rows_many > rows_few, path
            assert statements_few == statements_many, (path, statements_few, statements_many)
