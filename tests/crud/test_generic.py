"""Create, read and list every generic ``/data/<name>`` resource as the admin (issue 2, item 5)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from tenko.api import CRUD_RESOURCES
from tenko.core.resource import Resource
from tests.crud.common import (
    GENERIC,
    SHAPE_ALLOWLIST,
    WITH_RELATIONS,
    WITH_SECRETS,
    WITH_TEXT,
    column_keys,
    params,
    shape_keys,
    text_column,
)
from tests.crud.factory import Factory
from tests.support import Api

ENVELOPE = {"data", "total", "nb_pages", "limit", "offset", "page"}


def ids_of(rows: list[dict[str, Any]]) -> list[str]:
    return [row["id"] for row in rows]


def json_types(resource: Resource) -> list[str]:
    """The JSON ``type`` values of a resource: its name, or what a decorator says (an entity's kind)."""
    return list(resource.decorated.get("type", {}).get("enum", [resource.type_name]))


def in_filter(ids: list[str]) -> str:
    return json.dumps(ids)


@params(CRUD_RESOURCES)
async def test_create_then_read(admin: Api, factory: Factory, resource: Resource) -> None:
    created = await factory.create(resource)
    assert column_keys(resource) <= set(created), "every column is serialised"
    assert not resource.hidden & set(created), "a hidden column never leaves the server"
    again = await admin.ok("GET", f"/data/{resource.name}/{created['id']}")
    assert again["type"] == created["type"] and created["type"] in json_types(resource)
    if "create" in GENERIC[resource.name]:
        # the create answer is the record less what the reference's POST leaves out
        assert {key: value for key, value in again.items() if key not in resource.create_without} == created
    else:  # a hand-written creation may name the type differently (an entity is an "Asset")
        assert {key: again[key] for key in column_keys(resource) - {"type"}} == {
            key: created[key] for key in column_keys(resource) - {"type"}
        }
    expected = shape_keys(f"GET /data/{resource.name}/{{instance_id}}") - SHAPE_ALLOWLIST.get(resource.name, set())
    assert expected - set(again) == set(), "GET one serves every key shapes.json records"


@params(CRUD_RESOURCES)
async def test_list_contains_the_record(admin: Api, factory: Factory, resource: Resource) -> None:
    created = await factory.sample(resource)
    listed = await admin.ok("GET", f"/data/{resource.name}")
    assert isinstance(listed, list)
    item = next(row for row in listed if row["id"] == created["id"])
    assert item["type"] == created["type"] and created["type"] in json_types(resource)
    for key in column_keys(resource) - {"type"}:
        assert item[key] == created[key], key
    expected = shape_keys(f"GET /data/{resource.name}") - SHAPE_ALLOWLIST.get(resource.name, set())
    assert expected - set(item) == set(), "list items serve every key shapes.json records"
    assert not resource.hidden & set(item)


PAGED = [resource for resource in CRUD_RESOURCES if resource.paged]


@params(PAGED)
async def test_pages_follow_a_stable_order(admin: Api, factory: Factory, resource: Resource) -> None:
    made = [await factory.create(resource) for _ in range(3)]
    ids = in_filter(ids_of(made))
    whole = await admin.ok("GET", f"/data/{resource.name}?id={ids}")
    assert sorted(ids_of(whole)) == sorted(ids_of(made)), "a JSON list means IN"
    assert ids_of(await admin.ok("GET", f"/data/{resource.name}?id={ids}")) == ids_of(whole), "deterministic"
    paged = []
    for page in (1, 2, 3):
        body = await admin.ok("GET", f"/data/{resource.name}?id={ids}&page={page}&limit=1")
        assert set(body) == ENVELOPE
        assert (body["total"], body["nb_pages"], body["limit"], body["page"]) == (3, 3, 1, page)
        assert body["offset"] == page - 1
        paged.extend(ids_of(body["data"]))
    assert paged == ids_of(whole)
    limited = await admin.ok("GET", f"/data/{resource.name}?id={ids}&limit=2")
    assert ids_of(limited) == ids_of(whole)[:2], "limit without page: a bare, shortened list"


@params(PAGED)
async def test_page_defaults(admin: Api, factory: Factory, resource: Resource) -> None:
    created = await factory.sample(resource)
    body = await admin.ok("GET", f"/data/{resource.name}?id={created['id']}&page=1")
    assert set(body) == ENVELOPE
    assert ids_of(body["data"]) == [created["id"]]
    assert (body["total"], body["nb_pages"], body["offset"]) == (1, 1, 0)
    empty = await admin.ok("GET", f"/data/{resource.name}?id={created['id']}&page=2&limit=5")
    assert (empty["data"], empty["total"], empty["offset"]) == ([], 1, 5)


@params([resource for resource in CRUD_RESOURCES if not resource.paged])
async def test_plain_lists_ignore_page(admin: Api, factory: Factory, resource: Resource) -> None:
    """Where the reference answers a plain list whatever ``page`` (``/data/salary-scales``), so does tenko."""
    created = await factory.sample(resource)
    body = await admin.ok("GET", f"/data/{resource.name}?id={created['id']}&page=1")
    assert ids_of(body) == [created["id"]]


@params(CRUD_RESOURCES)
async def test_fields_select_keys(admin: Api, factory: Factory, resource: Resource) -> None:
    created = await factory.sample(resource)
    column = sorted(column_keys(resource) - {"id", "type"})[0]
    for extra in ("", "&relations=true"):
        rows = await admin.ok("GET", f"/data/{resource.name}?id={created['id']}&fields=id,{column}{extra}")
        assert rows == [{"id": created["id"], "type": created["type"], column: created[column]}]


@params(WITH_RELATIONS)
async def test_fields_select_relations(admin: Api, factory: Factory, resource: Resource) -> None:
    created = await admin.ok("GET", f"/data/{resource.name}/{(await factory.sample(resource))['id']}")
    key = resource.relations[0].key
    rows = await admin.ok("GET", f"/data/{resource.name}?id={created['id']}&fields={key}&relations=true")
    assert rows == [{"id": created["id"], "type": created["type"], key: created[key]}]


@params(CRUD_RESOURCES)
async def test_filter_on_id_ignores_unknown_keys(admin: Api, factory: Factory, resource: Resource) -> None:
    created = await factory.sample(resource)
    rows = await admin.ok("GET", f"/data/{resource.name}?id={created['id']}&no_such_key=1&x_y=%5B%5D")
    assert ids_of(rows) == [created["id"]]
    assert await admin.ok("GET", f"/data/{resource.name}?id={uuid.uuid4()}") == []


@params(WITH_TEXT)
async def test_filter_on_a_string_column(admin: Api, factory: Factory, resource: Resource) -> None:
    column = text_column(resource)
    assert column is not None
    created = await factory.create(resource, fill=[column])
    other = await factory.create(resource, fill=[column])
    value = created[column]
    response = await admin.get(f"/data/{resource.name}", params={column: value})
    rows = response.json()
    assert created["id"] in ids_of(rows) and other["id"] not in ids_of(rows)
    assert all(row[column] == value for row in rows)
    if column == "name":
        upper = await admin.get(f"/data/{resource.name}", params={"name": value.upper()})
        assert created["id"] in ids_of(upper.json()), "name matches case-insensitively"
    both = await admin.get(f"/data/{resource.name}", params={column: json.dumps([value, other[column]])})
    assert {created["id"], other["id"]} <= set(ids_of(both.json()))


@params(WITH_SECRETS)
async def test_filter_on_a_secret_is_refused(admin: Api, resource: Resource) -> None:
    for column in sorted(resource.hidden | resource.unfilterable):
        response = await admin.get(f"/data/{resource.name}", params={column: "x"})
        assert response.status_code == 400, column
        assert response.json()["error"] is True


@params(WITH_RELATIONS)
async def test_relations_in_lists_on_request(admin: Api, factory: Factory, resource: Resource) -> None:
    created = await admin.ok("GET", f"/data/{resource.name}/{(await factory.sample(resource))['id']}")
    keys = {relation.key for relation in resource.relations}
    plain = (await admin.ok("GET", f"/data/{resource.name}?id={created['id']}"))[0]
    if resource.relations_in_lists:
        assert keys <= set(plain)
    else:
        assert not keys & set(plain), "list items carry relations only with relations=true"
    full = (await admin.ok("GET", f"/data/{resource.name}?id={created['id']}&relations=true"))[0]
    assert {key: full[key] for key in keys} == {key: created[key] for key in keys}


@params([r for r in CRUD_RESOURCES if r.type_column_key])
async def test_a_type_column_under_its_public_key(admin: Api, factory: Factory, resource: Resource) -> None:
    """A column named ``type`` (``"type"`` is the model name) is read, filtered and selected by its key."""
    key = resource.type_column_key
    assert key is not None
    created = await factory.sample(resource)
    rows = await admin.ok("GET", f"/data/{resource.name}?id={created['id']}&fields=id,{key}")
    assert rows == [{"id": created["id"], "type": created["type"], key: created[key]}]
    rows = await admin.ok("GET", f"/data/{resource.name}?id={created['id']}&{key}={created[key]}")
    assert ids_of(rows) == [created["id"]]
    other = next(choice for choice in resource.table.c.type.info["choices"] if choice != created[key])
    assert await admin.ok("GET", f"/data/{resource.name}?id={created['id']}&{key}={other}") == []
