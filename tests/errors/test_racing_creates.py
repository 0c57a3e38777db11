"""Identical creates at once: one record, the other callers refused with a 400 naming the duplicate
(as a repeated create is), or answered as a repeated add is when adding is idempotent."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.entities.factory import new_episode, new_sequence, new_shot
from tests.errors.races import RACERS, all_succeed, count, one_winner, race, table
from tests.support import Api, entity_type_id, new_entity, new_person, new_project, unique_name

Row = dict[str, Any]
ENTITY = table("entity")
#: where each kind is created, and the parent it is created under (None: the project itself)
KINDS = ["asset", "asset in an episode", "episode", "sequence", "sequence in an episode", "shot"]


async def creation(admin: Api, kind: str) -> tuple[Row, str, Row]:
    """A project, the route that creates one entity of ``kind``, and the body (without the name)."""
    project = await new_project(admin)
    base = f"/data/projects/{project['id']}"
    if kind.startswith("asset"):
        body: Row = {}
        if kind.endswith("episode"):
            body["episode_id"] = (await new_episode(admin, project))["id"]
        return project, f"{base}/asset-types/{await entity_type_id(admin, 'Prop')}/assets/new", body
    if kind == "episode":
        return project, f"{base}/episodes", {}
    if kind.startswith("sequence"):
        body = {"episode_id": (await new_episode(admin, project))["id"]} if kind.endswith("episode") else {}
        return project, f"{base}/sequences", body
    sequence = await new_sequence(admin, project, await new_episode(admin, project))
    return project, f"{base}/shots", {"sequence_id": sequence["id"]}


@pytest.mark.parametrize("kind", KINDS)
async def test_one_entity_per_name_in_its_parent(admin: Api, kind: str) -> None:
    project, path, body = await creation(admin, kind)
    name = unique_name("racer")

    async def create(i: int) -> httpx.Response:  # names differ only in case: the same name
        return await admin.post(path, {**body, "name": name.upper() if i % 2 else name})

    winner = one_winner(await race(create))
    assert winner["name"].lower() == name
    named = [ENTITY.c.project_id == uuid.UUID(project["id"]), ENTITY.c.name.in_([name, name.upper()])]
    assert await count(admin, "entity", *named) == 1
    # the same name elsewhere is another entity: in another project
    _, other_path, other_body = await creation(admin, kind)
    await admin.ok("POST", other_path, {**other_body, "name": name})


async def test_renaming_at_once_to_one_name_keeps_names_unique(admin: Api) -> None:
    project = await new_project(admin)
    sequence = await new_sequence(admin, project)
    shots = [await new_shot(admin, project, sequence) for _ in range(RACERS)]
    name = unique_name("renamed")

    async def rename(i: int) -> httpx.Response:
        return await admin.put(f"/data/shots/{shots[i]['id']}", {"name": name})

    one_winner(await race(rename), status=200)
    assert await count(admin, "entity", ENTITY.c.name == name) == 1


async def test_one_task_per_entity_task_type_and_name(admin: Api) -> None:
    project = await new_project(admin)
    entity = await new_entity(admin, project)
    task_type = (await admin.ok("GET", "/data/task-types?name=Modeling"))[0]
    body = {"name": "main", "project_id": project["id"], "entity_id": entity["id"], "task_type_id": task_type["id"]}
    one_winner(await race(lambda _: admin.post("/data/tasks", body)))
    tasks = table("task")
    assert await count(admin, "task", tasks.c.entity_id == uuid.UUID(entity["id"])) == 1


async def test_creating_the_tasks_of_a_task_type_at_once_makes_each_once(admin: Api) -> None:
    """The action is idempotent (it answers the existing tasks): racing calls all answer the same tasks."""
    project = await new_project(admin)
    entities = [await new_entity(admin, project) for _ in range(3)]
    task_type = (await admin.ok("GET", "/data/task-types?name=Modeling"))[0]
    path = f"/actions/projects/{project['id']}/task-types/{task_type['id']}/assets/create-tasks"
    answers = all_succeed(await race(lambda _: admin.post(path, [e["id"] for e in entities])), 201)
    assert len({tuple(sorted(task["id"] for task in answer)) for answer in answers}) == 1
    tasks = table("task")
    assert await count(admin, "task", tasks.c.project_id == uuid.UUID(project["id"])) == 3
    events = table("api_event")
    created = [events.c.name == "task:new", events.c.project_id == uuid.UUID(project["id"])]
    assert await count(admin, "api_event", *created) == 3


async def test_adding_a_team_member_at_once_makes_one_membership(admin: Api) -> None:
    project = await new_project(admin)
    person = await new_person(admin)
    path = f"/data/projects/{project['id']}/team"
    all_succeed(await race(lambda i: admin.post(path, {"person_id": person.id, "role": "supervisor"})), 201)
    links = table("project_person_link")
    mine = [links.c.project_id == uuid.UUID(project["id"]), links.c.person_id == uuid.UUID(person.id)]
    assert await count(admin, "project_person_link", *mine) == 1
    team = await admin.ok("GET", f"{path}")
    assert [member["project_role"] for member in team if member["id"] == person.id] == ["supervisor"]


async def test_setting_a_team_at_once_keeps_each_member_once(admin: Api) -> None:
    project = await new_project(admin)
    people = [await new_person(admin) for _ in range(3)]
    body = {"team": [person.id for person in people]}
    all_succeed(await race(lambda _: admin.put(f"/data/projects/{project['id']}", body)), 200)
    links = table("project_person_link")
    assert await count(admin, "project_person_link", links.c.project_id == uuid.UUID(project["id"])) == 3


async def test_assigning_at_once_makes_one_assignment(admin: Api) -> None:
    project = await new_project(admin)
    person = await new_person(admin)
    entity = await new_entity(admin, project)
    task_type = (await admin.ok("GET", "/data/task-types?name=Modeling"))[0]
    body = {"name": "main", "project_id": project["id"], "entity_id": entity["id"], "task_type_id": task_type["id"]}
    task = await admin.ok("POST", "/data/tasks", body)
    path = f"/actions/persons/{person.id}/assign"
    answers = all_succeed(await race(lambda _: admin.put(path, {"task_ids": [task["id"]]})), 200)
    assert all([t["assignees"] for t in answer] == [[person.id]] for answer in answers)
    links = table("task_person_link")
    assert await count(admin, "task_person_link", links.c.task_id == uuid.UUID(task["id"])) == 1
    team = table("project_person_link")
    mine = [team.c.project_id == uuid.UUID(project["id"]), team.c.person_id == uuid.UUID(person.id)]
    assert await count(admin, "project_person_link", *mine) == 1
    events = table("api_event")
    assigned = [events.c.name == "task:assign", events.c.project_id == uuid.UUID(project["id"])]
    assert await count(admin, "api_event", *assigned) == 1


async def test_adding_a_department_at_once_makes_one_link(admin: Api) -> None:
    person = await new_person(admin)
    department = await admin.ok("POST", "/data/departments", {"name": unique_name("dep"), "color": "#123456"})
    path = f"/actions/persons/{person.id}/departments/add"
    all_succeed(await race(lambda _: admin.post(path, {"department_id": department["id"]})), 201)
    links = table("department_link")
    assert await count(admin, "department_link", links.c.person_id == uuid.UUID(person.id)) == 1


async def test_one_entity_link_per_pair(admin: Api) -> None:
    project = await new_project(admin)
    shot = await new_shot(admin, project, await new_sequence(admin, project))
    asset = await new_entity(admin, project)
    body = {"entity_in_id": shot["id"], "entity_out_id": asset["id"]}
    one_winner(await race(lambda _: admin.post("/data/entity-links", body)))
    links = table("entity_link")
    assert await count(admin, "entity_link", links.c.entity_in_id == uuid.UUID(shot["id"])) == 1
    assert (await admin.ok("GET", f"/data/shots/{shot['id']}"))["nb_entities_out"] == 1
