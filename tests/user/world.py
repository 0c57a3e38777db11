"""A small production for the user and person views: an artist with an asset task and a shot task."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.auth.shapes import assert_shape, shape
from tests.support import Api, new_entity, new_task
from tests.world import new_team


@dataclass
class World:
    admin: Api
    manager: Api  # production manager of the project
    supervisor: Api  # in the team
    artist: Api  # assigned to both tasks
    other: Api  # an artist in the team, assigned to nothing
    outsider: Api  # an artist outside the team
    project: dict[str, Any]
    episode: dict[str, Any]
    sequence: dict[str, Any]
    shot: dict[str, Any]
    asset: dict[str, Any]
    asset_task: dict[str, Any]
    shot_task: dict[str, Any]


async def task_type_id(admin: Api, name: str) -> str:
    return str((await admin.ok("GET", f"/data/task-types?name={name}"))[0]["id"])


async def build_world(admin: Api) -> World:
    roles = {"manager": "manager", "supervisor": "supervisor", "artist": "user", "other": "user"}
    team = await new_team(admin, roles, {"manager": "manager"}, outsiders={"outsider": "user"})
    project, artist = team.project, team["artist"]
    episode = await new_entity(admin, project, "Episode")
    sequence = await new_entity(admin, project, "Sequence", parent_id=episode["id"])
    shot = await new_entity(admin, project, "Shot", parent_id=sequence["id"])
    asset = await new_entity(admin, project, "Character")
    asset_task = await new_task(admin, project, asset)
    shot_task = await new_task(admin, project, shot, task_type_id=await task_type_id(admin, "Animation"))
    for task in (asset_task, shot_task):
        await admin.ok("PUT", f"/data/tasks/{task['id']}", {"assignees": [artist.id]})
    return World(
        admin,
        team["manager"],
        team["supervisor"],
        artist,
        team["other"],
        team["outsider"],
        project,
        episode,
        sequence,
        shot,
        asset,
        asset_task,
        shot_task,
    )


def flat(kind: Any) -> Any:
    """Nested reference values reduced to their container kind (their contents vary with the data)."""
    if isinstance(kind, dict):
        return "dict"
    if isinstance(kind, list):
        return "list"
    return kind


def check_item(route: str, item: Any, reference: Any = None) -> None:
    """One record: the reference's keys, and the kind of each non-null top-level value."""
    expected = reference if reference is not None else shape(route)
    expected = expected[0] if isinstance(expected, list) else expected
    assert_shape({key: flat(kind) for key, kind in expected.items()}, item, route)
    for key, kind in expected.items():
        if item[key] is not None and flat(kind) in ("dict", "list"):
            assert isinstance(item[key], dict if flat(kind) == "dict" else list), f"{route}.{key}: {item[key]!r}"


def check_shape(route: str, answer: Any) -> None:
    """The answer has the keys and kinds shapes.json records for the route."""
    assert_shape(shape(route), answer, route)


def check_items(route: str, answer: Any) -> None:
    """A non-empty list answer whose every item has the keys of the reference's items."""
    assert isinstance(answer, list) and answer, f"{route}: expected a non-empty list, got {answer!r}"
    for item in answer:
        check_item(route, item)
