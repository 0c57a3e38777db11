"""Commenting a task (the daily loop's status changes) and reading a task's comment thread."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Request, Response
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.deps import Context
from tenko.core import answers, http, jsonutil
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest
from tenko.core.events import emit
from tenko.core.guard import Action, body_check, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.core.schemas import BodyModel
from tenko.core.types import utc_now
from tenko.domains.comments import attachments, present, service
from tenko.domains.comments.access import CommentById, CommentOf, readable
from tenko.domains.comments.changes import CommentAccess
from tenko.domains.comments.models import (
    ATTACHMENT_FILE,
    COMMENT,
    COMMENT_ACKNOLEDGMENTS,
    COMMENT_DEPARTMENT_MENTIONS,
    COMMENT_MENTIONS,
)
from tenko.domains.comments.requests import comment_request, is_form, read_input
from tenko.domains.comments.resources import COMMENTS
from tenko.domains.comments.schemas import COMMENT_WITH_IDS, THREAD_COMMENT
from tenko.domains.notifications.models import NEWS, NOTIFICATION
from tenko.domains.previews.models import COMMENT_PREVIEW_LINK
from tenko.domains.projects.access import ProjectAccess, ProjectLoader
from tenko.domains.studio.models import TASK_STATUS
from tenko.domains.tasks.access import COMMENT_TASK, CurrentTask, TaskAccess, TaskLoader, accesses_to, fetch_task
from tenko.domains.tasks.models import TASK

router = api_router(tags=["comments"])
#: one comment as the comment routes answer it: relations, attachments, full author and status
FULL_COMMENT = answers.record_schema(
    COMMENTS,
    extra={
        "attachment_files": answers.list_of(answers.OBJECT),
        "person": answers.OBJECT,
        "task_status": answers.nullable(answers.OBJECT),
    },
)


async def comment_files(
    session: AsyncSession, context: Context, comment_id: uuid.UUID, files: dict[str, Any], prefix: str | None = None
) -> None:
    uploads = [upload for key, upload in files.items() if prefix is None or key.startswith(prefix)]
    if uploads:
        await attachments.store(session, context.settings.files_dir, uploads, comment_id)


@router.post(
    "/actions/tasks/{task_id}/comment",
    summary="Comment a task, setting its status",
    status_code=201,
    **answers.answer(FULL_COMMENT, 201),
)
async def comment_task(
    task: Annotated[TaskAccess, TaskLoader("comment")], request: Request, session: DbSession, context: Context
) -> JSONResponse:
    """Comment a task, setting its status (JSON, or multipart with attached files)."""
    body = await read_input(request)
    comment = await service.post_comment(session, task, comment_request(body.fields, form=is_form(request)))
    await comment_files(session, context, comment["id"], body.files)
    return JSONResponse(await present.full_comment(session, task.caller, comment["id"]), status_code=201)


def comment_items(fields: Any) -> list[dict[str, Any]]:
    """The comments of a comment-many body: a JSON list, or the ``comments`` part of a form."""
    items = fields.get("comments") if isinstance(fields, dict) else fields
    if isinstance(items, str):
        try:
            items = jsonutil.loads(items)
        except ValueError as exc:
            raise BadRequest("comments must be a JSON list") from exc
        http.check_json(items, "field comments")
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise BadRequest("The body must be a list of comments, each with its object_id (the task)")
    return items


def item_task_id(item: dict[str, Any]) -> uuid.UUID:
    """The task of one comment of a comment-many body: ``object_id``, as the web app's
    ``commentTasks`` sends it (the reference's key), or ``task_id``, as gazu's
    ``create_multiple_comments`` documents it."""
    key = "task_id" if item.get("object_id") is None and "task_id" in item else "object_id"
    return parse_uuid(item.get(key), key)


@router.post(
    "/actions/projects/{project_id}/tasks/comment-many",
    summary="Comment several tasks of a project at once",
    status_code=201,
    dependencies=[body_check(f"each task: {COMMENT_TASK.text}")],
    **answers.answer(answers.list_of(FULL_COMMENT), 201),
)
async def comment_many(
    project: Annotated[ProjectAccess, ProjectLoader("read")], request: Request, session: DbSession, context: Context
) -> JSONResponse:
    """Comment several tasks of a project at once (JSON list, or multipart with a ``comments`` part);
    every task is authorised (``COMMENT_TASK``) before any is commented."""
    body = await read_input(request)
    items = comment_items(body.fields)
    task_ids = [item_task_id(item) for item in items]
    accesses = {access.id: access for access in await accesses_to(session, project.caller, task_ids, COMMENT_TASK)}
    if strangers := [str(i) for i in task_ids if accesses[i].project_id != project.id]:
        raise BadRequest(f"Task {strangers[0]} does not belong to this project")
    created: list[Row] = []
    commented: set[uuid.UUID] = set()
    for index, (item, task_id) in enumerate(zip(items, task_ids, strict=True)):
        access = accesses[task_id]
        if task_id in commented:  # an earlier comment of the body changed its status: read it again
            access.row = await fetch_task(session, task_id)
        commented.add(task_id)
        comment = await service.post_comment(session, access, comment_request(item))
        await comment_files(session, context, comment["id"], body.files, f"attachment_file-{index}-")
        created.append(await present.full_comment(session, project.caller, comment["id"], author_departments=True))
    return JSONResponse(created, status_code=201)


@router.get(
    "/data/tasks/{task_id}/comments",
    summary="The comments of a task, newest first",
    **answers.answer(answers.list_of(THREAD_COMMENT)),
)
async def task_comments(task: CurrentTask, session: DbSession) -> JSONResponse:
    """The comments of a task, newest first, with their author, status, attachments and previews."""
    condition = (COMMENT.c.object_id == task.id) & (COMMENT.c.object_type == "Task") & readable(task.caller)
    rows = await present.comment_rows(session, condition)
    return JSONResponse(await present.decorate_list(session, rows))


@router.get("/data/tasks/{task_id}/comments/{comment_id}", summary="One comment of a task", **answers.one(COMMENTS))
async def task_comment(comment: Annotated[CommentAccess, CommentOf("read")]) -> JSONResponse:
    """One comment of a task."""
    return JSONResponse(comment.row)


@router.delete(
    "/data/tasks/{task_id}/comments/{comment_id}", summary="Delete a comment of a task", **answers.no_content()
)
async def delete_task_comment(
    comment: Annotated[CommentAccess, CommentOf("edit")], session: DbSession, context: Context
) -> Response:
    """Delete a comment (its author or a manager); the task takes back the status of its last comment."""
    await remove_comment(session, context, comment.task, comment.row)
    return Response(status_code=204)


@router.delete(
    "/data/comments/{instance_id}",
    summary="Delete a comment with its news, notifications, mentions and acknowledgements",
    **answers.no_content(),
)
async def delete_comment(
    comment: Annotated[CommentAccess, CommentById("edit")], session: DbSession, context: Context
) -> Response:
    """gazu's ``remove_comment``: as deleting it under its task (its author or a manager)."""
    await remove_comment(session, context, comment.task, comment.row)
    return Response(status_code=204)


async def remove_comment(session: AsyncSession, context: Context, task: TaskAccess, comment: Row) -> None:
    comment_id = comment["id"]
    files = select(ATTACHMENT_FILE.c.id).where(ATTACHMENT_FILE.c.comment_id == comment_id)
    file_ids = list((await session.execute(files)).scalars())
    for table, column in (
        (COMMENT_MENTIONS, COMMENT_MENTIONS.c.comment),
        (COMMENT_DEPARTMENT_MENTIONS, COMMENT_DEPARTMENT_MENTIONS.c.comment),
        (COMMENT_ACKNOLEDGMENTS, COMMENT_ACKNOLEDGMENTS.c.comment),
        (COMMENT_PREVIEW_LINK, COMMENT_PREVIEW_LINK.c.comment),
        (ATTACHMENT_FILE, ATTACHMENT_FILE.c.comment_id),
        (NEWS, NEWS.c.comment_id),
        (NOTIFICATION, NOTIFICATION.c.comment_id),
    ):
        await session.execute(delete(table).where(column == comment_id))
    await session.execute(delete(COMMENT).where(COMMENT.c.id == comment_id))
    attachments.remove_after_commit(session, context.settings.files_dir, file_ids)
    data = {"comment_id": comment_id, "task_id": task.id, "project_id": task.project_id}
    await emit(session, "comment:delete", data, user_id=task.caller.id, project_id=task.project_id)
    await restore_last_status(session, task)


async def restore_last_status(session: AsyncSession, task: TaskAccess) -> None:
    """The task's status and last comment date follow its newest remaining comment; without
    any, it takes back the default status (Todo), as the reference does."""
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
    elif last is None:
        default = select(TASK_STATUS.c.id).where(TASK_STATUS.c.is_default.is_(True)).limit(1).scalar_subquery()
        values["task_status_id"] = func.coalesce(default, TASK.c.task_status_id)
    await session.execute(update(TASK).where(TASK.c.id == task.id).values(**values))
    data = {"task_id": task.id, "project_id": task.project_id}
    await emit(session, "task:update", data, user_id=task.caller.id, project_id=task.project_id)


class MoveTarget(BodyModel):
    target_task_id: uuid.UUID


#: the task a comment moves to must be managed by the caller too (it comes with the body)
MOVE_TO = Action[TaskAccess](
    "the project's managers", lambda task: task.is_manager, "You may not move a comment to the task"
)


@router.post(
    "/actions/tasks/{task_id}/comments/{comment_id}/move",
    summary="Move a comment to another task",
    **answers.answer(COMMENT_WITH_IDS),
)
async def move_comment(
    comment: Annotated[CommentAccess, CommentOf("manage")], request: Request, session: DbSession
) -> JSONResponse:
    """Move a comment to another task of the same entity (managers): ``{"target_task_id"}``, as
    gazu's ``move_comment`` sends it."""
    task, caller = comment.task, comment.caller
    body = await http.json_body(request, MoveTarget)
    (target,) = await accesses_to(session, caller, [body["target_task_id"]], MOVE_TO)
    if target.id == task.id:
        raise BadRequest("The comment is already on this task: the target task must be another one")
    if target.row["entity_id"] != task.row["entity_id"]:
        raise BadRequest("A comment moves only to another task of the same entity")
    await session.execute(update(COMMENT).where(COMMENT.c.id == comment.id).values(object_id=target.id))
    for table, column in ((NEWS, NEWS.c.comment_id), (NOTIFICATION, NOTIFICATION.c.comment_id)):
        await session.execute(update(table).where(column == comment.id).values(task_id=target.id))
    await restore_last_status(session, task)
    await restore_last_status(session, target)
    data = {"comment_id": comment.id, "task_id": target.id, "project_id": task.project_id}
    await emit(session, "comment:update", data, user_id=caller.id, project_id=task.project_id)
    return JSONResponse(await present.comment_with_ids(session, comment.id))
