"""gazu against a live ``tenko serve``: log in, projects, every generic model, people, log out."""

from __future__ import annotations

import contextlib
import csv
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gazu
import httpx
import pytest
from gazu.exception import NotAuthenticatedException, RouteNotFoundException

from tenko.api import CRUD_RESOURCES
from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Served

ROUTES = Path(__file__).parent.parent / "contract" / "routes.tsv"
Body = dict[str, Any]


def generic_names() -> set[str]:
    """The ``/data/<name>`` groups that routes.tsv lists with all five verbs."""
    verbs: dict[str, set[str]] = {}
    with ROUTES.open() as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for method, path, *_ in rows:
            parts = path.strip("/").split("/")
            if parts[0] != "data" or len(parts) not in (2, 3) or parts[1].startswith("{"):
                continue
            if len(parts) == 3 and parts[2] != "{instance_id}":
                continue
            verbs.setdefault(parts[1], set()).add(f"{method}{'/id' if len(parts) == 3 else ''}")
    full = {"GET", "POST", "GET/id", "PUT/id", "DELETE/id"}
    return {name for name, seen in verbs.items() if full <= seen}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class Records:
    """Creates records through gazu's generic functions; deletes what it made, newest first."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.made: list[tuple[str, Body]] = []
        self.needed: dict[str, Body] = {}
        self.admin: Body = gazu.client.get_current_user(client=client)

    def create(self, name: str) -> Body:
        record: Body = gazu.client.create(name, SPECS[name].body(self), client=self.client)
        self.made.append((name, record))
        return record

    def need(self, name: str) -> Body:
        """One record of this kind to point at (created once per test)."""
        if name not in self.needed:
            self.needed[name] = self.create(name)
        return self.needed[name]

    def id(self, name: str) -> str:
        return str(self.need(name)["id"])

    def base(self, name: str, record_name: str) -> str:
        """The id of a base-data record, e.g. the task status "Todo"."""
        record = gazu.client.fetch_first(name, {"name": record_name}, client=self.client)
        assert record, f"base data has no {name} named {record_name}"
        return str(record["id"])

    def delete(self, name: str, record: Body) -> None:
        if name == "projects":  # a project must be closed before it can be deleted
            closed = self.base("project-status", "Closed")
            gazu.client.update(name, record["id"], {"project_status_id": closed}, client=self.client)
        gazu.client.delete(f"data/{name}/{record['id']}", client=self.client)

    def cleanup(self) -> None:
        for name, record in reversed(self.made):
            with contextlib.suppress(RouteNotFoundException):  # the test itself may have deleted it
                self.delete(name, record)


@dataclass(frozen=True)
class Spec:
    body: Callable[[Records], Body]
    change: Callable[[Records], Body]


def renamed(prefix: str) -> Callable[[Records], Body]:
    return lambda _: {"name": unique(prefix)}


def task_body(r: Records) -> Body:
    return {
        "name": unique("task"),
        "project_id": r.id("projects"),
        "entity_id": r.id("entities"),
        "task_type_id": r.base("task-types", "Modeling"),
        "task_status_id": r.base("task-status", "Todo"),
    }


SPECS: dict[str, Spec] = {
    "persons": Spec(
        lambda _: {"first_name": "Ada", "last_name": unique("p"), "email": f"{unique('ada')}@example.com"},
        lambda _: {"first_name": "Grace", "phone": "0123456789"},
    ),
    "departments": Spec(lambda _: {"name": unique("dep"), "color": "#112233"}, renamed("dep")),
    "studios": Spec(lambda _: {"name": unique("studio"), "color": "#112233"}, renamed("studio")),
    "organisations": Spec(lambda _: {"name": unique("org")}, lambda _: {"hours_by_day": 7.5}),
    "day-offs": Spec(
        lambda r: {"date": "2030-01-02", "end_date": "2030-01-03", "person_id": r.admin["id"]},
        lambda _: {"description": "holiday", "end_date": "2030-01-04"},
    ),
    "salary-scales": Spec(
        lambda r: {"department_id": r.id("departments"), "position": "artist", "seniority": "junior", "salary": 100},
        lambda _: {"salary": 120},
    ),
    "projects": Spec(lambda _: {"name": unique("project")}, lambda _: {"description": "updated", "fps": "24"}),
    "project-status": Spec(lambda _: {"name": unique("ps"), "color": "#112233"}, lambda _: {"color": "#445566"}),
    "metadata-descriptors": Spec(
        lambda r: {
            "project_id": r.id("projects"),
            "entity_type": "Asset",
            "name": unique("meta"),
            "field_name": unique("field"),
            "data_type": "string",
        },
        lambda _: {"for_client": True},
    ),
    "status-automations": Spec(
        lambda r: {
            "entity_type": "asset",
            "in_task_type_id": r.base("task-types", "Modeling"),
            "in_task_status_id": r.base("task-status", "Done"),
            "out_field_type": "status",
            "out_task_type_id": r.base("task-types", "Modeling"),
            "out_task_status_id": r.base("task-status", "Todo"),
        },
        lambda _: {"archived": True},
    ),
    "project-templates": Spec(lambda _: {"name": unique("template")}, lambda _: {"fps": "25"}),
    "entity-types": Spec(lambda _: {"name": unique("etype")}, renamed("etype")),
    "entities": Spec(
        lambda r: {
            "name": unique("asset"),
            "project_id": r.id("projects"),
            "entity_type_id": r.base("entity-types", "Character"),
        },
        lambda _: {"description": "a hero", "nb_frames": 12},
    ),
    "entity-links": Spec(
        lambda r: {"entity_in_id": r.id("entities"), "entity_out_id": r.create("entities")["id"]},
        lambda _: {"nb_occurences": 3, "label": "fixed"},
    ),
    "asset-instances": Spec(
        lambda r: {"asset_id": r.id("entities"), "name": "instance", "number": 1},
        lambda _: {"description": "second", "number": 2},
    ),
    "task-types": Spec(lambda _: {"name": unique("tt"), "for_entity": "Asset"}, lambda _: {"color": "#445566"}),
    "task-status": Spec(
        lambda _: {"name": unique("ts"), "short_name": unique("t"), "color": "#112233"},
        lambda _: {"color": "#445566", "is_done": True},
    ),
    "tasks": Spec(task_body, lambda _: {"priority": 2, "description": "do it"}),
    "time-spents": Spec(
        lambda r: {"duration": 60.0, "date": "2030-01-02", "task_id": r.id("tasks"), "person_id": r.admin["id"]},
        lambda _: {"duration": 120.0},
    ),
    "subscriptions": Spec(
        lambda r: {"person_id": r.admin["id"], "task_id": r.id("tasks")},
        lambda r: {"entity_id": r.id("entities")},
    ),
    "comments": Spec(
        lambda r: {
            "object_id": r.id("tasks"),
            "object_type": "Task",
            "person_id": r.admin["id"],
            "task_status_id": r.base("task-status", "Todo"),
            "text": "first",
        },
        lambda _: {"text": "edited", "pinned": True},
    ),
    "attachment-files": Spec(
        lambda r: {
            "name": "a.png",
            "extension": "png",
            "mimetype": "image/png",
            "size": 3,
            "comment_id": r.id("comments"),
        },
        lambda _: {"name": "b.png"},
    ),
    "preview-files": Spec(
        lambda r: {"name": unique("preview"), "revision": 1, "extension": "png", "task_id": r.id("tasks")},
        lambda _: {"position": 2, "description": "better"},
    ),
    "preview-background-files": Spec(lambda _: {"name": unique("bg"), "extension": "hdr"}, renamed("bg")),
    "playlists": Spec(lambda r: {"name": unique("playlist"), "project_id": r.id("projects")}, renamed("playlist")),
    "working-files": Spec(
        lambda r: {
            "name": unique("work"),
            "revision": 1,
            "task_id": r.id("tasks"),
            "entity_id": r.id("entities"),
            "person_id": r.admin["id"],
            "software_id": r.id("softwares"),
        },
        lambda _: {"comment": "v2", "revision": 2},
    ),
    "output-files": Spec(
        lambda r: {
            "name": unique("out"),
            "revision": 1,
            "file_status_id": r.id("file-status"),
            "entity_id": r.id("entities"),
            "output_type_id": r.id("output-types"),
            "task_type_id": r.base("task-types", "Modeling"),
        },
        lambda _: {"comment": "approved", "size": 10},
    ),
    "file-status": Spec(lambda _: {"name": unique("fs"), "color": "#112233"}, renamed("fs")),
    "output-types": Spec(lambda _: {"name": unique("ot"), "short_name": "ot"}, lambda _: {"short_name": "out"}),
    "softwares": Spec(
        lambda _: {"name": unique("sw"), "short_name": "sw", "file_extension": "blend"},
        lambda _: {"version": "4.2"},
    ),
    "hardware-items": Spec(lambda _: {"name": unique("hw"), "short_name": "hw"}, lambda _: {"monthly_cost": 30}),
    "schedule-items": Spec(
        lambda r: {
            "project_id": r.id("projects"),
            "task_type_id": r.base("task-types", "Modeling"),
            "start_date": "2030-01-01",
            "end_date": "2030-02-01",
        },
        lambda _: {"man_days": 5, "end_date": "2030-03-01"},
    ),
    "milestones": Spec(
        lambda r: {"name": unique("ms"), "date": "2030-05-01", "project_id": r.id("projects")},
        lambda _: {"date": "2030-06-01"},
    ),
    "production-schedule-versions": Spec(
        lambda r: {"name": unique("v"), "project_id": r.id("projects")},
        lambda _: {"locked": True},
    ),
    "production-schedule-version-task-links": Spec(
        lambda r: {"production_schedule_version_id": r.id("production-schedule-versions"), "task_id": r.id("tasks")},
        lambda _: {"estimation": 3.5},
    ),
    "budgets": Spec(
        lambda r: {"name": unique("budget"), "project_id": r.id("projects"), "currency": "EUR"},
        lambda _: {"revision": 2},
    ),
    "budget-entries": Spec(
        lambda r: {
            "budget_id": r.id("budgets"),
            "department_id": r.id("departments"),
            "start_date": "2030-01-01",
            "months_duration": 3,
            "daily_salary": 300.0,
        },
        lambda _: {"months_duration": 4},
    ),
    "notifications": Spec(
        lambda r: {
            "notification_type": "comment",  # the column "type": "type" is the model name
            "person_id": r.admin["id"],
            "author_id": r.admin["id"],
            "comment_id": r.id("comments"),
            "task_id": r.id("tasks"),
        },
        lambda _: {"read": True},
    ),
    "news": Spec(
        lambda r: {"author_id": r.admin["id"], "task_id": r.id("tasks"), "comment_id": r.id("comments")},
        lambda _: {"change": True},
    ),
    "chats": Spec(
        lambda r: {"object_id": r.create("entities")["id"], "object_type": "entity"},
        lambda r: {"participants": [r.admin["id"]]},
    ),
    "chat-messages": Spec(
        lambda r: {"chat_id": r.id("chats"), "person_id": r.admin["id"], "text": "hello"},
        lambda _: {"text": "hello again"},
    ),
    "events": Spec(lambda _: {"name": "project:update", "data": {"a": 1}}, lambda _: {"data": {"a": 2}}),
    "search-filters": Spec(
        lambda r: {"list_type": "asset", "name": unique("sf"), "search_query": "hero", "person_id": r.admin["id"]},
        lambda _: {"search_query": "villain"},
    ),
    "search-filter-groups": Spec(
        lambda r: {"list_type": "asset", "name": unique("sfg"), "color": "#112233", "person_id": r.admin["id"]},
        renamed("sfg"),
    ),
    "plugins": Spec(
        lambda _: {
            "plugin_id": unique("plugin"),
            "name": "A plugin",
            "version": "1.0",
            "maintainer_name": "Ada",
            "license": "MIT",
        },
        lambda _: {"version": "1.1"},
    ),
    "custom-actions": Spec(
        lambda _: {"name": unique("action"), "url": "https://example.com/hook"},
        lambda _: {"url": "https://example.com/other"},
    ),
}


def assert_matches(record: Body, expected: Body, what: str) -> None:
    for key, value in expected.items():
        if key == "password":
            continue
        assert key in record, f"{what}: key {key!r} missing from {record}"
        got = record[key]
        if isinstance(value, list):
            assert sorted(map(str, got)) == sorted(map(str, value)), f"{what}: {key} = {got!r}, expected {value!r}"
        else:
            assert got == value, f"{what}: {key} = {got!r}, expected {value!r}"


def test_specs_cover_every_generic_route_group() -> None:
    names = generic_names()
    assert len(names) == 46
    assert set(SPECS) == names


def test_host_checks_and_version(live_server: Served) -> None:
    client = live_server.client()
    assert gazu.client.host_is_up(client=client) is True
    assert gazu.client.host_is_valid(client=client) is True
    version = gazu.client.get_api_version(client=client)
    assert isinstance(version, str)
    assert version


def test_login_and_current_user(live_server: Served) -> None:
    client = live_server.client()
    tokens = gazu.log_in(ADMIN_EMAIL, ADMIN_PASSWORD, client=client)
    assert tokens["login"] is True
    assert client.access_token == tokens["access_token"]
    user = gazu.client.get_current_user(client=client)
    assert user["email"] == ADMIN_EMAIL
    assert user["role"] == "admin"
    assert user["type"] == "Person"
    assert "password" not in user


def test_wrong_password_is_refused(live_server: Served) -> None:
    client = live_server.client()
    with pytest.raises(gazu.exception.AuthFailedException):
        gazu.log_in(ADMIN_EMAIL, "not-the-password", client=client)
    assert client.access_token is None


def test_projects(gazu_admin: Any) -> None:
    name = unique("My short")
    project = gazu.project.new_project(name, client=gazu_admin)
    assert project["name"] == name
    assert project["type"] == "Project"
    assert project["production_type"] == "short"
    # new_project is get-or-create: a second call returns the same project
    assert gazu.project.new_project(name, client=gazu_admin)["id"] == project["id"]

    assert gazu.project.get_project(project["id"], client=gazu_admin)["name"] == name
    assert gazu.project.get_project_by_name(name, client=gazu_admin)["id"] == project["id"]
    assert gazu.project.get_project_by_name(name.upper(), client=gazu_admin)["id"] == project["id"]
    assert gazu.project.get_project_by_name(unique("missing"), client=gazu_admin) is None

    project["description"] = "A short film"
    project["fps"] = "25"
    updated = gazu.project.update_project(project, client=gazu_admin)
    assert updated["description"] == "A short film"
    assert updated["fps"] == "25"
    again = gazu.project.get_project(project["id"], client=gazu_admin)
    assert (again["description"], again["fps"]) == ("A short film", "25")

    listed = gazu.project.all_projects(client=gazu_admin)
    assert project["id"] in {p["id"] for p in listed}


#: the generic lists the reference never pages
PLAIN_LISTS = frozenset(resource.name for resource in CRUD_RESOURCES if not resource.paged)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_generic_crud(gazu_admin: Any, name: str) -> None:
    records = Records(gazu_admin)
    spec = SPECS[name]
    try:
        body = spec.body(records)
        created: Body = gazu.client.create(name, body, client=gazu_admin)
        records.made.append((name, created))
        record_id = created["id"]
        assert uuid.UUID(record_id)
        assert created["type"], created
        assert_matches(created, body, f"POST /data/{name}")

        fetched = gazu.client.fetch_one(name, record_id, client=gazu_admin)
        assert fetched["id"] == record_id
        assert_matches(fetched, body, f"GET /data/{name}/id")

        assert [r["id"] for r in gazu.client.fetch_all(name, {"id": record_id}, client=gazu_admin)] == [record_id]
        everything = gazu.client.fetch_all(name, client=gazu_admin)
        assert record_id in {r["id"] for r in everything}
        if name not in PLAIN_LISTS:  # these answer a plain list whatever page, as the reference's
            paged = gazu.client.fetch_all(name, client=gazu_admin, paginated=True, limit=2)
            assert sorted(r["id"] for r in paged) == sorted(r["id"] for r in everything)

        change = spec.change(records)
        updated = gazu.client.update(name, record_id, change, client=gazu_admin)
        assert updated["id"] == record_id
        # the update answer leaves most relations (lists) out, as the reference's; the GET has them
        written = {key: value for key, value in change.items() if key in updated or not isinstance(value, list)}
        assert_matches(updated, written, f"PUT /data/{name}/id")
        assert_matches(gazu.client.fetch_one(name, record_id, client=gazu_admin), change, f"GET after PUT {name}")

        records.delete(name, created)
        with pytest.raises(RouteNotFoundException):
            gazu.client.fetch_one(name, record_id, client=gazu_admin)
        assert gazu.client.fetch_all(name, {"id": record_id}, client=gazu_admin) == []
    finally:
        records.cleanup()


def test_persons(gazu_admin: Any) -> None:
    email = f"{unique('artist')}@example.com"
    person = gazu.person.new_person("Jane", "Doe", email, password="artist-password", client=gazu_admin)
    assert person["email"] == email
    assert person["role"] == "user"
    assert "password" not in person
    assert gazu.person.new_person("Jane", "Doe", email, client=gazu_admin)["id"] == person["id"]
    assert gazu.person.get_person_by_email(email, client=gazu_admin)["id"] == person["id"]
    assert gazu.person.get_person_by_email(f"{unique('nobody')}@example.com", client=gazu_admin) is None
    everyone = gazu.person.all_persons(client=gazu_admin)
    assert {email, ADMIN_EMAIL} <= {p["email"] for p in everyone}
    assert all("password" not in p for p in everyone)

    artist = gazu.client.create_client(gazu_admin.host)
    gazu.log_in(email, "artist-password", client=artist)
    assert gazu.client.get_current_user(client=artist)["id"] == person["id"]


def test_task_statuses_and_types(gazu_admin: Any) -> None:
    statuses = gazu.task.all_task_statuses(client=gazu_admin)
    assert {"todo", "wip", "wfa", "done", "retake"} <= {s["short_name"] for s in statuses}
    assert all(s["type"] == "TaskStatus" for s in statuses)
    types = gazu.task.all_task_types(client=gazu_admin)
    assert "Modeling" in {t["name"] for t in types}
    assert all(t["type"] == "TaskType" for t in types)


def assert_logout_revokes(served: Served, attempts: int) -> None:
    client = served.client()
    gazu.log_in(ADMIN_EMAIL, ADMIN_PASSWORD, client=client)
    token = client.access_token
    headers = {"Authorization": f"Bearer {token}"}

    def status(path: str) -> int:
        # a new connection each time, so that the requests spread over the workers
        return httpx.get(f"{served.api}{path}", headers=headers, timeout=10).status_code

    assert [status("/auth/authenticated") for _ in range(attempts)] == [200] * attempts
    gazu.log_out(client=client)
    assert client.access_token is None
    refused = [status(path) for _ in range(attempts) for path in ("/auth/authenticated", "/data/projects")]
    assert refused == [401] * len(refused)

    client.access_token = token  # gazu with the old token is refused too
    with pytest.raises(NotAuthenticatedException):
        gazu.client.get_current_user(client=client)
    with pytest.raises(NotAuthenticatedException):
        gazu.project.all_projects(client=client)


def test_log_out_revokes_the_token(live_server: Served) -> None:
    assert_logout_revokes(live_server, attempts=2)


def test_log_out_revokes_the_token_across_workers(live_server_workers: Served) -> None:
    """With two workers, requests spread over both: the revoked token must fail on each."""
    pid = live_server_workers.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    assert len(children) >= 2, f"tenko serve --workers 2 runs {len(children)} child processes"
    assert_logout_revokes(live_server_workers, attempts=12)
