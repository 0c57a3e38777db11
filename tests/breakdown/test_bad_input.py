"""Every breakdown route answers bad ids and bad bodies with a clean 4xx, never a 500."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from fastapi.routing import APIRoute, iter_route_contexts

from tests.breakdown.support import new_breakdown
from tests.conftest import Backend
from tests.support import Api

PARAM = re.compile(r"\{([^}:]+)(:[a-z]+)?\}")
BODIES: tuple[Any, ...] = (
    {},
    [],
    "text",
    None,
    [{"asset_id": None}],
    {"entity_ids": [None], "nb_occurences": 2**40},
    {"asset_id": "x", "asset_to_instantiate_id": 1, "asset_instance_id": []},
    {str(uuid.uuid4()): [{"asset_id": str(uuid.uuid4()), "nb_occurences": 1.5}]},
)


def filled(path: str, fill: Callable[[str], str]) -> str:
    """The path with each ``{name}`` replaced by ``fill(name)``."""
    return PARAM.sub(lambda match: fill(match.group(1)), path)


def breakdown_routes(server: Backend) -> Iterator[tuple[str, str]]:
    for context in iter_route_contexts(server.app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and route.endpoint.__module__.startswith("tenko.domains.breakdown."):
            assert context.path is not None, route
            for method in sorted((context.methods or set()) - {"HEAD"}):
                yield method, context.path


async def test_bad_ids_and_bodies_never_cause_a_server_error(server: Backend, admin: Api) -> None:
    bd = await new_breakdown(admin, nb_shots=1)
    known = {"project_id": bd.id, "shot_id": bd.shot["id"], "asset_id": bd.props[0]["id"], "entity_id": bd.shot["id"]}
    routes = list(breakdown_routes(server))
    assert len(routes) >= 25, routes
    failures = []
    fills: list[tuple[Callable[[str], str], tuple[Any, ...]]] = [
        (lambda name: known.get(name, str(uuid.uuid4())), BODIES),
        (lambda _: "not-an-id", ({},)),
    ]
    for method, path in routes:
        for fill, bodies in fills:
            url = filled(path.removeprefix("/api"), fill)
            for body in bodies if method in ("PUT", "POST") else (None,):
                response = await admin.request(method, url, json=body)
                if response.status_code >= 500:
                    failures.append(f"{method} {url} {body!r}: {response.status_code} {response.text[:120]}")
    assert not failures, failures
