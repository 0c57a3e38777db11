"""Role x route matrix: nobody outside a project reaches it through any route.

Project B is filled with one record of every kind (entities of every kind, a task with a
comment, a reply, a preview and an attachment, a playlist, a concept folder, links,
instances, ...). Then every API route whose path names a record of a project is called with
B's ids by people who are members of project A only: an artist, a client, a vendor, a
supervisor and a manager. Each call must be refused (403, or 404 for a record they may not
know of), except where the reference lets an outsider through (shapes.json's
``outsider_artist_status``: lists of the caller's own things, unsubscribing oneself) and the
answer carries none of B's data. A refusal comes before the body is judged: an outsider's
empty body gets a 403, not a 400 that would confirm the record exists. The routes are
enumerated from the app, so a new route is covered the day it is added.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute

from tenko.api import CRUD_RESOURCES
from tests.conftest import Backend
from tests.security.factory import Place, record_in
from tests.support import Api, entity_type_id, new_project, today, unique_name
from tests.world import new_people, team_project

PARAM = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")
#: path parameters naming a record that belongs to a project
SCOPED_PARAMS = frozenset(
    {
        "project_id", "task_id", "entity_id", "asset_id", "shot_id", "sequence_id", "episode_id", "scene_id",
        "edit_id", "concept_id", "comment_id", "reply_id", "preview_file_id", "attachment_file_id", "news_id",
        "chat_message_id", "concept_folder_id", "entity_link_id", "asset_instance_id", "metadata_descriptor_id",
        "playlist_id",
    }
)  # fmt: skip
RESOURCES = {resource.name: resource for resource in CRUD_RESOURCES}
ROLES = ("user", "client", "vendor", "supervisor", "manager")
SHAPES: dict[str, Any] = json.loads((Path(__file__).parents[1] / "contract" / "shapes.json").read_text())
METHOD_ORDER = {"GET": 0, "POST": 1, "PUT": 2, "DELETE": 3}


@dataclass
class World:
    admin: Api
    outsiders: dict[str, Api]
    ids: dict[str, str] = field(default_factory=dict)  # path parameter -> a record of B
    crud: dict[str, str] = field(default_factory=dict)  # CRUD resource name -> a record of B
    secrets: set[str] = field(default_factory=set)  # B's ids and names: none may appear in an answer


async def build_world(admin: Api) -> World:
    outsiders = await new_people(admin, {role: role for role in ROLES})
    await team_project(admin, outsiders)  # per-project roles equal to their global ones
    project = await new_project(admin, name=unique_name("secret-project"))
    place = Place(admin, project)
    world = World(admin, outsiders)
    pid = project["id"]
    ids = world.ids
    ids["project_id"] = pid
    episode = await admin.ok("POST", f"/data/projects/{pid}/episodes", {"name": unique_name("ep")})
    sequence = await admin.ok(
        "POST", f"/data/projects/{pid}/sequences", {"name": unique_name("sq"), "episode_id": episode["id"]}
    )
    shot = await admin.ok(
        "POST", f"/data/projects/{pid}/shots", {"name": unique_name("sh"), "sequence_id": sequence["id"]}
    )
    scene = await admin.ok(
        "POST", f"/data/projects/{pid}/scenes", {"name": unique_name("sc"), "sequence_id": sequence["id"]}
    )
    edit = await admin.ok("POST", f"/data/projects/{pid}/edits", {"name": unique_name("ed")})
    concept = await admin.ok("POST", f"/data/projects/{pid}/concepts", {"name": unique_name("co")})
    folder = await admin.ok("POST", f"/data/projects/{pid}/concept-folders", {"name": unique_name("cf")})
    asset = await admin.ok(
        "POST",
        "/data/entities",
        {"name": unique_name("as"), "project_id": pid, "entity_type_id": await entity_type_id(admin, "Character")},
    )
    task = await admin.ok(
        "POST",
        "/data/tasks",
        {
            "name": "main",
            "project_id": pid,
            "entity_id": asset["id"],
            "task_type_id": (await admin.ok("GET", "/data/task-types?name=Modeling"))[0]["id"],
        },
    )
    status = (await admin.ok("GET", "/data/task-status?short_name=wip"))[0]["id"]
    comment = await admin.ok(
        "POST", f"/actions/tasks/{task['id']}/comment", {"task_status_id": status, "comment": "secret"}
    )
    reply = await admin.ok(
        "POST", f"/data/tasks/{task['id']}/comments/{comment['id']}/reply", {"text": "secret"}, status=200
    )
    preview = await admin.ok("POST", f"/actions/tasks/{task['id']}/comments/{comment['id']}/add-preview", {})
    descriptor = await admin.ok(
        "POST", f"/data/projects/{pid}/metadata-descriptors", {"name": unique_name("md"), "entity_type": "Asset"}
    )
    ids.update(
        episode_id=episode["id"], sequence_id=sequence["id"], shot_id=shot["id"], scene_id=scene["id"],
        edit_id=edit["id"], concept_id=concept["id"], concept_folder_id=folder["id"], asset_id=asset["id"],
        entity_id=asset["id"], task_id=task["id"], comment_id=comment["id"], reply_id=reply["id"],
        preview_file_id=preview["id"], metadata_descriptor_id=descriptor["id"],
    )  # fmt: skip
    owner = outsiders["user"].id  # owning a record of a project one is not in must not open it
    for name, resource in RESOURCES.items():
        if resource.scope is not None:
            with_owner = await record_in(place, name, owner)
            world.crud[name] = str(with_owner["id"])
    ids["attachment_file_id"] = world.crud.get("attachment-files", "")
    ids["chat_message_id"] = world.crud.get("chat-messages", "")
    ids["news_id"] = world.crud.get("news", "")
    ids["entity_link_id"] = world.crud.get("entity-links", "")
    ids["asset_instance_id"] = world.crud.get("asset-instances", "")
    ids["playlist_id"] = world.crud.get("playlists", "")
    world.secrets = {str(v) for v in [*ids.values(), *world.crud.values()] if v} | {project["name"]}
    return world


async def filler(admin: Api) -> dict[str, str]:
    """Values for the parameters that do not name a project's record."""
    department = (await admin.ok("GET", "/data/departments"))[0]["id"]
    return {
        "person_id": admin.id,
        "task_type_id": (await admin.ok("GET", "/data/task-types?name=Modeling"))[0]["id"],
        "asset_type_id": await entity_type_id(admin, "Character"),
        "task_status_id": (await admin.ok("GET", "/data/task-status?short_name=wip"))[0]["id"],
        "department_id": department,
        "entity_type": "assets",
        "date": today(),
        "year": today()[:4],
        "month": str(int(today()[5:7])),
        "week": "1",
        "day": str(int(today()[8:10])),
        "file_name": "file.png",
        "month_date": today()[:7],
    }


def scoped_routes(server: Backend) -> list[tuple[str, str]]:
    found = []
    for route in server.app.routes:
        if not isinstance(route, APIRoute) or not route.path.startswith("/api/"):
            continue
        names = set(PARAM.findall(route.path))
        if "instance_id" in names:
            resource = RESOURCES.get(route.path.split("/")[3])
            if resource is None or resource.scope is None:
                continue
        elif not names & SCOPED_PARAMS:
            continue
        for method in (route.methods or set()) - {"HEAD"}:
            found.append((method, route.path))
    return sorted(set(found), key=lambda item: (METHOD_ORDER.get(item[0], 9), item[1]))


def concrete(path: str, world: World, fill: dict[str, str]) -> str | None:
    resource = path.split("/")[3] if "{instance_id}" in path else None

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "instance_id" and resource is not None:
            return world.crud.get(resource, "")
        return world.ids.get(name) or fill.get(name, "")

    url = PARAM.sub(value, path)
    return None if "//" in url.replace("://", "") or url.endswith("/") else url[len("/api") :]


def reference_lets_outsiders_in(method: str, path: str) -> bool:
    template = re.sub(r"\{([^}:]+):[^}]+\}", r"{\1}", path)[len("/api") :]
    status = SHAPES.get(f"{method} {template}", {}).get("outsider_artist_status")
    return isinstance(status, int) and 200 <= status < 300


@pytest.fixture(scope="module")
async def world(admin: Api) -> World:
    return await build_world(admin)


async def test_members_of_another_project_reach_nothing_of_it(server: Backend, world: World, admin: Api) -> None:
    fill = await filler(admin)
    routes = scoped_routes(server)
    assert len(routes) > 250
    problems = []
    for method, path in routes:
        url = concrete(path, world, fill)
        if url is None:
            continue
        for role, person in world.outsiders.items():
            response = await person.request(method, url, json={} if method in ("POST", "PUT") else None)
            status = response.status_code
            if status in (403, 404):
                continue
            leaked = [secret for secret in world.secrets if secret in response.text]
            if 200 <= status < 300 and not leaked and reference_lets_outsiders_in(method, path):
                continue
            problems.append(f"{role:10} {method} {path} -> {status} {'leaks ' + str(len(leaked)) if leaked else ''}")
    assert not problems, "\n".join(problems)
