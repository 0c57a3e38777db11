"""Around a comment: acknowledgements, replies, attachment files, and project-wide comment lists."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ColumnElement, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.deps import Context
from tenko.core import answers, http, jsonutil, records
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, NotFound
from tenko.core.events import emit
from tenko.core.guard import PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import filtered_rows, to_rows
from tenko.core.resource import Row
from tenko.core.types import new_id, utc_now
from tenko.domains.comments import attachments, present, service
from tenko.domains.comments import notify as notifications
from tenko.domains.comments.access import AttachmentOf, CommentOf, readable, reply_of
from tenko.domains.comments.changes import CommentAccess
from tenko.domains.comments.models import ATTACHMENT_FILE, COMMENT, COMMENT_ACKNOLEDGMENTS
from tenko.domains.comments.requests import MAX_TEXT, read_input
from tenko.domains.comments.resources import ATTACHMENT_FILES, COMMENTS
from tenko.domains.comments.schemas import COMMENT_WITH_IDS
from tenko.domains.projects.access import ProjectAccess, ProjectLoader
from tenko.domains.tasks.access import TaskAccess, TaskLoader
from tenko.domains.tasks.models import TASK

router = api_router(tags=["comments"])
ACK = COMMENT_ACKNOLEDGMENTS
ReadComment = Annotated[CommentAccess, CommentOf("read")]
EditedComment = Annotated[CommentAccess, CommentOf("edit")]
_PERSON = answers.nullable(answers.OBJECT)
REPLY = answers.object_of(
    {
        "id": answers.UUID,
        "date": answers.DATETIME,
        "created_at": answers.DATETIME,
        "text": answers.STRING,
        "person_id": answers.UUID,
        "mentions": answers.ID_LIST,
        "department_mentions": answers.ID_LIST,
        "person": _PERSON,
    }
)
ATTACHMENT_ITEM = answers.object_of(
    {
        "id": answers.UUID,
        "name": answers.STRING,
        "extension": answers.STRING,
        "size": answers.INTEGER,
    }
)
PROJECT_COMMENTS = answers.many_or_page(COMMENTS, extra={"attachment_files": answers.ID_LIST})
ATTACHMENT_LIST = answers.many(ATTACHMENT_FILES)


class ReplyBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(default="", max_length=MAX_TEXT)


async def record(session: AsyncSession, name: str, task: TaskAccess, **data: Any) -> None:
    payload = {**data, "task_id": task.id, "project_id": task.project_id}
    await emit(session, name, payload, user_id=task.caller.id, project_id=task.project_id)


@router.post(
    "/data/tasks/{task_id}/comments/{comment_id}/ack",
    summary="Acknowledge a comment, or take it back",
    **answers.answer(COMMENT_WITH_IDS),
)
async def acknowledge(access: ReadComment, session: DbSession) -> JSONResponse:
    """Acknowledge a comment, or take the acknowledgement back (a toggle)."""
    task, comment = access.task, access.row
    mine = (ACK.c.comment == comment["id"]) & (ACK.c.person == task.caller.id)
    already = (await session.execute(select(ACK.c.person).where(mine))).first() is not None
    if already:
        await session.execute(delete(ACK).where(mine))
    else:
        await session.execute(insert(ACK).values(comment=comment["id"], person=task.caller.id))
    name = "comment:unacknowledge" if already else "comment:acknowledge"
    await record(session, name, task, comment_id=comment["id"], person_id=task.caller.id)
    return JSONResponse(await present.comment_with_ids(session, comment["id"]))


@router.post("/data/tasks/{task_id}/comments/{comment_id}/reply", summary="Reply to a comment", **answers.answer(REPLY))
async def reply(
    access: Annotated[CommentAccess, CommentOf("reply")], request: Request, session: DbSession, context: Context
) -> JSONResponse:
    """Reply to a comment (no status change); the thread's people are notified."""
    task, comment = access.task, access.row
    body = await read_input(request)
    if not isinstance(body.fields, dict):
        raise BadRequest("The reply must be a JSON object")
    text = http.validate(ReplyBody, body.fields).get("text", "")
    mentions = await service.find_mentions(session, task.project_id, text)
    now = utc_now()
    item = {
        "id": new_id(),
        "date": now,
        "created_at": now,
        "text": text,
        "person_id": task.caller.id,
        "mentions": sorted(str(p) for p in mentions.persons),
        "department_mentions": sorted(str(d) for d in mentions.departments),
    }
    replies = [*(comment.get("replies") or []), jsonable(item)]
    await session.execute(update(COMMENT).where(COMMENT.c.id == comment["id"]).values(replies=replies))
    await attachments.store(session, context.settings.files_dir, body.files.values(), comment["id"], item["id"])
    people = mentions.persons | await service.department_members(session, task.project_id, mentions.departments)
    await notifications.notify_reply(session, task.row, comment, item, people)
    await record(session, "comment:reply", task, comment_id=comment["id"], reply_id=item["id"])
    item["person"] = (await present.authors(session, {task.caller.id})).get(task.caller.id)
    return JSONResponse(item)


def jsonable(item: dict[str, Any]) -> dict[str, Any]:
    """The reply as stored in the JSON column (ids and dates as strings)."""
    decoded: dict[str, Any] = jsonutil.loads(jsonutil.dumps(item))
    return decoded


@router.delete(
    "/data/tasks/{task_id}/comments/{comment_id}/reply/{reply_id}",
    summary="Delete a reply",
    **answers.answer(answers.record_schema(COMMENTS, without=[r.key for r in COMMENTS.relations])),
)
async def delete_reply(
    found: Annotated[tuple[CommentAccess, Row], Depends(reply_of)], session: DbSession
) -> JSONResponse:
    """Delete a reply of a comment (its author or a manager)."""
    access, removed = found
    replies = [r for r in access.row.get("replies") or [] if isinstance(r, dict)]
    remaining = [r for r in replies if r is not removed]
    await session.execute(update(COMMENT).where(COMMENT.c.id == access.id).values(replies=remaining))
    await record(session, "comment:update", access.task, comment_id=access.id)
    row = await records.fetch_row(session, COMMENTS, access.id)  # its columns, as the reference answers
    people = await present.authors(session, present.reply_author_ids([row]))
    for item in row.get("replies") or []:
        item["person"] = people.get(present.as_uuid(item.get("person_id")) or present.NO_ID)
    return JSONResponse(row)


@router.post(
    "/actions/tasks/{task_id}/comments/{comment_id}/add-attachment",
    summary="Attach files to a comment",
    status_code=201,
    **answers.answer(answers.list_of(ATTACHMENT_ITEM), 201),
)
async def add_attachment(access: EditedComment, request: Request, session: DbSession, context: Context) -> JSONResponse:
    """Attach the uploaded files (multipart) to a comment (its author or a manager)."""
    task, comment = access.task, access.row
    body = await read_input(request)
    if not body.files:
        raise BadRequest("Send the files to attach as multipart form parts")
    rows = await attachments.store(session, context.settings.files_dir, body.files.values(), comment["id"])
    await record(session, "comment:update", task, comment_id=comment["id"])
    return JSONResponse([{key: row[key] for key in present.ATTACHMENT_FIELDS} for row in rows], status_code=201)


@router.delete(
    "/data/tasks/{task_id}/comments/{comment_id}/attachments/{attachment_file_id}",
    summary="Remove an attachment file from a comment",
    **answers.no_content(),
)
async def delete_attachment(
    access: EditedComment, attachment_file_id: PathId, session: DbSession, context: Context
) -> Response:
    """Remove an attachment file from a comment (its author or a manager)."""
    task, comment = access.task, access.row
    file_id = parse_uuid(attachment_file_id, "attachment file id")
    condition = (ATTACHMENT_FILE.c.id == file_id) & (ATTACHMENT_FILE.c.comment_id == comment["id"])
    if (await session.execute(select(ATTACHMENT_FILE.c.id).where(condition))).first() is None:
        raise NotFound(f"Attachment file {file_id} not found on this comment")
    await session.execute(delete(ATTACHMENT_FILE).where(condition))
    attachments.remove_after_commit(session, context.settings.files_dir, [file_id])
    await record(session, "comment:update", task, comment_id=comment["id"])
    return Response(status_code=204)


@router.get(
    "/data/attachment-files/{attachment_file_id}/file/{file_name}",
    summary="Download an attachment file",
    response_class=FileResponse,
    responses={
        200: {"description": "The file's bytes, with its mimetype", "content": {"application/octet-stream": {}}}
    },
)
async def download_attachment(
    row: Annotated[Row, AttachmentOf("read")], file_name: str, context: Context
) -> FileResponse:
    """The bytes of an attachment file, for whoever may read its comment."""
    path = attachments.attachment_path(context.settings.files_dir, row["id"])
    if not path.is_file():
        raise NotFound("The file of this attachment is missing")
    return FileResponse(path, media_type=row["mimetype"] or "application/octet-stream", filename=row["name"])


async def attachment_list(session: AsyncSession, caller: Caller, condition: ColumnElement[bool]) -> JSONResponse:
    statement = select(*ATTACHMENT_FILES.visible_columns).where(condition).order_by(ATTACHMENT_FILE.c.created_at)
    rows = to_rows(ATTACHMENT_FILES, await session.execute(statement))
    for hook in ATTACHMENT_FILES.decorate:
        await hook(session, caller, rows)
    return JSONResponse(rows)


@router.get(
    "/data/tasks/{task_id}/attachment-files",
    summary="The attachment files of a task's comments",
    **ATTACHMENT_LIST,
)
async def task_attachments(task: Annotated[TaskAccess, TaskLoader("studio")], session: DbSession) -> JSONResponse:
    """The attachment files of a task's comments the caller reads, each with its comment."""
    comments = select(COMMENT.c.id).where(COMMENT.c.object_id == task.id, readable(task.caller))
    return await attachment_list(session, task.caller, ATTACHMENT_FILE.c.comment_id.in_(comments))


@router.get(
    "/data/projects/{project_id}/attachment-files",
    summary="The attachment files of a project's comments",
    **ATTACHMENT_LIST,
)
async def project_attachments(
    project: Annotated[ProjectAccess, ProjectLoader("studio")], session: DbSession
) -> JSONResponse:
    """The attachment files of the comments of a project's tasks that the caller reads."""
    tasks = select(TASK.c.id).where(TASK.c.project_id == project.id)
    comments = select(COMMENT.c.id).where(COMMENT.c.object_id.in_(tasks), readable(project.caller))
    return await attachment_list(session, project.caller, ATTACHMENT_FILE.c.comment_id.in_(comments))


@router.get("/data/projects/{project_id}/comments", summary="The comments of a project's tasks", **PROJECT_COMMENTS)
async def project_comments(
    project: Annotated[ProjectAccess, ProjectLoader("staff")], request: Request, session: DbSession
) -> JSONResponse:
    """The comments of a project's tasks, newest first (managers and supervisors); filtered and
    paged as ``/data/comments`` (the reference's sync reads them page by page)."""
    tasks = select(TASK.c.id).where(TASK.c.project_id == project.id)
    statement = (
        select(*COMMENTS.visible_columns)
        .where(COMMENT.c.object_id.in_(tasks))
        .order_by(COMMENT.c.created_at.desc(), COMMENT.c.id)
    )
    rows, paging, total = await filtered_rows(session, COMMENTS, statement, request.query_params, project.caller)
    await present.attach_id_lists(session, rows)
    return JSONResponse(paging.answer(rows, total))
