"""A person's time sheets, days off, quotas and presence sheet; the studio time tables."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from tests.support import Api
from tests.user.world import World, build_world, check_item, check_items

DATES = ("2024-05-02", "2024-05-03", "2024-06-10")


@pytest.fixture(scope="module")
async def world(admin: Api) -> World:
    world = await build_world(admin)
    for date, task in zip(DATES, (world.asset_task, world.shot_task, world.shot_task), strict=True):
        body = {"task_id": task["id"], "person_id": world.artist.id, "date": date, "duration": 60}
        await admin.ok("POST", "/data/time-spents", body)
    off = {"person_id": world.artist.id, "date": "2024-05-06", "end_date": "2024-05-08", "description": "away"}
    await world.artist.ok("POST", "/data/day-offs", off)
    return world


async def test_person_time_spents_by_period(world: World) -> None:
    me = f"/data/persons/{world.artist.id}/time-spents"
    rows = await world.artist.ok("GET", f"{me}?start_date=2024-05-01&end_date=2024-05-31")
    check_items("GET /data/persons/{person_id}/time-spents", rows)
    assert [r["date"] for r in rows] == list(DATES[:2])
    check_items("GET /data/persons/{person_id}/time-spents/{date}", await world.artist.ok("GET", f"{me}/2024-05-02"))
    month = await world.artist.ok("GET", f"{me}/month/all/2024/05")
    check_items("GET /data/persons/{person_id}/time-spents/month/all/{year}/{month}", month)
    assert len(month) == 2
    periods = {
        f"{me}/year/2024": ("GET /data/persons/{person_id}/time-spents/year/{year}", 120.0),
        f"{me}/month/2024/05": ("GET /data/persons/{person_id}/time-spents/month/{year}/{month}", 60.0),
        f"{me}/week/2024/18": ("GET /data/persons/{person_id}/time-spents/week/{year}/{week}", 60.0),
        f"{me}/day/2024/05/03": ("GET /data/persons/{person_id}/time-spents/day/{year}/{month}/{day}", 60.0),
    }
    for path, (route, shot_minutes) in periods.items():
        rows = await world.artist.ok("GET", path)
        check_items(route, rows)
        shot = next(r for r in rows if r["task_id"] == world.shot_task["id"])
        assert shot["duration"] == shot_minutes, path
        assert shot["sequence_name"] == world.sequence["name"] and shot["episode_name"] == world.episode["name"]
    assert await world.artist.ok("GET", f"{me}/year/2024?project_id={world.outsider.id}") == []
    # managers read the time of their projects; other artists are refused
    assert len(await world.manager.ok("GET", f"{me}/year/2024")) == 2
    for path in (me, f"{me}/2024-05-02", f"{me}/year/2024", f"{me}/month/all/2024/05"):
        assert (await world.other.get(path)).status_code == 403, path
    for bad in ("year/0", "month/2024/13", "week/2024/54", "day/2024/02/30", "not-a-date", "year/x"):
        assert (await world.artist.get(f"{me}/{bad}")).status_code == 400, bad


async def test_time_tables(world: World) -> None:
    base = "/data/persons/time-spents"
    me = world.artist.id
    expected = {
        f"{base}/day-table/2024/05": {"2": {me: 60.0}, "3": {me: 60.0}},
        f"{base}/week-table/2024": {"18": {me: 120.0}, "24": {me: 60.0}},
        f"{base}/month-table/2024": {"5": {me: 120.0}, "6": {me: 60.0}},
        f"{base}/year-table": {"2024": {me: 180.0}},
    }
    for path, table in expected.items():
        assert await world.admin.ok("GET", f"{path}?project_id={world.project['id']}") == table, path
        assert await world.artist.ok("GET", f"{path}?project_id={world.project['id']}") == table, path
        # another artist sees only their own column
        assert await world.other.ok("GET", f"{path}?project_id={world.project['id']}") == {}, path
    month = await world.admin.ok("GET", f"{base}/month-table/2024?project_id={world.project['id']}")
    assert month == {"5": {world.artist.id: 120.0}, "6": {world.artist.id: 60.0}}
    assert (await world.admin.get(f"{base}/month-table/abc")).status_code == 400


async def test_days_off(world: World) -> None:
    me = f"/data/persons/{world.artist.id}/day-offs"
    routes = {
        me: "GET /data/persons/{person_id}/day-offs",
        f"{me}/year/2024": "GET /data/persons/{person_id}/day-offs/year/{year}",
        f"{me}/month/2024/05": "GET /data/persons/{person_id}/day-offs/month/{year}/{month}",
        f"{me}/week/2024/19": "GET /data/persons/{person_id}/day-offs/week/{year}/{week}",
    }
    for path, route in routes.items():
        check_items(route, await world.artist.ok("GET", path))
        assert (await world.other.get(path)).status_code == 403
        assert len(await world.admin.ok("GET", path)) == 1
    assert await world.artist.ok("GET", f"{me}/month/2024/06") == []
    check_item("GET /data/persons/{person_id}/day-offs/{date}", await world.artist.ok("GET", f"{me}/2024-05-07"))
    # the web app's "my tasks" asks for every day it shows: a day without a day off is {} (the reference's answer)
    assert await world.artist.ok("GET", f"{me}/2024-05-09") == {}
    assert (await world.other.get(f"{me}/2024-05-07")).status_code == 403
    year = await world.admin.ok("GET", "/data/persons/day-offs/2024")
    assert world.artist.id in {d["person_id"] for d in year}
    check_items("GET /data/persons/day-offs/{year}", year)
    check_items(
        "GET /data/persons/day-offs/{year}/{month}", await world.artist.ok("GET", "/data/persons/day-offs/2024/05")
    )
    assert await world.other.ok("GET", "/data/persons/day-offs/2024/05") == []
    assert (await world.artist.get("/data/persons/day-offs/2024/13")).status_code == 400


async def test_quota_shots(world: World, admin: Api) -> None:
    statuses = {s["short_name"]: s["id"] for s in await admin.ok("GET", "/data/task-status")}
    await admin.ok("POST", f"/actions/tasks/{world.shot_task['id']}/comment", {"task_status_id": statuses["done"]})
    task = await admin.ok("GET", f"/data/tasks/{world.shot_task['id']}")
    done = (task["done_date"] or task["end_date"])[:10]
    year, month, day = done.split("-")
    me = f"/data/persons/{world.artist.id}/quota-shots"
    shots = await world.artist.ok("GET", f"{me}/day/{year}/{month}/{day}?count_mode=done")
    assert [(s["id"], s["weight"]) for s in shots] == [(world.shot["id"], 1)]
    monthly = f"{me}/month/{year}/{month}?count_mode=done"
    assert [s["id"] for s in await world.manager.ok("GET", monthly)] == [world.shot["id"]]
    week = dt.date(int(year), int(month), int(day)).isocalendar().week
    assert len(await world.artist.ok("GET", f"{me}/week/{year}/{week}?count_mode=done")) == 1
    assert await world.artist.ok("GET", f"{me}/month/2001/01?count_mode=done") == []
    # without count_mode, the reference's weighted mode: the share of the time logged in the period
    assert await world.artist.ok("GET", f"{me}/month/2024/03") == []
    for logged_on, minutes in (("2024-03-04", 60), ("2024-04-02", 180)):
        path = f"/actions/tasks/{world.shot_task['id']}/time-spents/{logged_on}/persons/{world.artist.id}"
        await admin.ok("POST", path, {"duration": minutes})
    march = await world.artist.ok("GET", f"{me}/month/2024/03")
    assert [s["id"] for s in march] == [world.shot["id"]] and 0 < march[0]["weight"] < 1
    april = await world.artist.ok("GET", f"{me}/month/2024/04?count_mode=weighteddone")
    assert abs(april[0]["weight"] - 3 * march[0]["weight"]) < 1e-9  # 180 minutes logged in April, 60 in March
    assert (await world.other.get(f"{me}/month/{year}/{month}")).status_code == 403
    assert (await world.artist.get(f"{me}/month/{year}/{month}?count_mode=magic")).status_code == 400


async def test_presence_sheet(world: World) -> None:
    await world.artist.ok("POST", "/data/user/desktop-login-logs", {"date": "2024-05-02T09:15:00"})
    response = await world.admin.get("/data/persons/presence-logs/2024-05")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:3] == ["Person", "01", "02"] and len(rows[0]) == 32
    mine = next(r for r in rows if r[0] == f"{world.artist.person['first_name']} {world.artist.person['last_name']}")
    assert mine[2] == "09:15" and mine[1] == ""
    assert (await world.artist.get("/data/persons/presence-logs/2024-05")).status_code == 403
    assert (await world.admin.get("/data/persons/presence-logs/2024")).status_code == 400


async def test_person_lists_run_a_constant_number_of_statements(world: World, admin: Api) -> None:
    me = f"/data/persons/{world.artist.id}"
    paths = [
        f"{me}/time-spents",
        f"{me}/time-spents/year/2024",
        f"{me}/day-offs",
        "/data/persons/time-spents/year-table",
    ]

    async def statements() -> list[int]:
        counts = []
        for path in paths:
            before = admin.server.counter.count
            await world.artist.ok("GET", path)
            counts.append(admin.server.counter.count - before)
        return counts

    small = await statements()
    for day in ("2024-07-01", "2024-07-02", "2024-07-03"):
        body = {"task_id": world.asset_task["id"], "person_id": world.artist.id, "date": day, "duration": 30}
        await admin.ok("POST", "/data/time-spents", body)
        off = {"person_id": world.artist.id, "date": day.replace("07", "08", 1), "end_date": day.replace("07", "08", 1)}
        await world.artist.ok("POST", "/data/day-offs", off)
    assert await statements() == small
