"""``/data/entity-links`` writes: a forbidden caller gets 403 whatever the body; 400s are for allowed callers."""

from __future__ import annotations

from typing import Any

from tests.breakdown.support import Breakdown, new_breakdown
from tests.breakdown.test_access import cast_one
from tests.support import Api, new_person, set_project_role


async def statuses(calls: list[tuple[Api, str, str, Any]]) -> list[int]:
    return [(await caller.request(method, path, json=body)).status_code for caller, method, path, body in calls]


async def setup(admin: Api) -> tuple[Api, Api, Api, Breakdown, Breakdown, str]:
    artist, lead, outsider = [await new_person(admin, "user") for _ in range(3)]
    bd = await new_breakdown(admin, team=[artist, lead])
    other = await new_breakdown(admin, team=[outsider])
    await set_project_role(admin, bd.production.project, lead, "manager")
    return artist, lead, outsider, bd, other, await cast_one(admin, bd)


async def test_forbidden_callers_get_403_whatever_the_body(admin: Api) -> None:
    artist, lead, outsider, bd, other, link_id = await setup(admin)
    shot, prop, foreign = bd.shot["id"], bd.props[0]["id"], other.props[0]["id"]
    link = f"/data/entity-links/{link_id}"
    calls: list[tuple[Api, str, str, Any]] = [
        (artist, "POST", "/data/entity-links", {}),
        (artist, "POST", "/data/entity-links", {"entity_in_id": "not-a-uuid"}),
        (artist, "POST", "/data/entity-links", {"entity_in_id": shot, "entity_out_id": foreign}),
        (artist, "POST", "/data/entity-links", {"entity_in_id": shot, "entity_out_id": prop}),
        (outsider, "POST", "/data/entity-links", {"entity_in_id": shot, "entity_out_id": foreign}),
        (outsider, "PUT", link, {"entity_in_id": "not-a-uuid"}),
        (artist, "PUT", link, {"nb_occurences": "many"}),
        (artist, "PUT", link, {"entity_out_id": foreign}),
        # the lead manages this project, not the other: moving the link there is not theirs to do
        (lead, "PUT", link, {"entity_in_id": foreign}),
        (lead, "POST", "/data/entity-links", {"entity_in_id": foreign, "entity_out_id": prop}),
    ]
    assert await statuses(calls) == [403] * len(calls)
    assert (await admin.ok("GET", link))["entity_in_id"] == shot, "nothing was written"


async def test_allowed_callers_get_the_validation_errors(admin: Api) -> None:
    _, lead, _, bd, other, link_id = await setup(admin)
    shot, prop, foreign = bd.shot["id"], bd.props[1]["id"], other.props[0]["id"]
    link = f"/data/entity-links/{link_id}"
    calls: list[tuple[Api, str, str, Any]] = [
        (lead, "POST", "/data/entity-links", {}),
        (lead, "POST", "/data/entity-links", {"entity_in_id": shot, "entity_out_id": foreign}),
        (lead, "PUT", link, {"entity_out_id": foreign}),
        (lead, "PUT", link, {"nb_occurences": "many"}),
    ]
    assert await statuses(calls) == [400] * len(calls)
    created = await lead.ok("POST", "/data/entity-links", {"entity_in_id": shot, "entity_out_id": prop})
    assert created["entity_out_id"] == prop
    assert (await lead.ok("PUT", link, {"nb_occurences": 3}))["nb_occurences"] == 3
