"""Every route of shapes.json that tenko serves answers as the reference does: status class and keys.

The world (``tests/contract/world.py``) is one production with records of every kind; each route
is called as the admin with real ids (and, for writes, the body gazu or the web app sends:
``tests/contract/cases_*.py``). The status class must be the reference's, and the keys of the
answer those of the reference's answer (shapes.json: the top-level object, the items of a list,
the values of a map by id, and further down where the reference details them).

``DEPARTURES`` is the one list of differences allowed, each with its reason; every one of them is
also in docs/compatibility.md. ``SKIPPED`` names the routes not called, with the reason; they may
not be more than 5% of the served routes of shapes.json.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import tests.contract.cases  # noqa: F401  (fills CASES)
from tenko.api import api_routes
from tests.contract.calls import CASES, generic_resource, prepare, send
from tests.contract.keys import Difference, differences, is_empty
from tests.contract.world import World, build_world
from tests.support import Api
from tests.user.documented import matches

HERE = Path(__file__).parent
SHAPES: dict[str, Any] = json.loads((HERE / "shapes.json").read_text())
CONVERTER = re.compile(r"\{(\w+):\w+\}")
COMPATIBILITY = (HERE.parents[1] / "docs" / "compatibility.md").read_text()


@dataclass(frozen=True)
class Departure:
    """How tenko's answer to a route differs from the reference's, on purpose."""

    reason: str
    extra: frozenset[str] = frozenset()  # keys tenko adds
    missing: frozenset[str] = frozenset()  # keys of the reference tenko does not send
    status: int | None = None  # tenko's status, when its class differs
    #: the words of docs/compatibility.md naming the departure (the route by default)
    documented_as: str = ""


def departure(
    reason: str, *, extra: str = "", missing: str = "", status: int | None = None, doc: str = ""
) -> Departure:
    return Departure(reason, frozenset(extra.split()), frozenset(missing.split()), status, doc)


#: the casting routes' answers: the casting as stored, where the reference echoes the body it got
CASTING_AS_STORED = departure(
    "the casting as stored, each asset with its names, where the reference echoes the body it was sent",
    extra="asset_name asset_type_name episode_id is_shared label preview_file_id project_id ready_for",
)
#: The departures from shapes.json, each with its reason (and a row in docs/compatibility.md).
DEPARTURES: dict[str, Departure] = {
    "GET /": departure(
        "tenko names itself beside the reference's identity", extra="server server_version", doc="`server_version`"
    ),
    "GET /data/departments/{department_id}/hardware-items/{hardware_item_id}": departure(
        "the reference crashes (500); tenko answers the department's hardware item", status=200
    ),
    "GET /data/edits/{edit_id}": departure(
        "a single edit keeps every column of its entity, as the other kinds' single GETs do",
        extra="code created_at created_by is_casting_standby is_shared nb_frames ready_for shotgun_id status "
        "updated_at",
    ),
    "POST /actions/persons/{person_id}/change-password": departure(
        "a password change ends the person's other sessions and says how many", extra="sessions_ended"
    ),
    "POST /auth/change-password": departure(
        "the other sessions end; the caller's own goes on with the new tokens",
        extra="access_token refresh_token sessions_ended",
    ),
    "POST /data/persons": departure(
        "shapes.json recorded a refused body; the reference, like tenko, creates a person from a valid one", status=201
    ),
    "POST /data/salary-scales": departure(
        "the reference refuses every creation and makes the scales itself; tenko makes none, an admin does",
        status=201,
    ),
    "PUT /data/assets/{asset_id}/casting": CASTING_AS_STORED,
    "PUT /data/projects/{project_id}/entities/casting": CASTING_AS_STORED,
    "PUT /data/projects/{project_id}/entities/{entity_id}/casting": CASTING_AS_STORED,
}

#: Routes not called, with the reason.
SKIPPED: dict[str, str] = {}


def route_name(method: str, path: str) -> str:
    """``METHOD /path`` as shapes.json names it: without the prefix and the converters (``:uuid``)."""
    return method + " " + CONVERTER.sub(r"{\1}", path.removeprefix("/api"))


def served_routes() -> list[str]:
    """The routes of shapes.json that tenko serves, in shapes.json's order."""
    served = {route_name(method, route.path) for route in api_routes() for method in route.methods or ()}
    return [route for route in SHAPES if route in served]


def status_class(status: int) -> int:
    return status // 100


def problems_of(route: str, status: int, answer: Any, used: set[str]) -> list[str]:
    """What differs from the reference, once the route's departures are allowed (``used`` collects
    the routes whose departure did allow something: the others' are stale)."""
    reference = SHAPES[route]
    allowed = DEPARTURES.get(route, Departure(""))
    if allowed.status is not None and status_class(status) == status_class(allowed.status):
        used.add(route)
    expected_status = allowed.status or reference["status"]
    if status_class(status) != status_class(expected_status):
        return [f"status {status}, the reference {reference['status']}: {str(answer)[:300]}"]
    if "shape" not in reference or status_class(status) != 2:
        return []
    found: list[str] = []
    for difference in differences(reference["shape"], answer):
        if difference.missing & allowed.missing or difference.extra & allowed.extra:
            used.add(route)
        left = Difference(
            difference.where, difference.missing - allowed.missing, difference.extra - allowed.extra, difference.problem
        )
        if left.missing or left.extra or left.problem:
            found.append(str(left))
    if is_empty(reference["shape"], answer) and route not in EMPTY_IN_THE_WORLD:
        found.append("empty answer: the world has nothing for this route to show")
    return found


#: routes whose records the world cannot make yet, so their (correctly shaped) answer is empty
EMPTY_IN_THE_WORLD = {
    "GET /data/projects/{project_id}/build-jobs": "playlist builds come with issue 11",
    "GET /data/projects/{project_id}/schedule-items": "made by the schedule routes, not built yet",
}


@pytest.fixture(scope="module")
async def world(admin: Api) -> World:
    return await build_world(admin)


def documentation_problem(document: dict[str, Any], route: str, status: int, answer: Any) -> str | None:
    """Why a success answer is not what the OpenAPI document declares for the route (None when it is)."""
    method, path = route.split(" ", 1)
    responses = document["paths"]["/api" + path][method.lower()]["responses"]
    declared = responses.get(str(status)) or next(
        (value for code, value in responses.items() if code.startswith("2")), None
    )
    schema = ((declared or {}).get("content") or {}).get("application/json", {}).get("schema")
    if schema is None:
        return f"no JSON answer documented for {status}"
    try:
        matches(schema, answer, document["components"]["schemas"], route)
    except AssertionError as error:
        return f"not as documented: {str(error)[:300]}"
    return None


async def test_every_served_route_answers_the_reference_status_and_keys(world: World) -> None:
    document = (await world.admin.server.http.get("/api/openapi.json")).json()
    started = time.monotonic()
    failures: dict[str, list[str]] = {}
    timings: dict[str, float] = {}
    used: set[str] = set()
    # the reads first, on the world as built; the writes then make (or change) their own records
    for route in sorted(served_routes(), key=lambda route: not route.startswith("GET ")):
        if route in SKIPPED:
            continue
        begun = time.monotonic()
        try:
            call = await prepare(world, route)
            response = await send(world, route, call)
            if call.cleanup is not None:
                await call.cleanup()
        except AssertionError as error:
            failures[route] = [f"could not prepare the call: {error}"]
            continue
        answer = response.json() if response.headers.get("content-type", "").startswith("application/json") else None
        found = problems_of(route, response.status_code, answer, used)
        if answer is not None and status_class(response.status_code) == 2:
            problem = documentation_problem(document, route, response.status_code, answer)
            found += [problem] if problem else []
        timings[route] = time.monotonic() - begun
        if found:
            failures[route] = found
    for route in sorted(set(DEPARTURES) - used):
        failures.setdefault(route, []).append("its departure allows nothing any more: take it off DEPARTURES")
    report = "\n".join(f"{route}: {'; '.join(found)}" for route, found in failures.items())
    print(f"{len(served_routes()) - len(SKIPPED)} routes called in {time.monotonic() - started:.1f}s; slowest:")
    for route, seconds in sorted(timings.items(), key=lambda item: -item[1])[:10]:
        print(f"  {seconds:.2f}s {route}")
    assert not failures, f"{len(failures)} routes differ from shapes.json:\n{report}"


def test_at_least_95_percent_of_the_served_routes_are_called() -> None:
    served = served_routes()
    assert set(SKIPPED) <= set(served), f"skipped but not served: {sorted(set(SKIPPED) - set(served))}"
    called = len(served) - len(SKIPPED)
    missing = "\n".join(f"{route}: {reason}" for route, reason in SKIPPED.items())
    assert called / len(served) >= 0.95, f"only {called}/{len(served)} routes called; skipped:\n{missing}"


def test_every_case_and_departure_names_a_served_route() -> None:
    served = set(served_routes())
    assert set(CASES) <= served, sorted(set(CASES) - served)
    assert set(DEPARTURES) <= served, sorted(set(DEPARTURES) - served)
    assert not set(SKIPPED) & set(DEPARTURES)


def test_every_departure_is_documented_with_its_reason() -> None:
    undocumented = [
        route
        for route, allowed in DEPARTURES.items()
        if (allowed.documented_as or route.split(" ", 1)[1]) not in COMPATIBILITY or not allowed.reason
    ]
    assert not undocumented, f"departures missing from docs/compatibility.md: {undocumented}"


def test_the_generic_routes_are_recognised() -> None:
    assert generic_resource("GET /data/tasks") == ("tasks", "list")
    assert generic_resource("DELETE /data/tasks/{instance_id}") == ("tasks", "delete")
    assert generic_resource("POST /data/entities") is None  # hand-written: kind-aware
