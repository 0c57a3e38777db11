"""Comments as clients read them, built for many comments in a constant number of queries."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import records
from tenko.core.access import Caller
from tenko.core.listing import attach_relations, to_rows
from tenko.core.resource import Row
from tenko.domains.comments.models import ATTACHMENT_FILE, COMMENT
from tenko.domains.comments.resources import AUTHOR_FIELDS, COMMENTS
from tenko.domains.people.models import PERSON
from tenko.domains.people.resources import PERSONS, add_full_name
from tenko.domains.previews.models import PREVIEW_FILE
from tenko.domains.studio.models import TASK_STATUS
from tenko.domains.studio.resources import TASK_STATUSES

STATUS_FIELDS = ("id", "name", "short_name", "color")
#: an attachment as a comment lists it (the reference's answers: no mimetype)
ATTACHMENT_FIELDS = ("id", "name", "extension", "size")
PREVIEW_FIELDS = (
    "id",
    "revision",
    "position",
    "extension",
    "original_name",
    "width",
    "height",
    "duration",
    "status",
    "validation_status",
    "annotations",
    "task_id",
)


async def comment_rows(session: AsyncSession, condition: ColumnElement[bool]) -> list[Row]:
    statement = select(*COMMENTS.visible_columns).where(condition).order_by(COMMENT.c.created_at.desc())
    return to_rows(COMMENTS, await session.execute(statement))


async def _by_id(session: AsyncSession, table: Any, fields: Sequence[str], ids: set[Any]) -> dict[Any, Row]:
    if not ids:
        return {}
    statement = select(*(table.c[name] for name in fields)).where(table.c.id.in_(ids))
    return {row["id"]: dict(row) for row in (await session.execute(statement)).mappings()}


async def authors(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, Row]:
    people = await _by_id(session, PERSON, AUTHOR_FIELDS, ids)
    for person in people.values():
        person["full_name"] = f"{person['first_name'] or ''} {person['last_name'] or ''}".strip()
    return people


async def attachments_of(session: AsyncSession, comment_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Row]]:
    files: dict[uuid.UUID, list[Row]] = {i: [] for i in comment_ids}
    if not comment_ids:
        return files
    columns = [ATTACHMENT_FILE.c[name] for name in ATTACHMENT_FIELDS]
    statement = select(*columns, ATTACHMENT_FILE.c.comment_id).where(ATTACHMENT_FILE.c.comment_id.in_(comment_ids))
    for row in (await session.execute(statement.order_by(ATTACHMENT_FILE.c.created_at))).mappings():
        item = dict(row)
        files[item.pop("comment_id")].append(item)
    return files


async def decorate_list(session: AsyncSession, rows: list[Row]) -> list[Row]:
    """The task's comment thread: relations, short author, short status, attachments and previews."""
    await attach_relations(session, COMMENTS, rows)
    people = await authors(session, {row["person_id"] for row in rows})
    statuses = await _by_id(session, TASK_STATUS, STATUS_FIELDS, {row["task_status_id"] for row in rows})
    files = await attachments_of(session, [row["id"] for row in rows])
    previews = await _by_id(session, PREVIEW_FILE, PREVIEW_FIELDS, {p for row in rows for p in row["previews"]})
    reply_authors = await authors(session, reply_author_ids(row for row in rows))
    for row in rows:
        row["person"] = people.get(row["person_id"])
        row["task_status"] = statuses.get(row["task_status_id"])
        row["attachment_files"] = files[row["id"]]
        row["previews"] = [previews[p] for p in row["previews"] if p in previews]
        for reply in _replies(row):
            reply["person"] = reply_authors.get(as_uuid(reply.get("person_id")) or NO_ID)
    return rows


NO_ID = uuid.UUID(int=0)


def reply_author_ids(rows: Iterable[Row]) -> set[uuid.UUID]:
    return {person for row in rows for reply in _replies(row) if (person := as_uuid(reply.get("person_id")))}


def _replies(row: Row) -> list[Row]:
    replies = row.get("replies")
    return [r for r in replies if isinstance(r, dict)] if isinstance(replies, list) else []


def as_uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


async def full_comment(
    session: AsyncSession, caller: Caller, comment_id: uuid.UUID, *, author_departments: bool = False
) -> Row:
    """One comment as the comment routes answer it: relations, full author (with the ids of their
    departments for ``comment-many``, as the reference answers) and full status."""
    row = await records.fetch_row(session, COMMENTS, comment_id)
    await attach_relations(session, COMMENTS, [row])
    row["attachment_files"] = (await attachments_of(session, [row["id"]]))[row["id"]]
    person = await records.fetch_row(session, PERSONS, row["person_id"])
    await add_full_name(session, caller, [person])
    if author_departments:
        await attach_relations(session, PERSONS, [person])
    row["person"] = person
    status_id = row["task_status_id"]
    row["task_status"] = await records.fetch_row(session, TASK_STATUSES, status_id) if status_id else None
    return row


async def attach_id_lists(session: AsyncSession, rows: list[Row]) -> None:
    """Relations, attachment ids and preview ids on each comment (two more queries in all)."""
    await attach_relations(session, COMMENTS, rows)
    files = await attachments_of(session, [row["id"] for row in rows])
    for row in rows:
        row["attachment_files"] = [file["id"] for file in files[row["id"]]]


async def comment_with_ids(session: AsyncSession, comment_id: uuid.UUID) -> Row:
    """A comment with its relations and attachment ids (acknowledge, reply deletion)."""
    row = await records.fetch_row(session, COMMENTS, comment_id)
    await attach_id_lists(session, [row])
    return row
