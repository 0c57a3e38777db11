"""The route table: built once per process, flat, and with no route that can never answer."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.routing import APIRoute

from tenko.api import api_routes, shadowed_routes
from tests.conftest import Backend


def test_the_api_has_no_shadowed_route() -> None:
    assert shadowed_routes(api_routes()) == []


def test_the_shadow_check_can_fail() -> None:
    router = APIRouter()

    async def handler() -> None: ...

    router.add_api_route("/data/projects/{project_id}", handler, methods=["GET"])
    router.add_api_route("/data/projects/open", handler, methods=["GET"])  # never reached
    router.add_api_route("/data/projects/open", handler, methods=["POST"])  # another method: fine
    router.add_api_route("/data/projects/{project_id}", handler, methods=["GET"])  # the same twice
    routes = [route for route in router.routes if isinstance(route, APIRoute)]
    problems = shadowed_routes(routes)
    assert len(problems) == 2
    assert "/data/projects/open is shadowed by /data/projects/{project_id}" in problems[0]


def test_routes_are_built_once_and_shared_by_every_app(server: Backend) -> None:
    served = [route for route in server.app.router.routes if isinstance(route, APIRoute)]
    fresh = api_routes()
    assert len(fresh) > 590
    assert {id(route) for route in fresh} <= {id(route) for route in served}
