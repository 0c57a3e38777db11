"""gazu drives casting and asset instances on a live ``tenko serve`` end to end."""

from __future__ import annotations

from typing import Any, cast

import gazu

from tests.support import unique_name


def casting_of(answer: list[dict[str, Any]]) -> dict[str, int]:
    return {item["asset_id"]: item["nb_occurences"] for item in answer}


def as_casting(items: list[dict[str, Any]]) -> dict[Any, Any]:
    """gazu annotates a casting as a dict, though the API (and gazu's own docstring example) takes a list."""
    return cast(dict[Any, Any], items)


def test_gazu_casts_assets_and_reads_the_casting_back(gazu_admin: Any) -> None:
    client = gazu_admin
    project = gazu.project.new_project(unique_name("gazu-cast"), production_type="tvshow", client=client)
    episode = gazu.shot.new_episode(project, "E01", client=client)
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode, client=client)
    shot = gazu.shot.new_shot(project, sequence, "SH010", client=client)
    other_shot = gazu.shot.new_shot(project, sequence, "SH020", client=client)
    props = gazu.asset.get_asset_type_by_name("Prop", client=client)
    chars = gazu.asset.get_asset_type_by_name("Character", client=client)
    lamp = gazu.asset.new_asset(project, props, "Lamp", episode=episode, client=client)
    hero = gazu.asset.new_asset(project, chars, "Hero", episode=episode, client=client)

    casting = [{"asset_id": lamp["id"], "nb_occurences": 3}, {"asset_id": hero["id"], "nb_occurences": 1}]
    gazu.casting.update_shot_casting(project, shot, as_casting(casting), client=client)
    assert casting_of(gazu.casting.get_shot_casting(shot, client=client)) == {lamp["id"]: 3, hero["id"]: 1}
    gazu.casting.update_shot_casting(
        project, shot, as_casting([{"asset_id": hero["id"], "nb_occurences": 2}]), client=client
    )
    assert casting_of(gazu.casting.get_shot_casting(shot, client=client)) == {hero["id"]: 2}
    gazu.casting.update_asset_casting(
        project, hero, as_casting([{"asset_id": lamp["id"], "nb_occurences": 1}]), client=client
    )
    assert casting_of(gazu.casting.get_asset_casting(hero, client=client)) == {lamp["id"]: 1}
    gazu.casting.update_episode_casting(
        project, episode, as_casting([{"asset_id": lamp["id"], "nb_occurences": 1}]), client=client
    )
    assert list(gazu.casting.get_episodes_casting(project, client=client)) == [episode["id"]]
    assert casting_of(gazu.casting.get_episode_casting(episode, client=client)) == {lamp["id"]: 1}

    by_shot = gazu.casting.cast_asset(project, [shot, other_shot], lamp, label="fixed", client=client)
    assert casting_of(by_shot[other_shot["id"]]) == {lamp["id"]: 1}
    assert {item["label"] for item in by_shot[shot["id"]] if item["asset_id"] == lamp["id"]} == {"fixed"}
    gazu.casting.uncast_asset(project, [other_shot], lamp, client=client)
    sequence_casting = gazu.casting.get_sequence_casting(sequence, client=client)
    assert list(sequence_casting) == [shot["id"]]
    assert gazu.casting.get_sequence_shots_casting(project, sequence, client=client) == sequence_casting
    assert gazu.casting.get_project_shots_casting(project, client=client) == sequence_casting
    assert gazu.casting.get_episode_shots_casting(project, episode, client=client) == sequence_casting
    assert list(gazu.casting.get_asset_type_casting(project, chars, client=client)) == [hero["id"]]
    cast_in = gazu.casting.get_asset_cast_in(hero, client=client)
    assert [row["shot_name"] for row in cast_in] == ["SH010"]

    links = gazu.casting.all_entity_links_for_project(project, client=client)
    assert len(links) == 4  # shot: hero + lamp, hero: lamp, episode: lamp
    hero_link = next(link for link in links if link["entity_in_id"] == hero["id"])
    gazu.casting.delete_entity_link(hero_link, client=client)
    assert gazu.casting.get_asset_casting(hero, client=client) == []
    assert gazu.asset.get_asset(hero["id"], client=client)["nb_entities_out"] == 0
    assert gazu.shot.get_shot(shot["id"], client=client)["nb_entities_out"] == 2


def test_gazu_places_asset_instances_in_scenes_and_shots(gazu_admin: Any) -> None:
    client = gazu_admin
    project = gazu.project.new_project(unique_name("gazu-inst"), client=client)
    sequence = gazu.shot.new_sequence(project, "SQ01", client=client)
    shot = gazu.shot.new_shot(project, sequence, "SH010", client=client)
    scene = gazu.scene.new_scene(project, sequence, "SC01", client=client)
    props = gazu.asset.get_asset_type_by_name("Prop", client=client)
    lamp = gazu.asset.new_asset(project, props, "Lamp", client=client)
    room = gazu.asset.new_asset(project, props, "Room", client=client)

    first = gazu.scene.new_scene_asset_instance(scene, lamp, client=client)
    second = gazu.scene.new_scene_asset_instance(scene, lamp, description="spare", client=client)
    assert (first["number"], second["number"]) == (1, 2)
    listed = gazu.scene.all_asset_instances_for_scene(scene, client=client)
    assert [i["id"] for i in listed[lamp["id"]]] == [first["id"], second["id"]]
    gazu.shot.add_asset_instance_to_shot(shot, second, client=client)
    assert list(gazu.shot.get_asset_instances_for_shot(shot, client=client)) == [lamp["id"]]
    assert list(gazu.asset.all_shot_asset_instances_for_asset(lamp, client=client)) == [shot["id"]]
    assert list(gazu.asset.all_scene_asset_instances_for_asset(lamp, client=client)) == [scene["id"]]
    gazu.shot.remove_asset_instance_from_shot(shot, second, client=client)
    assert gazu.shot.get_asset_instances_for_shot(shot, client=client) == {}

    inside = gazu.asset.new_asset_asset_instance(room, lamp, client=client)
    assert inside["target_asset_id"] == room["id"] and inside["number"] == 1
    assert list(gazu.asset.all_asset_instances_for_asset(room, client=client)) == [lamp["id"]]
