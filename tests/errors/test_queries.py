"""Malformed query strings on every list route: 400, never a 500 from the database."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import JSON, BigInteger, Boolean, Column, Date, DateTime, Float, Integer, String, Text, Uuid

from tests.errors.common import DUMMY_ID, RESOURCE_NAMES, RESOURCES, error_body, is_string_array
from tests.support import Api


def bad_filters(column: Column[Any]) -> list[str]:
    """Query values that cannot be compared with this column (raw, before URL quoting)."""
    sql_type = column.type
    if is_string_array(column) or isinstance(sql_type, JSON):
        return ["x\x00y"]
    if isinstance(sql_type, Uuid):
        return ["xyz", '["xyz"]', DUMMY_ID[:-1] + "g"]
    if isinstance(sql_type, Boolean):
        return ["maybe", '["maybe"]']
    if isinstance(sql_type, BigInteger):
        return ["abc", str(2**63), "9" * 40]
    if isinstance(sql_type, Integer):
        return ["1.5", str(2**31), str(-(2**31) - 1)]
    if isinstance(sql_type, Float):
        return ["abc", "1,5"]
    if isinstance(sql_type, DateTime):
        return ["not-a-date", "2024-13-01T00:00:00"]
    if isinstance(sql_type, Date):
        return ["2024-02-30", "99999-01-01"]
    if isinstance(sql_type, (String, Text)):
        return ["x\x00y"]
    return []


#: malformed JSON lists, whatever the column
BAD_LISTS = ["[", '["unterminated', "[1,", "[null]", '[{"a": 1}]']


def url(name: str, key: str, value: str) -> str:
    return f"/data/{name}?{quote(key)}={quote(value, safe='')}"


@pytest.mark.parametrize("name", RESOURCE_NAMES)
async def test_malformed_filter_values_are_400(admin: Api, name: str) -> None:
    resource = RESOURCES[name]
    problems = []
    seen = set()
    for column in resource.table.columns:
        if column.name in resource.hidden or column.name in resource.unfilterable:
            continue
        # one column of each kind: values are coerced by type (``name`` has its own path)
        kind = (type(column.type), is_string_array(column), column.name == "name")
        if kind in seen:
            continue
        seen.add(kind)
        key = column.name  # filters name the columns
        for value in bad_filters(column):
            response = await admin.get(url(name, key, value))
            if response.status_code != 400:
                problems.append(f"{key}={value!r}: {response.status_code} {response.text[:150]}")
            else:
                error_body(response, 400)
    for value in BAD_LISTS:
        response = await admin.get(url(name, "id", value))
        if response.status_code != 400:
            problems.append(f"id={value!r}: {response.status_code} {response.text[:150]}")
    for relation in resource.relations:
        for value in ("xyz", "[", '["xyz"]', "\x00"):
            response = await admin.get(url(name, relation.key, value))
            if response.status_code != 400:
                problems.append(f"{relation.key}={value!r}: {response.status_code} {response.text[:150]}")
    assert problems == []


@pytest.mark.parametrize("name", RESOURCE_NAMES)
async def test_well_typed_filters_answer(admin: Api, name: str) -> None:
    """The other side: filters of the right type are accepted (so the 400s above mean something)."""
    resource = RESOURCES[name]
    for column in resource.table.columns:
        if column.name in resource.hidden or column.name in resource.unfilterable:
            continue
        key = column.name
        sql_type = column.type
        value = (
            DUMMY_ID
            if isinstance(sql_type, Uuid)
            else "true"
            if isinstance(sql_type, Boolean)
            else "3"
            if isinstance(sql_type, (Integer, Float))
            else "2024-01-02T03:04:05"
            if isinstance(sql_type, DateTime)
            else "2024-01-02"
            if isinstance(sql_type, Date)
            else None
        )
        if value is not None:
            response = await admin.get(url(name, key, value))
            assert response.status_code == 200, (key, response.text[:200])


LISTING_PARAMS = [
    "page=abc",
    "page=0",
    "page=-1",
    "page=1.5",
    f"page={'9' * 30}",
    "page=1&limit=abc",
    "page=1&limit=0",
    "page=1&limit=-1",
    f"page={2**62}&limit=5000",
    "limit=-1",
    "limit=abc",
    f"limit={'9' * 30}",
    "relations=maybe",
    "relations=%00",
    "id=[",
    "id=xyz",
    "id=%5B%22xyz%22%5D",
    "id=%5Bnull%5D",
    "name=%5B",
    "name=a%00b",
]


@pytest.mark.parametrize("query", LISTING_PARAMS)
async def test_malformed_listing_parameters_are_400(admin: Api, query: str) -> None:
    for name in ("projects", "tasks", "task-types", "playlists", "departments"):
        error_body(await admin.get(f"/data/{name}?{query}"), 400)


async def test_secret_columns_are_not_filters(admin: Api) -> None:
    for key in ("password", "totp_secret"):
        error_body(await admin.get(f"/data/persons?{key}=x"), 400)


async def test_force_must_be_a_boolean(admin: Api) -> None:
    error_body(await admin.delete(f"/data/task-types/{DUMMY_ID}?force=maybe"), (400, 404))
    created = await admin.ok("POST", "/data/departments", {"name": "force-test", "color": "#000000"})
    error_body(await admin.delete(f"/data/departments/{created['id']}?force=maybe"), 400)
    await admin.ok("GET", f"/data/departments/{created['id']}")


async def test_long_and_odd_but_valid_values_answer(admin: Api) -> None:
    for query in (f"name={'x' * 10_000}", "name=%C3%A9t%C3%A9", "name=%27%3B%20DROP%20TABLE%20project%3B--"):
        response = await admin.get(f"/data/projects?{query}")
        assert response.status_code == 200, (query, response.text[:200])
        assert response.json() == []
