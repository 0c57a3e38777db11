"""Fast JSON encoding in the API's format (naive UTC datetimes to the second, UUIDs as strings)."""

from __future__ import annotations

import datetime as dt
import decimal
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


class JSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)
