"""Alembic environment: runs on the connection tenko hands over, or on DATABASE_URL."""

from __future__ import annotations

import asyncio
import warnings
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from tenko.core.db import make_engine
from tenko.models import metadata
from tenko.settings import Settings

config = context.config


def include_object(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
    """Leave out of comparisons a unique constraint that repeats its table's primary key: the
    reference declares a few (``department_link_uc``), but SQLAlchemy does not create them on
    PostgreSQL, where they would add nothing to the key."""
    if kind == "unique_constraint" and not reflected:
        primary = {column.name for column in obj.table.primary_key.columns}
        return {column.name for column in obj.columns} != primary
    return True


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=include_object,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction(), warnings.catch_warnings():
        # SQLite cannot reflect expression indexes (entity_name_uc...): the comparison skips them
        # there, saying so each time; the same check on PostgreSQL compares them
        warnings.filterwarnings("ignore", message=r".*expression-based index")
        context.run_migrations()


async def run_async(url: str) -> None:
    engine = make_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(run_with)
        await connection.commit()
    await engine.dispose()


def main() -> None:
    connection: Any = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or Settings().sqlalchemy_url
    asyncio.run(run_async(url))


main()
