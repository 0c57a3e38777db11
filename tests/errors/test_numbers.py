"""Numbers outside their column's range, on every resource: a 400 naming the field and the range,
and nothing written (on PostgreSQL the value never reaches the database, where it would overflow).

The ranges come from the columns (``core/ranges.py``): the SQL type's (int32, int64, finite
float) narrowed by the declared domain (``NON_NEGATIVE``, ``between(1, 24)``...). Dates stay in
``YEARS``; the number-like texts (a project's ``fps`` and ``resolution``) match their format.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import BigInteger, Column, Date, DateTime, Integer

from tenko.core.ranges import FORMAT_KEY, INT32, INT64, RANGE_KEY, YEARS, YEARS_SHOWN, Range, column_range
from tenko.core.resource import PROTECTED_ON_UPDATE, Resource
from tests.errors.common import RESOURCES, Builder, count_rows, error_body, snapshot_row
from tests.support import Api

Case = tuple[str, str, list[Any], str | None]  # (body key, column, bad values, the range's words)


def public_key(resource: Resource, column: Column[Any]) -> str:
    return resource.type_column_key if column.name == "type" and resource.type_column_key else column.name


def out_of_range(column: Column[Any]) -> tuple[list[Any], str] | None:
    """Values just outside the column's range, and the range in words (None: not a number)."""
    found = column_range(column)
    if found is None:
        return None
    integer, allowed = found
    step = 1 if integer else 0.5
    sql = (INT64 if isinstance(column.type, BigInteger) else INT32) if isinstance(column.type, Integer) else Range()
    values: list[Any] = []
    if allowed.low is not None:
        values.append(allowed.low if allowed.low_open else allowed.low - step)
    else:  # only the SQL type bounds it (a float has no bound but finiteness)
        values.append(sql.low - 1 if sql.low is not None else "-Infinity")
    values.append(allowed.high + step if allowed.high is not None else "Infinity")
    return values, allowed.describe(integer)


def not_numbers(column: Column[Any]) -> list[Any]:
    """Values that are no number of the column's kind: a flag, a fraction in an integer column, NaN."""
    return [True, 1.5, "NaN"] if isinstance(column.type, Integer) else [True, "NaN"]


def cases(resource: Resource, model: Any) -> list[Case]:
    found: list[Case] = []
    for column in resource.table.columns:
        if column.name not in model.model_fields or column.name in PROTECTED_ON_UPDATE:
            continue
        key = public_key(resource, column)
        if (ranged := out_of_range(column)) is not None:
            found.append((key, column.name, ranged[0], ranged[1]))
            found.append((key, column.name, not_numbers(column), None))
        elif isinstance(column.type, (Date, DateTime)):
            found.append((key, column.name, ["1899-12-31", "3000-01-01"], f"the years {YEARS_SHOWN}"))
        elif FORMAT_KEY in column.info:
            text_format = column.info[FORMAT_KEY]
            found.append((key, column.name, ["-25", "inf", "0", "abc"], text_format.description))
    return found


NUMBERED = [name for name, resource in RESOURCES.items() if cases(resource, resource.create_model)]


async def refusals(api: Api, method: str, path: str, all_cases: list[Case]) -> list[str]:
    """Send the i-th bad value of every field of one kind together: each must be named, with its range."""
    problems = []
    for kinds in ([c for c in all_cases if c[3] is not None], [c for c in all_cases if c[3] is None]):
        rounds = max((len(values) for _key, _column, values, _words in kinds), default=0)
        for index in range(rounds):
            body = {key: values[index] for key, _column, values, _words in kinds if index < len(values)}
            response = await api.request(method, path, json=body)
            if response.status_code != 400:
                problems.append(f"{sorted(body)}: {response.status_code} {response.text[:300]}")
                continue
            errors = error_body(response, 400).get("data", {}).get("errors", [])
            for key, column, values, words in kinds:
                if index >= len(values):
                    continue
                named = [e["message"] for e in errors if str(e["field"]).split(".")[0] in (key, column)]
                if not named:
                    problems.append(f"{key}={values[index]!r} not refused: {response.text[:200]}")
                elif words is not None and not any(words in message for message in named):
                    problems.append(f"{key}={values[index]!r}: the range is not stated: {named}")
    return problems


@pytest.mark.parametrize("name", NUMBERED)
async def test_create_refuses_numbers_outside_their_range(admin: Api, name: str) -> None:
    resource = RESOURCES[name]
    before = await count_rows(admin, resource.table)
    body = await Builder(admin).body(resource)
    all_cases = cases(resource, resource.create_model)
    problems = []
    for key, _column, values, _words in all_cases:  # one field at a time too: nothing else wrong
        response = await admin.post(f"/data/{name}", json={**body, key: values[0]})
        if response.status_code != 400:
            problems.append(f"{key}={values[0]!r}: {response.status_code} {response.text[:200]}")
    problems += await refusals(admin, "POST", f"/data/{name}", all_cases)
    assert problems == []
    assert await count_rows(admin, resource.table) == before


@pytest.mark.parametrize("name", NUMBERED)
async def test_update_refuses_numbers_outside_their_range(admin: Api, name: str) -> None:
    resource = RESOURCES[name]
    record = await Builder(admin).create(resource)
    path = f"/data/{name}/{record['id']}"
    stored = await snapshot_row(admin, resource.table, record["id"])
    assert await refusals(admin, "PUT", path, cases(resource, resource.update_model)) == []
    assert await snapshot_row(admin, resource.table, record["id"]) == stored


def bounds(column: Column[Any]) -> list[Any]:
    """The values at the edges of a declared domain: they are allowed (the range is not too tight)."""
    found = column_range(column)
    if found is None or column.info.get(RANGE_KEY) is None:
        return []
    integer, allowed = found
    edges: list[Any] = []
    if allowed.low is not None:
        edges.append(allowed.low + (1 if integer else 0.5) if allowed.low_open else allowed.low)
    if allowed.high is not None and allowed.high < (INT32.high or 0):
        edges.append(allowed.high)
    return edges


@pytest.mark.parametrize("name", NUMBERED)
async def test_the_edges_of_each_range_are_allowed(admin: Api, name: str) -> None:
    resource = RESOURCES[name]
    record = await Builder(admin).create(resource)
    problems = []
    for column in resource.table.columns:
        if column.name not in resource.update_model.model_fields or column.name in PROTECTED_ON_UPDATE:
            continue
        key = public_key(resource, column)
        for value in bounds(column):
            response = await admin.put(f"/data/{name}/{record['id']}", json={key: value})
            if response.status_code != 200 or response.json().get(key) != value:
                problems.append(f"{key}={value!r}: {response.status_code} {response.text[:200]}")
    assert problems == []


async def test_dates_at_the_edges_of_the_years_are_allowed(admin: Api) -> None:
    project = await Builder(admin).create(RESOURCES["projects"])
    low, high = int(YEARS.low or 0), int(YEARS.high or 0)
    body = {"start_date": f"{low}-01-01", "end_date": f"{high}-12-31"}
    updated = await admin.ok("PUT", f"/data/projects/{project['id']}", body)
    assert (updated["start_date"], updated["end_date"]) == (body["start_date"], body["end_date"])


@pytest.mark.parametrize(
    ("key", "value"),
    [("fps", "25"), ("fps", "23.976"), ("fps", "29,97"), ("fps", ""), ("resolution", "1920x1080"), ("resolution", "")],
)
async def test_the_web_apps_frame_rates_and_resolutions_are_allowed(admin: Api, key: str, value: str) -> None:
    project = await Builder(admin).create(RESOURCES["projects"])
    assert (await admin.ok("PUT", f"/data/projects/{project['id']}", {key: value}))[key] == value
