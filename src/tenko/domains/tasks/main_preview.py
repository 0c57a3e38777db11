"""Setting the last preview of tasks as the thumbnail (``preview_file_id``) of their entity."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import case, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.deps import Context
from tenko.core import records
from tenko.core.access import Caller, Role
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, Forbidden
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.core.types import UUIDType, utc_now
from tenko.domains.entities.resources import ENTITIES
from tenko.domains.entities.service import ENTITY, kind_of_name, kind_resource
from tenko.domains.projects.access import read_body
from tenko.domains.tasks.access import CurrentTask, TaskAccess, access_to, fetch_task
from tenko.domains.tasks.previews import ENTITY_TYPE, last_previews

router = APIRouter(tags=["tasks"])


class TaskIdList(BaseModel):
    model_config = ConfigDict(extra="ignore")

    task_ids: list[uuid.UUID] = Field(max_length=10_000)


def require_thumbnail_right(access: TaskAccess) -> None:
    """Those who may comment the task, clients excepted: they review, they do not illustrate."""
    if access.role is Role.CLIENT or not access.may_comment():
        raise Forbidden(f"You may not change the thumbnail of the entity of the task {access.id}")


async def set_main_previews(session: AsyncSession, caller: Caller, accesses: list[TaskAccess]) -> list[Row]:
    """Each task's last preview becomes its entity's thumbnail; answers the entities changed."""
    latest = await last_previews(session, [access.id for access in accesses])
    chosen: dict[uuid.UUID, Row] = {}  # entity id -> preview (the last task given wins)
    for access in accesses:
        preview = latest.get(access.id)
        if preview is not None and access.row.get("entity_id") is not None:
            chosen[access.row["entity_id"]] = preview
    if not chosen:
        return []
    thumbnails = {entity_id: literal(preview["id"], UUIDType) for entity_id, preview in chosen.items()}
    values = {"preview_file_id": case(thumbnails, value=ENTITY.c.id), "updated_at": utc_now()}
    await session.execute(update(ENTITY).where(ENTITY.c.id.in_(list(chosen))).values(**values))
    joined = ENTITY.join(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
    statement = (
        select(*ENTITIES.visible_columns, ENTITY_TYPE.c.name.label("entity_type_name"))
        .select_from(joined)
        .where(ENTITY.c.id.in_(list(chosen)))
    )
    rows: list[Row] = []
    for mapping in (await session.execute(statement)).mappings():
        row: dict[str, Any] = dict(mapping)
        kind = kind_of_name(row.pop("entity_type_name"))
        row["type"] = kind.type_name
        row["preview_file_status"] = chosen[row["id"]]["status"]
        await records.record_event(session, kind_resource(kind), caller, "update", row)
        rows.append(row)
    order = {entity_id: index for index, entity_id in enumerate(chosen)}
    return sorted(rows, key=lambda row: order[row["id"]])


@router.put("/actions/tasks/set-main-preview", summary="Set the last preview of tasks as their entity's thumbnail")
async def set_tasks_main_preview(
    request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    """For each task of ``task_ids``, its last preview illustrates its entity; answers the entities."""
    body = await read_body(request, context, TaskIdList)
    accesses = []
    for task_id in dict.fromkeys(body["task_ids"]):
        access = await access_to(session, caller, await fetch_task(session, task_id))
        require_thumbnail_right(access)
        accesses.append(access)
    return JSONResponse(await set_main_previews(session, caller, accesses))


@router.put("/actions/tasks/{task_id}/set-main-preview", summary="Set the last preview of a task as its thumbnail")
async def set_task_main_preview(task: CurrentTask, session: DbSession) -> JSONResponse:
    """The task's last preview illustrates its entity; answers the entity."""
    require_thumbnail_right(task)
    entities = await set_main_previews(session, task.caller, [task])
    if not entities:
        raise BadRequest("This task has no preview to show as its entity's thumbnail")
    return JSONResponse(entities[0])
