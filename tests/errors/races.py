"""Racing requests: the same call sent many times at once over HTTP, and what must come of it.

On PostgreSQL the calls truly run in parallel (one connection each); on SQLite they interleave
at every await and take the database's write lock in turn, which is enough for a call to write
what it read before another call committed.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from sqlalchemy import func, select

from tenko.core.model import Base
from tests.errors.common import error_body
from tests.support import Api

#: how many identical calls race
RACERS = 20


async def race(call: Callable[[int], Awaitable[httpx.Response]], racers: int = RACERS) -> list[httpx.Response]:
    """``call(i)`` for each racer, all started at once."""
    return list(await asyncio.gather(*(call(i) for i in range(racers))))


def statuses(responses: list[httpx.Response]) -> Counter[int]:
    return Counter(response.status_code for response in responses)


def one_winner(responses: list[httpx.Response], status: int = 201, says: str = "already") -> dict[str, Any]:
    """Exactly one call succeeded; every other one is a clean 400 saying what is duplicated."""
    assert statuses(responses) == {status: 1, 400: len(responses) - 1}, (statuses(responses), responses[-1].text)
    for response in responses:
        if response.status_code == 400:
            assert says in error_body(response, 400)["message"], response.text
    winner: dict[str, Any] = next(r for r in responses if r.status_code == status).json()
    return winner


def all_succeed(responses: list[httpx.Response], status: int) -> list[Any]:
    """Every call answered as a repeated call does."""
    assert statuses(responses) == {status: len(responses)}, (statuses(responses), responses[-1].text)
    return [response.json() for response in responses]


async def count(api: Api, table_name: str, *where: Any) -> int:
    """Rows of a table matching these conditions (``where`` built on ``table(name).c``)."""
    table = Base.metadata.tables[table_name]
    async with api.server.context.db.sessionmaker() as session:
        return int((await session.execute(select(func.count()).select_from(table).where(*where))).scalar() or 0)


def table(name: str) -> Any:
    return Base.metadata.tables[name]
