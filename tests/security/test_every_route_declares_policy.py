"""Every API route declares a guard and authenticates its caller, except a short explicit public list.

The check walks the dependency tree FastAPI built for each route, so a future route that
forgets ``CurrentCaller`` (or a dependency built on it) fails here, and then proves the
refusal over HTTP: without a token every such route answers 401 with the JSON error body.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from tenko.core.guard import BODY_CHECK, AdminCaller, CurrentCaller, current_caller
from tenko.core.openapi import route_policy
from tests.conftest import Backend

#: (method, path) pairs anyone may call; everything else under /api needs a token
PUBLIC = frozenset(
    {
        ("GET", "/api"),  # the API root ("/api/" is the same route)
        ("GET", "/api/"),
        ("GET", "/api/status"),
        ("GET", "/api/status.txt"),
        ("GET", "/api/config"),
        ("POST", "/api/auth/login"),
        ("POST", "/api/auth/register"),
        ("GET", "/api/auth/refresh-token"),
        ("GET", "/api/docs"),
    }
)
#: documentation, served to anyone
PUBLIC_PATHS = frozenset({"/api/openapi.json", "/api/docs", "/api/docs/oauth2-redirect", "/api/redoc"})
PUBLIC_PREFIXES = ("/api/docs-static",)
PARAM = re.compile(r"\{[^}]+\}")


def api_routes(server: Backend) -> Iterator[tuple[str, str, Any]]:
    """(method, path, route context) for every route under /api (HEAD left out: it mirrors GET)."""
    for context in iter_route_contexts(server.app.routes):
        path = context.path
        if not path or not path.startswith("/api"):
            continue
        for method in sorted(context.methods or {"*"}):
            if method != "HEAD":
                yield method, path, context


def is_public(method: str, path: str) -> bool:
    return (method, path) in PUBLIC or path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def depends_on_caller(dependant: Dependant) -> bool:
    if dependant.call is current_caller:
        return True
    return any(depends_on_caller(sub) for sub in dependant.dependencies)


def protected_routes(server: Backend) -> list[tuple[str, str, Any]]:
    return [(m, p, c) for m, p, c in api_routes(server) if not is_public(m, p)]


async def test_the_walk_sees_the_whole_api(server: Backend) -> None:
    """Guard against a walk that silently finds nothing (a FastAPI change in how routes nest)."""
    seen = {(method, path) for method, path, _ in api_routes(server)}
    assert ("GET", "/api/data/tasks/{instance_id}") in seen
    assert ("POST", "/api/auth/login") in seen
    assert ("GET", "/api/auth/authenticated") in seen
    assert len(seen) > 46 * 5


async def test_every_non_public_route_depends_on_the_caller(server: Backend) -> None:
    missing = []
    for method, path, context in protected_routes(server):
        original = context.original_route
        dependant = getattr(context, "dependant", None) or getattr(original, "dependant", None)
        if not isinstance(original, APIRoute) or dependant is None or not depends_on_caller(dependant):
            missing.append(f"{method} {path}")
    assert not missing, f"routes without an authenticated caller: {missing}"


async def test_every_route_declares_a_guard(server: Backend) -> None:
    """A route's guard is its declared policy (x-policy): none may lack one, and only the
    explicit public list may be declared public."""
    missing, public = [], set()
    for method, path, context in api_routes(server):
        original = context.original_route
        if not isinstance(original, APIRoute):
            continue
        policy = [text for text in route_policy(original) if not text.startswith(BODY_CHECK)]
        if not policy:
            missing.append(f"{method} {path}")
        elif all(text.startswith("public") for text in policy):
            public.add((method, path))
    assert not missing, f"routes without a declared guard: {missing}"
    assert public <= PUBLIC, f"routes declared public but not in the public list: {public - PUBLIC}"


def test_the_guard_check_can_fail() -> None:
    """A route without a guard has no policy; one with a guard has its words."""
    app = FastAPI()

    @app.get("/bare")
    async def bare(caller: CurrentCaller) -> None: ...

    @app.get("/admin")
    async def admin(caller: AdminCaller) -> None: ...

    found = {route.path: route_policy(route) for route in app.routes if isinstance(route, APIRoute)}
    assert found == {"/bare": [], "/admin": ["global role admin"]}


def test_the_dependency_check_can_fail() -> None:
    """The tree walk really distinguishes a route that authenticates from one that does not."""
    app = FastAPI()

    @app.get("/open")
    async def open_route() -> None: ...

    @app.get("/closed")
    async def closed_route(caller: CurrentCaller) -> None: ...

    found = {route.path: depends_on_caller(route.dependant) for route in app.routes if isinstance(route, APIRoute)}
    assert found == {"/open": False, "/closed": True}


@pytest.mark.parametrize("token", [None, "not-a-jwt", "Bearer-looking.garbage.token"])
async def test_every_protected_route_refuses_without_a_valid_token(server: Backend, token: str | None) -> None:
    dummy = str(uuid.uuid4())
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    failures = []
    for method, path, _ in protected_routes(server):
        url = PARAM.sub(dummy, path)
        body: dict[str, Any] | None = {} if method in ("POST", "PUT", "PATCH") else None
        response = await server.http.request(method, url, json=body, headers=headers)
        problem = None
        if response.status_code != 401:
            problem = f"status {response.status_code}"
        elif not response.headers.get("content-type", "").startswith("application/json"):
            problem = f"content-type {response.headers.get('content-type')}"
        else:
            payload = response.json()
            if payload.get("error") is not True or not payload.get("message"):
                problem = f"body {payload}"
        if problem:
            failures.append(f"{method} {url}: {problem}")
    assert not failures, failures


async def test_public_routes_answer_without_a_token(server: Backend) -> None:
    for method, path in sorted(PUBLIC):
        if path.startswith("/api/auth/"):
            continue  # these need a body or a refresh token: their own suite covers them
        response = await server.http.request(method, path)
        assert response.status_code == 200, f"{method} {path}: {response.status_code}"
