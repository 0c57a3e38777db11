"""Shot quotas of a production: per task type (by person) and per person (by task type)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import gazu
from sqlalchemy import update

from tenko.core.model import table_of
from tenko.domains.tasks.models import Task
from tests.entities.factory import add_task, new_episode, new_production, new_sequence, new_shot, task_type_id
from tests.support import Api, new_person, new_project, set_project_role, unique_name

Row = dict[str, Any]


@dataclass
class Quotas:
    project: Row
    artist: Api
    other: Api
    supervisor: Api
    manager: Api
    animation: str
    layout: str
    tasks: dict[str, Row]

    def path(self, suffix: str, **params: str) -> str:
        query = "&".join(f"{key}={value}" for key, value in params.items())
        return f"/data/projects/{self.project['id']}/quotas/{suffix}" + (f"?{query}" if query else "")


async def set_done(admin: Api, task: Row, when: str | None, reviewed: bool = True) -> None:
    """The task done at ``when`` (and sent for review then, unless ``reviewed`` is False)."""
    table = table_of(Task)
    done = dt.datetime.fromisoformat(when) if when else None
    values = {"done_date": done, "end_date": done} if reviewed else {"done_date": done}
    async with admin.server.context.db.sessionmaker.begin() as session:
        await session.execute(update(table).where(table.c.id == uuid.UUID(task["id"])).values(**values))


async def set_reviewed(admin: Api, task: Row, when: str) -> None:
    """The task sent for review at ``when`` (``end_date``), not done."""
    table = table_of(Task)
    async with admin.server.context.db.sessionmaker.begin() as session:
        statement = update(table).where(table.c.id == uuid.UUID(task["id"]))
        await session.execute(statement.values(end_date=dt.datetime.fromisoformat(when), done_date=None))


async def log_time(admin: Api, task: Row, person: Api, day: str, minutes: int) -> None:
    path = f"/actions/tasks/{task['id']}/time-spents/{day}/persons/{person.id}"
    await admin.ok("POST", path, {"duration": minutes})


async def build(admin: Api, nb_extra_shots: int = 0) -> Quotas:
    """Two finished animation shots (100 and 50 frames), a finished layout, and work that never counts."""
    artist, other, supervisor, manager = [await new_person(admin, r) for r in ("user", "user", "supervisor", "user")]
    production = await new_production(admin, team=[artist, other, supervisor, manager], nb_shots=2, nb_assets=1)
    project = production.project
    await set_project_role(admin, project, manager, "manager")
    await set_project_role(admin, project, supervisor, "supervisor")
    await admin.ok("PUT", f"/data/projects/{project['id']}", {"fps": "25"})
    first, second = production.shots
    await admin.ok("PUT", f"/data/shots/{first['id']}", {"nb_frames": 100})
    await admin.ok("PUT", f"/data/shots/{second['id']}", {"nb_frames": 50})
    tasks = {
        "first": await add_task(admin, first, "Animation", [artist.id]),
        "second": await add_task(admin, second, "Animation", [artist.id, other.id]),
        "layout": await add_task(admin, first, "Layout", [artist.id]),
        "unfinished": await add_task(admin, second, "Layout", [other.id]),
        "asset": await add_task(admin, production.assets[0], "Animation", [artist.id]),
    }
    for name, when in (("first", "2024-06-12T10:00:00"), ("second", "2024-06-13T18:00:00")):
        await set_done(admin, tasks[name], when)
    await set_done(admin, tasks["layout"], "2024-06-14T09:00:00")
    await set_done(admin, tasks["asset"], "2024-06-12T09:00:00")
    for _ in range(nb_extra_shots):
        shot = await new_shot(admin, project, production.sequence, nb_frames=10)
        await set_done(admin, await add_task(admin, shot, "Animation", [other.id]), "2024-07-01T09:00:00")
    elsewhere = await new_production(admin, team=[artist], nb_shots=1, nb_assets=0)
    await set_done(admin, await add_task(admin, elsewhere.shots[0], "Animation", [artist.id]), "2024-06-12T09:00:00")
    animation, layout = await task_type_id(admin, "Animation"), await task_type_id(admin, "Layout")
    return Quotas(project, artist, other, supervisor, manager, animation, layout, tasks)


async def test_task_type_quotas_count_each_persons_finished_shots(admin: Api) -> None:
    q = await build(admin)
    result = await admin.ok("GET", q.path(q.animation, detail="day", count_mode="done"))
    assert set(result) == {q.artist.id, q.other.id, "total"}
    artist, other, total = result[q.artist.id], result[q.other.id], result["total"]
    assert artist["day"]["frames"] == {"2024-06-12": 100, "2024-06-13": 50}
    assert artist["day"]["seconds"] == {"2024-06-12": 4, "2024-06-13": 2}
    assert artist["day"]["count"] == {"2024-06-12": 1, "2024-06-13": 1}
    assert artist["day"]["entries"] == {"2024-06": 2}
    assert artist["week"]["frames"] == {"2024-24": 150} and artist["week"]["entries"] == {"2024": 1}
    assert artist["month"]["frames"] == {"2024-06": 150} and artist["month"]["entries"] == {"2024": 1}
    assert artist["year"] == {"frames": {"2024": 150}, "seconds": {"2024": 6}, "count": {"2024": 2}}
    assert other["day"]["frames"] == {"2024-06-13": 50}
    assert total["day"]["frames"] == {"2024-06-12": 100, "2024-06-13": 100}
    assert total["day"]["count"] == {"2024-06-12": 1, "2024-06-13": 2}
    layout = await admin.ok("GET", q.path(q.layout, count_mode="done"))
    assert set(layout) == {q.artist.id, "total"} and layout[q.artist.id]["day"]["frames"] == {"2024-06-14": 100}


async def test_weighted_quotas_follow_the_logged_time(admin: Api) -> None:
    """gazu's ``get_project_quotas`` sends no ``count_mode``: the reference's default, ``weighted``,
    spreads each reviewed shot over the days its people logged time on it (no time: no count)."""
    q = await build(admin)
    for day, minutes in (("2024-06-10", 60), ("2024-06-11", 180)):
        await log_time(admin, q.tasks["first"], q.artist, day, minutes)
    result = await admin.ok("GET", q.path(q.animation))
    assert result == await admin.ok("GET", q.path(q.animation, count_mode="weighted"))
    assert set(result) == {q.artist.id, "total"}  # the second shot has no time logged
    artist = result[q.artist.id]
    assert artist["day"]["frames"] == {"2024-06-10": 25, "2024-06-11": 75}
    assert artist["day"]["count"] == {"2024-06-10": 0.25, "2024-06-11": 0.75}
    assert artist["week"]["frames"] == {"2024-24": 100} and artist["week"]["count"] == {"2024-24": 1}
    # weighteddone counts done tasks only; weighted those sent for review
    assert await admin.ok("GET", q.path(q.animation, count_mode="weighteddone")) == result
    await set_reviewed(admin, q.tasks["first"], "2024-06-11T18:00:00")
    assert await admin.ok("GET", q.path(q.animation, count_mode="weighted")) == result
    assert await admin.ok("GET", q.path(q.animation, count_mode="weighteddone")) == {}
    # the reference refuses its old misspelling
    assert (await admin.get(q.path(q.animation, count_mode="weigthed"))).status_code == 400


async def test_feedback_quotas_count_the_first_review_request(admin: Api) -> None:
    q = await build(admin)
    statuses = await admin.ok("GET", "/data/task-status?short_name=wfa")
    second = q.tasks["second"]["id"]
    await admin.ok("POST", f"/actions/tasks/{second}/comment", {"task_status_id": statuses[0]["id"], "comment": "v1"})
    today = dt.datetime.now(dt.UTC).date().isoformat()
    result = await admin.ok("GET", q.path(q.animation, count_mode="feedback"))
    assert set(result) == {q.artist.id, q.other.id, "total"}
    assert result[q.artist.id]["day"]["frames"] == {today: 50}
    assert result["total"]["day"]["count"] == {today: 2}


async def test_person_quotas_are_keyed_by_task_type(admin: Api) -> None:
    q = await build(admin)
    result = await q.artist.ok("GET", q.path(f"persons/{q.artist.id}", detail="week", count_mode="done"))
    assert set(result) == {q.animation, q.layout, "total"}
    assert result[q.animation]["day"]["frames"] == {"2024-06-12": 100, "2024-06-13": 50}
    assert result[q.layout]["day"]["frames"] == {"2024-06-14": 100}
    assert result["total"]["week"]["frames"] == {"2024-24": 250}
    assert result["total"]["day"]["entries"] == {"2024-06": 3}
    other = await admin.ok("GET", q.path(f"persons/{q.other.id}", count_mode="done"))
    assert set(other) == {q.animation, "total"}
    assert await admin.ok("GET", q.path(f"persons/{q.manager.id}")) == {}


async def test_filters_on_episode_and_studio(admin: Api) -> None:
    q = await build(admin)
    episodes = await admin.ok("GET", f"/data/projects/{q.project['id']}/episodes")
    result = await admin.ok("GET", q.path(q.animation, episode_id=episodes[0]["id"], count_mode="done"))
    assert set(result) == {q.artist.id, q.other.id, "total"}
    empty = await new_episode(admin, q.project)
    await new_sequence(admin, q.project, empty)
    assert await admin.ok("GET", q.path(q.animation, episode_id=empty["id"], count_mode="done")) == {}
    studio = await admin.ok("POST", "/data/studios", {"name": f"studio-{uuid.uuid4().hex[:6]}", "color": "#000000"})
    await admin.ok("PUT", f"/data/persons/{q.other.id}", {"studio_id": studio["id"]})
    result = await admin.ok("GET", q.path(q.animation, studio_id=studio["id"], count_mode="done"))
    assert set(result) == {q.other.id, "total"}


async def test_who_may_read_quotas(admin: Api) -> None:
    q = await build(admin)
    outsider = await new_person(admin, "user")
    own, others = q.path(f"persons/{q.artist.id}"), q.path(f"persons/{q.other.id}")
    for staff in (admin, q.manager, q.supervisor):
        for path in (q.path(q.animation), own, others):
            assert (await staff.get(path)).status_code == 200, path
    assert (await q.artist.get(own)).status_code == 200
    for who, path in ((q.artist, q.path(q.animation)), (q.artist, others), (outsider, q.path(q.animation))):
        response = await who.get(path)
        assert response.status_code == 403, path
        assert response.json()["error"] is True
    assert (await outsider.get(q.path(f"persons/{outsider.id}"))).status_code == 403


async def test_bad_requests(admin: Api) -> None:
    project = await new_project(admin)
    animation = await task_type_id(admin, "Animation")
    base = f"/data/projects/{project['id']}/quotas"
    cases = [
        (f"{base}/{uuid.uuid4()}", 404),
        (f"{base}/nope", 400),
        (f"{base}/persons/{uuid.uuid4()}", 404),
        (f"{base}/persons/nope", 400),
        (f"{base}/{animation}?count_mode=bogus", 400),
        (f"{base}/{animation}?detail=decade", 400),
        (f"{base}/{animation}?episode_id=nope", 400),
        (f"{base}/{animation}?studio_id=nope", 400),
        (f"/data/projects/{uuid.uuid4()}/quotas/{animation}", 404),
        (f"/data/projects/nope/quotas/{animation}", 400),
    ]
    for path, status in cases:
        response = await admin.get(path)
        assert response.status_code == status, (path, response.text)
        assert response.json()["error"] is True
    assert await admin.ok("GET", f"{base}/{animation}") == {}


async def test_quotas_run_a_constant_number_of_statements(admin: Api) -> None:
    small, large = await build(admin), await build(admin, nb_extra_shots=12)
    for q in (small, large):  # time logged on every finished shot, so that the weighted modes count them
        for name in ("first", "second"):
            await log_time(admin, q.tasks[name], q.other if name == "second" else q.artist, "2024-06-10", 60)
    for mode in ("done", "weighted", "weighteddone", "feedback"):
        for suffix in ("{animation}", "persons/{other}"):
            found = []
            for q in (small, large):
                path = q.path(suffix.format(animation=q.animation, other=q.other.id), count_mode=mode)
                before = admin.server.counter.count
                await admin.ok("GET", path)
                found.append(admin.server.counter.count - before)
            assert found[0] == found[1], (mode, suffix, found)
    many = await admin.ok("GET", large.path(large.animation, count_mode="done"))
    assert many["total"]["month"]["count"] == {"2024-06": 3, "2024-07": 12}


def test_gazu_reads_the_quotas(gazu_admin: Any) -> None:
    client = gazu_admin
    project = gazu.project.new_project(unique_name("gazu-quotas"), client=client)
    sequence = gazu.shot.new_sequence(project, "SQ01", client=client)
    shot = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=48, client=client)
    animation = gazu.task.get_task_type_by_name("Animation", for_entity="Shot", client=client)
    me = gazu.client.get_current_user(client=client)
    task = gazu.task.new_task(shot, animation, assignees=[me], client=client)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    gazu.task.add_time_spent(task, me, today, 120, client=client)  # the default mode counts logged time
    gazu.task.add_comment(task, gazu.task.get_task_status_by_short_name("done", client=client), client=client)
    quotas = gazu.project.get_project_quotas(project, animation, client=client)
    assert quotas[me["id"]]["day"]["frames"] == {today: 48}
    mine = gazu.project.get_project_person_quotas(project, me, client=client)
    assert mine[animation["id"]]["day"]["count"] == {today: 1} and mine["total"]["day"]["frames"] == {today: 48}
