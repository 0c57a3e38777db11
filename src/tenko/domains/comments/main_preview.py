"""Setting the last preview of tasks as the thumbnail (``preview_file_id``) of their entity."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import case, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http, records
from tenko.core.access import ALL_ROLES, Caller, InProject, Role
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest
from tenko.core.guard import requires
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.core.types import UUIDType, utc_now
from tenko.domains.comments.preview_reads import last_previews
from tenko.domains.entities.models import ENTITY
from tenko.domains.entities.resources import ENTITIES
from tenko.domains.entities.service import kind_of_name, kind_resource
from tenko.domains.studio.models import ENTITY_TYPE
from tenko.domains.tasks.access import ILLUSTRATE_TASK, TaskAccess, TaskLoader, accesses_to

router = api_router(tags=["tasks"])


class TaskIdList(BaseModel):
    model_config = ConfigDict(extra="ignore")

    task_ids: list[uuid.UUID] = Field(max_length=10_000)


#: every member but clients may illustrate some task (each task is then judged by its action)
ILLUSTRATORS = InProject(ALL_ROLES - {Role.CLIENT})
#: entities with the kind's type name and the status of their new thumbnail
ENTITY_ANSWER = answers.record_schema(
    ENTITIES,
    extra={"type": answers.STRING, "preview_file_status": answers.nullable(answers.STRING)},
)


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


@router.put(
    "/actions/tasks/set-main-preview",
    summary="Set the last preview of tasks as their entity's thumbnail",
    **answers.answer(answers.list_of(ENTITY_ANSWER)),
)
async def set_tasks_main_preview(
    request: Request,
    session: DbSession,
    caller: Annotated[
        Caller, requires(ILLUSTRATORS, f"admins; or project members but clients; per task: {ILLUSTRATE_TASK.text}")
    ],
) -> JSONResponse:
    """For each task of ``task_ids``, its last preview illustrates its entity; answers the entities."""
    body = await http.json_body(request, TaskIdList)
    accesses = await accesses_to(session, caller, body["task_ids"], ILLUSTRATE_TASK)
    return JSONResponse(await set_main_previews(session, caller, accesses))


@router.put(
    "/actions/tasks/{task_id}/set-main-preview",
    summary="Set the last preview of a task as its thumbnail",
    **answers.answer(ENTITY_ANSWER),
)
async def set_task_main_preview(
    task: Annotated[TaskAccess, TaskLoader("illustrate")], session: DbSession
) -> JSONResponse:
    """The task's last preview illustrates its entity; answers the entity."""
    entities = await set_main_previews(session, task.caller, [task])
    if not entities:
        raise BadRequest("This task has no preview to show as its entity's thumbnail")
    return JSONResponse(entities[0])
