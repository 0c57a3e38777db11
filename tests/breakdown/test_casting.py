"""Casting: a PUT replaces the whole casting, the reads answer it per entity, sequence, episode and type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.breakdown.support import casting_path, events_of, nb_entities_out, new_breakdown
from tests.entities.factory import new_asset, new_episode, new_sequence, new_shot
from tests.support import Api, entity_type_id, new_project

SHAPES = json.loads((Path(__file__).parents[1] / "contract" / "shapes.json").read_text())


def reference_keys(route: str) -> set[str]:
    shape = SHAPES[route]["shape"]
    if isinstance(shape, dict) and "<uuid>" in shape:
        shape = shape["<uuid>"]
    item = shape[0] if isinstance(shape, list) else shape
    return set(item)


def by_asset(casting: list[dict[str, Any]]) -> dict[str, tuple[int, str]]:
    return {item["asset_id"]: (item["nb_occurences"], item["label"]) for item in casting}


async def test_a_put_replaces_the_whole_casting_and_keeps_the_links_that_stay(admin: Api) -> None:
    bd = await new_breakdown(admin)
    prop, other_prop, hero = bd.props[0], bd.props[1], bd.characters[0]
    path = casting_path(bd.id, bd.shot["id"])
    first = [{"asset_id": prop["id"], "nb_occurences": 2, "label": "fixed"}, {"asset_id": hero["id"]}]
    answer = await admin.ok("PUT", path, first)
    assert by_asset(answer) == {prop["id"]: (2, "fixed"), hero["id"]: (1, "")}
    assert await nb_entities_out(admin, bd.shot["id"]) == 2
    links = await admin.ok("GET", f"/data/projects/{bd.id}/entity-links")
    kept = next(link["id"] for link in links if link["entity_out_id"] == prop["id"])

    # the hero leaves, another prop arrives, the first prop's count changes (its label is kept)
    second = [{"asset_id": prop["id"], "nb_occurences": 3}, {"asset_id": other_prop["id"], "label": "bg"}]
    answer = await admin.ok("PUT", path, second)
    assert by_asset(answer) == {prop["id"]: (3, "fixed"), other_prop["id"]: (1, "bg")}
    links = await admin.ok("GET", f"/data/projects/{bd.id}/entity-links")
    assert kept in {link["id"] for link in links}
    assert by_asset(await admin.ok("GET", path)) == by_asset(answer)
    assert await nb_entities_out(admin, bd.shot["id"]) == 2

    # 0 occurrences means absent; an empty list empties the casting
    await admin.ok("PUT", path, [{"asset_id": prop["id"], "nb_occurences": 0}])
    assert await admin.ok("GET", path) == []
    assert await nb_entities_out(admin, bd.shot["id"]) == 0
    events = await events_of(admin.server, "shot:casting-update", bd.id)
    # one event per write (recorded within the same second: their order is not kept)
    assert sorted(e["nb_entities_out"] for e in events if e["shot_id"] == bd.shot["id"]) == [0, 2, 2]


async def test_casting_reads_carry_the_reference_keys(admin: Api) -> None:
    bd = await new_breakdown(admin)
    shot, asset = bd.shot, bd.props[0]
    episode, sequence = bd.production.episode, bd.production.sequence
    await admin.ok("PUT", casting_path(bd.id, shot["id"]), [{"asset_id": asset["id"], "nb_occurences": 2}])
    await admin.ok("PUT", casting_path(bd.id, episode["id"]), [{"asset_id": asset["id"]}])
    await admin.ok("PUT", f"/data/assets/{bd.characters[0]['id']}/casting", [{"asset_id": asset["id"]}])
    type_id = bd.characters[0]["entity_type_id"]
    grouped = {
        "GET /data/projects/{project_id}/sequences/{sequence_id}/casting": (
            f"/data/projects/{bd.id}/sequences/{sequence['id']}/casting",
            shot["id"],
        ),
        "GET /data/projects/{project_id}/sequences/all/casting": (
            f"/data/projects/{bd.id}/sequences/all/casting",
            shot["id"],
        ),
        "GET /data/projects/{project_id}/episodes/{episode_id}/sequences/all/casting": (
            f"/data/projects/{bd.id}/episodes/{episode['id']}/sequences/all/casting",
            shot["id"],
        ),
        "GET /data/projects/{project_id}/episodes/casting": (
            f"/data/projects/{bd.id}/episodes/casting",
            episode["id"],
        ),
        "GET /data/projects/{project_id}/asset-types/{asset_type_id}/casting": (
            f"/data/projects/{bd.id}/asset-types/{type_id}/casting",
            bd.characters[0]["id"],
        ),
    }
    for route, (path, key) in grouped.items():
        answer = await admin.ok("GET", path)
        assert list(answer) == [key], route
        assert reference_keys(route) <= set(answer[key][0]), (route, answer[key][0])
        assert not {"episode_id", "ready_for"} & set(answer[key][0]), (route, answer[key][0])
        assert answer[key][0]["asset_id"] == asset["id"] and answer[key][0]["asset_name"] == asset["name"]
    sequence_item = await admin.ok("GET", grouped["GET /data/projects/{project_id}/sequences/all/casting"][0])
    assert sequence_item[shot["id"]][0]["sequence_name"] == sequence["name"]
    assert sequence_item[shot["id"]][0]["nb_occurences"] == 2

    single = await admin.ok("GET", casting_path(bd.id, shot["id"]))
    assert reference_keys("GET /data/projects/{project_id}/entities/{entity_id}/casting") <= set(single[0])
    assert single[0]["asset_type_name"] == "Prop" and single[0]["episode_id"] == episode["id"]
    asset_casting = await admin.ok("GET", f"/data/assets/{bd.characters[0]['id']}/casting")
    assert [item["asset_id"] for item in asset_casting] == [asset["id"]]
    assert await admin.ok("GET", f"/data/projects/{bd.id}/sequences/all/casting?x=1") == sequence_item


async def test_cast_in_and_the_cast_assets_as_records(admin: Api) -> None:
    bd = await new_breakdown(admin, nb_shots=2)
    first, second = bd.production.shots
    prop, hero = bd.props[0], bd.characters[0]
    await admin.ok("PUT", casting_path(bd.id, first["id"]), [{"asset_id": prop["id"], "nb_occurences": 4}])
    await admin.ok("PUT", casting_path(bd.id, second["id"]), [{"asset_id": prop["id"]}, {"asset_id": hero["id"]}])
    cast_in = await admin.ok("GET", f"/data/assets/{prop['id']}/cast-in")
    assert {row["shot_id"]: row["nb_occurences"] for row in cast_in} == {first["id"]: 4, second["id"]: 1}
    assert reference_keys("GET /data/assets/{asset_id}/cast-in") <= set(cast_in[0])
    assert cast_in[0]["sequence_name"] == bd.production.sequence["name"]
    assert cast_in[0]["episode_name"] == bd.production.episode["name"]

    assets = await admin.ok("GET", f"/data/shots/{second['id']}/assets")
    assert {a["id"] for a in assets} == {prop["id"], hero["id"]}
    assert reference_keys("GET /data/shots/{shot_id}/assets") <= set(assets[0]) and assets[0]["type"] == "Asset"
    await admin.ok("PUT", f"/data/assets/{hero['id']}/casting", [{"asset_id": prop["id"], "label": "held"}])
    assert [a["id"] for a in await admin.ok("GET", f"/data/assets/{hero['id']}/assets")] == [prop["id"]]
    assert await admin.ok("GET", f"/data/assets/{prop['id']}/assets") == []


async def test_casting_several_entities_and_one_asset_in_several_entities(admin: Api) -> None:
    bd = await new_breakdown(admin, nb_shots=2)
    first, second = bd.production.shots
    prop, hero = bd.props[0], bd.characters[0]
    body = {first["id"]: [{"asset_id": prop["id"]}], second["id"]: [{"asset_id": hero["id"], "nb_occurences": 2}]}
    answer = await admin.ok("PUT", f"/data/projects/{bd.id}/entities/casting", body)
    assert {key: by_asset(value) for key, value in answer.items()} == {
        first["id"]: {prop["id"]: (1, "")},
        second["id"]: {hero["id"]: (2, "")},
    }
    # the list form says the same
    listed = [{"entity_id": first["id"], "casting": []}]
    assert await admin.ok("PUT", f"/data/projects/{bd.id}/entities/casting", listed) == {first["id"]: []}

    cast = f"/data/projects/{bd.id}/entities/casting/assets/{prop['id']}"
    answer = await admin.ok("PUT", cast, {"entity_ids": [first["id"], second["id"]], "label": "fixed"})
    assert by_asset(answer[second["id"]]) == {hero["id"]: (2, ""), prop["id"]: (1, "fixed")}
    answer = await admin.ok("PUT", cast, {"entity_ids": [second["id"]], "nb_occurences": 5})
    assert by_asset(answer[second["id"]]) == {hero["id"]: (2, ""), prop["id"]: (5, "fixed")}
    answer = await admin.ok("PUT", cast, {"entity_ids": [first["id"], second["id"]], "nb_occurences": 0})
    assert by_asset(answer[first["id"]]) == {} and by_asset(answer[second["id"]]) == {hero["id"]: (2, "")}
    assert await nb_entities_out(admin, second["id"]) == 1


async def test_shared_assets_of_other_projects_may_be_cast_others_never(admin: Api) -> None:
    bd = await new_breakdown(admin)
    other = await new_project(admin)
    lent = await new_asset(admin, other, "Prop")
    kept = await new_asset(admin, other, "Prop")
    await admin.ok(
        "POST",
        f"/actions/projects/{other['id']}/assets/share",
        {"asset_ids": [lent["id"]], "is_shared": True},
        status=200,
    )
    path = casting_path(bd.id, bd.shot["id"])
    answer = await admin.ok("PUT", path, [{"asset_id": lent["id"]}])
    assert answer[0]["is_shared"] is True and answer[0]["project_id"] == other["id"]
    refused = await admin.put(path, [{"asset_id": kept["id"]}])
    assert refused.status_code == 400 and "another project" in refused.json()["message"]
    assert by_asset(await admin.ok("GET", path)) == {lent["id"]: (1, "")}


async def test_bad_casting_bodies_and_foreign_ids_are_refused(admin: Api) -> None:
    bd = await new_breakdown(admin)
    other = await new_breakdown(admin)
    path = casting_path(bd.id, bd.shot["id"])
    sequence = bd.production.sequence
    bad_bodies: list[Any] = [
        {"asset_id": bd.props[0]["id"]},
        [{"asset_id": "nope"}],
        [{"asset_id": bd.props[0]["id"], "nb_occurences": -1}],
        [{"asset_id": bd.props[0]["id"], "nb_occurences": "2"}],
        [{"asset_id": bd.props[0]["id"], "label": "x" * 81}],
        [{"asset_id": sequence["id"]}],  # not an asset
        [{"asset_id": other.props[0]["id"]}],  # an asset of another project
        [{"asset_id": "00000000-0000-0000-0000-000000000000"}],
        [7],
    ]
    for body in bad_bodies:
        response = await admin.put(path, body)
        assert response.status_code == 400, (body, response.text)
    self_cast = await admin.put(f"/data/assets/{bd.props[0]['id']}/casting", [{"asset_id": bd.props[0]["id"]}])
    assert self_cast.status_code == 400
    not_json = await admin.put(path, content=b"{", headers={"content-type": "application/json"})
    assert not_json.status_code == 400
    # an entity of another project under this project's path
    foreign = await admin.put(casting_path(bd.id, other.shot["id"]), [{"asset_id": bd.props[0]["id"]}])
    assert foreign.status_code == 400
    assert (await admin.get(casting_path(bd.id, other.shot["id"]))).status_code == 400
    many = await admin.put(f"/data/projects/{bd.id}/entities/casting", {other.shot["id"]: []})
    assert many.status_code == 400
    cast = f"/data/projects/{bd.id}/entities/casting/assets/{bd.props[0]['id']}"
    assert (await admin.put(cast, {"entity_ids": [other.shot["id"]]})).status_code == 400
    assert (await admin.put(cast, {"entity_ids": "x"})).status_code == 400
    foreign_sequence = f"/data/projects/{bd.id}/sequences/{other.production.sequence['id']}/casting"
    assert (await admin.get(foreign_sequence)).status_code == 400
    assert (await admin.get(f"/data/projects/{bd.id}/sequences/{bd.shot['id']}/casting")).status_code == 404
    assert await admin.ok("GET", path) == []


async def test_project_entity_links_list_pages_and_delete(admin: Api) -> None:
    bd = await new_breakdown(admin, nb_shots=2)
    other = await new_breakdown(admin)
    first, second = bd.production.shots
    await admin.ok("PUT", casting_path(bd.id, first["id"]), [{"asset_id": a["id"]} for a in bd.props])
    await admin.ok("PUT", casting_path(bd.id, second["id"]), [{"asset_id": bd.props[0]["id"]}])
    await admin.ok("PUT", casting_path(other.id, other.shot["id"]), [{"asset_id": other.props[0]["id"]}])
    links = await admin.ok("GET", f"/data/projects/{bd.id}/entity-links")
    assert len(links) == 3 and {link["entity_in_id"] for link in links} == {first["id"], second["id"]}
    assert reference_keys("GET /data/projects/{project_id}/entity-links") <= set(links[0])
    page = await admin.ok("GET", f"/data/projects/{bd.id}/entity-links?page=2&limit=2")
    assert page["total"] == 3 and page["nb_pages"] == 2 and len(page["data"]) == 1
    assert (await admin.get(f"/data/projects/{bd.id}/entity-links?page=zero")).status_code == 400

    link = next(link for link in links if link["entity_in_id"] == first["id"])
    foreign = await admin.delete(f"/data/projects/{other.id}/entity-links/{link['id']}")
    assert foreign.status_code == 404
    removed = await admin.ok("DELETE", f"/data/projects/{bd.id}/entity-links/{link['id']}", status=200)
    assert removed["id"] == link["id"] and removed["type"] == "EntityLink"
    assert reference_keys("DELETE /data/projects/{project_id}/entity-links/{entity_link_id}") <= set(removed)
    assert await nb_entities_out(admin, first["id"]) == 1
    assert len(await admin.ok("GET", f"/data/projects/{bd.id}/entity-links")) == 2
    assert (await admin.delete(f"/data/projects/{bd.id}/entity-links/{link['id']}")).status_code == 404
    assert len(await events_of(admin.server, "entity-link:delete", bd.id)) == 1


async def test_an_episode_casting_lists_only_its_own_sequences_shots(admin: Api) -> None:
    bd = await new_breakdown(admin, nb_shots=1)
    project = bd.production.project
    episode = await new_episode(admin, project)
    sequence = await new_sequence(admin, project, episode)
    shot = await new_shot(admin, project, sequence)
    await admin.ok("PUT", casting_path(bd.id, shot["id"]), [{"asset_id": bd.props[0]["id"]}])
    await admin.ok("PUT", casting_path(bd.id, bd.shot["id"]), [{"asset_id": bd.props[1]["id"]}])
    answer = await admin.ok("GET", f"/data/projects/{bd.id}/episodes/{episode['id']}/sequences/all/casting")
    assert list(answer) == [shot["id"]]
    everything = await admin.ok("GET", f"/data/projects/{bd.id}/sequences/all/casting")
    assert set(everything) == {shot["id"], bd.shot["id"]}
    type_id = await entity_type_id(admin, "Prop")
    assert await admin.ok("GET", f"/data/projects/{bd.id}/asset-types/{type_id}/casting") == {}
