"""The OpenAPI answers of the breakdown routes are what the routes really return (keys and types)."""

from __future__ import annotations

from typing import Any

from tests.entities.factory import add_task, new_concept, new_production, new_scene, task_type_id
from tests.support import Api
from tests.user.documented import matches


def mismatch(document: dict[str, Any], method: str, path: str, answer: Any) -> str | None:
    """Why ``answer`` is not what the document declares for ``METHOD path`` (None when it is)."""
    operation = document["paths"][path][method.lower()]
    status = next(code for code in operation["responses"] if code.startswith("2"))
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    try:
        matches(schema, answer, document["components"]["schemas"], f"{method} {path}")
    except AssertionError as error:
        return str(error)
    return None


async def test_documented_answers_name_the_returned_keys(admin: Api) -> None:
    production = await new_production(admin, nb_shots=1, nb_assets=1)
    shot, asset = production.shots[0], production.assets[0]
    concept = await new_concept(admin, production.project)
    await new_scene(admin, production.project, production.sequence)
    for entity in (shot, asset, concept):
        await add_task(admin, entity, "Animation")
    pid, sq, ep = production.id, production.sequence["id"], production.episode["id"]
    animation = await task_type_id(admin, "Animation")
    reads = {
        "/api/data/shots/{shot_id}": f"/data/shots/{shot['id']}",
        "/api/data/assets/{asset_id}": f"/data/assets/{asset['id']}",
        "/api/data/concepts/{concept_id}": f"/data/concepts/{concept['id']}",
        "/api/data/sequences/{sequence_id}": f"/data/sequences/{sq}",
        "/api/data/shots": f"/data/shots?project_id={pid}",
        "/api/data/assets/all": f"/data/assets/all?project_id={pid}",
        "/api/data/sequences": f"/data/sequences?project_id={pid}&page=1",
        "/api/data/concepts": f"/data/concepts?project_id={pid}",
        "/api/data/projects/{project_id}/shots": f"/data/projects/{pid}/shots",
        "/api/data/projects/{project_id}/scenes": f"/data/projects/{pid}/scenes",
        "/api/data/shots/{shot_id}/tasks": f"/data/shots/{shot['id']}/tasks",
        "/api/data/shots/{shot_id}/task-types": f"/data/shots/{shot['id']}/task-types",
        "/api/data/episodes/{episode_id}/sequences": f"/data/episodes/{ep}/sequences",
        "/api/data/sequences/{sequence_id}/shot-tasks": f"/data/sequences/{sq}/shot-tasks?relations=true",
        "/api/data/episodes/{episode_id}/asset-tasks": f"/data/episodes/{ep}/asset-tasks",
        "/api/data/asset-types": "/data/asset-types",
        "/api/data/projects/{project_id}/asset-types": f"/data/projects/{pid}/asset-types",
        "/api/data/assets/{asset_id}/cast-in": f"/data/assets/{asset['id']}/cast-in",
        "/api/data/projects/{project_id}/concept-folders": f"/data/projects/{pid}/concept-folders",
        "/api/data/projects/{project_id}/entity-links": f"/data/projects/{pid}/entity-links",
        "/api/data/projects/{project_id}/quotas/{task_type_id}": f"/data/projects/{pid}/quotas/{animation}",
        "/api/data/projects/{project_id}/episodes/stats": f"/data/projects/{pid}/episodes/stats",
    }
    document = (await admin.server.http.get("/api/openapi.json")).json()
    found = {}
    for path, url in reads.items():
        answer = await admin.ok("GET", url)
        if problem := mismatch(document, "GET", path, answer):
            found[path] = problem
    writes = {
        ("PUT", "/api/data/shots/{shot_id}"): ("PUT", f"/data/shots/{shot['id']}", {"description": "d"}),
        ("PUT", "/api/data/entities/{instance_id}"): ("PUT", f"/data/entities/{asset['id']}", {"description": "d"}),
        ("POST", "/api/data/projects/{project_id}/sequences"): (
            "POST",
            f"/data/projects/{pid}/sequences",
            {"name": "sq-documented", "episode_id": ep},
        ),
    }
    for (method, path), (verb, url, body) in writes.items():
        answer = await admin.ok(verb, url, body)
        if problem := mismatch(document, method, path, answer):
            found[f"{method} {path}"] = problem
    assert not found, found
