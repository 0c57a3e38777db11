"""The guards of the project, template, event, news, chat, system and /auth routes.

Each route declares who may call it (``x-policy``) and what it answers; the declaration is the
check, run before the body is read: a refused caller gets 403 whatever they send.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.routing import APIRoute

from tests.conftest import Backend
from tests.projects.conftest import Crew
from tests.projects.test_templates import new_template
from tests.support import Api, unique_name

#: the route modules of these domains
MODULES = (
    *(f"tenko.domains.{name}" for name in ("projects", "templates", "events", "news", "system", "chats", "accounts")),
    "tenko.core.link_routes",  # the settings, template and department link routes
)
UNKNOWN = "00000000-0000-0000-0000-00000000000f"


def operations(server: Backend) -> list[tuple[str, str, dict[str, Any]]]:
    document = server.app.openapi()
    found = []
    for route in server.app.routes:
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        if not route.endpoint.__module__.startswith(MODULES):
            continue
        for method in sorted((route.methods or set()) - {"HEAD"}):
            found.append((method, route.path_format, document["paths"][route.path_format][method.lower()]))
    return found


async def test_every_route_declares_its_guard_and_its_answer(server: Backend) -> None:
    found = operations(server)
    assert len(found) > 90
    missing = []
    for method, path, operation in found:
        if "/departments/" in path:
            continue  # the department routes are the people domain's (they share the link routes)
        if not operation.get("x-policy"):
            missing.append(f"no guard: {method} {path}")
        answers = {status: answer for status, answer in operation["responses"].items() if status.startswith("2")}
        if not answers or not all(a.get("content") or status == "204" for status, a in answers.items()):
            missing.append(f"no answer: {method} {path}")
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and parameter["name"].endswith("_id"):
                assert parameter["schema"].get("format") == "uuid", (method, path, parameter["name"])
    assert not missing, missing


async def test_status_txt_is_documented_as_text(server: Backend) -> None:
    operation = server.app.openapi()["paths"]["/api/status.txt"]["get"]
    assert list(operation["responses"]["200"]["content"]) == ["text/plain"]
    response = await server.http.get("/api/status.txt")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")


async def test_link_upserts_refuse_who_manages_no_project_before_reading_the_body(crew: Crew) -> None:
    for path in ("/data/task-type-links", "/data/task-status-links"):
        for caller in (crew.artist, crew.supervisor, crew.client, crew.outsider_manager):
            assert (await caller.post(path, json={"not": "a valid body"})).status_code == 403, path
            assert (await caller.post(path, content=b"{broken")).status_code == 403, path


async def test_link_upserts_still_judge_the_project_of_the_body(admin: Api, crew: Crew) -> None:
    other = await admin.ok("POST", "/data/projects", {"name": unique_name("other")})
    task_type = await admin.ok("POST", "/data/task-types", {"name": unique_name("tt"), "for_entity": "Shot"})
    body = {"project_id": other["id"], "task_type_id": task_type["id"], "priority": 3}
    assert (await crew.manager.post("/data/task-type-links", json=body)).status_code == 403
    mine = await crew.manager.ok("POST", "/data/task-type-links", {**body, "project_id": crew.id})
    assert mine["project_id"] == crew.id and mine["priority"] == 3


async def test_descriptor_writes_refuse_non_editors_before_reading_the_body(crew: Crew) -> None:
    path = f"/data/projects/{crew.id}/metadata-descriptors"
    for caller in (crew.artist, crew.client, crew.vendor):
        assert (await caller.post(path, json={"entity_type": "Nope"})).status_code == 403
        assert (await caller.put(f"{path}/{UNKNOWN}", json={})).status_code == 403
        assert (await caller.delete(f"{path}/{UNKNOWN}")).status_code == 403
        assert (await caller.post(f"{path}/reorder", json={})).status_code == 403
    assert (await crew.outsider.post(path, json={})).status_code == 403
    assert (await crew.manager.delete(f"{path}/{UNKNOWN}")).status_code == 404


async def test_template_routes_refuse_by_role_whatever_the_id(admin: Api, crew: Crew) -> None:
    template = await new_template(admin)
    for template_id in (template["id"], str(uuid.uuid4())):
        base = f"/data/project-templates/{template_id}"
        assert (await crew.artist.get(f"{base}/task-types")).status_code == 403
        assert (await crew.manager.post(f"{base}/asset-types", json={})).status_code == 403
    assert (await crew.outsider_manager.get(f"/data/project-templates/{UNKNOWN}/task-types")).status_code == 404
    assert (await crew.outsider_manager.get(f"/data/project-templates/{template['id']}/task-types")).status_code == 200
    applied = f"/data/projects/{crew.id}/apply-template/{UNKNOWN}"
    assert (await crew.artist.post(applied, json={})).status_code == 403
    assert (await crew.manager.post(applied, json={})).status_code == 404


async def test_malformed_path_ids_are_400(admin: Api, crew: Crew) -> None:
    assert (await crew.manager.get("/data/projects/not-a-uuid/team")).status_code == 400
    assert (
        await crew.manager.put(f"/data/projects/{crew.id}/team/not-a-uuid", json={"role": "user"})
    ).status_code == 400
    assert (await admin.get("/data/project-templates/not-a-uuid/task-types")).status_code == 400
    assert (await crew.manager.get("/data/entities/not-a-uuid/chat")).status_code == 400
