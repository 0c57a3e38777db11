"""Fast JSON encoding in the API's format (naive UTC datetimes to the second, UUIDs as strings)."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from typing import Any

import orjson
from starlette.responses import Response

OPTIONS = orjson.OPT_OMIT_MICROSECONDS | orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def _default(value: Any) -> Any:
    if isinstance(value, uuid.UUID):  # asyncpg's own UUID subclass, which orjson does not know
        return str(value)
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return None  # binary columns are secrets; never serialised
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dumps(value: Any) -> bytes:
    return orjson.dumps(value, default=_default, option=OPTIONS)


def loads(data: bytes | str) -> Any:
    return orjson.loads(data)


def loads_stored(text: str) -> Any:
    """A JSON column's value as the database hands it back.

    PostgreSQL's jsonb writes numbers out in full: a stored -9.7e231 comes back as 232 digits,
    which the standard library reads as an int no JSON encoder can write back (every reader of
    the record answered 500). orjson reads such numbers as floats, and faster; the rare value it
    refuses (NaN or Infinity, which the standard library writes) is read by the standard library.
    """
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


class JSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)
