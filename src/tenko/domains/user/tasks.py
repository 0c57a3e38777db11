"""The caller's to-do lists: open tasks, done tasks and the tasks waiting for their review."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.guard import Myself
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import Paging, attach_relations, to_rows
from tenko.core.resource import Row
from tenko.domains.tasks.lists import query_filters
from tenko.domains.tasks.models import TASK
from tenko.domains.tasks.reach import my_tasks
from tenko.domains.tasks.resources import TASKS
from tenko.domains.todo.details import EPISODE_KEYS, add_details, add_episodes, not_done
from tenko.domains.user.access import to_check

router = api_router(tags=["user"])
#: what ``add_details`` adds to a task: the names and colours a to-do list shows
DETAILS: dict[str, answers.Schema] = {
    "entity_name": answers.nullable(answers.STRING),
    "entity_description": answers.nullable(answers.STRING),
    "entity_data": answers.nullable(answers.OBJECT),
    "entity_canceled": answers.nullable(answers.BOOLEAN),
    "entity_preview_file_id": answers.nullable(answers.UUID),
    "entity_source_id": answers.nullable(answers.STRING),
    "entity_type_name": answers.nullable(answers.STRING),
    "sequence_name": answers.nullable(answers.STRING),
    "episode_id": answers.nullable(answers.UUID),
    "episode_name": answers.nullable(answers.STRING),
    "project_name": answers.STRING,
    "project_has_avatar": answers.nullable(answers.BOOLEAN),
    "task_status_name": answers.STRING,
    "task_status_short_name": answers.STRING,
    "task_status_color": answers.STRING,
    "task_type_name": answers.STRING,
    "task_type_color": answers.STRING,
    "task_type_for_entity": answers.STRING,
    "task_start_date": answers.nullable(answers.DATETIME),
    "task_due_date": answers.nullable(answers.DATETIME),
    "task_duration": answers.nullable(answers.NUMBER),
    "task_estimation": answers.nullable(answers.NUMBER),
    "last_comment": answers.object_of(
        {"date": answers.DATETIME, "text": answers.STRING, "person_id": answers.UUID},
    ),
}
FILTER_KEYS = ("project_ids", "task_type_ids", "task_status_ids", "person_ids", "episode_ids")
DETAILED_TASKS = answers.many(TASKS, extra=DETAILS)
#: the open tasks also name every episode they belong to (an asset: the episodes casting it)
TODO_TASKS = answers.many(TASKS, extra={**DETAILS, **EPISODE_KEYS})


async def detailed_tasks(
    session: AsyncSession, caller: Caller, condition: ColumnElement[bool], newest_first: bool = False
) -> list[Row]:
    """Tasks with their assignees and the names a to-do list shows: four queries whatever their number."""
    order = (TASK.c.end_date.desc(), TASK.c.id) if newest_first else (TASK.c.due_date, TASK.c.created_at, TASK.c.id)
    statement = select(*TASKS.visible_columns).where(condition).order_by(*order)
    rows = to_rows(TASKS, await session.execute(statement))
    await attach_relations(session, TASKS, rows)
    await add_details(session, caller, rows)
    return rows


@router.get("/data/user/tasks", summary="The caller's open tasks, with the names their to-do list shows", **TODO_TASKS)
async def user_tasks(request: Request, session: DbSession, caller: Myself) -> JSONResponse:
    """The caller's open tasks, with the names their to-do list shows (column filters as ``/data/tasks``)."""
    condition = my_tasks(caller) & not_done() & query_filters(request.query_params, caller)
    rows = await detailed_tasks(session, caller, condition)
    await add_episodes(session, rows)
    return JSONResponse(rows)


@router.get("/data/user/done-tasks", summary="The caller's done tasks, newest first", **DETAILED_TASKS)
async def user_done_tasks(request: Request, session: DbSession, caller: Myself) -> JSONResponse:
    """The caller's done tasks, newest first (column filters as ``/data/tasks``)."""
    condition = my_tasks(caller) & ~not_done() & query_filters(request.query_params, caller)
    return JSONResponse(await detailed_tasks(session, caller, condition, newest_first=True))


#: the review list with ``?page=``: one page of it, its totals, and whether more pages follow
_DETAILED = answers.record_schema(TASKS, DETAILS)
REVIEW_PAGE = answers.object_of(
    {
        "data": answers.list_of(_DETAILED),
        "stats": answers.object_of(
            {"total": answers.INTEGER, "total_duration": answers.NUMBER, "total_estimation": answers.NUMBER}
        ),
        "page": answers.INTEGER,
        "limit": answers.INTEGER,
        "is_more": answers.BOOLEAN,
    },
    "ReviewPage",
)


def review_page(rows: list[Row], page: int, limit: int) -> dict[str, Any]:
    """One page of the review list with the totals of the whole list, as the reference pages it."""
    start = (page - 1) * limit
    stats = {
        "total": len(rows),
        "total_duration": sum(row.get("duration") or 0 for row in rows),
        "total_estimation": sum(row.get("estimation") or 0 for row in rows),
    }
    return {
        "data": rows[start : start + limit],
        "stats": stats,
        "page": page,
        "limit": limit,
        "is_more": start + limit < len(rows),
    }


@router.get(
    "/data/user/tasks-to-check",
    summary="Tasks waiting for the caller's review",
    **answers.answer({"anyOf": [answers.list_of(_DETAILED), REVIEW_PAGE]}, 200, "A list of Task, or one page of it"),
)
async def tasks_to_check(request: Request, session: DbSession, caller: Myself) -> JSONResponse:
    """Tasks waiting for the caller's review (column filters as ``/data/tasks``); with ``page``,
    one page of them and the totals of the whole list, as the reference answers."""
    params = request.query_params
    rows = await detailed_tasks(session, caller, to_check(caller) & query_filters(params, caller))
    paging = Paging.of(params)
    if paging.page is None or paging.limit is None:
        return JSONResponse(rows)
    return JSONResponse(review_page(rows, paging.page, paging.limit))


@router.get(
    "/data/user/tasks-to-check/filter-values",
    summary="The values the review list can be filtered on",
    **answers.shape({key: answers.ID_LIST for key in FILTER_KEYS}),
)
async def tasks_to_check_filters(session: DbSession, caller: Myself) -> JSONResponse:
    """The values the review list can be filtered on."""
    rows = await detailed_tasks(session, caller, to_check(caller))
    values: dict[str, dict[Any, None]] = {key: {} for key in FILTER_KEYS}
    for row in rows:
        values["project_ids"][row["project_id"]] = None
        values["task_type_ids"][row["task_type_id"]] = None
        values["task_status_ids"][row["task_status_id"]] = None
        values["person_ids"].update(dict.fromkeys(row["assignees"]))
        if row.get("episode_id"):
            values["episode_ids"][row["episode_id"]] = None
    return JSONResponse({key: list(found) for key, found in values.items()})
