"""Calls of the breakdown routes: entities of every kind, castings, asset instances, concept folders.

Deletions and moves act on entities made for the call; creations make new names.
"""

from __future__ import annotations

from tests.contract.calls import Call, Prepare, case
from tests.contract.world import World
from tests.entities.factory import new_scene, new_shot
from tests.support import unique_name

#: the routes that delete one entity of a kind, with the kind a new entity is made of
DELETIONS = {
    "DELETE /data/assets/{asset_id}": ("asset_id", "Prop"),
    "DELETE /data/concepts/{concept_id}": ("concept_id", "Concept"),
    "DELETE /data/edits/{edit_id}": ("edit_id", "Edit"),
    "DELETE /data/episodes/{episode_id}": ("episode_id", "Episode"),
    "DELETE /data/scenes/{scene_id}": ("scene_id", "Scene"),
    "DELETE /data/sequences/{sequence_id}": ("sequence_id", "Sequence"),
    "DELETE /data/shots/{shot_id}": ("shot_id", "Shot"),
    "DELETE /data/entities/{instance_id}": ("instance_id", "Prop"),
    "DELETE /data/concept-folders/{concept_folder_id}": ("concept_folder_id", "ConceptFolder"),
}


def deletion(param: str, kind: str) -> Prepare:
    """Delete a new entity of ``kind`` (shots and scenes in the world's sequence)."""

    async def prepare(world: World) -> Call:
        parent = {"parent_id": world.id("sequence")} if kind in ("Shot", "Scene") else {}
        return Call(params={param: (await world.entity(kind, **parent))["id"]})

    return prepare


for _route, (_param, _kind) in DELETIONS.items():
    case(_route)(deletion(_param, _kind))


def named() -> dict[str, str]:
    return {"name": unique_name("e")}


@case(
    "POST /data/projects/{project_id}/episodes",
    "POST /data/projects/{project_id}/concepts",
    "POST /data/projects/{project_id}/concept-folders",
    "POST /data/projects/{project_id}/asset-types/{asset_type_id}/assets/new",
)
async def _new_entity(world: World) -> Call:
    return Call(body=named())


@case("POST /data/projects/{project_id}/sequences", "POST /data/projects/{project_id}/edits")
async def _new_in_episode(world: World) -> Call:
    return Call(body={**named(), "episode_id": world.id("episode")})


@case("POST /data/projects/{project_id}/shots", "POST /data/projects/{project_id}/scenes")
async def _new_in_sequence(world: World) -> Call:
    return Call(body={**named(), "sequence_id": world.id("sequence")})


@case("POST /data/entities")
async def _new_raw_entity(world: World) -> Call:
    return Call(body=await world.body("entities"))


@case("PUT /data/entities/{instance_id}")
async def _change_entity(world: World) -> Call:
    return Call(params={"instance_id": world.id("asset")}, body={"description": "changed"})


@case("PUT /data/shots/{shot_id}")
async def _change_shot(world: World) -> Call:
    return Call(body={"description": "changed"})


@case("PUT /data/concept-folders/{concept_folder_id}")
async def _rename_folder(world: World) -> Call:
    return Call(body=named())


@case("POST /actions/projects/{project_id}/move-concepts")
async def _move_concepts(world: World) -> Call:
    concept = await world.entity("Concept")
    return Call(body={"concept_ids": [concept["id"]], "concept_folder_id": world.id("concept_folder")})


@case("POST /actions/projects/{project_id}/delete-entities")
async def _delete_entities(world: World) -> Call:
    return Call(body=[(await world.entity("Prop"))["id"]])


@case(
    "POST /actions/assets/share",
    "POST /actions/projects/{project_id}/assets/share",
    "POST /actions/projects/{project_id}/asset-types/{asset_type_id}/assets/share",
)
async def _share(world: World) -> Call:
    return Call(body={"asset_ids": [world.id("asset")], "is_shared": False})


def casting(world: World) -> list[dict[str, object]]:
    return [{"asset_id": world.id("asset"), "nb_occurences": 1}, {"asset_id": world.id("prop"), "nb_occurences": 3}]


@case("PUT /data/projects/{project_id}/entities/{entity_id}/casting")
async def _cast(world: World) -> Call:
    shot = await new_shot(world.admin, world.project, world["sequence"])
    return Call(params={"entity_id": shot["id"]}, body=casting(world))


@case("PUT /data/projects/{project_id}/entities/casting")
async def _cast_many(world: World) -> Call:
    shot = await new_shot(world.admin, world.project, world["sequence"])
    return Call(body={shot["id"]: casting(world)})


@case("PUT /data/projects/{project_id}/entities/casting/assets/{asset_id}")
async def _cast_asset(world: World) -> Call:
    shot = await new_shot(world.admin, world.project, world["sequence"])
    return Call(body={"entity_ids": [shot["id"]], "nb_occurences": 2})


@case("PUT /data/assets/{asset_id}/casting")
async def _cast_in_asset(world: World) -> Call:
    asset = await world.entity("Character")
    return Call(params={"asset_id": asset["id"]}, body=[{"asset_id": world.id("prop"), "nb_occurences": 1}])


@case("DELETE /data/projects/{project_id}/entity-links/{entity_link_id}")
async def _remove_link(world: World) -> Call:
    shot = await new_shot(world.admin, world.project, world["sequence"])
    path = f"/data/projects/{world.project_id}/entities/{shot['id']}/casting"
    await world.admin.ok("PUT", path, [{"asset_id": world.id("prop")}])
    links = await world.admin.ok("GET", f"/data/entity-links?entity_in_id={shot['id']}")
    return Call(params={"entity_link_id": links[0]["id"]})


@case("POST /data/scenes/{scene_id}/asset-instances")
async def _place_in_scene(world: World) -> Call:
    return Call(body={"asset_id": world.id("asset")})


@case("POST /data/assets/{asset_id}/asset-asset-instances")
async def _place_in_asset(world: World) -> Call:
    return Call(params={"asset_id": world.id("prop")}, body={"asset_to_instantiate_id": world.id("asset")})


async def scene_instance(world: World) -> str:
    path = f"/data/scenes/{world.id('scene')}/asset-instances"
    return str((await world.admin.ok("POST", path, {"asset_id": world.id("prop")}))["id"])


@case("POST /data/shots/{shot_id}/asset-instances")
async def _use_in_shot(world: World) -> Call:
    return Call(body={"asset_instance_id": await scene_instance(world)})


@case("DELETE /data/shots/{shot_id}/asset-instances/{asset_instance_id}")
async def _stop_using(world: World) -> Call:
    instance = await scene_instance(world)
    await world.admin.ok("POST", f"/data/shots/{world.id('shot')}/asset-instances", {"asset_instance_id": instance})
    return Call(params={"asset_instance_id": instance})


@case("POST /data/scenes/{scene_id}/shots")
async def _scene_shot(world: World) -> Call:
    shot = await new_shot(world.admin, world.project, world["sequence"])
    return Call(body={"shot_id": shot["id"]})


@case("DELETE /data/scenes/{scene_id}/shots/{shot_id}")
async def _scene_shot_removed(world: World) -> Call:
    scene = await new_scene(world.admin, world.project, world["sequence"])
    shot = await new_shot(world.admin, world.project, world["sequence"])
    await world.admin.ok("POST", f"/data/scenes/{scene['id']}/shots", {"shot_id": shot["id"]})
    return Call(params={"scene_id": scene["id"], "shot_id": shot["id"]})


@case(
    *(f"GET /data/{kinds}" for kinds in ("assets", "concepts", "edits", "entities", "episodes", "sequences", "shots")),
    *(f"GET /data/{kinds}/all" for kinds in ("assets", "edits", "scenes", "shots")),
    *(f"GET /data/{kinds}/with-tasks" for kinds in ("assets", "concepts", "edits", "episodes", "scenes", "sequences")),
    "GET /data/shots/with-tasks",
    "GET /data/tasks/open-tasks",
    "GET /data/tasks/open-tasks/stats",
    "GET /data/tasks/open-tasks/burndown",
)
async def _in_the_project(world: World) -> Call:
    """Lists narrowed to the world's project: the test database holds every other test's records."""
    return Call(query=f"project_id={world.project_id}")
