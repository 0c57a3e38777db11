"""The guards of the breakdown routes: declared on the route, refusing before the handler runs."""

from __future__ import annotations

from typing import Any

from tests.entities.factory import new_production, new_scene, task_type_id
from tests.support import Api, entity_type_id, new_person

KIND_ROUTES = {
    "shot": ("/api/data/shots/{shot_id}", "/api/data/shots/{shot_id}/tasks", "/api/data/shots/{shot_id}/versions"),
    "asset": ("/api/data/assets/{asset_id}", "/api/data/assets/{asset_id}/task-types"),
    "sequence": ("/api/data/sequences/{sequence_id}", "/api/data/sequences/{sequence_id}/shots"),
    "episode": ("/api/data/episodes/{episode_id}", "/api/data/episodes/{episode_id}/sequences"),
    "edit": ("/api/data/edits/{edit_id}/preview-files",),
    "concept": ("/api/data/concepts/{concept_id}/tasks",),
    "scene": ("/api/data/scenes/{scene_id}/task-types",),
}


async def test_every_generated_kind_route_declares_its_kinds_loader(admin: Api) -> None:
    """The factory builds one loader per kind: each route of the kind names it in its policy."""
    document = (await admin.server.http.get("/api/openapi.json")).json()
    for noun, paths in KIND_ROUTES.items():
        for path in paths:
            policy = policies(document["paths"][path]["get"])
            assert any(text.startswith(f"{noun}:") for text in policy), (path, policy)
    projects = document["paths"]["/api/data/projects/{project_id}/shots"]
    assert any(text.startswith("project:") for text in policies(projects["post"]))


def policies(operation: dict[str, Any]) -> list[str]:
    """``x-policy`` is one text, or a list when a route has several guards."""
    policy = operation["x-policy"]
    return [policy] if isinstance(policy, str) else list(policy)


async def test_body_scoped_writes_refuse_callers_who_manage_no_project(admin: Api) -> None:
    """The project is in the body: a caller who manages nothing is refused before it is read."""
    artist = await new_person(admin, "user")
    await new_production(admin, team=[artist], nb_shots=0, nb_assets=0)
    for path in ("/data/entities", "/actions/assets/share"):
        response = await artist.post(path, {"not": "even a valid body"})
        assert response.status_code == 403, (path, response.text)
        assert response.json()["error"] is True


async def test_project_actions_are_for_the_projects_managers(admin: Api) -> None:
    artist, supervisor = await new_person(admin, "user"), await new_person(admin, "supervisor")
    production = await new_production(admin, team=[artist, supervisor], nb_shots=1, nb_assets=1)
    animation = await task_type_id(admin, "Animation")
    props = await entity_type_id(admin, "Prop")
    asset, shot = production.assets[0], production.shots[0]
    scene = await new_scene(admin, production.project, production.sequence)
    refused: list[tuple[str, str, Any]] = [
        ("POST", f"/actions/projects/{production.id}/task-types/{animation}/set-shot-nb-frames", None),
        ("POST", f"/actions/projects/{production.id}/assets/share", {"is_shared": True}),
        ("POST", f"/actions/projects/{production.id}/asset-types/{props}/assets/share", {"is_shared": True}),
        ("POST", f"/data/projects/{production.id}/concept-folders", {"name": "folder"}),
        ("PUT", f"/data/projects/{production.id}/entities/casting", {}),
        ("PUT", f"/data/assets/{asset['id']}/casting", []),
        ("POST", f"/data/scenes/{scene['id']}/asset-instances", {"asset_id": asset["id"]}),
        ("POST", f"/data/assets/{asset['id']}/asset-asset-instances", {"asset_to_instantiate_id": asset["id"]}),
        ("POST", f"/data/entities/{shot['id']}/tasks", {"task_type_ids": [animation]}),
    ]
    for member in (artist, supervisor):
        for method, path, body in refused:
            response = await member.request(method, path, json=body)
            assert response.status_code == 403, (member.person["role"], method, path, response.text)
    quotas = f"/data/projects/{production.id}/quotas/{animation}"
    assert (await artist.get(quotas)).status_code == 403
    assert (await supervisor.get(quotas)).status_code == 200


async def test_project_reads_refuse_outsiders_and_answer_404_for_unknown_ids(admin: Api) -> None:
    outsider = await new_person(admin, "manager")
    production = await new_production(admin, nb_shots=1, nb_assets=0)
    shot = production.shots[0]
    refused = [
        f"/data/projects/{production.id}/episodes/stats",
        f"/data/projects/{production.id}/episodes/retake-stats",
        f"/data/projects/{production.id}/concept-folders",
        f"/data/projects/{production.id}/assets/shared-used",
        f"/data/projects/{production.id}/sequences/all/casting",
        f"/data/projects/{production.id}/entity-links",
        f"/data/entities/{shot['id']}/entities-linked/with-tasks",
        f"/data/sequences/{production.sequence['id']}/shot-tasks",
        f"/data/shots/{shot['id']}/asset-instances",
    ]
    for path in refused:
        response = await outsider.get(path)
        assert response.status_code == 403, (path, response.text)
    unknown = "00000000-0000-4000-8000-000000000000"
    for path in (f"/data/projects/{unknown}/episodes/stats", f"/data/shots/{unknown}", f"/data/entities/{unknown}"):
        assert (await admin.get(path)).status_code in (404, 405), path
    assert (await admin.get("/data/projects/not-an-id/episodes/stats")).status_code == 400
