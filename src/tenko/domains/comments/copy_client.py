"""Forwarding clients' notes to the studio: copies of client comments, written by a manager.

Artists never read what clients write (permissions.md), so a production manager copies, for
each of the given tasks (``{"task_ids": [...], "prefix": "..."}``, as the reference takes it),
the task's newest client comment onto the same task: a comment of the manager with the
client's text (after the prefix and a blank line), keeping the task's status. Set-based: a
constant number of statements whatever the number of tasks (plus one stored event per copy).
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
from tenko.core.resource import Row
from tenko.core.schemas import BodyModel
from tenko.core.types import new_id
from tenko.domains.comments import present
from tenko.domains.comments.models import COMMENT
from tenko.domains.comments.schemas import THREAD_COMMENT
from tenko.domains.notifications.models import NEWS
from tenko.domains.people.models import PERSON
from tenko.domains.projects.access import ManagedProject, ProjectAccess
from tenko.domains.projects.models import PROJECT_PERSON_LINK
from tenko.domains.tasks.models import TASK

router = api_router(tags=["comments"])
MAX_TASKS = 10_000


class CopyClientComments(BodyModel):
    task_ids: list[uuid.UUID] = Field(min_length=1, max_length=MAX_TASKS)
    prefix: str | None = Field(default=None, max_length=1_000)


def client_authored(project_id: uuid.UUID) -> ColumnElement[bool]:
    """The comment's author is a client in this project (a project role overrides the global one)."""
    in_team = (PROJECT_PERSON_LINK.c.project_id == project_id) & (
        PROJECT_PERSON_LINK.c.person_id == COMMENT.c.person_id
    )
    project_role = select(PROJECT_PERSON_LINK.c.role).where(in_team).scalar_subquery()
    global_role = select(PERSON.c.role).where(PERSON.c.id == COMMENT.c.person_id).scalar_subquery()
    return func.coalesce(project_role, global_role) == "client"


async def task_statuses(session: AsyncSession, project: ProjectAccess, task_ids: list[uuid.UUID]) -> dict[Any, Any]:
    """Task id -> status of the given tasks; a 400 naming those that are not tasks of the project."""
    statement = select(TASK.c.id, TASK.c.task_status_id).where(TASK.c.id.in_(task_ids), TASK.c.project_id == project.id)
    found = {task_id: status_id for task_id, status_id in await session.execute(statement)}
    if missing := [str(task_id) for task_id in task_ids if task_id not in found]:
        message = f"not tasks of this project: {', '.join(missing[:5])}"
        raise validation_error([{"field": "task_ids", "message": message}])
    return found


async def newest_client_comments(session: AsyncSession, project_id: uuid.UUID, task_ids: list[uuid.UUID]) -> list[Row]:
    """Each task's newest client comment (tasks without one have none), in the given task order."""
    statement = (
        select(COMMENT.c.object_id, COMMENT.c.text)
        .where(COMMENT.c.object_id.in_(task_ids), COMMENT.c.object_type == "Task", client_authored(project_id))
        .order_by(COMMENT.c.created_at.desc(), COMMENT.c.id.desc())
    )
    newest: dict[Any, Row] = {}
    for row in (await session.execute(statement)).mappings():
        newest.setdefault(row["object_id"], dict(row))
    return [newest[task_id] for task_id in task_ids if task_id in newest]


def copy_text(text: str | None, prefix: str | None) -> str:
    return f"{prefix}\n\n{text or ''}" if prefix else text or ""


def copies_of(project: ProjectAccess, sources: list[Row], statuses: dict[Any, Any], prefix: str | None) -> list[Row]:
    """The new comment rows: the client's text, by the caller, with the task's current status."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return [
        {
            "id": new_id(),
            "created_at": now,
            "updated_at": now,
            "object_id": source["object_id"],
            "object_type": "Task",
            "text": copy_text(source["text"], prefix),
            "checklist": [],
            "links": [],
            "task_status_id": statuses[source["object_id"]],
            "person_id": project.caller.id,
            "for_client": False,
            "replies": [],
        }
        for source in sources
    ]


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
    summary="Copy the newest client comment of each given task onto it, for the studio",
    status_code=201,
    **answers.answer(answers.list_of(THREAD_COMMENT), 201),
)
async def copy_client_comments(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
    """For each task of ``task_ids``, copy its newest client comment onto it for the studio, the
    text after ``prefix``; answers the copies (tasks without a client comment have none)."""
    body = await http.json_body(request, CopyClientComments)
    task_ids = list(dict.fromkeys(body["task_ids"]))
    statuses = await task_statuses(session, project, task_ids)
    sources = await newest_client_comments(session, project.id, task_ids)
    rows = copies_of(project, sources, statuses, body.get("prefix"))
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
    position = {row["id"]: index for index, row in enumerate(rows)}
    created.sort(key=lambda row: position[row["id"]])  # in the order of the given tasks
    return JSONResponse(await present.decorate_list(session, created), status_code=201)
