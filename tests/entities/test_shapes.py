"""Answers carry every key the reference answers with (shapes.json), for each route family."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.entities.factory import add_task, new_concept, new_edit, new_production, new_scene, task_type_id
from tests.support import Api

SHAPES = json.loads((Path(__file__).parent.parent / "contract" / "shapes.json").read_text())


def expected_keys(route: str) -> set[str]:
    shape = SHAPES[route]["shape"]
    item = shape[0] if isinstance(shape, list) else shape
    return set(item) if isinstance(item, dict) else set()


def missing(route: str, answer: Any) -> set[str]:
    item = answer[0] if isinstance(answer, list) else answer
    return expected_keys(route) - set(item)


async def test_answers_have_the_reference_keys(admin: Api) -> None:
    production = await new_production(admin, nb_shots=1, nb_assets=1)
    shot, asset = production.shots[0], production.assets[0]
    scene = await new_scene(admin, production.project, production.sequence)
    edit = await new_edit(admin, production.project, production.episode)
    concept = await new_concept(admin, production.project)
    for entity in (shot, asset, edit, concept):
        await add_task(admin, entity, "Animation")
    pid, ep, sq = production.id, production.episode["id"], production.sequence["id"]
    reads = {
        "GET /data/shots/{shot_id}": f"/data/shots/{shot['id']}",
        "GET /data/assets/{asset_id}": f"/data/assets/{asset['id']}",
        "GET /data/sequences/{sequence_id}": f"/data/sequences/{sq}",
        "GET /data/episodes/{episode_id}": f"/data/episodes/{ep}",
        "GET /data/scenes/{scene_id}": f"/data/scenes/{scene['id']}",
        "GET /data/edits/{edit_id}": f"/data/edits/{edit['id']}",
        "GET /data/concepts/{concept_id}": f"/data/concepts/{concept['id']}",
        "GET /data/shots": f"/data/shots?project_id={pid}",
        "GET /data/shots/all": f"/data/shots/all?project_id={pid}",
        "GET /data/assets": f"/data/assets?project_id={pid}",
        "GET /data/edits": f"/data/edits?project_id={pid}",
        "GET /data/concepts": f"/data/concepts?project_id={pid}",
        "GET /data/scenes/all": f"/data/scenes/all?project_id={pid}",
        "GET /data/sequences/{sequence_id}/shots": f"/data/sequences/{sq}/shots",
        "GET /data/projects/{project_id}/shots": f"/data/projects/{pid}/shots",
        "GET /data/shots/{shot_id}/tasks": f"/data/shots/{shot['id']}/tasks",
        "GET /data/shots/{shot_id}/task-types": f"/data/shots/{shot['id']}/task-types",
        "GET /data/asset-types": "/data/asset-types",
        "GET /data/projects/{project_id}/asset-types": f"/data/projects/{pid}/asset-types",
    }
    problems = {}
    for route, path in reads.items():
        answer = await admin.ok("GET", path)
        assert answer, route
        if gaps := missing(route, answer):
            problems[route] = gaps
    # the nested tasks of a single entity carry the keys the web app reads
    detail = await admin.ok("GET", f"/data/shots/{shot['id']}")
    nested = set(SHAPES["GET /data/shots/{shot_id}"]["shape"]["tasks"][0]) - set(detail["tasks"][0])
    if nested:
        problems["tasks of a shot"] = nested
    layout = await task_type_id(admin, "Layout")
    await admin.ok("POST", f"/data/projects/{shot['project_id']}/settings/task-types", {"task_type_id": layout})
    created = await admin.ok("POST", f"/data/entities/{shot['id']}/tasks", {"task_type_ids": [layout]})
    if gaps := missing("POST /data/entities/{entity_id}/tasks", created):
        problems["POST /data/entities/{entity_id}/tasks"] = gaps
    assert problems == {}
