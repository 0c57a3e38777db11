"""GET /data/persons/task-dates: each person's span of task dates, for production staff."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import Api, new_entity, new_project
from tests.tasks.studio import Studio, build_studio

PATH = "/data/persons/task-dates"


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def dated_task(admin: Api, project: dict[str, Any], studio: Studio, start: str, due: str) -> dict[str, Any]:
    entity = await new_entity(admin, project)
    body = {"name": "main", "project_id": project["id"], "entity_id": entity["id"], "assignees": [studio.artist.id]}
    task: dict[str, Any] = await admin.ok(
        "POST", "/data/tasks", {**body, "task_type_id": studio.task_type["id"], "start_date": start, "due_date": due}
    )
    return task


def by_person(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["person_id"]: row for row in rows}


async def test_staff_see_their_projects_dates_and_busy_periods_elsewhere(studio: Studio, admin: Api) -> None:
    await admin.ok("PUT", f"/data/tasks/{studio.task_id}", {"start_date": "2031-01-05", "due_date": "2031-01-20"})
    await dated_task(admin, studio.project, studio, "2031-01-10", "2031-02-01")
    elsewhere = await new_project(admin, team=[studio.artist])
    await dated_task(admin, elsewhere, studio, "2031-03-01", "2031-03-10")
    await dated_task(admin, elsewhere, studio, "2031-03-05", "2031-03-20")  # overlaps: one busy period

    seen = by_person(await studio.manager.ok("GET", PATH))
    team = (studio.manager, studio.supervisor, studio.other_supervisor, studio.artist, studio.other_artist)
    assert {person.id for person in team} <= set(seen) and studio.outsider.id not in seen
    artist = seen[studio.artist.id]
    assert artist["min_date"] == "2031-01-05T00:00:00" and artist["max_date"] == "2031-02-01T00:00:00"
    assert artist["busy_periods"] == [{"start_date": "2031-03-01T00:00:00", "end_date": "2031-03-20T00:00:00"}]
    idle = seen[studio.other_artist.id]
    assert idle["min_date"] is None and idle["max_date"] is None and idle["busy_periods"] == []
    assert by_person(await studio.supervisor.ok("GET", PATH))[studio.artist.id]["busy_periods"]

    everything = by_person(await admin.ok("GET", PATH))
    assert everything[studio.artist.id]["max_date"] == "2031-03-20T00:00:00"
    assert everything[studio.artist.id]["busy_periods"] == [] and studio.outsider.id in everything

    narrowed = by_person(await admin.ok("GET", f"{PATH}?project_id={elsewhere['id']}"))
    assert set(narrowed) == {studio.artist.id}
    assert narrowed[studio.artist.id]["min_date"] == "2031-03-01T00:00:00"
    own = by_person(await studio.manager.ok("GET", f"{PATH}?project_id={studio.project['id']}"))
    assert own[studio.artist.id]["max_date"] == "2031-02-01T00:00:00"


async def test_only_production_staff_may_ask(studio: Studio, admin: Api) -> None:
    for person in (studio.artist, studio.client, studio.vendor, studio.outsider):
        response = await person.get(PATH)
        assert response.status_code == 403, person.person["role"]
    elsewhere = await new_project(admin)
    assert (await studio.manager.get(f"{PATH}?project_id={elsewhere['id']}")).status_code == 403
    assert (await studio.manager.get(f"{PATH}?project_id=nope")).status_code == 400
    assert (await Api(admin.server, None).get(PATH)).status_code == 401


async def test_statement_count_does_not_grow_with_tasks(studio: Studio, admin: Api) -> None:
    elsewhere = await new_project(admin, team=[studio.artist])

    async def count() -> int:
        before = admin.count_statements().count
        await studio.manager.ok("GET", PATH)
        return admin.count_statements().count - before

    few = await count()
    for day in range(1, 6):
        await dated_task(admin, studio.project, studio, f"2031-05-0{day}", f"2031-05-1{day}")
        await dated_task(admin, elsewhere, studio, f"2031-06-0{day}", f"2031-06-1{day}")
    assert await count() == few
