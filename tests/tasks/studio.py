"""A small studio for the task and comment tests: one project, one person per role, a task."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.support import Api, new_entity, unique_name
from tests.world import new_team


@dataclass
class Studio:
    admin: Api
    project: dict[str, Any]
    manager: Api
    supervisor: Api  # supervises the department of the task's task type
    other_supervisor: Api  # supervises another department
    artist: Api  # assigned to the task
    other_artist: Api  # in the team, not assigned
    client: Api
    vendor: Api  # assigned to nothing
    outsider: Api  # an artist outside the team
    entity: dict[str, Any]
    task: dict[str, Any]
    task_type: dict[str, Any]
    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def task_id(self) -> str:
        return str(self.task["id"])

    def status(self, short_name: str) -> str:
        return str(self.statuses[short_name]["id"])

    async def comment(self, who: Api, status: str, text: str = "", status_code: int = 201, **extra: Any) -> Any:
        body = {"task_status_id": self.status(status), "comment": text, **extra}
        return await who.ok("POST", f"/actions/tasks/{self.task_id}/comment", body, status=status_code)

    async def refusal(self, who: Api, status: str, text: str = "", **extra: Any) -> int:
        body = {"task_status_id": self.status(status), "comment": text, **extra}
        response = await who.post(f"/actions/tasks/{self.task_id}/comment", body)
        return response.status_code

    async def reload(self) -> dict[str, Any]:
        task: dict[str, Any] = await self.admin.ok("GET", f"/data/tasks/{self.task_id}")
        return task


async def new_task_type(admin: Api, department_id: str | None = None, for_entity: str = "Asset") -> dict[str, Any]:
    body = {"name": unique_name("tt"), "for_entity": for_entity, "department_id": department_id}
    task_type: dict[str, Any] = await admin.ok("POST", "/data/task-types", body)
    return task_type


async def new_department(admin: Api) -> dict[str, Any]:
    department: dict[str, Any] = await admin.ok(
        "POST", "/data/departments", {"name": unique_name("dep"), "color": "#123456"}
    )
    return department


#: The studio's team: name -> global role (only the manager has a per-project role).
STUDIO_ROLES = {
    "manager": "manager",
    "supervisor": "supervisor",
    "other_supervisor": "supervisor",
    "artist": "user",
    "other_artist": "user",
    "client": "client",
    "vendor": "vendor",
}


async def build_studio(admin: Api) -> Studio:
    department = await new_department(admin)
    other_department = await new_department(admin)
    team = await new_team(admin, STUDIO_ROLES, {"manager": "manager"}, outsiders={"outsider": "user"})
    people, project = team.members, team.project
    await admin.ok("PUT", f"/data/persons/{people['supervisor'].id}", {"departments": [department["id"]]})
    await admin.ok("PUT", f"/data/persons/{people['other_supervisor'].id}", {"departments": [other_department["id"]]})
    artist = people["artist"]
    task_type = await new_task_type(admin, department["id"])
    entity = await new_entity(admin, project)
    body = {
        "name": "main",
        "project_id": project["id"],
        "entity_id": entity["id"],
        "task_type_id": task_type["id"],
        "assignees": [artist.id],
    }
    task = await admin.ok("POST", "/data/tasks", body)
    statuses = {s["short_name"]: s for s in await admin.ok("GET", "/data/task-status")}
    return Studio(
        admin,
        project,
        **people,
        outsider=team["outsider"],
        entity=entity,
        task=task,
        task_type=task_type,
        statuses=statuses,
    )


@contextmanager
def captured_events(admin: Api) -> Iterator[list[dict[str, Any]]]:
    """Events published while the block runs (after their transaction's commit)."""
    seen: list[dict[str, Any]] = []

    async def collect(event: dict[str, Any]) -> None:
        seen.append(event)

    subscribers = admin.server.context.events.subscribers
    subscribers.append(collect)
    try:
        yield seen
    finally:
        subscribers.remove(collect)


async def rows(admin: Api, table_name: str, **equals: Any) -> list[dict[str, Any]]:
    """Rows of a table whose columns equal these values (what a response does not show)."""
    import uuid

    from sqlalchemy import select

    from tenko.core.model import Base

    table = Base.metadata.tables[table_name]
    statement = select(table)
    for name, value in equals.items():
        column = table.c[name]
        if isinstance(value, str) and "uuid" in type(column.type).__name__.lower():
            value = uuid.UUID(value)
        statement = statement.where(column == value)
    async with admin.server.context.db.sessionmaker() as session:
        result = await session.execute(statement)
        return [{key: str(v) if isinstance(v, uuid.UUID) else v for key, v in row.items()} for row in result.mappings()]
