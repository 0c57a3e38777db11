"""The caller's notifications: the list the web app shows (with the names it needs), read/unread.

A notification carries content only if its recipient may read that content now: one about a
task they no longer reach (a vendor taken off it, a project left) is not listed at all, and one
about a comment they may not read (``comments.readers``: a client's comment for an artist, an
internal one for a client) shows no text, mentions nor preview, as the reference blanks a
client's comment for artists. Blanked rather than hidden: the task is theirs to read, so the
notification (its task, status and date) still tells them something happened there, and the
list keeps the same length and unread count whatever the comment's fate; the comment itself
stays behind its own reading rule.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Annotated, Any

from fastapi import Request
from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http, records
from tenko.core.access import Caller, Target
from tenko.core.db import DbSession
from tenko.core.errors import NotFound
from tenko.core.events import emit_all
from tenko.core.guard import Loaded, Myself, PathLoader, always
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import coerce, parse_bool, parse_int
from tenko.core.resource import Row
from tenko.domains.comments.access import readable
from tenko.domains.comments.models import COMMENT, COMMENT_DEPARTMENT_MENTIONS, COMMENT_MENTIONS
from tenko.domains.entities.models import ENTITY
from tenko.domains.notifications.resources import NOTIFICATIONS
from tenko.domains.playlists.models import PLAYLIST
from tenko.domains.projects.models import PROJECT
from tenko.domains.projects.open_projects import in_my_projects
from tenko.domains.studio.models import ENTITY_TYPE
from tenko.domains.tasks.models import SUBSCRIPTION, TASK
from tenko.domains.tasks.reach import reach

router = api_router(tags=["user"])
NOTIFICATION = NOTIFICATIONS.table
SEQUENCE = ENTITY.alias("sequence")
EPISODE = ENTITY.alias("episode")
DEFAULT_LIMIT = 100
#: a notification as the web app lists it (``present``)
LISTED = answers.object_of(
    {
        "id": answers.UUID,
        "type": answers.type_const("Notification"),
        "created_at": answers.DATETIME,
        "read": answers.BOOLEAN,
        "change": answers.BOOLEAN,
        "author_id": answers.UUID,
        "comment_id": answers.nullable(answers.UUID),
        "task_id": answers.nullable(answers.UUID),
        "notification_type": answers.STRING,
        "playlist_id": answers.nullable(answers.UUID),
        "project_id": answers.nullable(answers.UUID),
        "project_name": answers.nullable(answers.STRING),
        "task_type_id": answers.nullable(answers.UUID),
        "task_status_id": answers.nullable(answers.UUID),
        "comment_text": answers.STRING,
        "reply_text": answers.STRING,
        "mentions": answers.ID_LIST,
        "department_mentions": answers.ID_LIST,
        "reply_mentions": answers.ID_LIST,
        "reply_department_mentions": answers.ID_LIST,
        "preview_file_id": answers.nullable(answers.UUID),
        "entity_preview_file_id": answers.nullable(answers.UUID),
        "episode_id": answers.nullable(answers.UUID),
        "full_entity_name": answers.nullable(answers.STRING),
        "playlist_name": answers.nullable(answers.STRING),
        "playlist_for_entity": answers.nullable(answers.STRING),
        "playlist_is_for_all": answers.nullable(answers.BOOLEAN),
        "subscription_id": answers.nullable(answers.UUID),
    },
    "ListedNotification",
)


def listing(caller: Caller) -> Select[Any]:
    """One notification per row with the task, entity, project, comment and playlist it is about,
    and whether the caller may read its comment now."""
    joined = (
        NOTIFICATION.outerjoin(TASK, TASK.c.id == NOTIFICATION.c.task_id)
        .outerjoin(ENTITY, ENTITY.c.id == TASK.c.entity_id)
        .outerjoin(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
        .outerjoin(SEQUENCE, SEQUENCE.c.id == ENTITY.c.parent_id)
        .outerjoin(EPISODE, EPISODE.c.id == SEQUENCE.c.parent_id)
        .outerjoin(COMMENT, COMMENT.c.id == NOTIFICATION.c.comment_id)
        .outerjoin(PLAYLIST, PLAYLIST.c.id == NOTIFICATION.c.playlist_id)
        .outerjoin(PROJECT, PROJECT.c.id == func.coalesce(TASK.c.project_id, PLAYLIST.c.project_id))
    )
    return select(
        *(NOTIFICATION.c[name] for name in ("id", "created_at", "read", "change", "author_id", "comment_id")),
        *(NOTIFICATION.c[name] for name in ("task_id", "playlist_id", "reply_id")),
        NOTIFICATION.c.type.label("notification_type"),
        TASK.c.task_type_id,
        TASK.c.task_status_id.label("current_status_id"),
        COMMENT.c.task_status_id.label("comment_status_id"),
        COMMENT.c.text.label("comment_text"),
        COMMENT.c.replies,
        COMMENT.c.preview_file_id,
        ENTITY.c.name.label("entity_name"),
        ENTITY.c.preview_file_id.label("entity_preview_file_id"),
        ENTITY_TYPE.c.name.label("entity_type_name"),
        SEQUENCE.c.name.label("sequence_name"),
        EPISODE.c.id.label("grand_parent_id"),
        EPISODE.c.name.label("episode_name"),
        PROJECT.c.id.label("project_id"),
        PROJECT.c.name.label("project_name"),
        PLAYLIST.c.name.label("playlist_name"),
        PLAYLIST.c.for_entity.label("playlist_for_entity"),
        PLAYLIST.c.is_for_all.label("playlist_is_for_all"),
        readable(caller).label("comment_readable"),
    ).select_from(joined)


def entity_label(row: Row) -> str | None:
    """``EP / SEQ / SH`` for a shot, ``Type / Name`` for an asset, the name otherwise."""
    name = row.get("entity_name")
    if name is None:
        return None
    kind = row.get("entity_type_name")
    if kind == "Shot":
        parts = [row.get("episode_name"), row.get("sequence_name"), name]
        return " / ".join(part for part in parts if part)
    if kind in ("Sequence", "Episode", "Edit", "Scene", "Concept"):
        return str(name)
    return f"{kind} / {name}"


def reply_of(row: Row) -> dict[str, Any]:
    wanted = str(row["reply_id"]) if row.get("reply_id") else None
    if wanted is None:
        return {}
    replies = row.get("replies") or []
    return next((r for r in replies if isinstance(r, dict) and str(r.get("id")) == wanted), {})


async def mentions_of(
    session: AsyncSession, comment_ids: list[Any]
) -> tuple[dict[Any, list[Any]], dict[Any, list[Any]]]:
    persons: dict[Any, list[Any]] = defaultdict(list)
    departments: dict[Any, list[Any]] = defaultdict(list)
    if comment_ids:
        people = select(COMMENT_MENTIONS.c.comment, COMMENT_MENTIONS.c.person)
        for comment_id, person_id in (
            await session.execute(people.where(COMMENT_MENTIONS.c.comment.in_(comment_ids)))
        ).all():
            persons[comment_id].append(person_id)
        link = COMMENT_DEPARTMENT_MENTIONS
        teams = select(link.c.comment, link.c.department).where(link.c.comment.in_(comment_ids))
        for comment_id, department_id in (await session.execute(teams)).all():
            departments[comment_id].append(department_id)
    return persons, departments


def withheld(row: Row) -> Row:
    """The row without what its comment says (text, replies, preview; its mentions are not looked
    up): the caller may not read that comment now."""
    return {**row, "comment_text": None, "replies": None, "preview_file_id": None}


async def present(session: AsyncSession, caller: Caller, rows: list[Row]) -> list[Row]:
    """The notifications as the web app reads them: three more queries whatever their number."""
    readable_ids = {row["comment_id"] for row in rows if row["comment_id"] and row["comment_readable"]}
    persons, departments = await mentions_of(session, list(readable_ids))
    task_ids = list({r["task_id"] for r in rows if r["task_id"]})
    subscriptions: dict[Any, Any] = {}
    if task_ids:
        mine = select(SUBSCRIPTION.c.task_id, SUBSCRIPTION.c.id).where(
            SUBSCRIPTION.c.person_id == caller.id, SUBSCRIPTION.c.task_id.in_(task_ids)
        )
        subscriptions = dict((await session.execute(mine)).all())
    result = []
    for row in rows:
        if not row["comment_readable"]:
            row = withheld(row)
        reply = reply_of(row)
        item = {key: row[key] for key in ("id", "created_at", "read", "change", "author_id", "comment_id", "task_id")}
        item.update(
            type="Notification",
            notification_type=row["notification_type"],
            playlist_id=row["playlist_id"],
            project_id=row["project_id"],
            project_name=row["project_name"],
            task_type_id=row["task_type_id"],
            task_status_id=row["comment_status_id"] or row["current_status_id"],
            comment_text=row["comment_text"] or "",
            reply_text=reply.get("text", ""),
            mentions=persons.get(row["comment_id"], []),
            department_mentions=departments.get(row["comment_id"], []),
            reply_mentions=reply.get("mentions", []),
            reply_department_mentions=reply.get("department_mentions", []),
            preview_file_id=row["preview_file_id"],
            entity_preview_file_id=row["entity_preview_file_id"],
            episode_id=row["grand_parent_id"] if row["entity_type_name"] == "Shot" else None,
            full_entity_name=entity_label(row),
            playlist_name=row["playlist_name"],
            playlist_for_entity=row["playlist_for_entity"],
            playlist_is_for_all=row["playlist_is_for_all"],
            subscription_id=subscriptions.get(row["task_id"]),
        )
        result.append(item)
    return result


def mine(caller: Caller) -> list[ColumnElement[bool]]:
    """The caller's notifications, about projects they are still in (playlists and tasks alike)
    and tasks they may read now (``tasks.reach``: vendors, only those still assigned to them)."""
    project = func.coalesce(TASK.c.project_id, PLAYLIST.c.project_id)
    return [
        NOTIFICATION.c.person_id == caller.id,
        project.is_(None) | in_my_projects(project, caller),
        NOTIFICATION.c.task_id.is_(None) | reach(caller),
    ]


def query_filters(request: Request) -> list[ColumnElement[bool]]:
    params = request.query_params
    conditions: list[ColumnElement[bool]] = []
    if params.get("after"):
        conditions.append(NOTIFICATION.c.created_at > coerce(NOTIFICATION.c.created_at, params["after"]))
    if params.get("before"):
        conditions.append(NOTIFICATION.c.created_at < coerce(NOTIFICATION.c.created_at, params["before"]))
    if params.get("type"):  # the kind: comment, mention, assignation, reply, ...
        conditions.append(NOTIFICATION.c.type == params["type"])
    if params.get("read"):
        conditions.append(NOTIFICATION.c.read.is_(parse_bool(params["read"])))
    for key, column in (("task_type_id", TASK.c.task_type_id), ("task_status_id", TASK.c.task_status_id)):
        if params.get(key):
            conditions.append(column == coerce(column, params[key]))
    if params.get("project_id"):
        conditions.append(PROJECT.c.id == coerce(PROJECT.c.id, params["project_id"]))
    return conditions


@router.get(
    "/data/user/notifications",
    summary="The caller's notifications, newest first (?type=comment, ?read, ?before)",
    **answers.answer(answers.list_of(LISTED)),
)
async def list_notifications(request: Request, session: DbSession, caller: Myself) -> JSONResponse:
    """The caller's notifications, newest first (?type=comment, ?read, ?before)."""
    limit = parse_int("limit", request.query_params.get("limit"), DEFAULT_LIMIT, minimum=1)
    statement = listing(caller).where(*mine(caller), *query_filters(request))
    statement = statement.order_by(NOTIFICATION.c.created_at.desc(), NOTIFICATION.c.id).limit(limit)
    rows = [dict(row) for row in (await session.execute(statement)).mappings()]
    return JSONResponse(await present(session, caller, rows))


async def own_notification(session: AsyncSession, caller: Caller, notification_id: uuid.UUID) -> Loaded:
    """One of the caller's notifications (``mine``, as listed); anyone else's is not found for them."""
    statement = listing(caller).where(NOTIFICATION.c.id == notification_id, *mine(caller))
    row = (await session.execute(statement)).mappings().first()
    if row is None:
        raise NotFound(f"Notification {notification_id} not found")
    project = frozenset({row["project_id"]}) if row["project_id"] else frozenset()
    return Loaded(dict(row), caller, Target(project, dict(row)))


#: the caller's own notification: the fetch reads only theirs, so anyone else's answers 404
NotificationLoader = PathLoader(
    "notification_id",
    "notification",
    own_notification,
    {"own": always("their own notifications, about projects they are still in; others' answer 404")},
)
OwnNotification = Annotated[Loaded, NotificationLoader("own")]


@router.get(
    "/data/user/notifications/{notification_id}",
    summary="One of the caller's notifications",
    **answers.answer(LISTED),
)
async def get_notification(notification: OwnNotification, session: DbSession) -> JSONResponse:
    """One of the caller's notifications."""
    return JSONResponse((await present(session, notification.caller, [notification.row]))[0])


@router.put(
    "/data/user/notifications/{notification_id}",
    summary="Mark one of the caller's notifications read or unread",
    **answers.one(NOTIFICATIONS),
)
async def update_notification(notification: OwnNotification, request: Request, session: DbSession) -> JSONResponse:
    """Mark one of the caller's notifications read or unread."""
    body = await http.json_object(request)
    # gazu sends the whole notification back: only ``read`` may change
    changes = {"read": body["read"]} if "read" in body else {}
    return JSONResponse(await records.modify(session, NOTIFICATIONS, notification.caller, notification.id, changes))


@router.post(
    "/actions/user/notifications/mark-all-as-read",
    summary="Mark every notification of the caller as read",
    **answers.shape({"success": answers.BOOLEAN}),
)
async def mark_all_read(session: DbSession, caller: Myself) -> JSONResponse:
    """Mark every notification of the caller as read."""
    unread = (NOTIFICATION.c.person_id == caller.id) & NOTIFICATION.c.read.is_(False)
    changed = await session.execute(update(NOTIFICATION).where(unread).values(read=True).returning(NOTIFICATION.c.id))
    # the same event per notification as a single PUT records
    events = [
        ("notification:update", {NOTIFICATIONS.id_key: notification_id}, None) for notification_id in changed.scalars()
    ]
    await emit_all(session, events, user_id=caller.id)
    return JSONResponse({"success": True})
