"""An artist outside the project gets what the reference gives (``outsider_artist_status``)."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

from tests.conftest import Backend
from tests.projects.conftest import Crew
from tests.projects.test_bad_input import own_routes
from tests.support import Api, unique_name

SHAPES: dict[str, Any] = json.loads((Path(__file__).parents[1] / "contract" / "shapes.json").read_text())
PARAM = re.compile(r"\{([^}]+)\}")


async def test_outsider_artist_gets_the_reference_status(server: Backend, admin: Api, crew: Crew) -> None:
    department = await admin.ok("POST", "/data/departments", {"name": unique_name("dep"), "color": "#000000"})
    known = {"project_id": crew.id, "department_id": department["id"]}
    checked, failures = 0, []
    for method, path in sorted(own_routes(server)):
        route = path.removeprefix("/api")
        expected = SHAPES.get(f"{method} {route}", {}).get("outsider_artist_status")
        if expected is None:
            continue
        url = PARAM.sub(lambda m: known.get(m.group(1), str(uuid.uuid4())), route)
        response = await crew.outsider.request(method, url, json={} if method in ("POST", "PUT") else None)
        checked += 1
        if response.status_code != expected:
            failures.append(f"{method} {route}: {response.status_code}, reference {expected}")
    assert checked >= 30, checked
    assert not failures, failures
