"""Reorder actions: task types of the studio, and a project's task type and task status links.

The order of the ids in the body becomes the priority (1, 2, 3...); ids left out keep theirs.
"""

from __future__ import annotations

from fastapi import Request

from tenko.core import answers, http, records
from tenko.core.db import DbSession
from tenko.core.guard import AdminCaller
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.domains.projects.access import ManagedProject, project_updated
from tenko.domains.projects.models import PROJECT_TASK_STATUS_LINK, PROJECT_TASK_TYPE_LINK
from tenko.domains.projects.priorities import TaskStatusOrder, TaskTypeOrder, set_priorities
from tenko.domains.studio.models import TASK_TYPE
from tenko.domains.studio.resources import TASK_TYPES

router = api_router(tags=["ordering"])


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
