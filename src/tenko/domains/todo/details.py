"""The names a to-do list shows next to each task (entity, parents, type, status, project, last comment)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.access import Caller
from tenko.core.resource import Row
from tenko.domains.comments.access import readable
from tenko.domains.comments.models import COMMENT
from tenko.domains.entities.models import ENTITY, ENTITY_LINK
from tenko.domains.projects.models import PROJECT
from tenko.domains.studio.models import ENTITY_TYPE, TASK_STATUS, TASK_TYPE
from tenko.domains.tasks.models import TASK

_TEXT = answers.nullable(answers.STRING)
_ID = answers.nullable(answers.UUID)
_WHEN = answers.nullable(answers.DATETIME)
#: the keys ``add_details`` adds to each task row (the schema of a to-do list's task)
DETAIL_KEYS: dict[str, answers.Schema] = {
    "entity_name": _TEXT,
    "entity_description": _TEXT,
    "entity_data": {},
    "entity_canceled": answers.nullable(answers.BOOLEAN),
    "entity_preview_file_id": _ID,
    "entity_source_id": _ID,
    "entity_type_name": _TEXT,
    "sequence_name": _TEXT,
    "episode_id": _ID,
    "episode_name": _TEXT,
    "project_name": _TEXT,
    "project_has_avatar": answers.nullable(answers.BOOLEAN),
    "task_status_name": _TEXT,
    "task_status_short_name": _TEXT,
    "task_status_color": _TEXT,
    "task_type_name": _TEXT,
    "task_type_color": _TEXT,
    "task_type_for_entity": _TEXT,
    "task_start_date": _WHEN,
    "task_due_date": _WHEN,
    "task_duration": answers.nullable(answers.NUMBER),
    "task_estimation": answers.nullable(answers.NUMBER),
    "last_comment": answers.object_of({"date": answers.DATETIME, "text": answers.STRING, "person_id": answers.UUID}),
}


def not_done() -> ColumnElement[bool]:
    return TASK.c.task_status_id.in_(select(TASK_STATUS.c.id).where(TASK_STATUS.c.is_done.isnot(True)))


def detail_query(ids: list[Any]) -> Any:
    parent = ENTITY.alias("parent")
    grandparent = ENTITY.alias("grandparent")
    return (
        select(
            TASK.c.id,
            ENTITY.c.name.label("entity_name"),
            ENTITY.c.description.label("entity_description"),
            ENTITY.c.data.label("entity_data"),
            ENTITY.c.canceled.label("entity_canceled"),
            ENTITY.c.preview_file_id.label("entity_preview_file_id"),
            ENTITY.c.source_id.label("entity_source_id"),
            ENTITY_TYPE.c.name.label("entity_type_name"),
            parent.c.name.label("sequence_name"),
            grandparent.c.id.label("episode_id"),
            grandparent.c.name.label("episode_name"),
            PROJECT.c.name.label("project_name"),
            PROJECT.c.has_avatar.label("project_has_avatar"),
            TASK_STATUS.c.name.label("task_status_name"),
            TASK_STATUS.c.short_name.label("task_status_short_name"),
            TASK_STATUS.c.color.label("task_status_color"),
            TASK_TYPE.c.name.label("task_type_name"),
            TASK_TYPE.c.color.label("task_type_color"),
            TASK_TYPE.c.for_entity.label("task_type_for_entity"),
        )
        .select_from(TASK)
        .outerjoin(ENTITY, ENTITY.c.id == TASK.c.entity_id)
        .outerjoin(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
        .outerjoin(parent, parent.c.id == ENTITY.c.parent_id)
        .outerjoin(grandparent, grandparent.c.id == parent.c.parent_id)
        .outerjoin(PROJECT, PROJECT.c.id == TASK.c.project_id)
        .outerjoin(TASK_STATUS, TASK_STATUS.c.id == TASK.c.task_status_id)
        .outerjoin(TASK_TYPE, TASK_TYPE.c.id == TASK.c.task_type_id)
        .where(TASK.c.id.in_(ids))
    )


async def last_comments(session: AsyncSession, caller: Caller, ids: list[Any]) -> dict[Any, Row]:
    """Each task's newest comment that the caller reads (``comments.readers``: an artist's to-do
    list never shows a client's words)."""
    readable_comments = COMMENT.c.object_id.in_(ids) & readable(caller)
    newest = (
        select(COMMENT.c.object_id, func.max(COMMENT.c.created_at).label("date"))
        .where(readable_comments)
        .group_by(COMMENT.c.object_id)
        .subquery()
    )
    statement = (
        select(COMMENT.c.object_id, COMMENT.c.created_at, COMMENT.c.text, COMMENT.c.person_id)
        .join(newest, (newest.c.object_id == COMMENT.c.object_id) & (newest.c.date == COMMENT.c.created_at))
        .where(readable_comments)
    )
    return {
        task_id: {"date": date, "text": text, "person_id": person_id}
        for task_id, date, text, person_id in (await session.execute(statement)).all()
    }


async def add_details(session: AsyncSession, caller: Caller, rows: list[Row]) -> None:
    """Add the names (and the last comment ``caller`` reads) in place: two queries whatever the number of tasks."""
    ids = [row["id"] for row in rows]
    if not ids:
        return
    details = {mapping["id"]: dict(mapping) for mapping in (await session.execute(detail_query(ids))).mappings()}
    comments = await last_comments(session, caller, ids)
    for row in rows:
        extra = details.get(row["id"], {})
        extra.pop("id", None)
        row.update(extra)
        if row.get("entity_type_name") != "Shot":  # only a shot has a sequence and, through it, an episode
            row.update(sequence_name=None, episode_id=None, episode_name=None)
        row["task_start_date"] = row.get("start_date")
        row["task_due_date"] = row.get("due_date")
        row["task_duration"] = row.get("duration")
        row["task_estimation"] = row.get("estimation")
        row["last_comment"] = comments.get(row["id"], {})


#: the keys ``add_episodes`` adds: every episode a task belongs to (an asset: the episodes casting it)
EPISODE_KEYS: dict[str, answers.Schema] = {
    "episode_ids": answers.ID_LIST,
    "episode_names": answers.list_of(answers.STRING),
}


async def add_episodes(session: AsyncSession, rows: list[Row]) -> None:
    """``episode_ids``/``episode_names``: a shot's episode, an asset's own episode and those casting it."""
    entity_ids = {row["entity_id"] for row in rows if row.get("entity_id")}
    found: dict[Any, dict[Any, str]] = defaultdict(dict)
    if entity_ids:
        episode, sequence, shot = ENTITY.alias("episode"), ENTITY.alias("sequence"), ENTITY.alias("shot")
        cast = (
            select(ENTITY_LINK.c.entity_out_id, episode.c.id, episode.c.name)
            .join(shot, shot.c.id == ENTITY_LINK.c.entity_in_id)
            .join(sequence, sequence.c.id == shot.c.parent_id)
            .join(episode, episode.c.id == sequence.c.parent_id)
            .where(ENTITY_LINK.c.entity_out_id.in_(entity_ids))
        )
        for asset_id, episode_id, name in (await session.execute(cast)).all():
            found[asset_id][episode_id] = name
    for row in rows:
        episodes = dict(found.get(row.get("entity_id"), {}))
        if row.get("episode_id"):
            episodes[row["episode_id"]] = row.get("episode_name")
        row["episode_ids"] = list(episodes)
        row["episode_names"] = list(episodes.values())
