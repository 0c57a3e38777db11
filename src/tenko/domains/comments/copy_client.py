"""Forwarding clients' notes to the studio: copies of client comments, written by a manager.

Artists never read what clients write (permissions.md), so a production manager copies the
client comments of a task type's tasks, either onto the same tasks or onto the tasks of
another type of the same entities (the client reviewed compositing, the notes are for
animation). Each copy is a comment of the manager with the client's text, checklist and
links, keeping the task's status; ``data.copied_from_comment_id`` names its origin so a
comment is never copied twice onto the same task. Set-based: a constant number of
statements whatever the number of comments (plus one stored event per copy).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import Request
from pydantic import Field
from sqlalchemy import ColumnElement, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http
from tenko.core.db import DbSession
from tenko.core.errors import validation_error
from tenko.core.events import emit
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.links import existing_id
from tenko.core.resource import Row
from tenko.core.schemas import BodyModel
from tenko.core.types import new_id
from tenko.domains.comments import present
from tenko.domains.comments.models import COMMENT
from tenko.domains.comments.schemas import THREAD_COMMENT
from tenko.domains.entities.models import ENTITY
from tenko.domains.notifications.models import NEWS
from tenko.domains.people.models import PERSON
from tenko.domains.projects.access import ManagedProject, ProjectAccess
from tenko.domains.projects.models import PROJECT_PERSON_LINK
from tenko.domains.studio.models import TASK_TYPE
from tenko.domains.tasks.models import TASK

router = api_router(tags=["comments"])
ORIGIN = "copied_from_comment_id"


class CopyClientComments(BodyModel):
    task_type_id: uuid.UUID
    target_task_type_id: uuid.UUID | None = None
    entity_ids: list[uuid.UUID] | None = Field(default=None, max_length=10_000)


def client_authored(project_id: uuid.UUID) -> ColumnElement[bool]:
    """The comment's author is a client in this project (a project role overrides the global one)."""
    in_team = (PROJECT_PERSON_LINK.c.project_id == project_id) & (
        PROJECT_PERSON_LINK.c.person_id == COMMENT.c.person_id
    )
    project_role = select(PROJECT_PERSON_LINK.c.role).where(in_team).scalar_subquery()
    global_role = select(PERSON.c.role).where(PERSON.c.id == COMMENT.c.person_id).scalar_subquery()
    return func.coalesce(project_role, global_role) == "client"


async def client_comments(session: AsyncSession, project_id: uuid.UUID, body: dict[str, Any]) -> list[Row]:
    """The client comments to copy, each with the task receiving it and that task's status."""
    source, target = TASK.alias("source_task"), TASK.alias("target_task")
    target_type = body.get("target_task_type_id") or body["task_type_id"]
    if target_type == body["task_type_id"]:
        pairing = target.c.id == source.c.id
    else:
        pairing = (target.c.entity_id == source.c.entity_id) & (target.c.task_type_id == target_type)
    statement = (
        select(
            COMMENT.c.id,
            COMMENT.c.text,
            COMMENT.c.checklist,
            COMMENT.c.links,
            target.c.id.label("target_id"),
            target.c.task_status_id.label("target_status_id"),
        )
        .select_from(COMMENT.join(source, source.c.id == COMMENT.c.object_id).join(target, pairing))
        .where(
            COMMENT.c.object_type == "Task",
            source.c.project_id == project_id,
            source.c.task_type_id == body["task_type_id"],
            target.c.project_id == project_id,
            client_authored(project_id),
        )
        .order_by(COMMENT.c.created_at, COMMENT.c.id)
    )
    if body.get("entity_ids") is not None:
        statement = statement.where(source.c.entity_id.in_(body["entity_ids"]))
    return [dict(row) for row in (await session.execute(statement)).mappings()]


async def already_copied(session: AsyncSession, target_ids: set[uuid.UUID]) -> set[tuple[uuid.UUID, str]]:
    """(task, origin comment) pairs copied before, so that copying again adds nothing."""
    if not target_ids:
        return set()
    statement = select(COMMENT.c.object_id, COMMENT.c.data).where(
        COMMENT.c.object_id.in_(target_ids), COMMENT.c.data.is_not(None)
    )
    pairs = set()
    for task_id, data in (await session.execute(statement)).all():
        if isinstance(data, dict) and data.get(ORIGIN):
            pairs.add((task_id, str(data[ORIGIN])))
    return pairs


async def check_body(session: AsyncSession, project: ProjectAccess, body: dict[str, Any]) -> None:
    await existing_id(session, TASK_TYPE, body["task_type_id"], "task_type_id")
    if body.get("target_task_type_id") is not None:
        await existing_id(session, TASK_TYPE, body["target_task_type_id"], "target_task_type_id")
    wanted = set(body.get("entity_ids") or [])
    if wanted:
        statement = select(ENTITY.c.id).where(ENTITY.c.id.in_(wanted), ENTITY.c.project_id == project.id)
        missing = wanted - set((await session.execute(statement)).scalars())
        if missing:
            message = f"not entities of this project: {', '.join(sorted(map(str, missing))[:5])}"
            raise validation_error([{"field": "entity_ids", "message": message}])


def copies_of(project: ProjectAccess, sources: list[Row], done: set[tuple[uuid.UUID, str]]) -> list[Row]:
    """The new comment rows, stamped a microsecond apart so they keep the clients' order."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows: list[Row] = []
    for source in sources:
        if (source["target_id"], str(source["id"])) in done:
            continue
        done.add((source["target_id"], str(source["id"])))
        when = now + dt.timedelta(microseconds=len(rows))
        rows.append(
            {
                "id": new_id(),
                "created_at": when,
                "updated_at": when,
                "object_id": source["target_id"],
                "object_type": "Task",
                "text": source["text"],
                "checklist": source["checklist"] or [],
                "links": source["links"] or [],
                "task_status_id": source["target_status_id"],
                "person_id": project.caller.id,
                "for_client": False,
                "replies": [],
                "data": {ORIGIN: str(source["id"])},
            }
        )
    return rows


def news_of(project: ProjectAccess, comment: Row) -> Row:
    when = comment["created_at"]
    return {
        "id": new_id(),
        "created_at": when,
        "updated_at": when,
        "change": False,
        "author_id": project.caller.id,
        "comment_id": comment["id"],
        "task_id": comment["object_id"],
    }


@router.post(
    "/actions/projects/{project_id}/tasks/copy-client-comments",
    summary="Copy the client comments of a task type's tasks for the studio",
    status_code=201,
    **answers.answer(answers.list_of(THREAD_COMMENT), 201),
)
async def copy_client_comments(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
    """Copy the client comments of the tasks of ``task_type_id`` onto the same tasks, or the
    same entities' tasks of ``target_task_type_id`` (``entity_ids`` narrows); answers the copies."""
    body = await http.json_body(request, CopyClientComments)
    await check_body(session, project, body)
    sources = await client_comments(session, project.id, body)
    done = await already_copied(session, {source["target_id"] for source in sources})
    rows = copies_of(project, sources, done)
    if not rows:
        return JSONResponse([], status_code=201)
    await session.execute(insert(COMMENT), rows)
    await session.execute(insert(NEWS), [news_of(project, row) for row in rows])
    newest = select(func.max(COMMENT.c.created_at)).where(COMMENT.c.object_id == TASK.c.id).scalar_subquery()
    targets = {row["object_id"] for row in rows}
    await session.execute(update(TASK).where(TASK.c.id.in_(targets)).values(last_comment_date=newest))
    for row in rows:
        data = {"comment_id": row["id"], "task_id": row["object_id"], "task_status_id": row["task_status_id"]}
        await emit(
            session, "comment:new", {**data, "project_id": project.id}, user_id=project.caller.id, project_id=project.id
        )
    created = await present.comment_rows(session, COMMENT.c.id.in_([row["id"] for row in rows]))
    return JSONResponse(await present.decorate_list(session, created), status_code=201)
