"""One production with a record of every kind the routes of shapes.json read, built through the API.

The contract test calls every route as the admin with the ids found here: ``World.ids`` maps a
path parameter's name (``project_id``, ``shot_id``, ``year``...) to a value naming a real record
(or today's date), so that a read answers records and its keys can be compared. The admin is in
the team and assigned to the tasks, so that the caller's own views (``/data/user/...``) answer
records too. Writes make their own records (``fresh``), so the order of the calls does not matter
and the world stays whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tenko.api import CRUD_RESOURCES
from tenko.core.resource import Resource
from tests.crud.factory import Factory
from tests.entities.factory import (
    add_task,
    new_asset,
    new_concept,
    new_edit,
    new_episode,
    new_scene,
    new_sequence,
    new_shot,
)
from tests.security.factory import BUILDERS, Place
from tests.support import Api, new_entity, new_person, new_project, unique_name

Row = dict[str, Any]
RESOURCES: dict[str, Resource] = {resource.name: resource for resource in CRUD_RESOURCES}


@dataclass
class World:
    admin: Api
    artist: Api  # an artist of the team, assigned with the admin
    project: Row
    records: dict[str, Row] = field(default_factory=dict)  # by role: "shot", "asset_task", ...
    ids: dict[str, str] = field(default_factory=dict)  # path parameter -> value
    factory: Factory | None = None
    samples: dict[str, Row] = field(default_factory=dict)  # a record per CRUD resource

    @property
    def place(self) -> Place:
        return Place(self.admin, self.project)

    @property
    def project_id(self) -> str:
        return str(self.project["id"])

    def __getitem__(self, name: str) -> Row:
        return self.records[name]

    def id(self, name: str) -> str:
        return str(self.records[name]["id"])

    async def body(self, resource_name: str) -> Row:
        """A creation body for a CRUD resource, inside the world's project when it lives in one."""
        if resource_name in BUILDERS and resource_name != "projects":
            return await BUILDERS[resource_name](self.place, self.admin.id)
        assert self.factory is not None
        return await self.factory.body(RESOURCES[resource_name])

    async def fresh(self, resource_name: str, **extra: Any) -> Row:
        """A new record of a CRUD resource, for a call that changes or removes it."""
        body = {**await self.body(resource_name), **extra}
        return await self.admin.ok("POST", f"/data/{resource_name}", body)  # type: ignore[no-any-return]

    async def entity(self, kind: str = "Character", **extra: Any) -> Row:
        """A new entity of the world's project (an asset unless ``kind`` says otherwise)."""
        return await new_entity(self.admin, self.project, kind, **extra)

    async def task(self, entity: Row | None = None, task_type: str = "Modeling") -> Row:
        """A new task of the world's project assigned to the admin (on a new asset by default)."""
        return await add_task(self.admin, entity or await self.entity(), task_type, [self.admin.id])

    async def new_task_type(self, for_entity: str = "Asset") -> Row:
        """A new task type, enabled in the world's project, that no task has yet."""
        body = {"name": unique_name("tt"), "for_entity": for_entity}
        task_type: Row = await self.admin.ok("POST", "/data/task-types", body)
        path = f"/data/projects/{self.project_id}/settings/task-types"
        await self.admin.ok("POST", path, {"task_type_id": task_type["id"]})
        return task_type

    async def comment(self, task: Row | None = None, text: str = "a note") -> Row:
        """A new comment by the artist on a task (the world's shot task by default)."""
        return await comment(self.artist, task or self.records["shot_task"], text)

    async def sample(self, resource_name: str) -> Row:
        """The world's record of a CRUD resource (made on first use), for reads and updates."""
        if resource_name not in self.samples:
            self.samples[resource_name] = await self.fresh(resource_name)
        return self.samples[resource_name]


async def comment(author: Api, task: Row, text: str, status_id: str | None = None, **extra: Any) -> Row:
    """``author``'s comment on a task (in its current status unless ``status_id`` says otherwise)."""
    body = {"task_status_id": status_id or task["task_status_id"], "comment": text, **extra}
    return await author.ok("POST", f"/actions/tasks/{task['id']}/comment", body)  # type: ignore[no-any-return]


async def build_world(admin: Api) -> World:
    artist = await new_person(admin, "user")
    project = await new_project(admin, team=[admin, artist])
    world = World(admin, artist, project, factory=Factory(admin))
    await _breakdown(world)
    await _tasks(world)
    await _activity(world)
    await _studio(world)
    _fill_ids(world)
    return world


async def _breakdown(world: World) -> None:
    admin, project, records = world.admin, world.project, world.records
    records["episode"] = episode = await new_episode(admin, project)
    records["sequence"] = sequence = await new_sequence(admin, project, episode)
    records["shot"] = shot = await new_shot(admin, project, sequence, nb_frames=24, data={"frame_in": 1})
    records["scene"] = scene = await new_scene(admin, project, sequence)
    records["edit"] = await new_edit(admin, project, episode)
    records["concept"] = await new_concept(admin, project)
    folder = f"/data/projects/{project['id']}/concept-folders"
    records["concept_folder"] = await admin.ok("POST", folder, {"name": unique_name("folder")})
    records["asset"] = asset = await new_asset(admin, project, "Character", episode_id=episode["id"])
    records["prop"] = prop = await new_asset(admin, project, "Prop", episode_id=episode["id"])
    records["asset_type"] = await admin.ok("GET", f"/data/asset-types/{asset['entity_type_id']}")
    for entity in (shot, scene):
        path = f"/data/projects/{project['id']}/entities/{entity['id']}/casting"
        await admin.ok("PUT", path, [{"asset_id": asset["id"], "nb_occurences": 2}, {"asset_id": prop["id"]}])
    records["entity_link"] = (await admin.ok("GET", f"/data/projects/{project['id']}/entity-links"))[0]
    records["scene_instance"] = placed = await admin.ok(
        "POST", f"/data/scenes/{scene['id']}/asset-instances", {"asset_id": asset["id"]}
    )
    await admin.ok("POST", f"/data/shots/{shot['id']}/asset-instances", {"asset_instance_id": placed["id"]})
    records["asset_instance"] = await admin.ok(
        "POST", f"/data/assets/{asset['id']}/asset-asset-instances", {"asset_to_instantiate_id": prop["id"]}
    )
    await admin.ok("PUT", f"/data/assets/{asset['id']}/casting", [{"asset_id": prop["id"]}])
    path = f"/data/projects/{project['id']}/entities/{episode['id']}/casting"
    await admin.ok("PUT", path, [{"asset_id": asset["id"]}])
    await admin.ok("POST", f"/data/scenes/{scene['id']}/shots", {"shot_id": shot["id"]})


async def _tasks(world: World) -> None:
    admin, records = world.admin, world.records
    assignees = [admin.id, world.artist.id]
    kinds = {"shot": "Animation", "asset": "Modeling", "scene": "Layout", "edit": "Compositing"}
    kinds |= {"concept": "Concept", "sequence": "Animation", "episode": "Animation"}
    for kind, task_type in kinds.items():
        records[f"{kind}_task"] = await add_task(admin, records[kind], task_type, assignees)
    for task in {records[f"{kind}_task"]["task_type_id"] for kind in kinds}:
        path = f"/data/projects/{world.project_id}/settings/task-types"
        await admin.ok("POST", path, {"task_type_id": task})
    records["task_type"] = await admin.ok("GET", f"/data/task-types/{records['shot_task']['task_type_id']}")
    records["task_status"] = await admin.ok("GET", f"/data/task-status/{records['shot_task']['task_status_id']}")
    statuses = {status["short_name"]: status["id"] for status in await admin.ok("GET", "/data/task-status")}
    for status_id in statuses.values():
        path = f"/data/projects/{world.project_id}/settings/task-status"
        await admin.ok("POST", path, {"task_status_id": status_id})
    # a task done and a task waiting for approval, for the lists of done tasks and tasks to check
    await comment(admin, records["episode_task"], "done", statuses["done"])
    await comment(admin, records["sequence_task"], "please check", statuses["wfa"])


async def _activity(world: World) -> None:
    """Comments, previews, time, days off, notifications, subscriptions, chats, news."""
    admin, artist, records, pid = world.admin, world.artist, world.records, world.project_id
    task = records["shot_task"]
    wip = (await admin.ok("GET", "/data/task-status?short_name=wip"))[0]["id"]
    records["comment"] = note = await comment(artist, task, "first look @" + admin.person["first_name"], wip)
    records["reply"] = await artist.ok(
        "POST", f"/data/tasks/{task['id']}/comments/{note['id']}/reply", {"text": "and more"}, status=200
    )
    add = f"/actions/tasks/{task['id']}/comments/{note['id']}"
    records["preview_file"] = preview = await admin.ok("POST", f"{add}/add-preview", {})
    await admin.ok("PUT", f"/data/preview-files/{preview['id']}", {"duration": 2.0})  # a movie, for nb_frames
    attached = await admin.post(f"{add}/add-attachment", files={"file": ("notes.txt", b"hello", "text/plain")})
    assert attached.status_code == 201, attached.text
    records["attachment_file"] = attached.json()[0]
    await admin.ok("PUT", f"/actions/tasks/{task['id']}/set-main-preview", {})
    for kind in ("asset", "concept", "edit"):
        other = records[f"{kind}_task"]
        made = await comment(artist, other, f"{kind} review", wip)
        await admin.ok("POST", f"/actions/tasks/{other['id']}/comments/{made['id']}/add-preview", {})
    day = dt.date.today().isoformat()
    for person in (admin, artist):
        for kind in ("shot", "asset"):
            path = f"/actions/tasks/{records[f'{kind}_task']['id']}/time-spents/{day}/persons/{person.id}"
            await admin.ok("POST", path, {"duration": 3600}, status=201)
    records["time_spent"] = (await admin.ok("GET", f"/data/time-spents?task_id={task['id']}"))[0]
    # the artist's: other tests give the (shared) admin days off of their own
    records["day_off"] = await admin.ok(
        "POST", "/data/day-offs", {"person_id": artist.id, "date": day, "end_date": day, "description": "rest"}
    )
    records["notification"] = (await admin.ok("GET", "/data/user/notifications"))[0]
    records["news"] = (await admin.ok("GET", f"/data/projects/{pid}/news"))["data"][0]
    sequence, task_type = records["sequence"]["id"], records["task_type"]["id"]
    await admin.ok("POST", f"/actions/user/sequences/{sequence}/task-types/{task_type}/subscribe", {})
    await admin.ok("POST", f"/actions/user/tasks/{records['asset_task']['id']}/subscribe", {})
    shot = records["shot"]["id"]
    await admin.ok("POST", f"/actions/user/chats/{shot}/join", {}, status=200)
    records["chat_message"] = await admin.ok("POST", f"/data/entities/{shot}/chat/messages", {"message": "hi"})
    await admin.ok("POST", "/data/user/desktop-login-logs", {"date": f"{day}T09:00:00"})
    body = {"list_type": "asset", "name": unique_name("f"), "query": "x", "project_id": pid}
    records["filter"] = await admin.ok("POST", "/data/user/filters", body)
    group = {"list_type": "asset", "name": unique_name("g"), "color": "#ffffff", "project_id": pid}
    records["filter_group"] = await admin.ok("POST", "/data/user/filter-groups", group)
    records["playlist"] = await world.fresh("playlists")


async def _studio(world: World) -> None:
    """Studio data: a department with its equipment, a template, descriptors, automations."""
    admin, records, pid = world.admin, world.records, world.project_id
    records["department"] = department = await world.fresh("departments")
    records["hardware_item"] = hardware = await world.fresh("hardware-items")
    records["software"] = software = await world.fresh("softwares")
    path = f"/data/departments/{department['id']}"
    await admin.ok("POST", f"{path}/hardware-items", {"hardware_item_id": hardware["id"]})
    await admin.ok("POST", f"{path}/software-licenses", {"software_id": software["id"]})
    await admin.ok("PUT", f"/data/persons/{world.artist.id}", {"departments": [department["id"]]})
    records["project_template"] = template = await world.fresh("project-templates")
    links = {
        "asset-types": ("asset_type_id", world.id("asset_type")),
        "task-types": ("task_type_id", world.id("task_type")),
        "task-statuses": ("task_status_id", world.id("task_status")),
    }
    for name, (key, value) in links.items():
        await admin.ok("POST", f"/data/project-templates/{template['id']}/{name}", {key: value})
    descriptor = {"entity_type": "Asset", "name": unique_name("d"), "field_name": unique_name("field")}
    records["metadata_descriptor"] = await admin.ok("POST", f"/data/projects/{pid}/metadata-descriptors", descriptor)
    records["status_automation"] = automation = await world.sample("status-automations")
    records["preview_background_file"] = background = await world.sample("preview-background-files")
    settings = f"/data/projects/{pid}/settings"
    await admin.ok("POST", f"{settings}/status-automations", {"status_automation_id": automation["id"]})
    await admin.ok("POST", f"{settings}/preview-background-files", {"preview_background_file_id": background["id"]})
    template_path = f"/data/project-templates/{template['id']}"
    await admin.ok("POST", f"{template_path}/status-automations", {"status_automation_id": automation["id"]})
    body = {"preview_background_file_id": background["id"]}
    await admin.ok("POST", f"{template_path}/preview-background-files", body)
    path = f"/data/projects/{pid}/task-types/{world.id('task_type')}/softwares"
    await admin.ok("POST", path, {"software_id": software["id"]})


def _fill_ids(world: World) -> None:
    records, today = world.records, dt.date.today()
    ids = {f"{name}_id": str(record["id"]) for name, record in records.items() if "id" in record}
    ids |= {
        "project_id": world.project_id,
        "person_id": world.admin.id,
        "entity_id": world.id("shot"),
        "task_id": world.id("shot_task"),
        "task_type_id": world.id("task_type"),
        "task_status_id": world.id("task_status"),
        "asset_type_id": world.id("asset_type"),
        "software_id": world.id("software"),
        "news_id": world.id("news"),
        "entity_link_id": world.id("entity_link"),
        "asset_instance_id": world.id("scene_instance"),
        "filter_id": world.id("filter"),
        "reply_id": world.id("reply"),
        "file_name": str(records["attachment_file"]["name"]),
        "date": today.isoformat(),
        "month_date": today.strftime("%Y-%m"),
        "year": str(today.year),
        "month": str(today.month),
        "week": str(today.isocalendar().week),
        "day": str(today.day),
        "entity_type": "asset",
        "field_name": str(records["metadata_descriptor"]["field_name"]),
    }
    world.ids = ids
