"""JSON no column can hold is refused on input (400): too deep, or with NUL characters.

A value a few hundred levels deep used to be stored, after which every listing that encoded it
answered 500 for everyone. Bodies, JSON form fields and comment-many forms are all capped; NUL
characters (which PostgreSQL refuses in text) are refused in every validated body.
"""

from __future__ import annotations

from typing import Any

from tenko.core.http import MAX_JSON_DEPTH
from tests.support import Api, new_person, new_project, new_task


def nested(levels: int) -> Any:
    value: Any = "bottom"
    for _ in range(levels - 1):
        value = {"a": value}
    return {"a": value}


async def test_a_deep_value_is_refused_and_the_readers_keep_working(admin: Api) -> None:
    artist = await new_person(admin, "user")
    refused = await artist.request("PUT", f"/data/persons/{artist.id}", json={"data": nested(300)})
    assert refused.status_code == 400, refused.text
    assert "nests deeper" in refused.json()["message"]
    accepted = await artist.request("PUT", f"/data/persons/{artist.id}", json={"data": nested(MAX_JSON_DEPTH - 2)})
    assert accepted.status_code == 200, accepted.text
    for path in ("/data/persons", "/data/user/context", "/data/projects/open"):
        assert (await artist.request("GET", path)).status_code == 200, path
    assert (await admin.request("GET", "/data/persons")).status_code == 200


async def test_the_limit_holds_on_every_json_reader(admin: Api) -> None:
    project = await new_project(admin)
    deep = nested(MAX_JSON_DEPTH + 1)
    body = await admin.request("POST", "/data/projects", json={"name": "deep", "data": deep})
    assert body.status_code == 400, body.text
    descriptor = await admin.request(
        "POST",
        f"/data/projects/{project['id']}/metadata-descriptors",
        json={"name": "d", "entity_type": "Asset", **deep},
    )
    assert descriptor.status_code == 400, descriptor.text
    lists = await admin.request("POST", "/data/user/filters", json=[deep])
    assert lists.status_code == 400, lists.text


async def test_nul_characters_are_refused_in_every_json_and_form_text(admin: Api) -> None:
    """PostgreSQL cannot store NUL in text (it answered 500) and SQLite kept a cut copy."""
    project = await new_project(admin)
    named = await admin.request("POST", "/data/projects", json={"name": "bad\x00name"})
    assert named.status_code == 400, named.text
    keyed = await admin.request("PUT", f"/data/projects/{project['id']}", json={"data": {"k\x00": 1}})
    assert keyed.status_code == 400, keyed.text
    task = await new_task(admin, project)
    status = (await admin.ok("GET", "/data/task-status?short_name=wip"))[0]["id"]
    path = f"/actions/tasks/{task['id']}/comment"
    as_json = await admin.request("POST", path, json={"task_status_id": status, "comment": "a\x00b"})
    assert as_json.status_code == 400, as_json.text
    as_form = await admin.request("POST", path, data={"task_status_id": status, "comment": "a\x00b"})
    assert as_form.status_code == 400, as_form.text
    fine = await admin.request("POST", path, json={"task_status_id": status, "comment": "a b"})
    assert fine.status_code == 201, fine.text


async def test_a_huge_number_in_a_json_value_reads_back_as_a_number(admin: Api) -> None:
    """PostgreSQL's jsonb writes a stored -9.7e231 out in full (232 digits): read as a Python int,
    no JSON encoder could write it back, and the record answered 500 to every reader (fuzzing)."""
    artist = await new_person(admin, "user")
    huge = {"big": -9.716088253183662e231, "small": 1e-300, "u64": 18446744073709551615, "list": [2.5e300]}
    saved = await artist.request("PUT", f"/data/persons/{artist.id}", json={"data": huge})
    assert saved.status_code == 200, saved.text
    for response in (saved, await artist.request("GET", f"/data/persons/{artist.id}")):
        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["big"] == huge["big"] and data["list"] == huge["list"]
        assert data["small"] == huge["small"] and data["u64"] == huge["u64"]
    assert (await admin.request("GET", "/data/persons")).status_code == 200
