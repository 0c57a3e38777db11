"""The list engine alone (``tenko.core.listing``), on a small table of its own in SQLite: no app, no HTTP.

Query-string values are parsed or refused with a 400, column and relation filters select the
rows they say (a JSON list is an IN, ``[]`` matches nothing, names compare without case),
secrets cannot be filtered on, and the page envelope's arithmetic holds.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    create_engine,
    insert,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from starlette.datastructures import QueryParams

from tenko.core.access import ADMIN, Policy
from tenko.core.errors import BadRequest
from tenko.core.listing import count as count_rows
from tenko.core.listing import (
    envelope,
    filters_from_query,
    order_for,
    paginate,
    parse_bool,
    parse_int,
    split_values,
)
from tenko.core.resource import Relation, Resource

METADATA = MetaData()
ITEM = Table(
    "item",
    METADATA,
    Column("id", Uuid, primary_key=True),
    Column("name", String(80)),
    Column("priority", Integer),
    Column("done", Boolean),
    Column("type", String(20)),  # shown as "item_type", as notifications show theirs
    Column("secret", String(20)),  # hidden: never shown, never filtered on
    Column("token", String(20)),  # shown, but not filterable
    Column("created_at", DateTime),
)
TAG = Table("tag", METADATA, Column("id", Uuid, primary_key=True))
ITEM_TAG = Table(
    "item_tag",
    METADATA,
    Column("item_id", Uuid, ForeignKey("item.id"), primary_key=True),
    Column("tag_id", Uuid, ForeignKey("tag.id"), primary_key=True),
)
ITEMS = Resource(
    name="items",
    table=ITEM,
    type_name="Item",
    policy=Policy.of(ADMIN, ADMIN),
    relations=(Relation("tags", ITEM_TAG, "item_id", "tag_id"),),
    hidden=frozenset({"secret"}),
    unfilterable=frozenset({"token"}),
    type_column_key="item_type",
)

RED, BLUE = uuid.uuid4(), uuid.uuid4()
ROWS: dict[str, dict[str, Any]] = {
    "Alpha": {"priority": 1, "done": True, "type": "x", "tags": [RED]},
    "beta": {"priority": 2, "done": False, "type": "y", "tags": [RED, BLUE]},
    "GAMMA": {"priority": 3, "done": False, "type": "x", "tags": []},
}
IDS = {name: uuid.uuid4() for name in ROWS}
START = dt.datetime(2024, 1, 1)


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    engine = create_engine("sqlite://")
    METADATA.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(TAG), [{"id": RED}, {"id": BLUE}])
        for number, (name, values) in enumerate(ROWS.items()):
            row = {key: value for key, value in values.items() if key != "tags"}
            created = START + dt.timedelta(days=number)
            connection.execute(
                insert(ITEM).values(id=IDS[name], name=name, secret="s", token="t", created_at=created, **row)
            )
            for tag in values["tags"]:
                connection.execute(insert(ITEM_TAG).values(item_id=IDS[name], tag_id=tag))
    yield engine
    engine.dispose()


def listed(engine: Engine, query: str) -> list[str]:
    """The names of the rows the query string's filters select, in creation order."""
    conditions = filters_from_query(ITEMS, QueryParams(query))
    statement = select(ITEM.c.name).where(*conditions).order_by(*order_for(ITEMS))
    with engine.connect() as connection:
        return list(connection.execute(statement).scalars())


def refused(call: Any, *args: Any) -> str:
    """The message of the 400 the call raises."""
    with pytest.raises(BadRequest) as caught:
        call(*args)
    assert caught.value.status_code == 400
    return caught.value.message


# -- parsing query-string values ---------------------------------------------------------------


@pytest.mark.parametrize("raw", ["true", "1", "yes", "on", " TRUE ", "On"])
def test_parse_bool_true(raw: str) -> None:
    assert parse_bool(raw) is True


@pytest.mark.parametrize("raw", ["false", "0", "no", "off", "FALSE", " no "])
def test_parse_bool_false(raw: str) -> None:
    assert parse_bool(raw, default=True) is False


def test_parse_bool_absent_is_the_default() -> None:
    assert parse_bool(None) is False
    assert parse_bool(None, default=True) is True


@pytest.mark.parametrize("raw", ["", "maybe", "2", "truee", "null"])
def test_parse_bool_refuses_anything_else(raw: str) -> None:
    assert "Invalid boolean" in refused(parse_bool, raw)


def test_parse_int_values_and_defaults() -> None:
    assert parse_int("page", "3", 1) == 3
    assert parse_int("page", None, 1) == 1
    assert parse_int("page", "", 7) == 7
    assert parse_int("limit", None, None) is None
    assert parse_int("page", "0", 1) == 0  # the minimum is inclusive
    assert parse_int("limit", str(2**31 - 1), None) == 2**31 - 1


@pytest.mark.parametrize("raw", ["abc", "1.5", "1e3", "0x10", " "])
def test_parse_int_refuses_non_integers(raw: str) -> None:
    expected = "Invalid parameter: page: must be an integer between 0 and 2147483647"
    assert refused(parse_int, "page", raw, 1) == expected


def test_parse_int_refuses_out_of_range() -> None:
    """The message names the parameter and the range allowed."""
    assert refused(parse_int, "page", "0", 1, 1).endswith("page: must be an integer between 1 and 2147483647")
    assert refused(parse_int, "limit", "-5", None).endswith("limit: must be an integer between 0 and 2147483647")
    assert refused(parse_int, "limit", str(2**31), None).endswith("between 0 and 2147483647")


def test_split_values() -> None:
    assert split_values(["a", "b"]) == ["a", "b"]
    assert split_values(['["a", "b"]']) == ["a", "b"]
    assert split_values([" [1, 2] ", "c"]) == ["1", "2", "c"]
    assert split_values(["[]"]) == []
    assert split_values(['{"a": 1}']) == ['{"a": 1}']  # not a list: one plain value


@pytest.mark.parametrize("raw", ['["a"', "[a, b]", "[1,]"])
def test_split_values_refuses_a_broken_json_list(raw: str) -> None:
    assert "Invalid JSON list" in refused(split_values, [raw])


# -- column and relation filters -----------------------------------------------------------------


def test_no_filter_lists_everything(engine: Engine) -> None:
    assert listed(engine, "") == ["Alpha", "beta", "GAMMA"]


def test_steering_and_unknown_keys_do_not_filter(engine: Engine) -> None:
    assert listed(engine, "page=2&limit=1&relations=true&fields=name&force=1&order_by=x") == ["Alpha", "beta", "GAMMA"]
    assert listed(engine, "no_such_column=1") == ["Alpha", "beta", "GAMMA"]


def test_filters_by_a_typed_column(engine: Engine) -> None:
    assert listed(engine, "priority=2") == ["beta"]
    assert listed(engine, "done=true") == ["Alpha"]
    assert listed(engine, "done=0") == ["beta", "GAMMA"]
    assert listed(engine, f"id={IDS['GAMMA']}") == ["GAMMA"]


def test_repeated_keys_and_json_lists_are_an_in(engine: Engine) -> None:
    assert listed(engine, "priority=1&priority=3") == ["Alpha", "GAMMA"]
    assert listed(engine, "priority=[1,3]") == ["Alpha", "GAMMA"]
    assert listed(engine, f'id=["{IDS["Alpha"]}","{IDS["beta"]}"]') == ["Alpha", "beta"]


def test_an_empty_json_list_matches_nothing(engine: Engine) -> None:
    assert listed(engine, "priority=[]") == []
    assert listed(engine, "name=[]") == []
    assert listed(engine, "tags=[]") == []


def test_filters_combine_with_and(engine: Engine) -> None:
    assert listed(engine, "done=false&priority=[1,2]") == ["beta"]
    assert listed(engine, "done=true&priority=2") == []


def test_names_compare_without_case(engine: Engine) -> None:
    assert listed(engine, "name=alpha") == ["Alpha"]
    assert listed(engine, "name=ALPHA") == ["Alpha"]
    assert listed(engine, "name=gamma&name=BETA") == ["beta", "GAMMA"]
    assert listed(engine, 'name=["BETA","gAmMa"]') == ["beta", "GAMMA"]
    assert listed(engine, "name=alph") == []  # equality, not a prefix


def test_a_type_column_filters_under_its_public_key(engine: Engine) -> None:
    assert listed(engine, "item_type=x") == ["Alpha", "GAMMA"]


def test_relation_filters(engine: Engine) -> None:
    assert listed(engine, f"tags={RED}") == ["Alpha", "beta"]
    assert listed(engine, f"tags={BLUE}") == ["beta"]
    assert listed(engine, f'tags=["{BLUE}","{RED}"]') == ["Alpha", "beta"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("secret=s", "Filtering on secret is not allowed"),
        ("token=t", "Filtering on token is not allowed"),
        ("priority=abc", "Invalid value for priority"),
        ("priority=1.5", "Invalid value for priority"),
        (f"priority={2**31}", "Invalid value for priority"),
        ("done=maybe", "Invalid value for done"),
        ("id=not-a-uuid", "Invalid value for id"),
        ("tags=not-a-uuid", "Invalid value for tag_id"),
        ("created_at=yesterday", "Invalid value for created_at"),
        ("name=a%00b", "Invalid value for name"),
        ("item_type=a%00b", "Invalid value for type"),
        ('priority=["1"', "Invalid JSON list"),
    ],
)
def test_bad_filters_are_400s(query: str, message: str) -> None:
    assert message in refused(filters_from_query, ITEMS, QueryParams(query))


# -- pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "page", "limit", "nb_pages", "offset"),
    [
        (0, 1, 100, 0, 0),  # an empty list has no page, as the reference counts
        (1, 1, 100, 1, 0),
        (100, 1, 100, 1, 0),
        (101, 2, 100, 2, 100),
        (250, 3, 100, 3, 200),
        (7, 5, 3, 3, 12),  # past the last page: the offset still follows the page
        (7, 1, 0, 1, 0),  # no limit: one page
    ],
)
def test_page_envelope(total: int, page: int, limit: int, nb_pages: int, offset: int) -> None:
    rows = [{"id": "a"}]
    assert envelope(rows, total, page, limit) == {
        "data": rows,
        "total": total,
        "nb_pages": nb_pages,
        "limit": limit,
        "offset": offset,
        "page": page,
    }


@pytest.fixture
async def session(tmp_path: Any) -> AsyncIterator[AsyncSession]:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/listing.db")
    async with engine.begin() as connection:
        await connection.run_sync(METADATA.create_all)
        rows = [{"id": uuid.uuid4(), "name": f"n{i}", "created_at": START + dt.timedelta(hours=i)} for i in range(7)]
        await connection.execute(insert(ITEM), rows)
    async with async_sessionmaker(engine)() as session:
        yield session
    await engine.dispose()


async def test_paginate_and_count(session: AsyncSession) -> None:
    statement = select(ITEM.c.name).order_by(*order_for(ITEMS))
    pages = [list((await session.execute(paginate(statement, page, 3))).scalars()) for page in (1, 2, 3, 4)]
    assert pages == [["n0", "n1", "n2"], ["n3", "n4", "n5"], ["n6"], []]
    assert await count_rows(session, statement) == 7  # the whole list, whatever page is asked
    assert await count_rows(session, paginate(statement, 2, 3).limit(None).offset(None)) == 7
    assert await count_rows(session, statement.where(ITEM.c.name.in_(["n1", "n5"]))) == 2
    assert envelope([], 7, 3, 3)["nb_pages"] == 3
