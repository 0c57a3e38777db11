"""Open and all projects, a project's time spents and days off: visibility and statement counts."""

from __future__ import annotations

from typing import Any

from tests.conftest import Backend
from tests.projects.conftest import Crew
from tests.projects.shapes import like
from tests.projects.support import statements_of
from tests.support import Api, new_project, new_task


async def closed_status(admin: Api) -> str:
    return str((await admin.ok("GET", "/data/project-status?name=Closed"))[0]["id"])


async def test_open_lists_open_projects_with_their_settings(crew: Crew, admin: Api) -> None:
    closed = await new_project(admin, team=[crew.artist], project_status_id=await closed_status(admin))
    opened = await admin.ok("GET", "/data/projects/open")
    like("GET /data/projects/open", opened)
    ids = [p["id"] for p in opened]
    assert crew.id in ids and closed["id"] not in ids
    mine = next(p for p in opened if p["id"] == crew.id)
    assert set(mine["team"]) == {m.id for m in crew.members()}
    seen = {p["id"] for p in await crew.artist.ok("GET", "/data/projects/open")}
    assert crew.id in seen and closed["id"] not in seen
    assert crew.id not in [p["id"] for p in await crew.outsider.ok("GET", "/data/projects/open")]


async def test_all_lists_every_project_for_admins_and_their_own_for_others(crew: Crew, admin: Api) -> None:
    closed = await new_project(admin, team=[crew.artist], project_status_id=await closed_status(admin))
    everything = await admin.ok("GET", "/data/projects/all")
    like("GET /data/projects/all", everything)
    ids = {p["id"] for p in everything}
    assert {crew.id, closed["id"]} <= ids
    assert next(p for p in everything if p["id"] == closed["id"])["project_status_name"] == "Closed"
    seen = {p["id"] for p in await crew.artist.ok("GET", "/data/projects/all")}
    # non-admins see the projects they reach: open ones whose team they are in (as everywhere)
    assert crew.id in seen and closed["id"] not in seen
    assert seen <= {p["id"] for p in everything if p["project_status_name"] == "Open"}
    assert crew.id not in {p["id"] for p in await crew.outsider_manager.ok("GET", "/data/projects/all")}


async def test_project_lists_run_constant_statements(crew: Crew, admin: Api, server: Backend) -> None:
    before = [await statements_of(server, admin, path) for path in ("/data/projects/open", "/data/projects/all")]
    for _ in range(3):
        project = await new_project(admin, team=[crew.artist])
        await admin.ok(
            "POST", f"/data/projects/{project['id']}/metadata-descriptors", {"name": "D", "entity_type": "Shot"}
        )
    after = [await statements_of(server, admin, path) for path in ("/data/projects/open", "/data/projects/all")]
    assert after == before


async def spend(admin: Api, task: dict[str, Any], person: Api, date: str, duration: float) -> None:
    body = {"task_id": task["id"], "person_id": person.id, "date": date, "duration": duration}
    await admin.ok("POST", "/data/time-spents", body)


async def test_time_spents_of_a_project_and_of_a_task_type(crew: Crew, admin: Api, server: Backend) -> None:
    task = await new_task(admin, crew.project)
    other_project_task = await new_task(admin, await new_project(admin))
    await spend(admin, task, crew.artist, "2024-03-01", 2.5)
    await spend(admin, task, crew.supervisor, "2024-03-05", 4)
    await spend(admin, other_project_task, crew.artist, "2024-03-01", 1)
    path = f"/data/projects/{crew.id}/time-spents"
    listed = await crew.manager.ok("GET", path)
    like("GET /data/projects/{project_id}/time-spents", listed)
    assert sorted(t["duration"] for t in listed) == [2.5, 4]
    assert [t["person_id"] for t in await crew.artist.ok("GET", path)] == [crew.artist.id]  # their own only
    assert [t["date"] for t in await admin.ok("GET", f"{path}?start_date=2024-03-02")] == ["2024-03-05"]
    assert (await admin.get(f"{path}?end_date=yesterday")).status_code == 400
    assert (await crew.outsider.get(path)).status_code == 403
    by_type = await crew.supervisor.ok("GET", f"/data/projects/{crew.id}/task-types/{task['task_type_id']}/time-spents")
    like("GET /data/projects/{project_id}/task-types/{task_type_id}/time-spents", by_type)
    assert set(by_type) == {crew.artist.id, crew.supervisor.id}
    small = await statements_of(server, admin, path)
    for day in range(10, 15):
        await spend(admin, task, crew.artist, f"2024-03-{day}", 1)
    assert await statements_of(server, admin, path) == small


async def test_day_offs_of_the_team(crew: Crew, admin: Api, server: Backend) -> None:
    await admin.ok(
        "POST", "/data/day-offs", {"person_id": crew.artist.id, "date": "2024-05-01", "end_date": "2024-05-03"}
    )
    await admin.ok(
        "POST", "/data/day-offs", {"person_id": crew.supervisor.id, "date": "2024-06-01", "end_date": "2024-06-01"}
    )
    await admin.ok(
        "POST", "/data/day-offs", {"person_id": crew.outsider.id, "date": "2024-05-01", "end_date": "2024-05-01"}
    )
    path = f"/data/projects/{crew.id}/day-offs"
    grouped = await crew.manager.ok("GET", path)
    like("GET /data/projects/{project_id}/day-offs", grouped)
    assert set(grouped) == {crew.artist.id, crew.supervisor.id}  # not the outsider's
    assert set(await admin.ok("GET", f"{path}?start_date=2024-05-02&end_date=2024-05-31")) == {crew.artist.id}
    assert set(await crew.artist.ok("GET", path)) == {crew.artist.id}
    assert (await crew.outsider.get(path)).status_code == 403
    small = await statements_of(server, admin, path)
    for month in ("07", "08", "09"):
        await admin.ok(
            "POST",
            "/data/day-offs",
            {"person_id": crew.client.id, "date": f"2024-{month}-01", "end_date": f"2024-{month}-02"},
        )
    assert await statements_of(server, admin, path) == small
