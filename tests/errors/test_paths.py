"""Malformed ids in the path are a 400, unknown well-formed ids a 404, on every resource."""

from __future__ import annotations

from typing import Any

import pytest

from tests.errors.common import DUMMY_ID, RESOURCE_NAMES, error_body
from tests.support import Api

#: (label, raw path segment as sent on the wire)
BAD_IDS = [
    ("word", "not-a-uuid"),
    ("short-hex", "1234"),
    ("almost-uuid", DUMMY_ID[:-1] + "g"),
    ("long", "a" * 5000),
    ("nul", "abc%00def"),
    ("encoded-dots", "..%2E"),
    ("encoded-slash", "..%2F"),
    ("quote", "%27%20OR%201%3D1--"),
    ("unicode", "%C3%A9t%C3%A9"),
    ("bad-utf8", "%FF%FE"),
    ("spaces", "%20%20"),
]
METHODS = ["GET", "PUT", "DELETE"]
#: the ones also sent with PUT and DELETE (the id parsing is shared: GET tries them all)
WRITE_CHECKED = {"word", "long", "nul", "encoded-slash"}


@pytest.mark.parametrize("name", RESOURCE_NAMES)
async def test_malformed_ids_are_400(admin: Api, name: str) -> None:
    for label, raw in BAD_IDS:
        for method in METHODS if label in WRITE_CHECKED else ["GET"]:
            kwargs = {"json": {"name": "x"}} if method == "PUT" else {}
            response = await admin.request(method, f"/data/{name}/{raw}", **kwargs)
            # a segment that decodes to a slash no longer names one record: it is not a route (404)
            expected = (400, 404) if label == "encoded-slash" else 400
            body = error_body(response, expected)
            if response.status_code == 400:
                assert "uuid" in body["message"].lower() or "path" in body["message"].lower(), (label, body)


@pytest.mark.parametrize("name", RESOURCE_NAMES)
async def test_unknown_ids_are_404(admin: Api, name: str) -> None:
    for method in METHODS:
        kwargs: dict[str, Any] = {"json": {}} if method == "PUT" else {}
        response = await admin.request(method, f"/data/{name}/{DUMMY_ID}", **kwargs)
        body = error_body(response, 404)
        assert DUMMY_ID in body["message"] or "not found" in body["message"].lower()
    # a UUID written without dashes or in upper case still names the same (absent) record
    for variant in (DUMMY_ID.replace("-", ""), DUMMY_ID.upper()):
        error_body(await admin.get(f"/data/{name}/{variant}"), 404)


async def test_unknown_route_is_404_json(admin: Api, anon: Api) -> None:
    for api in (admin, anon):
        for path in ("/no-such-route", "/data/no-such-resource", "/data/projects/x/y/z"):
            error_body(await api.get(path), 404)
    error_body(await admin.server.http.get("/not-under-api"), 404)


async def test_wrong_method_is_405_json(admin: Api) -> None:
    for method, path in (
        ("PATCH", "/data/projects"),
        ("DELETE", "/data/projects"),
        ("POST", f"/data/tasks/{DUMMY_ID}"),
    ):
        response = await admin.request(method, path)
        body = error_body(response, 405)
        assert "method" in body["message"].lower()
        assert "allow" in {key.lower() for key in response.headers}
