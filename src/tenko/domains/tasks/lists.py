"""Task lists as flat records with their assignees, and the person a list is about."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, and_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from tenko.core import records
from tenko.core.access import Caller
from tenko.core.guard import parse_uuid
from tenko.core.listing import attach_relations, filtered_rows, filters_from_query, to_rows
from tenko.core.resource import Row
from tenko.domains.people.resources import PERSONS
from tenko.domains.tasks.models import TASK
from tenko.domains.tasks.resources import TASKS


async def task_list(session: AsyncSession, condition: ColumnElement[bool], relations: bool = True) -> list[Row]:
    """Tasks as flat records (with their assignees), in two queries whatever their number."""
    statement = select(*TASKS.visible_columns).where(condition).order_by(TASK.c.created_at, TASK.c.id)
    rows = to_rows(TASKS, await session.execute(statement))
    if relations:
        await attach_relations(session, TASKS, rows)
    return rows


async def task_page(
    session: AsyncSession, condition: ColumnElement[bool], params: QueryParams, caller: Caller
) -> list[Row] | dict[str, Any]:
    """Tasks with their assignees, narrowed and paged by the query as ``/data/tasks`` is (column
    filters, ``episode_id``, ``page``/``limit``): three queries whatever their number."""
    statement = select(*TASKS.visible_columns).where(condition).order_by(TASK.c.created_at, TASK.c.id)
    rows, paging, total = await filtered_rows(session, TASKS, statement, params, caller)
    await attach_relations(session, TASKS, rows)
    return paging.answer(rows, total)


def query_filters(params: QueryParams, caller: Caller) -> ColumnElement[bool]:
    """The column (and virtual) filters of a task list's query, as ``/data/tasks`` reads them."""
    return and_(true(), *filters_from_query(TASKS, params, caller))


async def person_of(session: AsyncSession, person_id: str) -> uuid.UUID:
    person = await records.fetch_row(session, PERSONS, parse_uuid(person_id, "person id"))
    found: uuid.UUID = person["id"]
    return found
