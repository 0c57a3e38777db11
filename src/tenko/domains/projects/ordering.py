"""Reorder actions: task types of the studio, and a project's task type and task status links.

The order of the ids in the body becomes the priority (1, 2, 3...); ids left out keep theirs.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import Request
from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http, records
from tenko.core.db import DbSession
from tenko.core.errors import validation_error
from tenko.core.guard import AdminCaller
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.core.schemas import BodyModel
from tenko.core.types import utc_now
from tenko.domains.projects.access import ManagedProject, project_updated
from tenko.domains.projects.models import PROJECT_TASK_STATUS_LINK, PROJECT_TASK_TYPE_LINK
from tenko.domains.studio.models import TASK_TYPE
from tenko.domains.studio.resources import TASK_TYPES

router = api_router(tags=["ordering"])


class TaskTypeOrder(BodyModel):
    task_type_ids: list[uuid.UUID]


class TaskStatusOrder(BodyModel):
    task_status_ids: list[uuid.UUID]


async def set_priorities(
    session: AsyncSession, table: Table, column: str, ids: list[uuid.UUID], scope: list[Any], type_name: str
) -> list[Row]:
    """Priority = position in ``ids`` for the rows of ``scope``; unknown ids are a 400."""
    ids = list(dict.fromkeys(ids))
    key = table.c[column]
    known = set((await session.execute(select(key).where(*scope, key.in_(ids)))).scalars())
    strangers = [str(i) for i in ids if i not in known]
    if strangers:
        field = f"{column}s"
        raise validation_error([{"field": field, "message": f"not linked here: {', '.join(strangers[:5])}"}])
    for priority, record_id in enumerate(ids, start=1):
        statement = update(table).where(*scope, key == record_id).values(priority=priority, updated_at=utc_now())
        await session.execute(statement)
    priority_column = table.c.priority
    ordered = select(table).where(*scope).order_by(priority_column.is_(None), priority_column, key)
    return [dict(row, type=type_name) for row in (await session.execute(ordered)).mappings()]


@router.post(
    "/actions/task-types/reorder",
    summary="Set the priorities of the studio's task types from a list",
    **answers.answer(answers.list_of(answers.table_schema(TASK_TYPE, "TaskType"))),
)
async def reorder_task_types(request: Request, session: DbSession, caller: AdminCaller) -> JSONResponse:
    values = await http.json_body(request, TaskTypeOrder)
    ids = list(dict.fromkeys(values["task_type_ids"]))
    rows = await set_priorities(session, TASK_TYPE, "id", ids, [TASK_TYPE.c.id.in_(ids)], "TaskType")
    for row in rows:  # in the order of the body, as its ids
        await records.record_event(session, TASK_TYPES, caller, "update", row)
    return JSONResponse(rows)


@router.post(
    "/actions/projects/{project_id}/task-type-links/reorder",
    summary="Set the priorities of a project's task types from a list",
    **answers.answer(answers.list_of(answers.table_schema(PROJECT_TASK_TYPE_LINK, "ProjectTaskTypeLink"))),
)
async def reorder_task_type_links(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, TaskTypeOrder)
    scope = [PROJECT_TASK_TYPE_LINK.c.project_id == project.id]
    rows = await set_priorities(
        session, PROJECT_TASK_TYPE_LINK, "task_type_id", values["task_type_ids"], scope, "ProjectTaskTypeLink"
    )
    await project_updated(session, project.caller, project.id)
    return JSONResponse(rows)


@router.post(
    "/actions/projects/{project_id}/task-status-links/reorder",
    summary="Set the priorities of a project's task statuses from a list",
    **answers.answer(answers.list_of(answers.table_schema(PROJECT_TASK_STATUS_LINK, "ProjectTaskStatusLink"))),
)
async def reorder_task_status_links(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, TaskStatusOrder)
    scope = [PROJECT_TASK_STATUS_LINK.c.project_id == project.id]
    rows = await set_priorities(
        session, PROJECT_TASK_STATUS_LINK, "task_status_id", values["task_status_ids"], scope, "ProjectTaskStatusLink"
    )
    await project_updated(session, project.caller, project.id)
    return JSONResponse(rows)
