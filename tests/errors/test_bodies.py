"""Bad request bodies on every resource: a clean 400 naming the field, and nothing written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    Uuid,
)

from tenko.core.resource import PROTECTED_ON_UPDATE, Resource
from tests.errors.common import (
    RESOURCE_NAMES,
    RESOURCES,
    Builder,
    count_rows,
    error_body,
    is_string_array,
    named_fields,
    snapshot_row,
)
from tests.support import Api

LONG = 10_000


def bad_values(column: Column[Any]) -> list[tuple[str, Any]]:
    """Values of the wrong type or out of range for this column (each must be refused)."""
    sql_type = column.type
    if column.info.get("choices"):
        return [("not-a-choice", "not-a-choice"), ("object", {"a": 1})]
    if is_string_array(column):
        return [("string", "text"), ("numbers", [1, 2]), ("objects", [{"a": 1}]), ("nul", ["a\x00b"])]
    if isinstance(sql_type, Uuid):
        return [("number", 12345), ("word", "not-a-uuid")]
    if isinstance(sql_type, (String, Text)):
        values: list[tuple[str, Any]] = [("object", {"a": 1}), ("number", 123), ("nul", "a\x00b")]
        length = getattr(sql_type, "length", None)
        if length:
            values.append(("too-long", "x" * max(LONG, length + 1)))
        return values
    if isinstance(sql_type, Boolean):
        return [("word", "maybe"), ("object", {"a": 1})]
    if isinstance(sql_type, BigInteger):
        return [("word", "abc"), ("above-int64", 2**63), ("fraction", 1.5)]
    if isinstance(sql_type, Integer):
        return [("above-int32", 2**31), ("below-int32", -(2**31) - 1), ("fraction", 1.5), ("object", {"a": 1})]
    if isinstance(sql_type, Float):
        return [("word", "abc"), ("list", [1.0])]
    if isinstance(sql_type, DateTime):
        return [("word", "not-a-date"), ("month-13", "2024-13-01T00:00:00"), ("object", {"a": 1})]
    if isinstance(sql_type, Date):
        return [("feb-30", "2024-02-30"), ("year-99999", "99999-01-01"), ("number", 1.5)]
    if isinstance(sql_type, JSON):
        return [("nul-value", {"k": "a\x00b"}), ("nul-key", {"a\x00": 1}), ("nul-deep", [{"k": ["\x00"]}])]
    return []


def writable_columns(resource: Resource, model: Any) -> list[tuple[str, Column[Any]]]:
    """(body key, column) of every column the body model accepts."""
    fields = model.model_fields
    columns = []
    for column in resource.table.columns:
        if column.name not in fields:
            continue
        key = resource.type_column_key if column.name == "type" and resource.type_column_key else column.name
        columns.append((key, column))
    return columns


def relation_bad_values() -> list[tuple[str, Any]]:
    return [("string", "x"), ("number", 1), ("bad-id", ["not-a-uuid"]), ("object", {"a": 1}), ("nul", ["\x00"])]


Case = tuple[str, str, list[Any]]  # (body key, column name, bad values)


def cases(resource: Resource, model: Any, skip: frozenset[str] = frozenset()) -> list[Case]:
    found: list[Case] = []
    for key, column in writable_columns(resource, model):
        if column.name not in skip:
            found.append((key, column.name, [value for _label, value in bad_values(column)]))
    for relation in resource.relations:
        if relation.writable:
            found.append((relation.key, relation.key, [value for _label, value in relation_bad_values()]))
    return found


async def refuse_in_rounds(api: Api, method: str, path: str, all_cases: list[Case]) -> list[str]:
    """Send the i-th bad value of every field together (validation reports every field at once).

    Each round must be a clean 400 that names every field of the round: a field it does not
    name was accepted, and would have reached the database.
    """
    problems = []
    rounds = max((len(values) for _key, _column, values in all_cases), default=0)
    for index in range(rounds):
        body = {key: values[index] for key, _column, values in all_cases if index < len(values)}
        response = await api.request(method, path, json=body)
        if response.status_code != 400:
            problems.append(f"round {index} {sorted(body)}: {response.status_code} {response.text[:300]}")
            continue
        named = named_fields(error_body(response, 400))
        for key, column, values in all_cases:
            if index < len(values) and not named & {key, column}:
                problems.append(f"{key}={str(values[index])[:40]!r} not refused: {response.text[:200]}")
    return problems


@pytest.mark.parametrize("name", RESOURCE_NAMES)
async def test_create_refuses_wrong_types(admin: Api, name: str) -> None:
    resource = RESOURCES[name]
    before = await count_rows(admin, resource.table)
    problems = await refuse_in_rounds(admin, "POST", f"/data/{name}", cases(resource, resource.create_model))
    assert problems == []
    assert await count_rows(admin, resource.table) == before


@pytest.mark.parametrize("name", RESOURCE_NAMES)
async def test_update_refuses_wrong_types_and_keeps_the_record(admin: Api, name: str) -> None:
    resource = RESOURCES[name]
    record = await Builder(admin).create(resource)
    path = f"/data/{name}/{record['id']}"
    stored = await snapshot_row(admin, resource.table, record["id"])
    # protected columns are ignored on update whatever their value (the CRUD suite shows it)
    problems = await refuse_in_rounds(admin, "PUT", path, cases(resource, resource.update_model, PROTECTED_ON_UPDATE))
    for key, column in writable_columns(resource, resource.update_model):
        if column.name not in PROTECTED_ON_UPDATE and not column.nullable:
            response = await admin.put(path, json={key: None})
            if response.status_code != 400 or not named_fields(error_body(response, 400)) & {key, column.name}:
                problems.append(f"{key}=None: {response.status_code} {response.text[:200]}")
    assert problems == []
    assert await snapshot_row(admin, resource.table, record["id"]) == stored


@pytest.mark.parametrize("name", RESOURCE_NAMES)
async def test_create_refuses_null_for_required_fields(admin: Api, name: str) -> None:
    resource = RESOURCES[name]
    body = await Builder(admin).body(resource)
    before = await count_rows(admin, resource.table)
    required = [key for key, field in resource.create_model.model_fields.items() if field.is_required()]
    for key in required:
        public = resource.type_column_key if key == "type" and resource.type_column_key else key
        for value in (None, "__missing__"):
            sent = {k: v for k, v in body.items() if k != public}
            if value is None:
                sent[public] = None
            response = await admin.post(f"/data/{name}", json=sent)
            assert named_fields(error_body(response, 400)) & {key, public}, response.text
    assert await count_rows(admin, resource.table) == before


@pytest.mark.parametrize("name", RESOURCE_NAMES)
async def test_unknown_fields_are_ignored(admin: Api, name: str) -> None:
    """Clients send whole objects back (gazu's ``update_*`` helpers PUT the dict they read, the web
    app its store objects): keys that are no column are ignored, as the reference does on updates."""
    resource = RESOURCES[name]
    builder = Builder(admin)
    body = await builder.body(resource)
    before = await count_rows(admin, resource.table)
    response = await admin.post(f"/data/{name}", json={**body, "no_such_field": 1})
    assert response.status_code == 201, response.text
    record = response.json()
    assert "no_such_field" not in record
    assert await count_rows(admin, resource.table) > before  # (creating an event records one more)
    stored = await snapshot_row(admin, resource.table, record["id"])
    response = await admin.put(f"/data/{name}/{record['id']}", json={"no_such_field": "x", "__proto__": {}})
    assert response.status_code == 200, response.text
    assert not {"no_such_field", "__proto__"} & set(response.json())
    assert await snapshot_row(admin, resource.table, record["id"]) == stored


#: raw bodies that are not one JSON object (sent as application/json)
NOT_AN_OBJECT = [
    ("truncated", b'{"name": '),
    ("trailing-garbage", b'{"name": "x"} {'),
    ("single-quotes", b"{'name': 'x'}"),
    ("nan", b'{"name": NaN}'),
    ("infinity", b'{"priority": Infinity}'),
    ("overflowing-float", b'{"priority": 1e999}'),
    ("bad-utf8", b'{"name": "\xff\xfe"}'),
    ("lone-surrogate", b'{"name": "\\ud800"}'),
    ("deep-nesting", b"[" * 100_000 + b"]" * 100_000),
    ("array", b'[{"name": "x"}]'),
    ("empty-array", b"[]"),
    ("string", b'"name"'),
    ("number", b"42"),
    ("null", b"null"),
    ("true", b"true"),
]


@pytest.mark.parametrize("name", RESOURCE_NAMES)
async def test_bodies_that_are_not_a_json_object(admin: Api, name: str) -> None:
    resource = RESOURCES[name]
    record = await Builder(admin).create(resource)
    stored = await snapshot_row(admin, resource.table, record["id"])
    before = await count_rows(admin, resource.table)
    json_type = {"Content-Type": "application/json"}
    for label, raw in NOT_AN_OBJECT:
        for method, path in (("POST", f"/data/{name}"), ("PUT", f"/data/{name}/{record['id']}")):
            response = await admin.request(method, path, content=raw, headers=json_type)
            body = error_body(response, 400)
            assert "json" in body["message"].lower(), (label, body)
    assert await count_rows(admin, resource.table) == before
    assert await snapshot_row(admin, resource.table, record["id"]) == stored


@pytest.mark.parametrize("name", RESOURCE_NAMES)
async def test_empty_body_and_wrong_content_type(admin: Api, name: str) -> None:
    resource = RESOURCES[name]
    builder = Builder(admin)
    valid = json.dumps(await builder.body(resource)).encode()
    record = await builder.create(resource)
    stored = await snapshot_row(admin, resource.table, record["id"])
    before = await count_rows(admin, resource.table)
    for method, path in (("POST", f"/data/{name}"), ("PUT", f"/data/{name}/{record['id']}")):
        for headers in ({}, {"Content-Type": "application/json"}):
            body = error_body(await admin.request(method, path, content=b"", headers=headers), 400)
            assert "body" in body["message"].lower()
        error_body(
            await admin.request(method, path, content=b"  \n ", headers={"Content-Type": "application/json"}), 400
        )
        for content_type in ("text/plain", "application/x-www-form-urlencoded", "application/xml", "image/png"):
            response = await admin.request(method, path, content=valid, headers={"Content-Type": content_type})
            assert "content-type" in error_body(response, (400, 415))["message"].lower()
        response = await admin.request(method, path, files={"file": ("a.json", valid, "application/json")})
        error_body(response, (400, 415))
    assert await count_rows(admin, resource.table) == before
    assert await snapshot_row(admin, resource.table, record["id"]) == stored


async def test_json_content_type_variants_are_accepted(admin: Api) -> None:
    resource = RESOURCES["departments"]
    for content_type in ("application/json; charset=utf-8", "Application/JSON", "application/vnd.api+json"):
        body = json.dumps(await Builder(admin).body(resource)).encode()
        response = await admin.request(
            "POST", "/data/departments", content=body, headers={"Content-Type": content_type}
        )
        assert response.status_code == 201, (content_type, response.text)
