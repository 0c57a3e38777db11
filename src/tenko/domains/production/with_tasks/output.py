"""Encoding a with-tasks stream: a JSON array, one compact JSON object, or NDJSON lines.

Formats (``fields`` are the row keys in order, ``tasks`` last; ``task_fields`` likewise):

* plain: ``[{"id": ..., "tasks": [{...}]}, ...]``
* ``compact=true``: ``{"type": "Shot", "compact": true, "shot_fields": [...],
  "task_fields": [...], "data": [[...row values..., [[...task values...]]], ...]}``
* ``stream=true``: NDJSON (``application/x-ndjson``). The first line is the header
  ``{"type": "Shot", "compact": false, "shot_fields": [...], "task_fields": [...]}``, then one
  entity per line: an object, or with ``compact=true`` a positional array.

Rows are encoded as they arrive and sent in chunks of about ``CHUNK`` bytes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement
from starlette.responses import StreamingResponse

from tenko.core.db import Database
from tenko.core.jsonutil import dumps
from tenko.domains.production.with_tasks.rows import Listing
from tenko.domains.production.with_tasks.stream import TASK_FIELDS, stream_rows
from tenko.domains.production.with_tasks.visibility import Visibility

CHUNK = 256 * 1024
NDJSON = "application/x-ndjson"
FORMATS_DOC = __doc__.split("\n\n", 1)[1] if __doc__ else ""


def header(listing: Listing, compact: bool) -> dict[str, Any]:
    return {
        "type": listing.type_name,
        "compact": compact,
        f"{listing.noun}_fields": list(listing.fields),
        "task_fields": list(TASK_FIELDS),
    }


def as_object(fields: Sequence[str], values: list[Any]) -> dict[str, Any]:
    row = dict(zip(fields, values, strict=True))
    row["tasks"] = [dict(zip(TASK_FIELDS, task, strict=True)) for task in row["tasks"]]
    return row


async def _encoded(
    listing: Listing, rows: AsyncIterator[list[Any]], compact: bool, ndjson: bool
) -> AsyncIterator[bytes]:
    fields = listing.fields
    buffer = bytearray()
    separator = b"\n" if ndjson else b","
    if ndjson:
        buffer += dumps(header(listing, compact)) + b"\n"
    elif compact:
        buffer += dumps(header(listing, compact))[:-1] + b',"data":['
    else:
        buffer += b"["
    first = True
    async for values in rows:
        if not first and not ndjson:
            buffer += separator
        first = False
        buffer += dumps(values if compact else as_object(fields, values))
        if ndjson:
            buffer += separator
        if len(buffer) >= CHUNK:
            yield bytes(buffer)
            buffer.clear()
    if not ndjson:
        buffer += b"]}" if compact else b"]"
    yield bytes(buffer)


async def _body(
    db: Database,
    listing: Listing,
    view: Visibility,
    conditions: Sequence[ColumnElement[bool]],
    compact: bool,
    ndjson: bool,
) -> AsyncIterator[bytes]:
    # The request's own session is closed once the handler returns: the stream reads through its own,
    # on PostgreSQL in one snapshot so that the entity, task and side queries agree.
    async with db.sessionmaker() as session:
        if db.dialect == "postgresql":
            await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        async for chunk in _encoded(listing, stream_rows(session, listing, view, conditions), compact, ndjson):
            yield chunk


def listing_response(
    db: Database,
    listing: Listing,
    view: Visibility,
    conditions: Sequence[ColumnElement[bool]],
    compact: bool,
    ndjson: bool,
) -> StreamingResponse:
    media_type = NDJSON if ndjson else "application/json"
    return StreamingResponse(_body(db, listing, view, conditions, compact, ndjson), media_type=media_type)
