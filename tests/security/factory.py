"""Creation bodies for every project-scoped CRUD resource, inside one given project.

Each builder makes the parents it needs (as the admin, in that project) and returns a body
that the admin may POST. ``owner`` goes into every column that names the person a record
belongs to (``person_id``, ``created_by``), so the suite can prove that owning a record of a
project one is not in does not open it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tests.support import Api, new_entity, new_task, today, unique_name

Body = dict[str, Any]


@dataclass
class Place:
    """One project and the admin who fills it."""

    admin: Api
    project: dict[str, Any]

    @property
    def project_id(self) -> str:
        return str(self.project["id"])

    async def entity(self) -> dict[str, Any]:
        return await new_entity(self.admin, self.project)

    async def task(self) -> dict[str, Any]:
        return await new_task(self.admin, self.project)

    async def create(self, name: str, body: Body) -> dict[str, Any]:
        return await self.admin.ok("POST", f"/data/{name}", body)  # type: ignore[no-any-return]

    async def first_id(self, name: str) -> str:
        return str((await self.admin.ok("GET", f"/data/{name}?limit=1"))[0]["id"])


async def _project(p: Place, owner: str) -> Body:
    return {"name": unique_name("project")}


async def _descriptor(p: Place, owner: str) -> Body:
    return {"project_id": p.project_id, "entity_type": "Asset", "name": unique_name("d"), "field_name": unique_name()}


async def _entity(p: Place, owner: str) -> Body:
    types = await p.admin.ok("GET", "/data/entity-types?name=Character")
    return {
        "name": unique_name("asset"),
        "project_id": p.project_id,
        "entity_type_id": types[0]["id"],
        "created_by": owner,
    }


async def _entity_link(p: Place, owner: str) -> Body:
    return {"entity_in_id": (await p.entity())["id"], "entity_out_id": (await p.entity())["id"]}


async def _asset_instance(p: Place, owner: str) -> Body:
    return {"asset_id": (await p.entity())["id"], "name": unique_name("instance")}


async def _task(p: Place, owner: str) -> Body:
    task_types = await p.admin.ok("GET", "/data/task-types?name=Modeling")
    entity = await p.entity()
    return {
        "name": unique_name("task"),
        "project_id": p.project_id,
        "entity_id": entity["id"],
        "task_type_id": task_types[0]["id"],
    }


async def _time_spent(p: Place, owner: str) -> Body:
    return {"task_id": (await p.task())["id"], "person_id": owner, "duration": 60, "date": today()}


async def _subscription(p: Place, owner: str) -> Body:
    return {"task_id": (await p.task())["id"], "person_id": owner}


async def _comment(p: Place, owner: str) -> Body:
    return {"object_id": (await p.task())["id"], "object_type": "Task", "person_id": owner, "text": "hello"}


async def _attachment(p: Place, owner: str) -> Body:
    comment = await p.create("comments", await _comment(p, owner))
    return {"comment_id": comment["id"], "name": unique_name("file"), "extension": "png", "size": 3}


async def _preview(p: Place, owner: str) -> Body:
    return {"task_id": (await p.task())["id"], "person_id": owner, "name": unique_name("preview"), "revision": 1}


async def _playlist(p: Place, owner: str) -> Body:
    return {"name": unique_name("playlist"), "project_id": p.project_id, "created_by": owner}


async def _working_file(p: Place, owner: str) -> Body:
    task = await p.task()
    return {"task_id": task["id"], "entity_id": task["entity_id"], "person_id": owner, "name": unique_name("wf")}


async def _output_file(p: Place, owner: str) -> Body:
    return {
        "entity_id": (await p.entity())["id"],
        "person_id": owner,
        "name": unique_name("out"),
        "revision": 1,
        "file_status_id": await p.first_id("file-status"),
    }


async def _schedule_item(p: Place, owner: str) -> Body:
    return {
        "project_id": p.project_id,
        "task_type_id": (await p.task())["task_type_id"],
        "object_id": (await p.entity())["id"],
    }


async def _milestone(p: Place, owner: str) -> Body:
    return {"project_id": p.project_id, "name": unique_name("milestone"), "date": today()}


async def _version(p: Place, owner: str) -> Body:
    return {"project_id": p.project_id, "name": unique_name("version")}


async def _version_task_link(p: Place, owner: str) -> Body:
    version = await p.create("production-schedule-versions", await _version(p, owner))
    return {"production_schedule_version_id": version["id"], "task_id": (await p.task())["id"]}


async def _budget(p: Place, owner: str) -> Body:
    return {"project_id": p.project_id, "name": unique_name("budget")}


async def _budget_entry(p: Place, owner: str) -> Body:
    budget = await p.create("budgets", await _budget(p, owner))
    return {
        "budget_id": budget["id"],
        "department_id": (await p.create("departments", {"name": unique_name("dept"), "color": "#000000"}))["id"],
        "person_id": owner,
        "start_date": today(),
        "months_duration": 2,
        "daily_salary": 300,
    }


async def _notification(p: Place, owner: str) -> Body:
    task = await p.task()
    return {"task_id": task["id"], "person_id": owner, "author_id": p.admin.id, "notification_type": "comment"}


async def _news(p: Place, owner: str) -> Body:
    return {"task_id": (await p.task())["id"], "author_id": owner}


async def _chat(p: Place, owner: str) -> Body:
    return {"object_id": (await p.entity())["id"], "object_type": "entity"}


async def _chat_message(p: Place, owner: str) -> Body:
    chat = await p.create("chats", await _chat(p, owner))
    return {"chat_id": chat["id"], "person_id": owner, "text": "hello"}


async def _event(p: Place, owner: str) -> Body:
    return {"name": "asset:new", "project_id": p.project_id, "user_id": owner, "data": {}}


async def _search_filter(p: Place, owner: str) -> Body:
    return {
        "list_type": "asset",
        "name": unique_name("f"),
        "search_query": "x",
        "person_id": owner,
        "project_id": p.project_id,
    }


async def _search_filter_group(p: Place, owner: str) -> Body:
    return {"list_type": "asset", "name": unique_name("g"), "person_id": owner, "project_id": p.project_id}


BUILDERS: dict[str, Callable[[Place, str], Awaitable[Body]]] = {
    "projects": _project,
    "metadata-descriptors": _descriptor,
    "entities": _entity,
    "entity-links": _entity_link,
    "asset-instances": _asset_instance,
    "tasks": _task,
    "time-spents": _time_spent,
    "subscriptions": _subscription,
    "comments": _comment,
    "attachment-files": _attachment,
    "preview-files": _preview,
    "playlists": _playlist,
    "working-files": _working_file,
    "output-files": _output_file,
    "schedule-items": _schedule_item,
    "milestones": _milestone,
    "production-schedule-versions": _version,
    "production-schedule-version-task-links": _version_task_link,
    "budgets": _budget,
    "budget-entries": _budget_entry,
    "notifications": _notification,
    "news": _news,
    "chats": _chat,
    "chat-messages": _chat_message,
    "events": _event,
    "search-filters": _search_filter,
    "search-filter-groups": _search_filter_group,
}


async def record_in(place: Place, name: str, owner: str) -> dict[str, Any]:
    """A record of resource ``name`` inside the place's project (the project itself for projects)."""
    if name == "projects":
        return await place.admin.ok("GET", f"/data/projects/{place.project_id}")  # type: ignore[no-any-return]
    return await place.create(name, await BUILDERS[name](place, owner))
