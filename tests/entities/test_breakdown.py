"""Creating, reading, listing and updating every breakdown kind, with the parent-chain rules."""

from __future__ import annotations

import pytest

from tests.entities.factory import (
    new_asset,
    new_concept,
    new_edit,
    new_episode,
    new_production,
    new_scene,
    new_sequence,
    new_shot,
)
from tests.support import Api, entity_type_id, new_project, unique_name


async def test_a_tv_show_breakdown_reads_back_with_its_context_names(admin: Api) -> None:
    production = await new_production(admin, nb_shots=1)
    episode, sequence, shot = production.episode, production.sequence, production.shots[0]
    assert episode["type"] == "Episode" and episode["parent_id"] is None
    assert sequence["type"] == "Sequence" and sequence["parent_id"] == episode["id"]
    assert shot["type"] == "Shot" and shot["parent_id"] == sequence["id"] and shot["nb_frames"] == 24

    detail = await admin.ok("GET", f"/data/shots/{shot['id']}")
    assert detail["project_name"] == production.project["name"]
    assert (detail["sequence_id"], detail["sequence_name"]) == (sequence["id"], sequence["name"])
    assert (detail["episode_id"], detail["episode_name"]) == (episode["id"], episode["name"])
    assert detail["frame_in"] == 1 and detail["data"] == {"frame_in": 1}
    assert detail["tasks"] == [] and "entities_out" in detail and "instance_casting" in detail

    seq_detail = await admin.ok("GET", f"/data/sequences/{sequence['id']}")
    assert (seq_detail["episode_id"], seq_detail["episode_name"]) == (episode["id"], episode["name"])
    ep_detail = await admin.ok("GET", f"/data/episodes/{episode['id']}")
    assert ep_detail["project_name"] == production.project["name"]

    asset = production.assets[0]
    assert asset["source_id"] == episode["id"] and asset["parent_id"] is None
    asset_detail = await admin.ok("GET", f"/data/assets/{asset['id']}")
    assert asset_detail["asset_type_name"] == "Prop" and asset_detail["episode_id"] == episode["id"]
    assert asset_detail["casting_episode_ids"] == [] and asset_detail["tasks"] == []


async def test_undeclared_data_keys_are_kept_and_updates_merge_them(admin: Api) -> None:
    """gazu's ``update_shot_data`` / ``update_asset_data`` PUT /data/entities/{id} with the data to set."""
    production = await new_production(admin, nb_shots=1, nb_assets=0)
    shot = production.shots[0]
    detail = await admin.ok("GET", f"/data/shots/{shot['id']}")
    # gazu sends back the whole object it read: the joined keys are ignored, not refused
    detail["data"] = {"frame_in": 10, "frame_out": 50, "camera": "cam-A"}
    detail["nb_frames"] = 41
    updated = await admin.ok("PUT", f"/data/shots/{shot['id']}", detail)
    assert updated["data"] == {"frame_in": 10, "frame_out": 50, "camera": "cam-A"} and updated["nb_frames"] == 41
    again = await admin.ok("PUT", f"/data/entities/{shot['id']}", {"description": "wide"})
    assert again["description"] == "wide" and again["data"]["camera"] == "cam-A" and again["type"] == "Shot"
    # one custom field set: the others (frame range included) stay, through either route
    merged = await admin.ok("PUT", f"/data/entities/{shot['id']}", {"data": {"camera": "cam-B"}})
    assert merged["data"] == {"frame_in": 10, "frame_out": 50, "camera": "cam-B"}
    merged = await admin.ok("PUT", f"/data/shots/{shot['id']}", {"data": {"lens": 35, "camera": None}})
    assert merged["data"] == {"frame_in": 10, "frame_out": 50, "camera": None, "lens": 35}
    stored = await admin.ok("GET", f"/data/entities/{shot['id']}")
    assert stored["data"] == merged["data"]


@pytest.mark.parametrize("route", ["scenes", "edits", "concepts", "episodes", "sequences"])
async def test_each_kind_is_created_listed_and_read_by_the_same_mechanism(admin: Api, route: str) -> None:
    project = await new_project(admin)
    episode = await new_episode(admin, project)
    sequence = await new_sequence(admin, project, episode)
    makers = {
        "scenes": lambda: new_scene(admin, project, sequence),
        "edits": lambda: new_edit(admin, project, episode),
        "concepts": lambda: new_concept(admin, project, data={"mood": "dark"}),
        "episodes": lambda: new_episode(admin, project),
        "sequences": lambda: new_sequence(admin, project, episode),
    }
    created = await makers[route]()
    listed = await admin.ok("GET", f"/data/projects/{project['id']}/{route}")
    assert created["id"] in [row["id"] for row in listed]
    assert all(row["type"] == created["type"] for row in listed)
    detail = await admin.ok("GET", f"/data/{route}/{created['id']}")
    assert detail["id"] == created["id"] and detail["project_name"] == project["name"]
    # a record of another kind is not found under this kind's route
    other = sequence if route != "sequences" else episode
    response = await admin.get(f"/data/{route}/{other['id']}")
    assert response.status_code == 404


async def test_edits_and_scenes_know_their_parents(admin: Api) -> None:
    project = await new_project(admin)
    episode = await new_episode(admin, project)
    sequence = await new_sequence(admin, project, episode)
    edit = await new_edit(admin, project, episode)
    assert edit["parent_id"] == episode["id"]
    # gazu names the episode of an edit parent_id
    edit2 = await admin.ok("POST", f"/data/projects/{project['id']}/edits", {"name": "e2", "parent_id": episode["id"]})
    assert edit2["parent_id"] == episode["id"]
    detail = await admin.ok("GET", f"/data/edits/{edit['id']}")
    assert detail["episode_name"] == episode["name"] and detail["tasks"] == []
    scene = await new_scene(admin, project, sequence)
    scene_detail = await admin.ok("GET", f"/data/scenes/{scene['id']}")
    assert scene_detail["sequence_name"] == sequence["name"] and scene_detail["episode_id"] == episode["id"]


async def test_parent_chain_rules(admin: Api) -> None:
    project = await new_project(admin)
    other = await new_project(admin)
    episode = await new_episode(admin, project)
    sequence = await new_sequence(admin, project, episode)
    foreign_sequence = await new_sequence(admin, other)
    shots = f"/data/projects/{project['id']}/shots"
    bad_bodies = [
        {"name": "no-sequence"},
        {"name": "parent-is-episode", "sequence_id": episode["id"]},
        {"name": "foreign", "sequence_id": foreign_sequence["id"]},
        {"name": "unknown", "sequence_id": "00000000-0000-0000-0000-000000000000"},
        {"name": "bad-id", "sequence_id": "not-a-uuid"},
        {"name": 12, "sequence_id": sequence["id"]},
        {"name": "frames", "sequence_id": sequence["id"], "nb_frames": "many"},
    ]
    for body in bad_bodies:
        response = await admin.post(shots, body)
        assert response.status_code == 400, (body, response.text)
        assert response.json()["error"] is True
    seq_response = await admin.post(
        f"/data/projects/{project['id']}/sequences", {"name": "s", "episode_id": sequence["id"]}
    )
    assert seq_response.status_code == 400
    shot = await new_shot(admin, project, sequence)
    duplicate = await admin.post(shots, {"name": shot["name"], "sequence_id": sequence["id"]})
    assert duplicate.status_code == 400
    # an update may not move a shot under a sequence of another project, nor change its project
    moved = await admin.put(f"/data/shots/{shot['id']}", {"parent_id": foreign_sequence["id"]})
    assert moved.status_code == 400
    refused = await admin.put(f"/data/shots/{shot['id']}", {"project_id": other["id"], "name": "renamed"})
    assert refused.status_code == 400 and "project_id" in refused.json()["message"]
    kept = await admin.ok("PUT", f"/data/shots/{shot['id']}", {"project_id": project["id"], "name": "renamed"})
    assert kept["project_id"] == project["id"] and kept["name"] == "renamed"
    retyped = await admin.put(f"/data/entities/{shot['id']}", {"entity_type_id": await entity_type_id(admin, "Prop")})
    assert retyped.status_code == 400


async def test_asset_types_are_the_non_breakdown_entity_types(admin: Api) -> None:
    project = await new_project(admin)
    asset = await new_asset(admin, project, "Character", description="hero", data={"polycount": 12})
    assert asset["type"] == "Asset" and asset["data"] == {"polycount": 12} and asset["created_by"] == admin.id
    shot_type = await entity_type_id(admin, "Shot")
    response = await admin.post(f"/data/projects/{project['id']}/asset-types/{shot_type}/assets/new", {"name": "x"})
    assert response.status_code == 400
    generic = await admin.post(
        "/data/entities", {"name": "y", "project_id": project["id"], "entity_type_id": shot_type}
    )
    assert generic.status_code == 400  # a shot needs a sequence, even through /data/entities
    props = await entity_type_id(admin, "Prop")
    retyped = await admin.ok("PUT", f"/data/entities/{asset['id']}", {"entity_type_id": props})
    assert retyped["entity_type_id"] == props
    to_shot = await admin.put(f"/data/entities/{asset['id']}", {"entity_type_id": shot_type})
    assert to_shot.status_code == 400

    types = await admin.ok("GET", "/data/asset-types")
    names = {row["name"] for row in types}
    assert {"Character", "Prop"} <= names and not names & {"Shot", "Sequence", "Episode", "Edit", "Concept", "Scene"}
    assert all("task_types" in row for row in types)
    one = await admin.ok("GET", f"/data/asset-types/{props}")
    assert one["name"] == "Prop"
    assert (await admin.get(f"/data/asset-types/{shot_type}")).status_code == 404
    used = await admin.ok("GET", f"/data/projects/{project['id']}/asset-types")
    assert [row["name"] for row in used] == ["Prop"]
    of_type = await admin.ok("GET", f"/data/projects/{project['id']}/asset-types/{props}/assets")
    assert [row["id"] for row in of_type] == [asset["id"]]


async def test_list_filters_and_aliases(admin: Api) -> None:
    production = await new_production(admin, nb_shots=2, nb_assets=1)
    other_sequence = await new_sequence(admin, production.project, production.episode)
    lonely = await new_shot(admin, production.project, other_sequence)
    seq_id = production.sequence["id"]
    by_sequence = await admin.ok("GET", f"/data/shots/all?sequence_id={seq_id}")
    assert sorted(r["id"] for r in by_sequence) == sorted(s["id"] for s in production.shots)
    assert all(r["sequence_name"] == production.sequence["name"] and "project_name" in r for r in by_sequence)
    by_name = await admin.ok("GET", f"/data/shots?project_id={production.id}&name={lonely['name'].upper()}")
    assert [r["id"] for r in by_name] == [lonely["id"]]
    by_episode = await admin.ok("GET", f"/data/shots?episode_id={production.episode['id']}")
    assert len(by_episode) == 3
    sequences = await admin.ok("GET", f"/data/sequences?episode_id={production.episode['id']}")
    assert sorted(r["id"] for r in sequences) == sorted([seq_id, other_sequence["id"]])
    assets = await admin.ok("GET", f"/data/assets?source_id={production.episode['id']}")
    assert [r["id"] for r in assets] == [production.assets[0]["id"]]
    # the lists of a kind ignore page, as the reference's do; /data/entities pages
    assert isinstance(await admin.ok("GET", f"/data/shots?project_id={production.id}&page=1"), list)
    sequences = await admin.ok("GET", f"/data/sequences?project_id={production.id}&page=1")
    assert sorted(r["id"] for r in sequences) == sorted([seq_id, other_sequence["id"]])
    paged = await admin.ok("GET", f"/data/entities?project_id={production.id}&page=1&limit=1")
    assert len(paged["data"]) == 1 and paged["nb_pages"] == paged["total"] > 2
    assert (await admin.get("/data/shots?sequence_id=nope")).status_code == 400
    assert (await admin.get("/data/shots?nb_frames=many")).status_code == 400


async def test_episode_children_and_concept_links(admin: Api) -> None:
    production = await new_production(admin, nb_shots=2, nb_assets=1)
    episode_id = production.episode["id"]
    sequences = await admin.ok("GET", f"/data/episodes/{episode_id}/sequences")
    assert [r["id"] for r in sequences] == [production.sequence["id"]]
    shots = await admin.ok("GET", f"/data/episodes/{episode_id}/shots")
    assert sorted(r["id"] for r in shots) == sorted(s["id"] for s in production.shots)
    edit = await new_edit(admin, production.project, production.episode)
    assert [r["id"] for r in await admin.ok("GET", f"/data/episodes/{episode_id}/edits")] == [edit["id"]]
    shots_of_seq = await admin.ok("GET", f"/data/sequences/{production.sequence['id']}/shots")
    assert len(shots_of_seq) == 2
    asset = production.assets[0]
    concept = await new_concept(admin, production.project, entity_concept_links=[asset["id"]])
    assert concept["entity_concept_links"] == [asset["id"]]
    listed = await admin.ok("GET", f"/data/concepts?project_id={production.id}")
    assert listed[0]["entity_concept_links"] == [asset["id"]] and listed[0]["project_name"]
    name = unique_name("cpt")
    bad = await admin.post(f"/data/projects/{production.id}/concepts", {"name": name, "entity_concept_links": ["x"]})
    assert bad.status_code == 400
