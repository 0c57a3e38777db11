"""Every route of the OpenAPI document, called with garbage: never a 5xx, always a JSON error body."""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.errors.common import DUMMY_ID, LEAKS
from tests.support import Api

GARBAGE_BODY = {"name": 123, "id": "bad"}
METHODS = ("get", "post", "put", "patch", "delete")
PARAM = re.compile(r"\{([^}/]+)\}")


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, item in sorted(spec["paths"].items()):
        for method, operation in item.items():
            if method in METHODS:
                found.append((method.upper(), path, operation))
    return found


def fill(path: str, value: str) -> str:
    return PARAM.sub(value, path)


def garbage_query(operation: dict[str, Any]) -> dict[str, str]:
    return {p["name"]: "x" for p in operation.get("parameters", []) if p.get("in") == "query"}


async def test_no_route_answers_garbage_with_a_server_error(admin: Api) -> None:
    spec = await admin.ok("GET", "/openapi.json")
    assert spec["paths"], "empty OpenAPI document"
    # a fresh login: the fuzz may log out or revoke its own token along the way
    api = await Api.login(admin.server, ADMIN_EMAIL, ADMIN_PASSWORD)
    problems = []
    calls = 0
    for method, path, operation in operations(spec):
        assert path.startswith("/api"), path
        for value, query in (("x", {}), (DUMMY_ID, garbage_query(operation))):
            url = fill(path, value)[len("/api") :]
            body = GARBAGE_BODY if method in ("POST", "PUT", "PATCH") else None
            response = await api.request(method, url, json=body, params=query)
            calls += 1
            if response.status_code == 401:
                api = await Api.login(admin.server, ADMIN_EMAIL, ADMIN_PASSWORD)
            if response.status_code >= 500:
                problems.append(f"{method} {url}: {response.status_code} {response.text[:200]}")
            elif response.status_code >= 400:
                is_json = response.headers.get("content-type", "").startswith("application/json")
                # the login routes answer refusals with the contract's {"login": false, "message"}
                if not is_json or not isinstance(response.json().get("message"), str):
                    problems.append(f"{method} {url}: {response.status_code} not a JSON error: {response.text[:200]}")
            if any(leak in response.text for leak in LEAKS) and response.status_code >= 400:
                problems.append(f"{method} {url}: error leaks internals: {response.text[:200]}")
    assert calls >= 2 * len(spec["paths"])
    assert problems == []
