"""Test helpers: an authenticated HTTP client per person, statement counting, record factories."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from tests.conftest import Backend


@dataclass
class StatementCounter:
    count: int = 0

    def on_execute(self, *_: Any) -> None:
        self.count += 1


@dataclass
class Api:
    """HTTP calls to /api as one person (or anonymously)."""

    server: Backend
    token: str | None
    person: dict[str, Any] = field(default_factory=dict)
    password: str | None = None

    @classmethod
    async def login(cls, server: Backend, email: str, password: str) -> Api:
        response = await server.http.post("/api/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.text
        body = response.json()
        return cls(server, body["access_token"], body["user"], password)

    @property
    def id(self) -> str:
        return str(self.person["id"])

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers(), **kwargs.pop("headers", {})}
        return await self.server.http.request(method, "/api" + path, headers=headers, **kwargs)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", path, json=json, **kwargs)

    async def put(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", path, json=json, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", path, **kwargs)

    async def ok(self, method: str, path: str, json: Any = None, status: int | None = None) -> Any:
        """Call and assert success; return the decoded body."""
        response = await self.request(method, path, json=json) if json is not None else await self.request(method, path)
        expected = status or (201 if method == "POST" else 204 if method == "DELETE" else 200)
        assert response.status_code == expected, f"{method} {path}: {response.status_code} {response.text[:500]}"
        return response.json() if response.content else None

    def count_statements(self) -> StatementCounter:
        return self.server.counter


def unique_name(prefix: str = "x") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def new_person(admin: Api, role: str = "user", password: str = "password-123", **extra: Any) -> Api:
    """A person with this global role, logged in."""
    email = f"{unique_name(role)}@example.com"
    body = {
        "first_name": role.title(),
        "last_name": unique_name("p"),
        "email": email,
        "role": role,
        "password": password,
    }
    await admin.ok("POST", "/data/persons", {**body, **extra})
    return await Api.login(admin.server, email, password)


async def new_project(admin: Api, team: list[Api] | None = None, **extra: Any) -> dict[str, Any]:
    project = await admin.ok("POST", "/data/projects", {"name": unique_name("project"), **extra})
    if team:
        project = await admin.ok("PUT", f"/data/projects/{project['id']}", {"team": [p.id for p in team]})
    return project  # type: ignore[no-any-return]


async def set_project_role(admin: Api, project: dict[str, Any], person: Api, role: str) -> None:
    """Give a team member a per-project role (written directly: the team routes come later)."""
    from sqlalchemy import update

    from tenko.core.model import table_of
    from tenko.domains.projects.models import ProjectPersonLink

    table = table_of(ProjectPersonLink)
    async with admin.server.context.db.sessionmaker.begin() as session:
        await session.execute(
            update(table)
            .where(table.c.project_id == uuid.UUID(project["id"]), table.c.person_id == uuid.UUID(person.id))
            .values(role=role)
        )


async def entity_type_id(admin: Api, name: str) -> str:
    types = await admin.ok("GET", f"/data/entity-types?name={name}")
    return str(types[0]["id"])


async def new_entity(admin: Api, project: dict[str, Any], type_name: str = "Character", **extra: Any) -> dict[str, Any]:
    body = {
        "name": unique_name("asset"),
        "project_id": project["id"],
        "entity_type_id": await entity_type_id(admin, type_name),
    }
    return await admin.ok("POST", "/data/entities", {**body, **extra})  # type: ignore[no-any-return]


async def new_task(
    admin: Api, project: dict[str, Any], entity: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    entity = entity or await new_entity(admin, project)
    task_types = await admin.ok("GET", "/data/task-types?name=Modeling")
    body = {"name": "main", "project_id": project["id"], "entity_id": entity["id"], "task_type_id": task_types[0]["id"]}
    return await admin.ok("POST", "/data/tasks", {**body, **extra})  # type: ignore[no-any-return]


def today() -> str:
    return dt.date.today().isoformat()
