"""gazu drives the breakdown routes of a live ``tenko serve`` end to end."""

from __future__ import annotations

from typing import Any

import gazu

from tests.support import unique_name


def test_gazu_builds_and_reads_a_tv_show_breakdown(gazu_admin: Any) -> None:
    client = gazu_admin
    project = gazu.project.new_project(unique_name("gazu-show"), production_type="tvshow", client=client)
    episode = gazu.shot.new_episode(project, "E01", client=client)
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode, client=client)
    assert sequence["parent_id"] == episode["id"]
    shot = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=48, frame_in=1, frame_out=48, client=client)
    assert shot["nb_frames"] == 48 and shot["data"] == {"frame_in": 1, "frame_out": 48}
    # gazu looks a shot up by name before creating it: the second call returns the same shot
    assert gazu.shot.new_shot(project, sequence, "SH010", client=client)["id"] == shot["id"]

    read = gazu.shot.get_shot(shot["id"], client=client)
    assert read["sequence_name"] == "SQ01" and read["episode_name"] == "E01"
    read["description"] = "opening"
    gazu.shot.update_shot(read, client=client)
    gazu.shot.update_shot_data(shot, {"camera": "A"}, client=client)
    again = gazu.shot.get_shot(shot["id"], client=client)
    assert again["description"] == "opening" and again["data"]["camera"] == "A" and again["data"]["frame_in"] == 1
    assert [s["id"] for s in gazu.shot.all_shots_for_sequence(sequence, client=client)] == [shot["id"]]
    assert [s["id"] for s in gazu.shot.all_shots_for_episode(episode, client=client)] == [shot["id"]]
    assert [s["id"] for s in gazu.shot.all_sequences_for_episode(episode, client=client)] == [sequence["id"]]
    assert gazu.shot.get_sequence_by_name(project, "SQ01", episode=episode, client=client)["id"] == sequence["id"]

    asset_type = gazu.asset.get_asset_type_by_name("Character", client=client)
    asset = gazu.asset.new_asset(project, asset_type, "Hero", extra_data={"rig": "v1"}, episode=episode, client=client)
    assert asset["source_id"] == episode["id"]
    assert gazu.asset.get_asset(asset["id"], client=client)["episode_id"] == episode["id"]
    assert [a["id"] for a in gazu.asset.all_assets_for_episode(episode, client=client)] == [asset["id"]]
    gazu.asset.update_asset_data(asset, {"poly": 10}, client=client)
    assert gazu.asset.get_asset(asset["id"], client=client)["data"] == {"rig": "v1", "poly": 10}
    assert [t["name"] for t in gazu.asset.all_asset_types_for_project(project, client=client)] == ["Character"]

    scene = gazu.scene.new_scene(project, sequence, "SC01", client=client)
    gazu.scene.add_shot_to_scene(scene, shot, client=client)
    assert [s["id"] for s in gazu.scene.all_shots_for_scene(scene, client=client)] == [shot["id"]]
    edit = gazu.edit.new_edit(project, "EDIT01", episode=episode, client=client)
    assert gazu.edit.get_edit(edit["id"], client=client)["episode_id"] == episode["id"]
    concept = gazu.concept.new_concept(project, "C01", entity_concept_links=[asset], client=client)
    assert concept["entity_concept_links"] == [asset["id"]]

    gazu.shot.remove_shot(shot, client=client)  # no task: really removed
    assert gazu.shot.all_shots_for_sequence(sequence, client=client) == []
    gazu.asset.remove_asset(asset, force=True, client=client)
    assert gazu.asset.all_assets_for_project(project, client=client) == []
