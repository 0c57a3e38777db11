"""Many-to-many lists, events and the statement count of every generic resource."""

from __future__ import annotations

from typing import Any

import pytest

from tenko.api import CRUD_RESOURCES
from tenko.core.resource import Relation, Resource
from tests.conftest import Backend
from tests.crud.common import changed_value, params, prepare_delete, serving, writable_column
from tests.crud.factory import RESOURCES, Factory, parent_table
from tests.support import Api

WRITABLE = [
    pytest.param(resource, relation, id=f"{resource.name}.{relation.key}")
    for resource in serving("update")
    for relation in resource.relations
    if relation.writable
]


def target_table(relation: Relation) -> str:
    return str(next(iter(relation.remote_column.foreign_keys)).column.table.name)


@pytest.mark.parametrize(("resource", "relation"), WRITABLE)
async def test_many_to_many_lists_are_replaced(
    admin: Api, factory: Factory, resource: Resource, relation: Relation
) -> None:
    first, second = [await factory.parent_id(target_table(relation)) for _ in range(2)]
    created = await factory.create(resource, **{relation.key: [first]})
    url = f"/data/{resource.name}/{created['id']}"
    # the write answers carry the relations only where the reference's do (create_without, update_without)
    assert created.get(relation.key, [first]) == [first]
    assert (await admin.ok("GET", url))[relation.key] == [first]
    both = await admin.ok("PUT", url, {relation.key: [first, second]})
    assert sorted(both.get(relation.key, [first, second])) == sorted([first, second])
    assert sorted((await admin.ok("GET", url))[relation.key]) == sorted([first, second])
    only = await admin.ok("PUT", url, {relation.key: [second]})
    assert only.get(relation.key, [second]) == [second]
    assert (await admin.ok("GET", url))[relation.key] == [second]
    listed = await admin.ok("GET", f"/data/{resource.name}?{relation.key}={second}")
    assert created["id"] in [row["id"] for row in listed], "a relation key is a filter"
    listed = await admin.ok("GET", f"/data/{resource.name}?{relation.key}={first}")
    assert created["id"] not in [row["id"] for row in listed]


async def test_task_list_statements_do_not_grow_with_rows(admin: Api, factory: Factory, server: Backend) -> None:
    project = await factory.create(RESOURCES["projects"])
    person = await factory.parent_id("person")
    counts = []
    for size in (5, 40):
        while len(await admin.ok("GET", f"/data/tasks?project_id={project['id']}")) < size:
            await factory.create(RESOURCES["tasks"], project_id=project["id"], assignees=[person])
        before = server.counter.count
        rows = await admin.ok("GET", f"/data/tasks?project_id={project['id']}&relations=true")
        counts.append(server.counter.count - before)
        assert len(rows) == size and all(row["assignees"] == [person] for row in rows)
    assert counts[0] == counts[1], f"statements for 5 and 40 tasks: {counts}"


@params(CRUD_RESOURCES)
async def test_list_statements_do_not_grow_with_rows(admin: Api, factory: Factory, resource: Resource) -> None:
    made = [(await factory.create(resource))["id"] for _ in range(4)]
    counts = []
    for ids in (made[:1], made):
        quoted = ",".join(f'"{i}"' for i in ids)
        before = admin.server.counter.count
        rows = await admin.ok("GET", f"/data/{resource.name}?id=[{quoted}]&relations=true")
        counts.append(admin.server.counter.count - before)
        assert len(rows) == len(ids)
    assert counts[0] == counts[1], f"statements for 1 and 4 rows: {counts}"


async def events_of(admin: Api, name: str, key: str, record_id: str) -> list[dict[str, Any]]:
    events = await admin.ok("GET", f"/data/events?name={name}")
    return [event for event in events if (event.get("data") or {}).get(key) == record_id]


@params(serving("delete", serving("update", serving("create"))))
async def test_writes_record_events(admin: Api, factory: Factory, resource: Resource) -> None:
    column = writable_column(resource)
    created = await factory.create(resource, fill=[column])
    url = f"/data/{resource.name}/{created['id']}"
    parent = parent_table(resource.table.c[column])
    new_value = await factory.parent_id(parent) if parent else changed_value(resource, column, created[column])
    await admin.ok("PUT", url, {column: new_value})
    await prepare_delete(admin, resource, created)
    await admin.ok("DELETE", url)
    for action in ("new", "update", "delete"):
        name = f"{resource.event_name}:{action}"
        assert await events_of(admin, name, resource.id_key, created["id"]), f"no {name} event"
