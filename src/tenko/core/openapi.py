"""The served OpenAPI document, completed from the routes' own declarations.

FastAPI documents paths, parameters and bodies. This adds what it cannot know:
- ``x-policy`` on every operation: the words of the route's guards (``core/guard.py``), read
  from the dependencies the route really runs, so the document says what the code enforces;
- the security schemes (Bearer token or the web app's cookie) and which operations need them;
- the error answers that do happen (400, 401, 403, 404 with the one error body) instead of the
  422 that never does (validation errors are answered 400, ``core/errors.py``);
- record schemas declared by ``core/answers.py`` moved into ``components/schemas``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from tenko.core.answers import COMPONENT
from tenko.core.guard import BODY_CHECK, policy_of

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {"type": "boolean", "const": True},
        "message": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}},
        },
    },
    "required": ["error", "message"],
}
SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "access_token of /auth/login"},
    "cookie": {"type": "apiKey", "in": "cookie", "name": "access_token_cookie", "description": "set by /auth/login"},
}
ERRORS = {
    "400": "Malformed id, query or body (the message says which)",
    "401": "No token, or an invalid, expired or revoked one",
    "403": "The caller may not do this (see x-policy)",
    "404": "No record with this id",
}


def guards_of(dependant: Dependant) -> Iterator[str]:
    """The policy words of every guard a route runs, its dependencies' dependencies included."""
    text = policy_of(dependant.call)
    if text:
        yield text
    for sub in dependant.dependencies:
        yield from guards_of(sub)


def route_policy(route: APIRoute) -> list[str]:
    """The route's guards, then what it checks on its body (``body_check``) whatever their order."""
    texts = list(dict.fromkeys(guards_of(route.dependant)))
    return sorted(texts, key=lambda text: text.startswith(BODY_CHECK))


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _complete(operation: dict[str, Any], policy: list[str], has_path_ids: bool) -> None:
    public = bool(policy) and all(text.startswith("public") for text in policy)
    if policy:
        operation["x-policy"] = ". Also: ".join(policy) if not public else policy[0]
    responses = operation.setdefault("responses", {})
    responses.pop("422", None)
    wanted = ["400"] + ([] if public else ["401", "403"]) + (["404"] if has_path_ids else [])
    for status in wanted:
        responses.setdefault(status, _error(ERRORS[status]))
    operation["security"] = [] if public else [{"bearer": []}, {"cookie": []}]


def _lift_components(node: Any, components: dict[str, Any]) -> Any:
    """Replace each schema marked ``x-component`` by a reference to one shared copy."""
    if isinstance(node, list):
        return [_lift_components(item, components) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _lift_components(value, components) for key, value in node.items()}
    name = node.pop(COMPONENT, None)
    if name is None:
        return node
    known = components.setdefault(name, node)
    return {"$ref": f"#/components/schemas/{name}"} if known == node else node


def build_openapi(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes, openapi_version="3.1.0"
    )
    for route in app.routes:
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        item = document["paths"].get(route.path_format, {})
        for method in route.methods or ():
            operation = item.get(method.lower())
            if operation is not None:
                _complete(operation, route_policy(route), "{" in route.path_format)
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    document["paths"] = _lift_components(document["paths"], schemas)
    schemas["Error"] = ERROR_SCHEMA
    components["securitySchemes"] = SECURITY_SCHEMES
    return document


def install_openapi(app: FastAPI) -> None:
    """Serve the completed document (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
