"""Writes that stay right when requests race each other.

On PostgreSQL two requests truly run in parallel; on SQLite one transaction writes at a time, but
a request's reads come before its first write (that is when its transaction takes the database's
write lock), so what it read may be stale by the time it writes. "Read, then write what the read
suggested" therefore loses data either way. Instead:

- creates that must refuse the loser rely on a unique constraint or index of the models: its
  ``IntegrityError`` becomes a 400 naming the duplicate (``core.errors``), and the transaction
  is rolled back whole;
- idempotent adds and counters are one statement: :func:`conflict_insert` is the dialect's
  ``INSERT`` that says what to do when the row exists (``on_conflict_do_nothing()``, or
  ``on_conflict_do_update(set_={"duration": table.c.duration + stmt.excluded.duration})``);
- a write computed from rows it must read first (a whole casting, the next number, a status
  change) locks those rows first with :func:`lock_rows`, so racing writers take turns.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import Table, false, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def dialect_of(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def conflict_insert(session: AsyncSession, table: Table) -> postgresql.Insert | sqlite.Insert:
    """The dialect's ``INSERT`` into ``table``, with ``on_conflict_do_nothing`` / ``on_conflict_do_update``
    (both databases run ``INSERT ... ON CONFLICT ... RETURNING``)."""
    if dialect_of(session) == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


async def lock_rows(session: AsyncSession, table: Table, ids: Iterable[uuid.UUID]) -> None:
    """Make the writers of these rows wait for each other until this transaction ends.

    Call it before reading what the transaction will rewrite: what it reads next is then what the
    previous writer committed. PostgreSQL locks the rows (``SELECT ... FOR UPDATE``, in id order
    so that two lockers of several rows cannot deadlock). SQLite has one write lock for the whole
    database, which a transaction takes at its first write: a write that changes nothing takes it
    now (waiting for the current writer like any write does).
    """
    wanted = sorted(set(ids))
    if not wanted:
        return
    if dialect_of(session) == "sqlite":
        primary = next(iter(table.primary_key.columns))
        await session.execute(update(table).where(false()).values({primary.name: primary}))
        return
    statement = select(*table.primary_key.columns).where(table.c.id.in_(wanted)).order_by(table.c.id)
    await session.execute(statement.with_for_update())
