"""What hangs off an entity's tasks: preview files, time spents and the news feed."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from tenko.auth.policy import Caller
from tenko.core.listing import envelope, parse_int
from tenko.core.resource import Row, table_of
from tenko.domains.comments.models import Comment
from tenko.domains.entities.service import ENTITY, PROJECT, TASK, visible_tasks
from tenko.domains.notifications.models import News
from tenko.domains.people.models import Person
from tenko.domains.previews.models import PreviewFile
from tenko.domains.tasks.models import TimeSpent

PREVIEW_FILE = table_of(PreviewFile)
TIME_SPENT = table_of(TimeSpent)
NEWS = table_of(News)
COMMENT = table_of(Comment)
PERSON = table_of(Person)
NEWS_PAGE_LIMIT = 50


def tasks_of(caller: Caller, row: Row) -> ColumnElement[bool]:
    """The entity's tasks the caller may see (a vendor: those they are assigned to)."""
    return and_(TASK.c.entity_id == row["id"], visible_tasks(caller))


async def preview_files_by_task_type(session: AsyncSession, caller: Caller, row: Row) -> dict[str, list[Row]]:
    """Task type id -> the revisions of the entity's previews, newest first, each with its pages."""
    joined = PREVIEW_FILE.join(TASK, TASK.c.id == PREVIEW_FILE.c.task_id)
    statement = (
        select(*PREVIEW_FILE.c, TASK.c.task_type_id)
        .select_from(joined)
        .where(tasks_of(caller, row))
        .order_by(PREVIEW_FILE.c.revision.desc(), PREVIEW_FILE.c.position, PREVIEW_FILE.c.created_at)
    )
    grouped: dict[str, list[Row]] = defaultdict(list)
    revisions: dict[tuple[Any, Any, Any], Row] = {}
    for preview in (await session.execute(statement)).mappings():
        preview_row = dict(preview)
        task_type_id = str(preview_row.pop("task_type_id"))
        key = (task_type_id, preview_row["task_id"], preview_row["revision"])
        if key in revisions:  # another page of the same revision
            revisions[key]["previews"].append(preview_row)
            continue
        preview_row["previews"] = []
        revisions[key] = preview_row
        grouped[task_type_id].append(preview_row)
    return dict(grouped)


async def entity_preview_files(session: AsyncSession, caller: Caller, row: Row) -> list[Row]:
    joined = PREVIEW_FILE.join(TASK, TASK.c.id == PREVIEW_FILE.c.task_id)
    statement = (
        select(*PREVIEW_FILE.c)
        .select_from(joined)
        .where(tasks_of(caller, row))
        .order_by(PREVIEW_FILE.c.created_at.desc(), PREVIEW_FILE.c.id)
    )
    rows = [dict(r) for r in (await session.execute(statement)).mappings()]
    for preview in rows:
        preview["type"] = "PreviewFile"
    return rows


async def entity_time_spents(session: AsyncSession, caller: Caller, row: Row) -> list[Row]:
    joined = TIME_SPENT.join(TASK, TASK.c.id == TIME_SPENT.c.task_id)
    statement = (
        select(*TIME_SPENT.c)
        .select_from(joined)
        .where(tasks_of(caller, row))
        .order_by(TIME_SPENT.c.date, TIME_SPENT.c.id)
    )
    rows = [dict(r) for r in (await session.execute(statement)).mappings()]
    for time_spent in rows:
        time_spent["type"] = "TimeSpent"
    return rows


async def entity_news(session: AsyncSession, caller: Caller, row: Row, params: QueryParams) -> dict[str, Any]:
    """The news of the entity's tasks, newest first, as a page envelope (two statements)."""
    page = parse_int("page", params.get("page"), 1, minimum=1) or 1
    limit = min(parse_int("limit", params.get("limit"), NEWS_PAGE_LIMIT, minimum=1) or NEWS_PAGE_LIMIT, 500)
    condition = tasks_of(caller, row)
    joined = (
        NEWS.join(TASK, TASK.c.id == NEWS.c.task_id)
        .join(ENTITY, ENTITY.c.id == TASK.c.entity_id)
        .join(PROJECT, PROJECT.c.id == TASK.c.project_id)
        .join(PERSON, PERSON.c.id == NEWS.c.author_id)
        .outerjoin(COMMENT, COMMENT.c.id == NEWS.c.comment_id)
        .outerjoin(PREVIEW_FILE, PREVIEW_FILE.c.id == NEWS.c.preview_file_id)
    )
    total_query = select(func.count()).select_from(NEWS.join(TASK, TASK.c.id == NEWS.c.task_id)).where(condition)
    total = int((await session.execute(total_query)).scalar() or 0)
    statement = (
        select(
            *NEWS.c,
            TASK.c.project_id,
            TASK.c.task_type_id,
            TASK.c.entity_id.label("task_entity_id"),
            COMMENT.c.task_status_id,
            PROJECT.c.name.label("project_name"),
            ENTITY.c.name.label("full_entity_name"),
            ENTITY.c.preview_file_id.label("entity_preview_file_id"),
            PREVIEW_FILE.c.extension.label("preview_file_extension"),
            PREVIEW_FILE.c.revision.label("preview_file_revision"),
            PERSON.c.first_name,
            PERSON.c.last_name,
            PERSON.c.has_avatar,
        )
        .select_from(joined)
        .where(condition)
        .order_by(NEWS.c.created_at.desc(), NEWS.c.id)
        .offset((page - 1) * limit)
        .limit(limit)
    )
    rows = []
    for news in (await session.execute(statement)).mappings():
        item = dict(news)
        item["person"] = {
            "id": item["author_id"],
            "first_name": item.pop("first_name"),
            "last_name": item.pop("last_name"),
            "has_avatar": item.pop("has_avatar"),
        }
        item["type"] = "News"
        rows.append(item)
    return envelope(rows, total, page, limit)
