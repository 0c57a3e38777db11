"""Around a comment: acknowledgements, replies, attachment files, and project-wide comment lists."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, insert, select, update

from tenko.auth.deps import Context
from tenko.core import http, jsonutil, records
from tenko.core.access import Role
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, Forbidden, NotFound
from tenko.core.events import events_of
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import to_rows
from tenko.core.types import new_id, utc_now
from tenko.domains.comments import attachments, present, service
from tenko.domains.comments.endpoints import comment_of, require_author_or_manager
from tenko.domains.comments.models import COMMENT_ACKNOLEDGMENTS
from tenko.domains.comments.requests import MAX_TEXT, read_input
from tenko.domains.comments.resources import ATTACHMENT, ATTACHMENT_FILES, COMMENT
from tenko.domains.notifications import service as notifications
from tenko.domains.projects.access import member_project
from tenko.domains.tasks.access import TASK, CurrentTask, TaskAccess, access_to, fetch_task

router = APIRouter(tags=["comments"])
ACK = COMMENT_ACKNOLEDGMENTS


class ReplyBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(default="", max_length=MAX_TEXT)


async def record(session: Any, name: str, task: TaskAccess, **data: Any) -> None:
    bus = events_of(session)
    if bus is not None:
        payload = {**data, "task_id": task.id, "project_id": task.project_id}
        await bus.record(session, name, payload, user_id=task.caller.id, project_id=task.project_id)


@router.post("/data/tasks/{task_id}/comments/{comment_id}/ack", summary="Acknowledge a comment, or take it back")
async def acknowledge(task: CurrentTask, comment_id: str, session: DbSession) -> JSONResponse:
    """Acknowledge a comment, or take the acknowledgement back (a toggle)."""
    comment = await comment_of(session, task, comment_id)
    mine = (ACK.c.comment == comment["id"]) & (ACK.c.person == task.caller.id)
    already = (await session.execute(select(ACK.c.person).where(mine))).first() is not None
    if already:
        await session.execute(delete(ACK).where(mine))
    else:
        await session.execute(insert(ACK).values(comment=comment["id"], person=task.caller.id))
    name = "comment:unacknowledge" if already else "comment:acknowledge"
    await record(session, name, task, comment_id=comment["id"], person_id=task.caller.id)
    return JSONResponse(await present.comment_with_ids(session, comment["id"]))


@router.post("/data/tasks/{task_id}/comments/{comment_id}/reply", summary="Reply to a comment")
async def reply(
    task: CurrentTask, comment_id: str, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    """Reply to a comment (no status change); the thread's people are notified."""
    comment = await comment_of(session, task, comment_id)
    if task.role is Role.VENDOR:
        raise Forbidden("Vendors may not reply to comments")
    body = await read_input(request, context.settings.max_body_bytes)
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


@router.delete("/data/tasks/{task_id}/comments/{comment_id}/reply/{reply_id}", summary="Delete a reply")
async def delete_reply(task: CurrentTask, comment_id: str, reply_id: str, session: DbSession) -> JSONResponse:
    """Delete a reply of a comment (its author or a manager)."""
    comment = await comment_of(session, task, comment_id)
    wanted = str(records.parse_id(reply_id, "reply id"))
    replies = [r for r in comment.get("replies") or [] if isinstance(r, dict)]
    found = next((r for r in replies if str(r.get("id")) == wanted), None)
    if found is None:
        raise NotFound(f"Reply {wanted} not found on this comment")
    if str(found.get("person_id")) != str(task.caller.id) and not task.is_manager:
        raise Forbidden("Only the author of a reply or a manager may delete it")
    remaining = [r for r in replies if r is not found]
    await session.execute(update(COMMENT).where(COMMENT.c.id == comment["id"]).values(replies=remaining))
    await record(session, "comment:update", task, comment_id=comment["id"])
    row = await present.comment_with_ids(session, comment["id"])
    people = await present.authors(session, present.reply_author_ids([row]))
    for item in row.get("replies") or []:
        item["person"] = people.get(present.as_uuid(item.get("person_id")) or present.NO_ID)
    return JSONResponse(row)


@router.post(
    "/actions/tasks/{task_id}/comments/{comment_id}/add-attachment",
    summary="Attach files to a comment",
    status_code=201,
)
async def add_attachment(
    task: CurrentTask, comment_id: str, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    """Attach the uploaded files (multipart) to a comment (its author or a manager)."""
    comment = await comment_of(session, task, comment_id)
    require_author_or_manager(task, comment)
    body = await read_input(request, context.settings.max_body_bytes)
    if not body.files:
        raise BadRequest("Send the files to attach as multipart form parts")
    rows = await attachments.store(session, context.settings.files_dir, body.files.values(), comment["id"])
    await record(session, "comment:update", task, comment_id=comment["id"])
    return JSONResponse([{key: row[key] for key in present.ATTACHMENT_FIELDS} for row in rows], status_code=201)


@router.delete(
    "/data/tasks/{task_id}/comments/{comment_id}/attachments/{attachment_file_id}",
    summary="Remove an attachment file from a comment",
    status_code=204,
)
async def delete_attachment(
    task: CurrentTask, comment_id: str, attachment_file_id: str, session: DbSession, context: Context
) -> Response:
    """Remove an attachment file from a comment (its author or a manager)."""
    comment = await comment_of(session, task, comment_id)
    require_author_or_manager(task, comment)
    file_id = records.parse_id(attachment_file_id, "attachment file id")
    condition = (ATTACHMENT.c.id == file_id) & (ATTACHMENT.c.comment_id == comment["id"])
    if (await session.execute(select(ATTACHMENT.c.id).where(condition))).first() is None:
        raise NotFound(f"Attachment file {file_id} not found on this comment")
    await session.execute(delete(ATTACHMENT).where(condition))
    attachments.remove_after_commit(session, context.settings.files_dir, [file_id])
    await record(session, "comment:update", task, comment_id=comment["id"])
    return Response(status_code=204)


@router.get("/data/attachment-files/{attachment_file_id}/file/{file_name}", summary="Download an attachment file")
async def download_attachment(
    attachment_file_id: str, file_name: str, session: DbSession, caller: CurrentCaller, context: Context
) -> FileResponse:
    """The bytes of an attachment file, for whoever may read its comment."""
    file_id = records.parse_id(attachment_file_id, "attachment file id")
    row = (await session.execute(select(ATTACHMENT).where(ATTACHMENT.c.id == file_id))).mappings().first()
    if row is None or row["comment_id"] is None:
        raise NotFound(f"Attachment file {file_id} not found")
    comment = (await session.execute(select(COMMENT.c.object_id).where(COMMENT.c.id == row["comment_id"]))).first()
    if comment is None:
        raise NotFound(f"Attachment file {file_id} not found")
    task = await access_to(session, caller, await fetch_task(session, comment[0]))
    await comment_of(session, task, str(row["comment_id"]))
    path = attachments.attachment_path(context.settings.files_dir, file_id)
    if not path.is_file():
        raise NotFound("The file of this attachment is missing")
    return FileResponse(path, media_type=row["mimetype"] or "application/octet-stream", filename=row["name"])


async def attachment_list(session: DbSession, caller: Any, condition: Any, role: Role) -> JSONResponse:
    if role in (Role.CLIENT, Role.VENDOR):
        raise Forbidden("Attachment lists are for the studio's people")
    statement = select(*ATTACHMENT_FILES.visible_columns).where(condition).order_by(ATTACHMENT.c.created_at)
    rows = to_rows(ATTACHMENT_FILES, await session.execute(statement))
    for hook in ATTACHMENT_FILES.decorate:
        await hook(session, caller, rows)
    return JSONResponse(rows)


@router.get("/data/tasks/{task_id}/attachment-files", summary="The attachment files of a task's comments")
async def task_attachments(task: CurrentTask, session: DbSession) -> JSONResponse:
    """The attachment files of a task's comments, each with its comment."""
    comments = select(COMMENT.c.id).where(COMMENT.c.object_id == task.id)
    return await attachment_list(session, task.caller, ATTACHMENT.c.comment_id.in_(comments), task.role)


@router.get("/data/projects/{project_id}/attachment-files", summary="The attachment files of a project's comments")
async def project_attachments(project_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The attachment files of the comments of a project's tasks."""
    project = await member_project(project_id, session, caller)
    tasks = select(TASK.c.id).where(TASK.c.project_id == project.id)
    comments = select(COMMENT.c.id).where(COMMENT.c.object_id.in_(tasks))
    return await attachment_list(session, caller, ATTACHMENT.c.comment_id.in_(comments), project.role)


@router.get("/data/projects/{project_id}/comments", summary="The comments of a project's tasks")
async def project_comments(project_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """The comments of a project's tasks, newest first (managers and supervisors)."""
    project = await member_project(project_id, session, caller)
    if not project.is_staff:
        raise Forbidden("The comments of a whole project are for its managers and supervisors")
    tasks = select(TASK.c.id).where(TASK.c.project_id == project.id)
    rows = await present.comment_rows(session, COMMENT.c.object_id.in_(tasks))
    await present.attach_id_lists(session, rows)
    return JSONResponse(rows)
