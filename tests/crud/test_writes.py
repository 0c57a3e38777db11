"""Update, delete and refused writes of every generic ``/data/<name>`` resource, as the admin."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from tenko.core.resource import Resource
from tests.crud.common import (
    WITH_READ_ONLY_RELATIONS,
    WITH_REFERENCES,
    WITH_UNIQUE,
    changed_value,
    closed_status_id,
    fills,
    params,
    prepare_delete,
    public_key,
    serving,
    strong_references,
    unique_columns,
    writable_column,
)
from tests.crud.factory import RESOURCES, Factory, is_required, parent_table
from tests.support import Api

BOGUS_TIME = "2001-02-03T04:05:06"


def required_field(resource: Resource) -> str | None:
    fields = resource.create_model.model_fields
    names = [c.name for c in resource.table.columns if is_required(c) and c.name in fields]
    return names[0] if names else None


def foreign_field(resource: Resource) -> str | None:
    """A foreign key the client writes (a required one first)."""
    fields = resource.create_model.model_fields
    columns = [c for c in resource.table.columns if c.foreign_keys and c.name in fields]
    columns.sort(key=lambda c: not is_required(c))
    return columns[0].name if columns else None


async def check_error(response: Any, *mentions: str) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] is True and body["message"]
    for text in mentions:
        assert text in response.text, f"the error names {text}: {response.text}"


@params(serving("update"))
async def test_update_changes_writable_columns_only(admin: Api, factory: Factory, resource: Resource) -> None:
    column = writable_column(resource)
    created = await factory.create(resource, fill=[column])
    parent = parent_table(resource.table.c[column])
    new_value = await factory.parent_id(parent) if parent else changed_value(resource, column, created[column])
    body: dict[str, Any] = {
        column: new_value,
        "id": str(uuid.uuid4()),
        "created_at": BOGUS_TIME,
        "updated_at": BOGUS_TIME,
        "type": "Bogus",
    }
    path = f"/data/{resource.name}/{created['id']}"
    if "project_id" in resource.table.c and resource.name != "projects":
        # a record never moves to another project: refused, not ignored (issue 14)
        moved = await admin.put(path, json={**body, "project_id": await factory.parent_id("project")})
        assert moved.status_code == 400 and "project_id" in moved.json()["message"], moved.text
        assert await admin.ok("GET", path) == created
        body["project_id"] = created["project_id"]  # sent back unchanged, as clients do: accepted
    updated = await admin.ok("PUT", path, body)
    assert updated[column] == new_value
    assert (updated["id"], updated["created_at"], updated["type"]) == (
        created["id"],
        created["created_at"],
        resource.type_name,
    )
    assert updated.get("project_id") == created.get("project_id"), "project_id is protected"
    assert updated.get("updated_at") != BOGUS_TIME
    again = await admin.ok("GET", f"/data/{resource.name}/{created['id']}")
    assert {key: again[key] for key in updated} == updated
    # the reference's update answers leave the relations out (except where it keeps them)
    assert not resource.update_without & set(updated)


@params(serving("update", WITH_READ_ONLY_RELATIONS))
async def test_update_ignores_read_only_relations(admin: Api, factory: Factory, resource: Resource) -> None:
    created = await factory.create(resource)
    keys = [relation.key for relation in resource.relations if not relation.writable]
    body = {key: [str(uuid.uuid4())] for key in keys}
    url = f"/data/{resource.name}/{created['id']}"
    before = await admin.ok("GET", url)
    await admin.ok("PUT", url, body)
    after = await admin.ok("GET", url)
    assert {key: after[key] for key in keys} == {key: before[key] for key in keys}


@params(serving("delete"))
async def test_delete_then_gone(admin: Api, factory: Factory, resource: Resource) -> None:
    created = await factory.create(resource)
    await prepare_delete(admin, resource, created)
    await admin.ok("DELETE", f"/data/{resource.name}/{created['id']}")
    response = await admin.get(f"/data/{resource.name}/{created['id']}")
    assert response.status_code == 404
    assert response.json()["error"] is True
    assert (await admin.delete(f"/data/{resource.name}/{created['id']}")).status_code == 404


@params(serving("delete", WITH_REFERENCES))
async def test_delete_refused_while_referenced(admin: Api, factory: Factory, resource: Resource) -> None:
    created = await factory.create(resource)
    await prepare_delete(admin, resource, created)
    reference = strong_references(resource)[0]
    await factory.insert(reference.table, **{reference.column.name: uuid.UUID(created["id"])})
    refused = await admin.delete(f"/data/{resource.name}/{created['id']}")
    await check_error(refused, reference.table.name)
    await admin.ok("GET", f"/data/{resource.name}/{created['id']}")
    await admin.ok("DELETE", f"/data/{resource.name}/{created['id']}?force=true")
    assert (await admin.get(f"/data/{resource.name}/{created['id']}")).status_code == 404
    statement = select(func.count()).select_from(reference.table).where(reference.column == uuid.UUID(created["id"]))
    async with admin.server.context.db.sessionmaker() as session:
        assert (await session.execute(statement)).scalar() == 0, "force removes the dependents"


async def test_an_open_project_cannot_be_deleted(admin: Api, factory: Factory) -> None:
    project = await factory.create(RESOURCES["projects"])
    await check_error(await admin.delete(f"/data/projects/{project['id']}"), "close")
    await admin.ok("PUT", f"/data/projects/{project['id']}", {"project_status_id": await closed_status_id(admin)})
    await admin.ok("DELETE", f"/data/projects/{project['id']}")


@params([r for r in serving("create") if foreign_field(r)])
async def test_create_with_an_unknown_reference(admin: Api, factory: Factory, resource: Resource) -> None:
    field = foreign_field(resource)
    assert field is not None
    body = {**await factory.body(resource), field: str(uuid.uuid4())}
    await check_error(await admin.post(f"/data/{resource.name}", body), field)


@params([r for r in serving("create") if required_field(r)])
async def test_create_without_a_required_field(admin: Api, factory: Factory, resource: Resource) -> None:
    field = required_field(resource)
    assert field is not None
    body = await factory.body(resource)
    body.pop(public_key(resource, field))
    await check_error(await admin.post(f"/data/{resource.name}", body), public_key(resource, field))


@params(serving("create"))
async def test_create_ignores_unknown_and_read_only_keys(admin: Api, factory: Factory, resource: Resource) -> None:
    """A body copied from a record read back (with its timestamps, type and keys the server added)
    creates the record; what a client may not write is dropped, never stored."""
    read_back = {"no_such_field": 1, "created_at": BOGUS_TIME, "updated_at": BOGUS_TIME, "type": "Bogus"}
    body = {**await factory.body(resource), **read_back}
    created = await admin.ok("POST", f"/data/{resource.name}", body)
    assert "no_such_field" not in created and created["type"] == resource.type_name
    assert BOGUS_TIME not in (created.get("created_at"), created.get("updated_at"))


@params(serving("create", WITH_UNIQUE))
async def test_create_a_duplicate(admin: Api, factory: Factory, resource: Resource) -> None:
    names = unique_columns(resource, fills(resource))
    assert names is not None
    text = [name for name in names if name not in fills(resource)]
    first = await factory.create(resource, fill=text)
    body = await factory.body(resource, fill=text)
    key = {name: first[name] for name in names if name in resource.create_model.model_fields}
    response = await admin.post(f"/data/{resource.name}", {**body, **key})
    await check_error(response)
