"""The ranges of numbers (core/ranges.py): bounds, their words, the values they let through."""

from __future__ import annotations

import math
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, ValidationError
from sqlalchemy import BigInteger, Column, Float, Integer, String

from tenko.core.errors import BadRequest
from tenko.core.ranges import (
    INT32,
    NON_NEGATIVE,
    Range,
    between,
    column_range,
    frame_rate,
    param_int,
    param_int_for,
    within,
)


def test_a_columns_range_is_its_sql_types_narrowed_by_its_domain() -> None:
    assert column_range(Column("n", Integer())) == (True, INT32)
    assert column_range(Column("n", BigInteger())) == (True, Range(-(2**63), 2**63 - 1))
    assert column_range(Column("n", Float())) == (False, Range())
    assert column_range(Column("n", Integer(), info=NON_NEGATIVE)) == (True, Range(0, 2**31 - 1))
    assert column_range(Column("n", Float(), info=between(1, 24))) == (False, Range(1, 24))
    assert column_range(Column("n", String(10))) is None


def test_intersections() -> None:
    assert Range(0) & Range(None, 10) == Range(0, 10)
    assert Range(0, 100) & Range(5, 200) == Range(5, 100)
    assert Range(0) & Range(0, low_open=True) == Range(0, low_open=True)


def test_holds_and_words() -> None:
    positive = Range(0, 10, low_open=True)
    assert [positive.holds(v) for v in (0, 0.1, 10, 10.5, math.nan, math.inf)] == [False, True, True, False] + [
        False
    ] * 2
    assert INT32.describe(integer=True) == "an integer between -2147483648 and 2147483647"
    assert positive.describe(integer=False) == "a finite number greater than 0 and at most 10"
    assert Range(1.5).describe(integer=False) == "a finite number at least 1.5"
    assert Range(0, 5).json_schema() == {"minimum": 0, "maximum": 5}


class Body(BaseModel):
    count: Annotated[int, within(Column("count", Integer(), info=NON_NEGATIVE))] | None = None
    hours: Annotated[float, within(Column("hours", Float(), info=between(1, 24)))] | None = None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"count": -1}, "must be an integer between 0 and 2147483647"),
        ({"count": 2**31}, "must be an integer between 0 and 2147483647"),
        ({"count": True}, "must be a number, not true or false"),
        ({"hours": 0.5}, "must be a finite number between 1 and 24"),
        ({"hours": "NaN"}, "must be a finite number between 1 and 24"),
        ({"hours": "inf"}, "must be a finite number between 1 and 24"),
        ({"hours": False}, "must be a number, not true or false"),
    ],
)
def test_values_outside_are_refused_with_the_range(body: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Body.model_validate(body)
    assert [error["msg"] for error in caught.value.errors()] == [message]


def test_values_inside_pass_and_the_schema_shows_the_bounds() -> None:
    assert Body.model_validate({"count": "3", "hours": 7.5}).model_dump() == {"count": 3, "hours": 7.5}
    assert Body.model_validate({"count": None}).count is None
    schema = Body.model_json_schema()["properties"]
    assert {"type": "integer", "minimum": 0, "maximum": 2**31 - 1} in schema["count"]["anyOf"]


@pytest.mark.parametrize("raw", ["-1", "abc", "1.5", str(2**31), ""])
def test_parameters_outside_are_a_400_naming_them(raw: str) -> None:
    with pytest.raises(BadRequest) as caught:
        param_int("limit", raw, Range(0))
    assert caught.value.message == "Invalid parameter: limit: must be an integer between 0 and 2147483647"
    with pytest.raises(BadRequest):
        param_int_for(Column("priority", Integer(), info=NON_NEGATIVE), raw)
    assert param_int("limit", " 7 ", Range(0)) == 7


@pytest.mark.parametrize(
    ("text", "fps"),
    [
        ("24", 24.0),
        ("23,976", 23.976),
        (None, 25.0),
        ("", 25.0),
        ("inf", 25.0),
        ("nan", 25.0),
        ("-25", 25.0),
        ("x", 25.0),
    ],
)
def test_frame_rates_read_from_stored_texts_are_usable(text: str | None, fps: float) -> None:
    assert frame_rate(text) == fps
