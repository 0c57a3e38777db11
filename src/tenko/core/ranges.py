"""The allowed range of every number the API takes in, derived from its column and declared once.

An INTEGER column holds an int32, a BIGINT an int64, a FLOAT a finite double: a value outside
would overflow on PostgreSQL (a 500) or be stored as garbage on SQLite. A column narrows that
range with the domain its contract implies, declared on the column itself::

    nb_frames: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    hours_by_day: Mapped[float] = mapped_column(Float(), nullable=False, info=between(1, 24))

Every way a number comes in checks that one range: the bodies derived from the tables
(``core/schemas.py``), the hand-written action bodies (``Annotated[int, within(TASK.c.priority)]``)
and the numbers read from a query string or a path (``param_int``, ``param_int_for``). A value
outside is a 400 that names the field and the allowed range; JSON ``true``/``false`` is not a
number. Texts that hold a number (a project's ``fps``) declare
their format the same way (``text_format``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema
from sqlalchemy import BigInteger, Column, Float, Integer

from tenko.core.errors import validation_error

DateLike = TypeVar("DateLike", dt.date, dt.datetime)
#: the key of ``Column.info`` that holds a column's declared range (or text format)
RANGE_KEY = "range"
FORMAT_KEY = "text_format"


@dataclass(frozen=True)
class Range:
    """Inclusive bounds (``None``: unbounded); ``low_open`` excludes the low bound itself."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False

    def __and__(self, other: Range) -> Range:
        """The values both ranges allow."""
        low, low_open = self.low, self.low_open
        if other.low is not None and (low is None or other.low > low or (other.low == low and other.low_open)):
            low, low_open = other.low, other.low_open
        highs = [bound for bound in (self.high, other.high) if bound is not None]
        return Range(low, min(highs) if highs else None, low_open)

    def holds(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return False
        return self.high is None or value <= self.high

    def describe(self, integer: bool) -> str:
        """The range in words, for error messages: ``an integer between 0 and 2147483647``."""
        kind = "an integer" if integer else "a finite number"
        low, high = _shown(self.low), _shown(self.high)
        if self.low is not None and self.high is not None and not self.low_open:
            return f"{kind} between {low} and {high}"
        parts = []
        if self.low is not None:
            parts.append(f"greater than {low}" if self.low_open else f"at least {low}")
        if self.high is not None:
            parts.append(f"at most {high}")
        return f"{kind} {' and '.join(parts)}" if parts else kind

    def json_schema(self) -> dict[str, Any]:
        """The bounds as JSON Schema keywords (the OpenAPI document shows them to clients)."""
        schema: dict[str, Any] = {}
        if self.low is not None:
            schema["exclusiveMinimum" if self.low_open else "minimum"] = self.low
        if self.high is not None:
            schema["maximum"] = self.high
        return schema


def _shown(bound: float | None) -> str:
    return str(int(bound)) if bound is not None and float(bound).is_integer() else str(bound)


INT32 = Range(-(2**31), 2**31 - 1)
INT64 = Range(-(2**63), 2**63 - 1)
FINITE = Range()


#: the years a date may fall in: a production's dates are not in antiquity, and one day past
#: 9999-12-31 cannot even be computed (a date sum would crash instead of answering)
YEARS = Range(1900, 2999)
YEARS_SHOWN = f"{_shown(YEARS.low)} to {_shown(YEARS.high)}"


def sane_date(value: DateLike) -> DateLike:
    """A date or datetime of a body, refused (naming the years allowed) outside ``YEARS``."""
    if not YEARS.holds(value.year):
        raise PydanticCustomError("date_range", "must be a date in the years {years}", {"years": YEARS_SHOWN})
    return value


def declare(allowed: Range) -> dict[str, Any]:
    """The ``info`` of a column whose values stay in ``allowed`` (merge with ``|`` if it has more)."""
    return {RANGE_KEY: allowed}


def between(low: float, high: float) -> dict[str, Any]:
    return declare(Range(low, high))


def at_least(low: float) -> dict[str, Any]:
    return declare(Range(low))


#: counts, sizes, amounts of money, durations, priorities, revisions: never below zero
NON_NEGATIVE = at_least(0)


def column_range(column: Column[Any]) -> tuple[bool, Range] | None:
    """(integer?, allowed range) of a number column: its SQL type's range and its declared one."""
    sql_type = column.type
    if isinstance(sql_type, Integer):
        base = INT64 if isinstance(sql_type, BigInteger) else INT32
        integer = True
    elif isinstance(sql_type, Float):
        base, integer = FINITE, False
    else:
        return None
    declared: Range | None = column.info.get(RANGE_KEY)
    return integer, base & declared if declared is not None else base


def _not_a_boolean(value: Any) -> Any:
    # JSON true/false would pass as 1/0 (Python's bool is an int): a flag is not a number
    if isinstance(value, bool):
        raise PydanticCustomError("number_type", "must be a number, not true or false")
    return value


@dataclass(frozen=True)
class Within:
    """pydantic metadata of a number in ``allowed``: ``Annotated[int, within(TASK.c.priority)]``.

    Out of the range, the error states it (``must be an integer between 0 and 2147483647``);
    the OpenAPI schema shows the bounds."""

    allowed: Range
    integer: bool

    def check(self, value: float) -> float:
        if not self.allowed.holds(value):
            raise PydanticCustomError(
                "number_range", "must be {allowed}", {"allowed": self.allowed.describe(self.integer)}
            )
        return value

    def require(self, field: str, value: float) -> None:
        """For a value computed from the input (a sum): a 400 naming ``field`` when out of range."""
        if not self.allowed.holds(value):
            raise validation_error([{"field": field, "message": f"must be {self.allowed.describe(self.integer)}"}])

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        checked = core_schema.no_info_after_validator_function(self.check, handler(source))
        return core_schema.no_info_before_validator_function(_not_a_boolean, checked)

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {**handler(schema), **self.allowed.json_schema()}


def within(column: Column[Any]) -> Within:
    """The range of a number column's values (its SQL type's, narrowed by its declared domain)."""
    found = column_range(column)
    if found is None:
        raise TypeError(f"{column} is not a number column")
    integer, allowed = found
    return Within(allowed, integer)


def number_type(column: Column[Any]) -> Any:
    """The pydantic type of a number column's values: ``int`` or ``float``, within its range."""
    limits = within(column)
    return Annotated[int if limits.integer else float, limits]


def param_int(name: str, raw: str, allowed: Range = INT32) -> int:
    """An integer from a query string or a path, in ``allowed``, or a 400 naming it and the range."""
    allowed = allowed & INT32
    try:
        value = int(raw.strip())
    except (ValueError, AttributeError):
        value = None
    if value is None or not allowed.holds(value):
        problem = {"field": name, "message": f"must be {allowed.describe(integer=True)}"}
        raise validation_error([problem], "Invalid parameter")
    return value


def param_int_for(column: Column[Any], raw: str) -> int:
    """An integer from a query string compared with an integer column: in the column's range."""
    found = column_range(column)
    if found is None or not found[0]:
        raise TypeError(f"{column} is not an integer column")
    return param_int(column.name, raw, found[1])


@dataclass(frozen=True)
class TextFormat:
    """A text column that holds a number-like value (``fps``: ``24``, ``23.976``): the pattern it
    must match (an empty text is always allowed: the web app sends ``""`` for unset) and its name
    in error messages."""

    pattern: str
    description: str

    def check(self, value: str) -> str:
        if value and re.fullmatch(self.pattern, value) is None:
            raise PydanticCustomError("text_format", "must be {what}", {"what": self.description})
        return value


def text_format(pattern: str, description: str) -> dict[str, Any]:
    return {FORMAT_KEY: TextFormat(pattern, description)}


#: a frame rate, as the web app's number field sends it (``24``, ``25``, ``23.976``; a comma
#: is read as the decimal point): a positive number, never ``inf``, ``nan`` or ``-25``
FPS_FORMAT = text_format(r"(?!0+(?:[.,]0*)?$)\d{1,4}(?:[.,]\d{1,6})?", "a frame rate such as 24, 25 or 23.976")
DEFAULT_FPS = 25.0


def frame_rate(text: Any) -> float:
    """The frame rate a ``fps`` text holds; 25 when unset or unreadable (a value stored before
    ``FPS_FORMAT`` was checked may be anything: never let ``inf`` or ``-25`` into a computation)."""
    try:
        fps = float(str(text).replace(",", "."))
    except ValueError:
        return DEFAULT_FPS
    return fps if math.isfinite(fps) and fps > 0 else DEFAULT_FPS


#: a picture size ``<width>x<height>`` in pixels (``1920x1080``)
RESOLUTION_FORMAT = text_format(r"[1-9]\d{0,4}[xX][1-9]\d{0,4}", "a resolution such as 1920x1080")
