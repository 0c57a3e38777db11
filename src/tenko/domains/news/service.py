"""The news feed: one flat query per page, with the names the web app shows on each line.

A news entry is written with each comment (``domains/comments/service.py``). The feed joins
it to its task, entity (and breakdown parents, for ``full_entity_name`` and ``episode_id``),
project, author, comment (the status it set) and preview. Who reads which entry follows the
comment rules of permissions.md: clients the entries of comments marked for them and their
own, artists and vendors not those written by clients, vendors only on their tasks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from tenko.core import records
from tenko.core.access import Caller, Role
from tenko.core.errors import Forbidden, NotFound
from tenko.core.listing import MAX_PAGE_LIMIT, envelope, parse_bool, parse_datetime, parse_int, split_values
from tenko.core.model import table_of
from tenko.core.resource import Row
from tenko.domains.comments.models import COMMENT
from tenko.domains.entities.models import Entity
from tenko.domains.notifications.models import NEWS
from tenko.domains.people.models import Person
from tenko.domains.previews.models import PREVIEW_FILE
from tenko.domains.projects.models import OPEN_STATUS_NAMES, PROJECT, PROJECT_STATUS
from tenko.domains.studio.kinds import BREAKDOWN_TYPE_NAMES
from tenko.domains.studio.models import EntityType
from tenko.domains.tasks.models import TASK, TASK_PERSON_LINK

ENTITY = table_of(Entity).alias("news_entity")
PARENT = table_of(Entity).alias("news_parent")
GRANDPARENT = table_of(Entity).alias("news_grandparent")
ENTITY_TYPE = table_of(EntityType).alias("news_entity_type")
PARENT_TYPE = table_of(EntityType).alias("news_parent_type")
GRANDPARENT_TYPE = table_of(EntityType).alias("news_grandparent_type")
AUTHOR = table_of(Person).alias("news_author")
PAGE_LIMIT = 50
EPISODE = "Episode"
#: roles that read every entry of their projects
FULL_READERS = frozenset({Role.MANAGER, Role.SUPERVISOR})

FROM = (
    NEWS.join(TASK, TASK.c.id == NEWS.c.task_id)
    .join(PROJECT, PROJECT.c.id == TASK.c.project_id)
    .join(AUTHOR, AUTHOR.c.id == NEWS.c.author_id)
    .outerjoin(ENTITY, ENTITY.c.id == TASK.c.entity_id)
    .outerjoin(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
    .outerjoin(PARENT, PARENT.c.id == ENTITY.c.parent_id)
    .outerjoin(PARENT_TYPE, PARENT_TYPE.c.id == PARENT.c.entity_type_id)
    .outerjoin(GRANDPARENT, GRANDPARENT.c.id == PARENT.c.parent_id)
    .outerjoin(GRANDPARENT_TYPE, GRANDPARENT_TYPE.c.id == GRANDPARENT.c.entity_type_id)
    .outerjoin(COMMENT, COMMENT.c.id == NEWS.c.comment_id)
    .outerjoin(PREVIEW_FILE, PREVIEW_FILE.c.id == NEWS.c.preview_file_id)
)
COLUMNS = (
    NEWS.c.id,
    NEWS.c.created_at,
    NEWS.c.change,
    NEWS.c.author_id,
    NEWS.c.comment_id,
    NEWS.c.task_id,
    NEWS.c.preview_file_id,
    TASK.c.project_id,
    TASK.c.task_type_id,
    TASK.c.entity_id.label("task_entity_id"),
    COMMENT.c.task_status_id,
    PROJECT.c.name.label("project_name"),
    ENTITY.c.name.label("entity_name"),
    ENTITY.c.source_id.label("entity_source_id"),
    ENTITY.c.preview_file_id.label("entity_preview_file_id"),
    ENTITY_TYPE.c.name.label("entity_type_name"),
    PARENT.c.id.label("parent_id"),
    PARENT.c.name.label("parent_name"),
    PARENT_TYPE.c.name.label("parent_type_name"),
    GRANDPARENT.c.id.label("grandparent_id"),
    GRANDPARENT.c.name.label("grandparent_name"),
    GRANDPARENT_TYPE.c.name.label("grandparent_type_name"),
    PREVIEW_FILE.c.extension.label("preview_file_extension"),
    PREVIEW_FILE.c.revision.label("preview_file_revision"),
    AUTHOR.c.first_name,
    AUTHOR.c.last_name,
    AUTHOR.c.has_avatar,
    AUTHOR.c.role.label("author_role"),
)


def visible_news(caller: Caller) -> ColumnElement[bool]:
    """The entries the caller reads, as SQL over ``FROM`` (every project they are in, per role)."""
    if caller.is_admin:
        return true()
    mine = NEWS.c.author_id == caller.id
    not_by_client = or_(AUTHOR.c.role != Role.CLIENT.value, mine)
    assigned = TASK.c.id.in_(select(TASK_PERSON_LINK.c.task_id).where(TASK_PERSON_LINK.c.person_id == caller.id))
    rules: list[tuple[frozenset[Role], ColumnElement[bool]]] = [
        (FULL_READERS, true()),
        (frozenset({Role.USER}), not_by_client),
        (frozenset({Role.CLIENT}), or_(COMMENT.c.for_client.is_(True), mine)),
        (frozenset({Role.VENDOR}), and_(assigned, not_by_client)),
    ]
    parts = []
    for roles, condition in rules:
        project_ids = caller.projects_with(roles)
        if project_ids:
            parts.append(and_(TASK.c.project_id.in_(project_ids), condition))
    return or_(*parts) if parts else false()


def open_projects() -> ColumnElement[bool]:
    statuses = select(PROJECT_STATUS.c.id).where(PROJECT_STATUS.c.name.in_(OPEN_STATUS_NAMES))
    return PROJECT.c.project_status_id.in_(statuses)


def id_list(params: QueryParams, key: str) -> list[uuid.UUID]:
    return [records.parse_id(value, key) for value in split_values(params.getlist(key)) if value]


@dataclass
class FeedQuery:
    """The web app's feed filters, validated (``page_size`` is its name for ``limit``)."""

    page: int
    limit: int
    conditions: list[ColumnElement[bool]] = field(default_factory=list)

    @classmethod
    def parse(cls, params: QueryParams) -> FeedQuery:
        page = parse_int("page", params.get("page"), 1, minimum=1) or 1
        raw_limit = params.get("limit") or params.get("page_size")
        limit = min(parse_int("limit", raw_limit, PAGE_LIMIT, minimum=1) or PAGE_LIMIT, MAX_PAGE_LIMIT)
        query = cls(page, limit)
        by_column = {
            "task_status_id": COMMENT.c.task_status_id,
            "task_type_id": TASK.c.task_type_id,
            "person_id": NEWS.c.author_id,
            "author_id": NEWS.c.author_id,
        }
        for key, column in by_column.items():
            ids = id_list(params, key)
            if ids:
                query.conditions.append(column.in_(ids))
        episodes = id_list(params, "episode_id")
        if episodes:
            ancestors = (ENTITY.c.id, ENTITY.c.source_id, PARENT.c.id, GRANDPARENT.c.id)
            query.conditions.append(or_(*(column.in_(episodes) for column in ancestors)))
        if parse_bool(params.get("only_preview")):
            query.conditions.append(NEWS.c.preview_file_id.is_not(None))
        after, before = parse_datetime("after", params.get("after")), parse_datetime("before", params.get("before"))
        if after is not None:
            query.conditions.append(NEWS.c.created_at > after)
        if before is not None:
            query.conditions.append(NEWS.c.created_at < before)
        return query


async def feed(
    session: AsyncSession, scope: ColumnElement[bool], query: FeedQuery, with_stats: bool = True
) -> dict[str, Any]:
    """A page of entries, newest first, with ``stats``: the page's whole selection counted per status.

    Two statements whatever the page size: the per-status counts (their sum is the total)
    and the page itself.
    """
    where = and_(scope, *query.conditions)
    counts = select(COMMENT.c.task_status_id, func.count()).select_from(FROM).where(where)
    stats: dict[str, int] = {}
    total = 0
    for status_id, number in (await session.execute(counts.group_by(COMMENT.c.task_status_id))).all():
        total += int(number)
        if status_id is not None:
            stats[str(status_id)] = int(number)
    statement = (
        page_select(where)
        .order_by(NEWS.c.created_at.desc(), NEWS.c.id.desc())
        .offset((query.page - 1) * query.limit)
        .limit(query.limit)
    )
    rows = [present(dict(row)) for row in (await session.execute(statement)).mappings()]
    page = envelope(rows, total, query.page, query.limit)
    return {**page, "stats": stats} if with_stats else page


def page_select(where: ColumnElement[bool]) -> Select[Any]:
    return select(*COLUMNS).select_from(FROM).where(where)


async def one_news(session: AsyncSession, caller: Caller, project_id: uuid.UUID, news_id: str) -> Row:
    """One entry of this project (404 if it is absent or of another project, 403 if not readable)."""
    record_id = records.parse_id(news_id, "news id")
    statement = select(*COLUMNS, visible_news(caller).label("readable")).select_from(FROM)
    row = (await session.execute(statement.where(NEWS.c.id == record_id))).mappings().first()
    if row is None or row["project_id"] != project_id:
        raise NotFound(f"News {record_id} not found in this project")
    if not row["readable"]:
        raise Forbidden("You may not read this news entry")
    item = dict(row)
    item.pop("readable")
    return present(item)


def present(row: Row) -> Row:
    """The flat query row as the web app reads a news entry."""
    first_name, last_name = row.pop("first_name"), row.pop("last_name")
    row["person"] = {
        "id": row["author_id"],
        "first_name": first_name,
        "last_name": last_name,
        "full_name": f"{first_name or ''} {last_name or ''}".strip(),
        "has_avatar": bool(row.pop("has_avatar")),
        "role": row.pop("author_role"),
    }
    row["change"] = bool(row["change"])
    row["full_entity_name"] = full_entity_name(row)
    row["episode_id"] = episode_of(row)
    for key in ("entity_name", "entity_source_id", "entity_type_name", "parent_id", "parent_name"):
        row.pop(key)
    for key in ("parent_type_name", "grandparent_id", "grandparent_name", "grandparent_type_name"):
        row.pop(key)
    row["type"] = "News"
    return row


def is_asset(row: Row) -> bool:
    type_name = row["entity_type_name"]
    return type_name is not None and type_name not in BREAKDOWN_TYPE_NAMES


def full_entity_name(row: Row) -> str:
    """``Characters / Bob`` for an asset, ``E01 / SQ01 / SH010`` for a shot (its breakdown parents)."""
    if row["entity_name"] is None:
        return ""
    if is_asset(row):
        return f"{row['entity_type_name']} / {row['entity_name']}"
    names = [row["grandparent_name"], row["parent_name"], row["entity_name"]]
    return " / ".join(name for name in names if name)


def episode_of(row: Row) -> Any:
    if is_asset(row):
        return row["entity_source_id"]
    if row["entity_type_name"] == EPISODE:
        return row["task_entity_id"]
    for prefix in ("parent", "grandparent"):
        if row[f"{prefix}_type_name"] == EPISODE:
            return row[f"{prefix}_id"]
    return None
