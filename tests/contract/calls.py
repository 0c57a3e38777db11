"""How the contract test calls a route: the path filled with the world's ids, and a body for writes.

A route with no entry in ``CASES`` is called with its path parameters taken from ``World.ids``
by name; the generic ``/data/<name>`` routes get a record of their own resource (a new one for
a deletion) and the body the CRUD factories make. ``CASES`` (filled by the ``cases_*`` modules
through ``@case``) gives the rest: the body gazu or the web app sends, and fresh records for the
calls that remove or change what other reads rely on.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.contract.world import World
from tests.crud.common import GENERIC, changed_value, prepare_delete, writable_column
from tests.crud.factory import RESOURCES, parent_table
from tests.support import Api

NO_BODY = object()


@dataclass
class Call:
    """What to send: path parameters over the world's, a JSON body or a multipart form, a query."""

    params: dict[str, str] = field(default_factory=dict)
    body: Any = NO_BODY
    files: dict[str, Any] | None = None
    data: dict[str, Any] | None = None
    query: str = ""
    caller: Api | None = None  # the admin by default
    #: undoes what the call leaves behind outside the world (a descriptor on every open project)
    cleanup: Callable[[], Awaitable[Any]] | None = None


Prepare = Callable[[World], Awaitable[Call]]
CASES: dict[str, Prepare] = {}


def case(*routes: str) -> Callable[[Prepare], Prepare]:
    """Register how to call these routes (``"METHOD /path"`` as in shapes.json)."""

    def register(prepare: Prepare) -> Prepare:
        for route in routes:
            assert route not in CASES, f"two cases for {route}"
            CASES[route] = prepare
        return prepare

    return register


def generic_resource(route: str) -> tuple[str, str] | None:
    """``(resource name, verb)`` when the generic CRUD router serves the route."""
    method, path = route.split(" ", 1)
    match = re.fullmatch(r"/data/([a-z-]+)(/\{instance_id\})?", path)
    if match is None or match.group(1) not in GENERIC:
        return None
    verbs = {("GET", False): "list", ("POST", False): "create", ("GET", True): "read"}
    verbs |= {("PUT", True): "update", ("DELETE", True): "delete"}
    verb = verbs.get((method, match.group(2) is not None))
    if verb is None or verb not in GENERIC[match.group(1)]:
        return None
    return match.group(1), verb


async def generic_call(world: World, name: str, verb: str) -> Call:
    resource = RESOURCES[name]
    if verb == "create":
        return Call(body=await world.body(name))
    if verb == "list":  # narrowed to the world's record: the test database holds every other test's
        return Call(query=f"id={(await world.sample(name))['id']}")
    if verb == "delete":
        record = await world.fresh(name)
        await prepare_delete(world.admin, resource, record)
        return Call(params={"instance_id": str(record["id"])})
    record = await world.sample(name)
    if verb == "read":
        return Call(params={"instance_id": str(record["id"])})
    column = writable_column(resource)
    value = record.get(column)  # a reference keeps its value: only the answer is looked at
    body = {column: value if parent_table(resource.table.c[column]) else changed_value(resource, column, value)}
    return Call(params={"instance_id": str(record["id"])}, body=body)


async def prepare(world: World, route: str) -> Call:
    if route in CASES:
        return await CASES[route](world)
    generic = generic_resource(route)
    if generic is not None:
        return await generic_call(world, *generic)
    return Call()


def fill(template: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in values, f"no value for {{{name}}} in {template}"
        return values[name]

    return re.sub(r"\{([a-z_]+)\}", value, template)


async def send(world: World, route: str, call: Call) -> httpx.Response:
    method, template = route.split(" ", 1)
    path = fill(template, {**world.ids, **call.params}) + (f"?{call.query}" if call.query else "")
    kwargs: dict[str, Any] = {}
    if call.files is not None or call.data is not None:
        kwargs = {"files": call.files, "data": call.data}
    elif call.body is not NO_BODY:
        kwargs = {"json": call.body}
    return await (call.caller or world.admin).request(method, path, **kwargs)
