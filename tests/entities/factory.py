"""Breakdown factories: a production with episodes, sequences, shots, scenes, edits and assets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.support import Api, entity_type_id, new_project, unique_name

Row = dict[str, Any]


async def new_episode(api: Api, project: Row, **extra: Any) -> Row:
    return await api.ok("POST", f"/data/projects/{project['id']}/episodes", {"name": unique_name("ep"), **extra})  # type: ignore[no-any-return]


async def new_sequence(api: Api, project: Row, episode: Row | None = None, **extra: Any) -> Row:
    body = {"name": unique_name("sq"), **extra}
    if episode is not None:
        body["episode_id"] = episode["id"]
    return await api.ok("POST", f"/data/projects/{project['id']}/sequences", body)  # type: ignore[no-any-return]


async def new_shot(api: Api, project: Row, sequence: Row, **extra: Any) -> Row:
    body = {"name": unique_name("sh"), "sequence_id": sequence["id"], **extra}
    return await api.ok("POST", f"/data/projects/{project['id']}/shots", body)  # type: ignore[no-any-return]


async def new_scene(api: Api, project: Row, sequence: Row, **extra: Any) -> Row:
    body = {"name": unique_name("sc"), "sequence_id": sequence["id"], **extra}
    return await api.ok("POST", f"/data/projects/{project['id']}/scenes", body)  # type: ignore[no-any-return]


async def new_edit(api: Api, project: Row, episode: Row | None = None, **extra: Any) -> Row:
    body = {"name": unique_name("ed"), **extra}
    if episode is not None:
        body["episode_id"] = episode["id"]
    return await api.ok("POST", f"/data/projects/{project['id']}/edits", body)  # type: ignore[no-any-return]


async def new_concept(api: Api, project: Row, **extra: Any) -> Row:
    body = {"name": unique_name("cpt"), **extra}
    return await api.ok("POST", f"/data/projects/{project['id']}/concepts", body)  # type: ignore[no-any-return]


async def new_asset(api: Api, project: Row, type_name: str = "Prop", **extra: Any) -> Row:
    type_id = await entity_type_id(api, type_name)
    path = f"/data/projects/{project['id']}/asset-types/{type_id}/assets/new"
    return await api.ok("POST", path, {"name": unique_name("as"), **extra})  # type: ignore[no-any-return]


async def task_type_id(api: Api, name: str) -> str:
    return str((await api.ok("GET", f"/data/task-types?name={name}"))[0]["id"])


async def add_task(api: Api, entity: Row, task_type: str = "Animation", assignees: list[str] | None = None) -> Row:
    body = {
        "name": "main",
        "project_id": entity["project_id"],
        "entity_id": entity["id"],
        "task_type_id": await task_type_id(api, task_type),
        "assignees": assignees or [],
    }
    return await api.ok("POST", "/data/tasks", body)  # type: ignore[no-any-return]


@dataclass
class Production:
    project: Row
    episode: Row
    sequence: Row
    shots: list[Row] = field(default_factory=list)
    assets: list[Row] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.project["id"])


async def new_production(
    admin: Api, team: list[Api] | None = None, nb_shots: int = 2, nb_assets: int = 1
) -> Production:
    project = await new_project(admin, team=team)
    episode = await new_episode(admin, project)
    sequence = await new_sequence(admin, project, episode)
    production = Production(project, episode, sequence)
    for _ in range(nb_shots):
        production.shots.append(await new_shot(admin, project, sequence, nb_frames=24, data={"frame_in": 1}))
    for _ in range(nb_assets):
        production.assets.append(await new_asset(admin, project, episode_id=episode["id"]))
    return production
