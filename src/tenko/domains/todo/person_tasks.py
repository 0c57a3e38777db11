"""A person's to-do list: their open and done tasks, with the names a to-do list shows."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.guard import Anyone, PathId
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.domains.tasks.lists import person_of, query_filters, task_list
from tenko.domains.tasks.models import TASK, TASK_PERSON_LINK
from tenko.domains.tasks.reach import reach
from tenko.domains.tasks.resources import TASKS
from tenko.domains.todo.details import DETAIL_KEYS, EPISODE_KEYS, add_details, add_episodes, not_done

router = api_router(tags=["tasks"])


async def detailed(session: AsyncSession, caller: Caller, rows: list[Row]) -> list[Row]:
    """Task rows with the names the to-do lists show (entity, type, status, project), in 3 queries."""
    await add_details(session, caller, rows)
    return rows


DONE_LIST = answers.many(TASKS, extra=DETAIL_KEYS)
#: the open tasks also name every episode they belong to, as the reference's (and the caller's own) to-do list
TO_DO_LIST = answers.many(TASKS, extra={**DETAIL_KEYS, **EPISODE_KEYS})


@router.get("/data/persons/{person_id}/tasks", summary="The open tasks assigned to a person", **TO_DO_LIST)
async def person_tasks(person_id: PathId, request: Request, session: DbSession, caller: Anyone) -> JSONResponse:
    """The tasks assigned to a person that are not done, in the projects the caller reaches
    (column filters as ``/data/tasks``)."""
    person = await person_of(session, person_id)
    assigned = TASK.c.id.in_(select(TASK_PERSON_LINK.c.task_id).where(TASK_PERSON_LINK.c.person_id == person))
    condition = assigned & reach(caller) & not_done() & query_filters(request.query_params, caller)
    rows = await detailed(session, caller, await task_list(session, condition))
    await add_episodes(session, rows)
    return JSONResponse(rows)


@router.get("/data/persons/{person_id}/done-tasks", summary="The done tasks assigned to a person", **DONE_LIST)
async def person_done_tasks(person_id: PathId, request: Request, session: DbSession, caller: Anyone) -> JSONResponse:
    """The done tasks assigned to a person, in the projects the caller reaches (column filters as ``/data/tasks``)."""
    person = await person_of(session, person_id)
    assigned = TASK.c.id.in_(select(TASK_PERSON_LINK.c.task_id).where(TASK_PERSON_LINK.c.person_id == person))
    condition = assigned & reach(caller) & ~not_done() & query_filters(request.query_params, caller)
    return JSONResponse(await detailed(session, caller, await task_list(session, condition)))
