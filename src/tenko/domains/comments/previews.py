"""A task's preview files: the revisions published on its comments, their listing and removal.

A comment is one revision: its first preview opens the revision (the task's next number
unless the client names one) and every further preview of the comment joins that revision
at the next position, the way the web app groups a revision's pages. Only the record is
made here; the file itself is uploaded afterwards to ``/pictures/preview-files/{id}``.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ColumnElement, and_, delete, func, insert, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from tenko.core import answers, http, records
from tenko.core.access import Caller, Role
from tenko.core.db import DbSession
from tenko.core.deletion import delete_records
from tenko.core.errors import BadRequest, NotFound
from tenko.core.events import emit
from tenko.core.guard import PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import (
    Paging,
    column_filter,
    filters_from_query,
    split_values,
    to_rows,
)
from tenko.core.resource import Row
from tenko.core.types import new_id, utc_now
from tenko.domains.comments.access import CommentOf, readable
from tenko.domains.comments.changes import CommentAccess
from tenko.domains.comments.models import COMMENT
from tenko.domains.comments.preview_reads import REVISION_ORDER, last_previews
from tenko.domains.entities.models import ENTITY
from tenko.domains.entities.service import kind_of_name, kind_resource
from tenko.domains.notifications.models import NEWS
from tenko.domains.previews.models import COMMENT_PREVIEW_LINK
from tenko.domains.previews.resources import PREVIEW_FILES
from tenko.domains.projects.access import MemberProject, ProjectAccess
from tenko.domains.projects.models import PROJECT
from tenko.domains.studio.models import ENTITY_TYPE
from tenko.domains.tasks.access import CurrentTask, TaskAccess
from tenko.domains.tasks.models import TASK
from tenko.domains.tasks.reach import reach

router = api_router(tags=["tasks"])
PREVIEW = PREVIEW_FILES.table


class NewPreview(BaseModel):
    model_config = ConfigDict(extra="ignore")

    revision: int | None = Field(default=None, ge=1, le=2**31 - 1)


#: a comment on which the caller publishes: see the comments' ``publish`` action
PublishedComment = Annotated[CommentAccess, CommentOf("publish")]


async def next_position(session: AsyncSession, task_id: uuid.UUID, revision: int) -> int:
    statement = select(func.max(PREVIEW.c.position)).where(PREVIEW.c.task_id == task_id, PREVIEW.c.revision == revision)
    return int((await session.execute(statement)).scalar() or 0) + 1


async def next_slot(
    session: AsyncSession, task_id: uuid.UUID, comment_id: uuid.UUID, revision: int | None
) -> tuple[int, int]:
    """Revision and position of a new preview of this comment (see the module docstring)."""
    if revision is None:
        joined = PREVIEW.join(COMMENT_PREVIEW_LINK, COMMENT_PREVIEW_LINK.c.preview_file == PREVIEW.c.id)
        statement = (
            select(PREVIEW.c.revision).select_from(joined).where(COMMENT_PREVIEW_LINK.c.comment == comment_id).limit(1)
        )
        revision = (await session.execute(statement)).scalar()
    if revision is None:
        latest = select(func.max(PREVIEW.c.revision)).where(PREVIEW.c.task_id == task_id)
        return int((await session.execute(latest)).scalar() or 0) + 1, 1
    return revision, await next_position(session, task_id, revision)


async def refresh_last_preview(session: AsyncSession, task: TaskAccess) -> None:
    """The task's ``last_preview_file_id`` follows its previews (``task:update``)."""
    last = (await last_previews(session, [task.id])).get(task.id)
    values = {"last_preview_file_id": last["id"] if last else None, "updated_at": utc_now()}
    await session.execute(update(TASK).where(TASK.c.id == task.id).values(**values))
    data = {"task_id": task.id, "project_id": task.project_id}
    await emit(session, "task:update", data, user_id=task.caller.id, project_id=task.project_id)


def source_of(request: Request) -> str:
    """Where the preview comes from, as the reference records it."""
    return "gazu" if request.headers.get("user-agent", "").startswith("CGWire Gazu") else "webgui"


async def publish(
    session: AsyncSession, request: Request, task: TaskAccess, comment: Row, revision: int, position: int
) -> Row:
    """Create the preview record on the comment; answers it with its ``comments``."""
    preview_id = new_id()
    values = {
        "id": preview_id,
        "name": str(preview_id)[:8],  # unique within a task's revision, like the file names built from it
        "revision": revision,
        "position": position,
        "extension": "",
        "source": source_of(request),
        "task_id": task.id,
        "person_id": comment["person_id"],  # the revision is the comment author's work
    }
    await session.execute(insert(PREVIEW).values(**values))
    await session.execute(insert(COMMENT_PREVIEW_LINK).values(comment=comment["id"], preview_file=preview_id))
    # the news item of the comment shows its first preview
    news = (NEWS.c.comment_id == comment["id"]) & NEWS.c.preview_file_id.is_(None)
    await session.execute(update(NEWS).where(news).values(preview_file_id=preview_id))
    data = {"preview_file_id": preview_id, "comment_id": comment["id"], "task_id": task.id}
    await emit(
        session,
        "preview-file:new",
        {**data, "project_id": task.project_id},
        user_id=task.caller.id,
        project_id=task.project_id,
    )
    await comment_updated(session, task, comment)
    await refresh_last_preview(session, task)
    row = await records.fetch_row(session, PREVIEW_FILES, preview_id)
    await records.present(session, PREVIEW_FILES, task.caller, [row], detail=True)
    return row


async def comment_updated(session: AsyncSession, task: TaskAccess, comment: Row) -> None:
    data = {"comment_id": comment["id"], "task_id": task.id, "project_id": task.project_id}
    await emit(session, "comment:update", data, user_id=task.caller.id, project_id=task.project_id)


@router.post(
    "/actions/tasks/{task_id}/comments/{comment_id}/add-preview",
    summary="Add a preview (a revision) to a comment of a task",
    status_code=201,
    **answers.one(PREVIEW_FILES, 201),
)
async def add_preview(published: PublishedComment, request: Request, session: DbSession) -> JSONResponse:
    """Create a preview file on the comment (optional ``revision``); upload its file afterwards."""
    task, comment = published.task, published.row
    wanted = (await http.json_body(request, NewPreview)).get("revision")
    revision, position = await next_slot(session, task.id, comment["id"], wanted)
    return JSONResponse(await publish(session, request, task, comment, revision, position), status_code=201)


async def preview_of_task(session: AsyncSession, task: TaskAccess, preview_file_id: str) -> Row:
    """A preview file of this task (a preview of another task is a 404)."""
    row = await records.fetch_row(session, PREVIEW_FILES, parse_uuid(preview_file_id, "preview file id"))
    if row["task_id"] != task.id:
        raise NotFound(f"Preview file {row['id']} not found on this task")
    return row


@router.post(
    "/actions/tasks/{task_id}/comments/{comment_id}/preview-files/{preview_file_id}",
    summary="Add a further preview to the revision of a preview file, on a comment",
    status_code=201,
    **answers.one(PREVIEW_FILES, 201),
)
async def add_extra_preview(
    published: PublishedComment, preview_file_id: PathId, request: Request, session: DbSession
) -> JSONResponse:
    """Create a preview file sharing the given preview's revision, at its next position."""
    task, comment = published.task, published.row
    reference = await preview_of_task(session, task, preview_file_id)
    single = select(PROJECT.c.is_single_preview_per_revision).where(PROJECT.c.id == task.project_id)
    if (await session.execute(single)).scalar():
        raise BadRequest("This project allows a single preview per revision")
    revision = reference["revision"] or 1
    position = await next_position(session, task.id, revision)
    return JSONResponse(await publish(session, request, task, comment, revision, position), status_code=201)


@router.delete(
    "/actions/tasks/{task_id}/comments/{comment_id}/preview-files/{preview_file_id}",
    summary="Remove a preview from a comment",
    **answers.no_content(),
)
async def remove_preview(published: PublishedComment, preview_file_id: PathId, session: DbSession) -> Response:
    """Remove a preview from the comment; a preview left on no comment is deleted."""
    task, comment = published.task, published.row
    preview_id = parse_uuid(preview_file_id, "preview file id")
    link = (COMMENT_PREVIEW_LINK.c.comment == comment["id"]) & (COMMENT_PREVIEW_LINK.c.preview_file == preview_id)
    if (await session.execute(select(COMMENT_PREVIEW_LINK.c.preview_file).where(link))).first() is None:
        raise NotFound(f"Preview file {preview_id} is not a preview of this comment")
    await session.execute(delete(COMMENT_PREVIEW_LINK).where(link))
    elsewhere = select(COMMENT_PREVIEW_LINK.c.comment).where(COMMENT_PREVIEW_LINK.c.preview_file == preview_id).limit(1)
    if (await session.execute(elsewhere)).first() is None:
        await drop_preview(session, task, preview_id)
    await comment_updated(session, task, comment)
    await refresh_last_preview(session, task)
    return Response(status_code=204)


async def drop_preview(session: AsyncSession, task: TaskAccess, preview_id: uuid.UUID) -> None:
    """Delete the record; entities it illustrated lose their thumbnail (``<kind>:update``)."""
    joined = ENTITY.join(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
    statement = select(ENTITY.c.id, ENTITY.c.project_id, ENTITY_TYPE.c.name).select_from(joined)
    illustrated = (await session.execute(statement.where(ENTITY.c.preview_file_id == preview_id))).all()
    # weak references (thumbnails, news, comments) are cleared, storage states removed
    await delete_records(session, PREVIEW.metadata, PREVIEW, [preview_id], force=True, label="preview file")
    data = {"preview_file_id": preview_id, "task_id": task.id, "project_id": task.project_id}
    await emit(session, "preview-file:delete", data, user_id=task.caller.id, project_id=task.project_id)
    for entity_id, project_id, type_name in illustrated:
        resource = kind_resource(kind_of_name(type_name))
        await records.record_event(
            session, resource, task.caller, "update", {"id": entity_id, "project_id": project_id}
        )


def readable_previews(caller: Caller, role: Role) -> ColumnElement[bool]:
    """Previews shown to the caller: those on comments they may read (clients: only those);
    the studio also sees previews made outside any comment."""
    if caller.is_admin:
        return true()
    on_readable = (
        select(COMMENT_PREVIEW_LINK.c.preview_file)
        .join(COMMENT, COMMENT.c.id == COMMENT_PREVIEW_LINK.c.comment)
        .where(readable(caller))
    )
    if role is Role.CLIENT:
        return PREVIEW.c.id.in_(on_readable)
    return PREVIEW.c.id.in_(on_readable) | PREVIEW.c.id.not_in(select(COMMENT_PREVIEW_LINK.c.preview_file))


@router.get(
    "/data/tasks/{task_id}/previews",
    summary="The preview files of a task, newest revision first",
    **answers.many(PREVIEW_FILES),
)
async def task_previews(task: CurrentTask, session: DbSession) -> JSONResponse:
    """The preview files of a task, newest revision first, a revision's pages in order."""
    condition = (PREVIEW.c.task_id == task.id) & readable_previews(task.caller, task.role)
    statement = select(*PREVIEW_FILES.visible_columns).where(condition).order_by(*REVISION_ORDER, PREVIEW.c.id)
    return JSONResponse(to_rows(PREVIEW_FILES, await session.execute(statement)))


def project_conditions(project: ProjectAccess, params: QueryParams) -> list[ColumnElement[bool]]:
    """Column filters of preview files, plus ``task_type_id`` and ``entity_id`` of their task."""
    conditions = filters_from_query(PREVIEW_FILES, params)
    for key, column in (("task_type_id", TASK.c.task_type_id), ("entity_id", TASK.c.entity_id)):
        values = split_values(params.getlist(key))
        if values:
            conditions.append(column_filter(column, values))
    conditions.append(TASK.c.project_id == project.id)
    conditions.append(reach(project.caller))
    conditions.append(readable_previews(project.caller, project.role))
    return conditions


@router.get(
    "/data/projects/{project_id}/preview-files",
    summary="The preview files of a project, newest first",
    **answers.many_or_page(PREVIEW_FILES),
)
async def project_preview_files(project: MemberProject, request: Request, session: DbSession) -> JSONResponse:
    """The preview files of a project's tasks, newest first (column filters, ``page``/``limit``)."""
    params = request.query_params
    statement = (
        select(*PREVIEW_FILES.visible_columns)
        .select_from(PREVIEW.join(TASK, TASK.c.id == PREVIEW.c.task_id))
        .where(and_(*project_conditions(project, params)))
        .order_by(PREVIEW.c.created_at.desc(), PREVIEW.c.id)
    )
    paging = Paging.of(params)
    statement, total = await paging.window(session, statement)
    return JSONResponse(paging.answer(to_rows(PREVIEW_FILES, await session.execute(statement)), total))
