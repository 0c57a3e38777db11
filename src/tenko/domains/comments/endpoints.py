"""Commenting a task (the daily loop's status changes) and reading a task's comment thread."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import delete, select, update

from tenko.auth.deps import Context
from tenko.core import http, jsonutil, records
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, Forbidden, NotFound
from tenko.core.events import events_of
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.model import table_of
from tenko.core.resource import Row
from tenko.core.types import utc_now
from tenko.domains.comments import attachments, present, service
from tenko.domains.comments.models import (
    COMMENT_ACKNOLEDGMENTS,
    COMMENT_DEPARTMENT_MENTIONS,
    COMMENT_MENTIONS,
    CommentPreviewLink,
)
from tenko.domains.comments.requests import comment_request, is_form, read_input
from tenko.domains.comments.resources import ATTACHMENT, COMMENT
from tenko.domains.notifications.models import News, Notification
from tenko.domains.people.models import Person
from tenko.domains.projects.access import member_project
from tenko.domains.tasks.access import TASK, CurrentTask, TaskAccess, access_to, fetch_task

router = APIRouter(tags=["comments"])
PERSON = table_of(Person)
NEWS = table_of(News)
NOTIFICATION = table_of(Notification)
PREVIEW_LINK = table_of(CommentPreviewLink)


async def comment_files(
    session: DbSession, context: Context, comment_id: uuid.UUID, files: dict[str, Any], prefix: str | None = None
) -> None:
    uploads = [upload for key, upload in files.items() if prefix is None or key.startswith(prefix)]
    if uploads:
        await attachments.store(session, context.settings.files_dir, uploads, comment_id)


@router.post("/actions/tasks/{task_id}/comment", summary="Comment a task, setting its status", status_code=201)
async def comment_task(task: CurrentTask, request: Request, session: DbSession, context: Context) -> JSONResponse:
    """Comment a task, setting its status (JSON, or multipart with attached files)."""
    body = await read_input(request, context.settings.max_body_bytes)
    comment = await service.post_comment(session, task, comment_request(body.fields, form=is_form(request)))
    await comment_files(session, context, comment["id"], body.files)
    return JSONResponse(await present.full_comment(session, task.caller, comment["id"]), status_code=201)


@router.post(
    "/actions/projects/{project_id}/tasks/comment-many",
    summary="Comment several tasks of a project at once",
    status_code=201,
)
async def comment_many(
    project_id: str, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    """Comment several tasks of a project at once (JSON list, or multipart with a ``comments`` part)."""
    project = await member_project(project_id, session, caller)
    body = await read_input(request, context.settings.max_body_bytes)
    items = body.fields.get("comments") if isinstance(body.fields, dict) else body.fields
    if isinstance(items, str):
        try:
            items = jsonutil.loads(items)
        except ValueError as exc:
            raise BadRequest("comments must be a JSON list") from exc
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise BadRequest("The body must be a list of comments, each with its task_id")
    created: list[Row] = []
    for index, item in enumerate(items):
        task_id = records.parse_id(str(item.get("task_id")), "task_id")
        row = await fetch_task(session, task_id)
        if row["project_id"] != project.id:
            raise BadRequest(f"Task {task_id} does not belong to this project")
        access = await access_to(session, caller, row)
        comment = await service.post_comment(session, access, comment_request(item))
        await comment_files(session, context, comment["id"], body.files, f"attachment_file-{index}-")
        created.append(await present.full_comment(session, caller, comment["id"]))
    return JSONResponse(created, status_code=201)


@router.get("/data/tasks/{task_id}/comments", summary="The comments of a task, newest first")
async def task_comments(task: CurrentTask, session: DbSession) -> JSONResponse:
    """The comments of a task, newest first, with their author, status, attachments and previews."""
    condition = (COMMENT.c.object_id == task.id) & (COMMENT.c.object_type == "Task")
    visible = present.visible_to(task.caller, task.role)
    rows = await present.comment_rows(session, condition if visible is None else condition & visible)
    return JSONResponse(await present.decorate_list(session, rows))


async def comment_of(session: DbSession, task: TaskAccess, comment_id: str) -> Row:
    """A comment of this task that the caller may read (a comment of another task is a 404)."""
    parsed = records.parse_id(comment_id, "comment id")
    statement = select(COMMENT, PERSON.c.role.label("author_role")).outerjoin(
        PERSON, PERSON.c.id == COMMENT.c.person_id
    )
    mapping = (await session.execute(statement.where(COMMENT.c.id == parsed))).mappings().first()
    if mapping is None or mapping["object_id"] != task.id:
        raise NotFound(f"Comment {parsed} not found on this task")
    row = dict(mapping, type="Comment")
    author_role = row.pop("author_role")
    if not present.may_read(task.caller, task.role, row, author_role):
        raise Forbidden("You may not read this comment")
    return row


def require_author_or_manager(task: TaskAccess, comment: Row) -> None:
    if comment["person_id"] != task.caller.id and not task.is_manager:
        raise Forbidden("Only the author of a comment or a manager may change it")


@router.get("/data/tasks/{task_id}/comments/{comment_id}", summary="One comment of a task")
async def task_comment(task: CurrentTask, comment_id: str, session: DbSession) -> JSONResponse:
    """One comment of a task."""
    return JSONResponse(await comment_of(session, task, comment_id))


@router.delete("/data/tasks/{task_id}/comments/{comment_id}", summary="Delete a comment of a task", status_code=204)
async def delete_task_comment(task: CurrentTask, comment_id: str, session: DbSession, context: Context) -> Response:
    """Delete a comment (its author or a manager); the task takes back the status of its last comment."""
    comment = await comment_of(session, task, comment_id)
    require_author_or_manager(task, comment)
    await remove_comment(session, context, task, comment)
    return Response(status_code=204)


async def remove_comment(session: DbSession, context: Context, task: TaskAccess, comment: Row) -> None:
    comment_id = comment["id"]
    files = select(ATTACHMENT.c.id).where(ATTACHMENT.c.comment_id == comment_id)
    file_ids = list((await session.execute(files)).scalars())
    for table, column in (
        (COMMENT_MENTIONS, COMMENT_MENTIONS.c.comment),
        (COMMENT_DEPARTMENT_MENTIONS, COMMENT_DEPARTMENT_MENTIONS.c.comment),
        (COMMENT_ACKNOLEDGMENTS, COMMENT_ACKNOLEDGMENTS.c.comment),
        (PREVIEW_LINK, PREVIEW_LINK.c.comment),
        (ATTACHMENT, ATTACHMENT.c.comment_id),
        (NEWS, NEWS.c.comment_id),
        (NOTIFICATION, NOTIFICATION.c.comment_id),
    ):
        await session.execute(delete(table).where(column == comment_id))
    await session.execute(delete(COMMENT).where(COMMENT.c.id == comment_id))
    attachments.remove_after_commit(session, context.settings.files_dir, file_ids)
    bus = events_of(session)
    data = {"comment_id": comment_id, "task_id": task.id, "project_id": task.project_id}
    if bus is not None:
        await bus.record(session, "comment:delete", data, user_id=task.caller.id, project_id=task.project_id)
    await restore_last_status(session, task)


async def restore_last_status(session: DbSession, task: TaskAccess) -> None:
    """The task's status and last comment date follow its newest remaining comment."""
    statement = (
        select(COMMENT.c.task_status_id, COMMENT.c.created_at)
        .where(COMMENT.c.object_id == task.id)
        .order_by(COMMENT.c.created_at.desc())
        .limit(1)
    )
    last = (await session.execute(statement)).first()
    values: dict[str, Any] = {"last_comment_date": last[1] if last else None, "updated_at": utc_now()}
    if last is not None and last[0] is not None:
        values["task_status_id"] = last[0]
    await session.execute(update(TASK).where(TASK.c.id == task.id).values(**values))
    bus = events_of(session)
    if bus is not None:
        data = {"task_id": task.id, "project_id": task.project_id}
        await bus.record(session, "task:update", data, user_id=task.caller.id, project_id=task.project_id)


@router.post("/actions/tasks/{task_id}/comments/{comment_id}/move", summary="Move a comment to another task")
async def move_comment(
    task: CurrentTask, comment_id: str, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    """Move a comment to another task of the same project (managers)."""
    comment = await comment_of(session, task, comment_id)
    task.require_manager()
    body = await http.json_object(request)
    target_row = await fetch_task(session, records.parse_id(str(body.get("task_id")), "task_id"))
    target = await access_to(session, caller, target_row)
    target.require_manager()
    if target.project_id != task.project_id:
        raise BadRequest("A comment moves only to a task of the same project")
    await session.execute(update(COMMENT).where(COMMENT.c.id == comment["id"]).values(object_id=target.id))
    for table, column in ((NEWS, NEWS.c.comment_id), (NOTIFICATION, NOTIFICATION.c.comment_id)):
        await session.execute(update(table).where(column == comment["id"]).values(task_id=target.id))
    await restore_last_status(session, task)
    await restore_last_status(session, target)
    bus = events_of(session)
    if bus is not None:
        data = {"comment_id": comment["id"], "task_id": target.id, "project_id": task.project_id}
        await bus.record(session, "comment:update", data, user_id=caller.id, project_id=task.project_id)
    return JSONResponse(await present.comment_with_ids(session, comment["id"]))
