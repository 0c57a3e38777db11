"""Every route of this package answers bad input with a clean 4xx, never a 500."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

from fastapi.routing import APIRoute, iter_route_contexts

from tests.conftest import Backend
from tests.projects.conftest import Crew
from tests.support import Api

MODULES = (
    "tenko.domains.projects.",
    "tenko.domains.templates.",
    "tenko.domains.people.departments",
    "tenko.domains.timesheets.project_time",
    "tenko.core.link_routes",
)
PARAM = re.compile(r"\{([^}]+)\}")


def own_routes(server: Backend) -> Iterator[tuple[str, str]]:
    seen = set()
    for context in iter_route_contexts(server.app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not route.endpoint.__module__.startswith(MODULES):
            continue
        assert context.path is not None, route
        for method in (context.methods or set()) - {"HEAD"}:
            if (method, context.path) not in seen:
                seen.add((method, context.path))
                yield method, context.path


async def test_the_sweep_sees_the_routes(server: Backend) -> None:
    routes = set(own_routes(server))
    assert ("GET", "/api/data/projects/{project_id}/team") in routes
    assert ("DELETE", "/api/data/departments/{department_id}/software-licenses/{software_id}") in routes
    assert len(routes) >= 75  # the 72 routes of the three groups, the reorders, the link upserts


async def test_malformed_ids_and_bodies_are_4xx(server: Backend, admin: Api, crew: Crew) -> None:
    failures = []
    for method, path in sorted(own_routes(server)):
        for ids in ("not-a-uuid", str(uuid.uuid4()), "project"):

            def fill(match: re.Match[str], ids: str = ids) -> str:
                return crew.id if match.group(1) == "project_id" and ids == "project" else ids

            url = PARAM.sub(fill, path).removeprefix("/api")
            bodies: list[object] = (
                [None] if method in ("GET", "DELETE") else [[], "text", {"unknown": 1}, {"a" * 50: None}]
            )
            for body in bodies:
                response = (
                    await admin.request(method, url, json=body)
                    if body is not None
                    else await admin.request(method, url)
                )
                is_json = response.headers.get("content-type", "").startswith("application/json")
                if response.status_code >= 500 or (response.status_code != 204 and not is_json):
                    failures.append(f"{method} {url} {body!r}: {response.status_code}")
    assert not failures, failures
