"""The event log (/data/events/last, /data/events/names) and the login logs: filters, scope, refusals."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import insert

from tenko.core.model import table_of
from tenko.domains.events.models import ApiEvent
from tests.auth.shapes import shape
from tests.projects.shapes import check, like
from tests.support import Api, new_person, new_project, set_project_role


async def insert_event(admin: Api, name: str, project_id: str | None, when: dt.datetime) -> str:
    event_id = uuid.uuid4()
    project = uuid.UUID(project_id) if project_id else None
    values = {"id": event_id, "name": name, "project_id": project, "data": {"project_id": project_id}}
    async with admin.server.context.db.sessionmaker.begin() as session:
        await session.execute(insert(table_of(ApiEvent)).values(**values, created_at=when, updated_at=when))
    return str(event_id)


async def last(who: Api, query: str) -> Any:
    return await who.ok("GET", f"/data/events/last?{query}")


async def test_last_events_filters_and_order(admin: Api) -> None:
    project = await new_project(admin)
    day = dt.datetime(2021, 3, 4, 10, 0, 0)
    older = await insert_event(admin, "task:update", project["id"], day)
    newer = await insert_event(admin, "preview-file:add-file", project["id"], day + dt.timedelta(hours=1))
    elsewhere = await insert_event(admin, "task:update", None, day + dt.timedelta(minutes=30))
    period = "after=2021-03-04T00:00:00&before=2021-03-05"
    events = await last(admin, period)
    # the reference's ``data`` is the union of every event's keys: each event has its own
    check([{**shape("GET /data/events/last")[0], "data": "dict"}], events, "GET /data/events/last")
    assert [e["id"] for e in events] == [newer, elsewhere, older]
    assert events[0]["name"] == "preview-file:add-file" and events[0]["project_id"] == project["id"]
    assert [e["id"] for e in await last(admin, f"{period}&project_id={project['id']}")] == [newer, older]
    assert [e["id"] for e in await last(admin, f"{period}&only_files=true")] == [newer]
    assert len(await last(admin, f"{period}&only_files=False")) == 3  # gazu sends Python's spelling
    assert [e["id"] for e in await last(admin, f"{period}&name=task:update")] == [elsewhere, older]
    assert [e["id"] for e in await last(admin, f"{period}&limit=1")] == [newer]
    assert [e["id"] for e in await last(admin, "after=2021-03-04T10:45:00&before=2021-03-05")] == [newer]
    # what the API itself records appears too, newest first
    created = await new_project(admin)
    latest = await last(admin, "limit=20")
    assert any(e["name"] == "project:new" and e["project_id"] == created["id"] for e in latest)
    assert latest == sorted(latest, key=lambda e: e["created_at"], reverse=True)
    bad_values = ("limit=0", "limit=x", "after=soon", "before=9999-12-31T23:59:59-14:00", "project_id=nope")
    for bad in (*bad_values, "only_files=perhaps", "after=2021-01-01%00", "name=no%00such"):
        response = await admin.get(f"/data/events/last?{bad}")
        assert response.status_code == 400, bad
    assert (await admin.get(f"/data/events/last?project_id={uuid.uuid4()}")).status_code == 404


async def test_managers_read_their_projects_only(admin: Api, anon: Api) -> None:
    manager, artist, supervisor = [await new_person(admin, role) for role in ("user", "user", "supervisor")]
    managed = await new_project(admin, team=[manager, artist, supervisor])
    await set_project_role(admin, managed, manager, "manager")
    other = await new_project(admin, team=[manager])
    when = dt.datetime(2021, 5, 1, 8, 0, 0)
    mine = await insert_event(admin, "task:new", managed["id"], when)
    await insert_event(admin, "task:new", other["id"], when)
    await insert_event(admin, "person:new", None, when)
    events = await last(manager, "after=2021-05-01&before=2021-05-02")
    assert [e["id"] for e in events] == [mine]
    assert (await manager.get(f"/data/events/last?project_id={other['id']}")).status_code == 403
    in_project = await last(manager, f"project_id={managed['id']}&after=2021-05-01")
    assert mine in {e["id"] for e in in_project} and {e["project_id"] for e in in_project} == {managed["id"]}
    names = await manager.ok("GET", "/data/events/names")
    assert "task:new" in names and "person:new" not in names
    for refused in (artist, supervisor):
        assert (await refused.get("/data/events/last")).status_code == 403
        assert (await refused.get("/data/events/names")).status_code == 403
        assert (await refused.get(f"/data/events/last?project_id={managed['id']}")).status_code == 403
    assert (await anon.get("/data/events/last")).status_code == 401
    lonely = await new_person(admin, "manager")  # a production manager of no project yet
    assert await lonely.ok("GET", "/data/events/last") == []


async def test_event_names(admin: Api) -> None:
    project = await new_project(admin)
    await insert_event(admin, "zz-test:done", project["id"], dt.datetime(2021, 1, 1))
    names = await admin.ok("GET", "/data/events/names")
    like("GET /data/events/names", names)
    assert "zz-test:done" in names and "project:new" in names
    assert names == sorted(set(names))
    assert await admin.ok("GET", f"/data/events/names?project_id={project['id']}") == ["project:new", "zz-test:done"]


async def test_login_logs(admin: Api) -> None:
    person = await new_person(admin, "manager")
    again = await Api.login(admin.server, person.person["email"], person.password or "")
    logs = await admin.ok("GET", f"/data/events/login-logs/last?person_ids={person.id}")
    like("GET /data/events/login-logs/last", logs)
    assert len(logs) == 2 and all(log["person_id"] == person.id for log in logs)
    assert logs[0]["created_at"] >= logs[1]["created_at"]
    first = await admin.ok("GET", f"/data/events/login-logs/last?person_ids={person.id}&limit=1")
    assert first == logs[:1]
    cursor = f"cursor_login_log_id={first[0]['id']}"
    rest = await admin.ok("GET", f"/data/events/login-logs/last?person_ids={person.id}&{cursor}")
    assert rest == logs[1:]
    both = await admin.ok("GET", f"/data/events/login-logs/last?person_ids={person.id}&person_ids={admin.id}")
    assert {log["person_id"] for log in both} == {person.id, admin.id}
    assert await admin.ok("GET", "/data/events/login-logs/last?after=2999-01-01") == []
    assert (await admin.get(f"/data/events/login-logs/last?cursor_login_log_id={uuid.uuid4()}")).status_code == 404
    assert (await admin.get("/data/events/login-logs/last?person_ids=nope")).status_code == 400
    # the studio's logins and IP addresses are for admins only
    assert (await again.get("/data/events/login-logs/last")).status_code == 403


async def test_statement_count_is_constant(admin: Api) -> None:
    server = admin.server

    async def statements(path: str) -> int:
        start = server.counter.count
        await admin.ok("GET", path)
        return server.counter.count - start

    for _ in range(3):
        await new_project(admin)
    assert await statements("/data/events/last?limit=1") == await statements("/data/events/last?limit=50")
    small = await statements("/data/events/login-logs/last?limit=1")
    assert small == await statements("/data/events/login-logs/last?limit=50")
