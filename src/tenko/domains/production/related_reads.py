"""What hangs off an entity's tasks: preview files, time spents and the news feed."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from tenko.core.access import Caller
from tenko.core.resource import Row
from tenko.domains.news import service as news
from tenko.domains.previews.models import PREVIEW_FILE
from tenko.domains.tasks.models import TASK, TIME_SPENT
from tenko.domains.tasks.reach import reach

#: the columns of a preview in the list of an entity's previews (the reference's answer)
ENTITY_PREVIEW_COLUMNS = (
    "id",
    "name",
    "original_name",
    "extension",
    "revision",
    "position",
    "file_size",
    "status",
    "validation_status",
    "task_id",
    "person_id",
    "created_at",
    "token_in",
    "token_out",
)
#: the columns of a revision in an entity's previews by task type (the reference's answer)
REVISION_COLUMNS = (
    "id",
    "original_name",
    "revision",
    "extension",
    "status",
    "task_id",
    "created_at",
    "annotations",
    "width",
    "height",
    "duration",
    "file_size",
)
#: tenko keeps an upload as it came: its original size is its size (the reference also keeps
#: the size before transcoding)
ORIGINALS = {
    "original_width": "width",
    "original_height": "height",
    "original_duration": "duration",
    "original_file_size": "file_size",
}


def revision_item(preview: Any) -> Row:
    item = {column: preview[column] for column in REVISION_COLUMNS if column != "file_size"}
    item.update({key: preview[column] for key, column in ORIGINALS.items()})
    return item


def tasks_of(caller: Caller, row: Row) -> ColumnElement[bool]:
    """The entity's tasks the caller may see (a vendor: those they are assigned to)."""
    return and_(TASK.c.entity_id == row["id"], reach(caller))


async def preview_files_by_task_type(session: AsyncSession, caller: Caller, row: Row) -> dict[str, list[Row]]:
    """Task type id -> the revisions of the entity's previews, newest first, each with its pages."""
    joined = PREVIEW_FILE.join(TASK, TASK.c.id == PREVIEW_FILE.c.task_id)
    statement = (
        select(*(PREVIEW_FILE.c[column] for column in REVISION_COLUMNS), TASK.c.task_type_id)
        .select_from(joined)
        .where(tasks_of(caller, row))
        .order_by(PREVIEW_FILE.c.revision.desc(), PREVIEW_FILE.c.position, PREVIEW_FILE.c.created_at)
    )
    grouped: dict[str, list[Row]] = defaultdict(list)
    revisions: dict[tuple[Any, Any, Any], Row] = {}
    for preview in (await session.execute(statement)).mappings():
        preview_row = revision_item(preview)
        task_type_id = str(preview["task_type_id"])
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
        select(*(PREVIEW_FILE.c[column] for column in ENTITY_PREVIEW_COLUMNS))
        .select_from(joined)
        .where(tasks_of(caller, row))
        .order_by(PREVIEW_FILE.c.created_at.desc(), PREVIEW_FILE.c.id)
    )
    return [dict(r) for r in (await session.execute(statement)).mappings()]


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
    """The news feed narrowed to the entity's tasks (same filters and read rules), without stats."""
    scope = and_(TASK.c.entity_id == row["id"], news.visible_news(caller))
    return await news.feed(session, scope, news.FeedQuery.parse(params), with_stats=False)
