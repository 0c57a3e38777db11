"""What the CRUD suite derives from a resource: its public keys, a column to write, shapes.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import Boolean, Column, Float, Integer

from tenko.api import CRUD_RESOURCES
from tenko.core.deletion import Reference, references_to
from tenko.core.resource import PROTECTED_ON_UPDATE, Resource
from tests.crud.factory import OVERRIDE_KEYS, Factory, is_text, parent_table, unique_keys
from tests.support import Api

SHAPES: dict[str, Any] = json.loads((Path(__file__).parent.parent / "contract" / "shapes.json").read_text())
#: keys shapes.json records that we cannot serve, with the reason (none so far)
SHAPE_ALLOWLIST: dict[str, frozenset[str]] = {}


def params(resources: list[Resource] | tuple[Resource, ...]) -> pytest.MarkDecorator:
    """Parametrise a test over resources, named by their URL segment."""
    return pytest.mark.parametrize("resource", resources, ids=[resource.name for resource in resources])


def public_key(resource: Resource, column: str) -> str:
    return resource.type_column_key if column == "type" and resource.type_column_key else column


def column_keys(resource: Resource) -> set[str]:
    """The keys every serialised record has: its visible columns (public names) and ``type``."""
    return {public_key(resource, column.name) for column in resource.visible_columns} | {"type"}


def shape_keys(route: str) -> set[str]:
    shape = SHAPES.get(route, {}).get("shape")
    if isinstance(shape, list):
        shape = shape[0] if shape else {}
    return set(shape) if isinstance(shape, dict) else set()


def text_column(resource: Resource) -> str | None:
    """A writable, filterable string column (``name`` first): the suite writes and filters it."""
    candidates = [
        column.name
        for column in resource.visible_columns
        if is_text(column)
        and not column.foreign_keys
        and column.name not in resource.read_only | resource.unfilterable | {"type"}
        and column.name not in OVERRIDE_KEYS.get(resource.name, set())
        and parent_table(column) is None
    ]
    if "name" in candidates:
        return "name"
    # skip e-mail columns: hooks normalise them, so a written value may not read back verbatim
    candidates = [name for name in candidates if "email" not in name]
    return candidates[0] if candidates else None


def scalar_column(resource: Resource) -> Column[Any] | None:
    """A writable number or flag column, for resources without a string column."""
    for column in resource.visible_columns:
        plain = isinstance(column.type, (Integer, Float, Boolean)) and not column.info.get("choices")
        if plain and not column.foreign_keys and not column.primary_key and column.name not in resource.read_only:
            return column
    return None


def changed_value(resource: Resource, column: str, old: Any) -> Any:
    """A different valid value for ``column`` (strings stay within their length)."""
    sql_column = resource.table.c[column]
    if is_text(sql_column):
        length = getattr(sql_column.type, "length", None) or 40
        return ("new-" + str(old))[:length] if len(str(old)) + 4 <= length else str(old)[::-1]
    if isinstance(sql_column.type, Boolean):
        return not old
    return (old or 0) + 1


def writable_column(resource: Resource) -> str:
    name = text_column(resource)
    if name is not None:
        return name
    column = scalar_column(resource)
    if column is not None:
        return column.name
    # only references left (a subscription): point one of them to another record
    fields = resource.update_model.model_fields
    references = [c.name for c in resource.table.columns if parent_table(c) and c.name in fields]
    assert references, f"{resource.name} has no writable column"
    return references[0]


def strong_references(resource: Resource) -> list[Reference]:
    """References that block a deletion (other tables first, so the test needs no self-link)."""
    # a record's own many-to-many links are removed with it, they never block
    own_links = {(relation.link.name, relation.local) for relation in resource.relations}
    found = [
        r
        for r in references_to(resource.table.metadata, resource.table)
        if not r.weak and (r.table.name, r.column.name) not in own_links
    ]
    return sorted(found, key=lambda r: (r.table is resource.table, r.table.name, r.column.name))


def unique_columns(resource: Resource, factory_fills: set[str]) -> tuple[str, ...] | None:
    """A unique constraint whose columns all have a value in a factory-made record."""
    for columns in unique_keys(resource.table):
        if all(
            column.name in factory_fills
            or (not column.nullable and column.default is not None)
            or (is_text(column) and column.name in resource.create_model.model_fields)
            for column in columns
        ):
            return tuple(column.name for column in columns)
    return None


def fills(resource: Resource) -> set[str]:
    return Factory.static_fills(resource) | OVERRIDE_KEYS.get(resource.name, set())


def _routes(routes: list[Any], prefix: str) -> list[tuple[str, APIRoute]]:
    """The API routes in matching order, through included routers (FastAPI keeps them nested)."""
    found: list[tuple[str, APIRoute]] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append((prefix + route.path, route))
        elif hasattr(route, "original_router"):
            found.extend(_routes(route.original_router.routes, prefix + route.include_context.prefix))
    return found


def generic_verbs() -> dict[str, set[str]]:
    """Which verbs of each resource the generic router serves (a domain may hand-write some)."""
    from tenko.api import api_routes

    verbs: dict[str, set[str]] = {resource.name: set() for resource in CRUD_RESOURCES}
    names = {
        ("GET", False): "list",
        ("POST", False): "create",
        ("GET", True): "read",
        ("PUT", True): "update",
        ("DELETE", True): "delete",
    }
    for path, route in _routes(list(api_routes()), ""):  # first match wins, as in the app
        if not path.startswith("/api/data/"):
            continue
        parts = path.removeprefix("/api/data/").split("/")
        if parts[0] not in verbs or len(parts) > 2 or (len(parts) == 2 and not parts[1].startswith("{")):
            continue
        for method in route.methods or ():
            verb = names.get((method, len(parts) == 2))
            seen = verbs.setdefault(f"seen:{parts[0]}", set())
            if verb is None or verb in seen:
                continue
            seen.add(verb)
            if route.endpoint.__module__ == "tenko.core.crud":
                verbs[parts[0]].add(verb)
    return {name: found for name, found in verbs.items() if not name.startswith("seen:")}


GENERIC = generic_verbs()


def serving(verb: str, resources: list[Resource] | tuple[Resource, ...] = CRUD_RESOURCES) -> list[Resource]:
    """The resources whose ``verb`` is the generic route (hand-written ones have their own tests)."""
    return [resource for resource in resources if verb in GENERIC[resource.name]]


WITH_TEXT = [r for r in CRUD_RESOURCES if text_column(r) is not None]
WITH_RELATIONS = [r for r in CRUD_RESOURCES if r.relations]
WITH_READ_ONLY_RELATIONS = [r for r in CRUD_RESOURCES if any(not rel.writable for rel in r.relations)]
WITH_SECRETS = [r for r in CRUD_RESOURCES if r.hidden | r.unfilterable]
WITH_REFERENCES = [r for r in CRUD_RESOURCES if strong_references(r)]
WITH_UNIQUE = [r for r in CRUD_RESOURCES if unique_columns(r, fills(r)) is not None]
WITH_PROJECT = [r for r in CRUD_RESOURCES if "project_id" in r.table.c and r.name != "projects"]
PROTECTED = PROTECTED_ON_UPDATE


async def closed_status_id(admin: Api) -> str:
    statuses = await admin.ok("GET", "/data/project-status?name=Closed")
    return str(statuses[0]["id"])


async def prepare_delete(admin: Api, resource: Resource, record: dict[str, Any]) -> None:
    """The one rule a generic deletion must satisfy first: a project is closed before it goes."""
    if resource.name == "projects":
        body = {"project_status_id": await closed_status_id(admin)}
        await admin.ok("PUT", f"/data/projects/{record['id']}", body)
