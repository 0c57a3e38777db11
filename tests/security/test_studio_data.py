"""Records that belong to no project: what an artist reads, against the reference's statuses.

shapes.json records, for each route, the status an artist gets on a record of a project they
are not in; for studio-wide data that is simply "an artist". Two deviations are deliberate
and listed in ``DEVIATIONS`` with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tenko.api import CRUD_RESOURCES
from tests.crud.factory import Factory
from tests.support import Api, new_person

SHAPES: dict[str, Any] = json.loads((Path(__file__).parents[1] / "contract" / "shapes.json").read_text())
RESOURCES = {resource.name: resource for resource in CRUD_RESOURCES}
STUDIO_WIDE = sorted(name for name, resource in RESOURCES.items() if resource.scope is None)
#: route -> (our status, why the reference's is not followed)
DEVIATIONS = {
    "GET /data/custom-actions/{instance_id}": (
        200,
        "the reference lists every custom action to artists (200) but refuses the single one: "
        "the refusal hides nothing the list does not show, and the web app reads them one by one",
    ),
    "GET /data/status-automations/{instance_id}": (
        200,
        "same as custom actions: listed to everyone in the reference, so the single record is too",
    ),
}


def expected(route: str) -> int:
    if route in DEVIATIONS:
        return DEVIATIONS[route][0]
    status = SHAPES[route]["outsider_artist_status"]
    assert isinstance(status, int)
    return status


async def any_record(admin: Api, name: str) -> dict[str, Any]:
    """A record made by the admin (the organisation is a single row: the existing one)."""
    if name == "organisations":
        return (await admin.ok("GET", "/data/organisations"))[0]  # type: ignore[no-any-return]
    extra = {"person_id": admin.id} if name == "day-offs" else {}  # someone else's day off
    return await Factory(admin).create(RESOURCES[name], **extra)


def test_deviations_are_real() -> None:
    """Each listed deviation differs from the reference (remove it once they agree)."""
    for route, (status, _) in DEVIATIONS.items():
        assert SHAPES[route]["outsider_artist_status"] != status


@pytest.mark.parametrize("name", STUDIO_WIDE)
async def test_an_artist_reads_studio_data_as_the_reference_does(admin: Api, name: str) -> None:
    artist = await new_person(admin, "user")
    record = await any_record(admin, name)
    listing = await artist.get(f"/data/{name}")
    assert listing.status_code == expected(f"GET /data/{name}"), listing.text
    if listing.status_code == 200:
        assert record["id"] in {row["id"] for row in listing.json()}
    single = await artist.get(f"/data/{name}/{record['id']}")
    assert single.status_code == expected(f"GET /data/{name}/{{instance_id}}"), single.text
