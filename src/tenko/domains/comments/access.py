"""A comment of the task of the path, and what the caller may do on it.

The comment must belong to the task of the path (404 otherwise) and the caller must read it
(``readers.COMMENT_READERS``: clients the comments for them and their own; artists and
vendors not the clients' ones), both judged while loading. The action a route declares
(``CommentOf("edit")``) then judges the rest, before the handler runs: each of its checks
refuses with its own reason.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import ColumnElement, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import Caller, Role
from tenko.core.db import DbSession
from tenko.core.errors import Forbidden, NotFound
from tenko.core.guard import Action, Anyone, PathId, PathLoader, guard, parse_uuid
from tenko.core.resource import Row
from tenko.domains.comments.changes import CommentAccess
from tenko.domains.comments.models import ATTACHMENT_FILE, COMMENT, COMMENT_DEPARTMENT_MENTIONS, COMMENT_MENTIONS
from tenko.domains.comments.readers import AUTHOR_ROLE, COMMENT_READERS, comment_target
from tenko.domains.comments.resources import COMMENTS
from tenko.domains.people.models import PERSON
from tenko.domains.tasks.access import (
    CurrentTask,
    TaskAccess,
    access_to,
    fetch_task,
    load_access,
)


async def fetch_comment(session: AsyncSession, task: TaskAccess, comment_id: uuid.UUID) -> Row:
    """A comment of this task that the caller may read (a comment of another task is a 404)."""
    statement = select(COMMENT, PERSON.c.role.label(AUTHOR_ROLE)).outerjoin(PERSON, PERSON.c.id == COMMENT.c.person_id)
    mapping = (await session.execute(statement.where(COMMENT.c.id == comment_id))).mappings().first()
    if mapping is None or mapping["object_id"] != task.id:
        raise NotFound(f"Comment {comment_id} not found on this task")
    row = dict(mapping, type="Comment")
    role_of_author = row.pop(AUTHOR_ROLE)
    if not COMMENT_READERS.allows(task.caller, comment_target(task.project_id, row, role_of_author)):
        raise Forbidden("You may not read this comment")
    return row


async def mentions_caller(session: AsyncSession, comment: Row, caller: Caller) -> bool:
    """The caller is mentioned in the comment or one of its replies, by name or by one of their departments."""
    me, departments = str(caller.id), {str(d) for d in caller.department_ids}
    for reply in comment.get("replies") or []:
        if not isinstance(reply, dict):
            continue
        if me in {str(p) for p in reply.get("mentions") or []}:
            return True
        if departments & {str(d) for d in reply.get("department_mentions") or []}:
            return True
    people, teams = COMMENT_MENTIONS, COMMENT_DEPARTMENT_MENTIONS
    statement = union_all(
        select(people.c.person).where(people.c.comment == comment["id"], people.c.person == caller.id),
        select(teams.c.department).where(
            teams.c.comment == comment["id"], teams.c.department.in_(list(caller.department_ids))
        ),
    ).limit(1)
    return (await session.execute(statement)).first() is not None


def readable(caller: Caller) -> ColumnElement[bool]:
    """The comments the caller reads, as SQL over the ``comment`` table (``COMMENT_READERS``)."""
    return COMMENT_READERS.where(caller, COMMENTS)


def comment_author(
    access: TaskAccess, person_id: uuid.UUID | None, created_at: dt.datetime | None, for_client: bool
) -> uuid.UUID:
    """Commenting as someone else, backdating and ``for_client`` are for managers: the body
    asks for them, so the comment service checks them once it is read. Answers the author's id."""
    caller = access.caller
    if person_id is not None and person_id != caller.id and not access.is_manager:
        raise Forbidden("Only managers may comment in the name of someone else")
    if created_at is not None and not access.is_manager:
        raise Forbidden("Only managers may backdate a comment")
    if for_client and not access.is_manager:
        raise Forbidden("Only managers may mark a comment for clients")
    return person_id or caller.id


AUTHOR_OR_MANAGER = Action[CommentAccess](
    "its author; or admins and the project's managers",
    CommentAccess.by_author_or_manager,
    "Only the author of a comment or a manager may change it",
)


@dataclass(frozen=True)
class CommentAction:
    """What a route may do on the comment: its words and its checks, judged in order."""

    text: str
    checks: tuple[Action[CommentAccess], ...] = ()
    #: its checks ask whether the comment mentions the caller (one more query)
    needs_mentions: bool = False


COMMENT_ACTIONS: Mapping[str, CommentAction] = {
    "read": CommentAction(
        "admins; or who reads it (clients: the comments for them and their own; artists: not the clients')"
    ),
    "edit": CommentAction(AUTHOR_OR_MANAGER.text, (AUTHOR_OR_MANAGER,)),
    "manage": CommentAction(
        "admins; or the project's managers",
        (
            Action(
                "the project's managers",
                lambda comment: comment.task.is_manager,
                "Only the managers of this project may do this",
            ),
        ),
    ),
    "reply": CommentAction(
        "admins; or the project's managers and clients; supervisors of the task's department; its assignees;"
        " artists on the entities they created; its author; whoever it or its replies mention (by name or"
        " department)",
        (
            Action(
                "who may comment the task, its author, or whoever it mentions",
                CommentAccess.may_reply,
                "You may reply only on the tasks you are assigned to or to the comments mentioning you",
            ),
        ),
        needs_mentions=True,
    ),
    "publish": CommentAction(
        "admins; or who may comment the task, clients excepted, on their own comments (managers: on any)",
        (
            Action(
                "who may comment the task",
                lambda comment: comment.task.may_comment(),
                "You may comment only on the tasks you are assigned to",
            ),
            Action(
                "not clients", lambda comment: comment.task.role is not Role.CLIENT, "Clients may not publish previews"
            ),
            AUTHOR_OR_MANAGER,
        ),
    ),
}


async def judged(
    session: AsyncSession, task: TaskAccess, comment_id: uuid.UUID, action: CommentAction
) -> CommentAccess:
    """The comment of ``task`` that the caller reads, once every check of ``action`` allows it."""
    comment = CommentAccess(task, await fetch_comment(session, task, comment_id))
    if action.needs_mentions:
        comment.mentioned = await mentions_caller(session, comment.row, task.caller)
    for check in action.checks:
        if not check.allows(comment):
            raise Forbidden(check.refusal)
    return comment


def _comment_dependency(name: str, action: CommentAction) -> Callable[..., Any]:
    @guard(f"comment (from the path, of the task): {action.text}")
    async def load(task: CurrentTask, comment_id: PathId, session: DbSession) -> CommentAccess:
        return await judged(session, task, parse_uuid(comment_id, "comment id"), action)

    load.__name__ = f"load_comment_{name}"
    return load


def _comment_by_id_dependency(name: str, action: CommentAction) -> Callable[..., Any]:
    @guard(f"comment (from the path, through its task): {action.text}")
    async def load(instance_id: PathId, session: DbSession, caller: Anyone) -> CommentAccess:
        comment_id = parse_uuid(instance_id, "comment id")
        task_id = (await session.execute(select(COMMENT.c.object_id).where(COMMENT.c.id == comment_id))).scalar()
        if task_id is None:
            raise NotFound(f"Comment {comment_id} not found")
        return await judged(session, await load_access(session, caller, task_id), comment_id, action)

    load.__name__ = f"load_comment_by_id_{name}"
    return load


_COMMENT_GUARDS = {name: Depends(_comment_dependency(name, action)) for name, action in COMMENT_ACTIONS.items()}
_COMMENT_BY_ID_GUARDS = {
    name: Depends(_comment_by_id_dependency(name, action)) for name, action in COMMENT_ACTIONS.items()
}


def CommentOf(action: str) -> Any:
    """The dependency loading the comment of the path for ``action`` (one per action, shared)."""
    return _COMMENT_GUARDS[action]


def CommentById(action: str) -> Any:
    """The same for a comment named by its id alone (``/data/comments/{instance_id}``)."""
    return _COMMENT_BY_ID_GUARDS[action]


@guard("reply (from the path, of the comment): its author; or admins and the project's managers")
async def reply_of(comment: Annotated[CommentAccess, CommentOf("read")], reply_id: PathId) -> tuple[CommentAccess, Row]:
    """A reply of the comment that the caller may delete."""
    wanted = str(parse_uuid(reply_id, "reply id"))
    replies = [r for r in comment.row.get("replies") or [] if isinstance(r, dict)]
    found = next((r for r in replies if str(r.get("id")) == wanted), None)
    if found is None:
        raise NotFound(f"Reply {wanted} not found on this comment")
    if str(found.get("person_id")) != str(comment.caller.id) and not comment.task.is_manager:
        raise Forbidden("Only the author of a reply or a manager may delete it")
    return comment, found


async def load_attachment(session: AsyncSession, caller: Caller, file_id: uuid.UUID) -> Row:
    """An attachment file of a comment the caller reads (an attachment of a chat message is a 404 here)."""
    row = (await session.execute(select(ATTACHMENT_FILE).where(ATTACHMENT_FILE.c.id == file_id))).mappings().first()
    if row is None or row["comment_id"] is None:
        raise NotFound(f"Attachment file {file_id} not found")
    comment = (await session.execute(select(COMMENT.c.object_id).where(COMMENT.c.id == row["comment_id"]))).first()
    if comment is None:
        raise NotFound(f"Attachment file {file_id} not found")
    task = await access_to(session, caller, await fetch_task(session, comment[0]))
    await fetch_comment(session, task, row["comment_id"])
    return dict(row)


#: the attachment file of the path, for whoever reads its comment (judged when loading)
AttachmentOf = PathLoader(
    "attachment_file_id",
    "attachment file",
    load_attachment,
    {"read": Action[Row]("admins; or who reads its comment, in the task's project", lambda row: True)},
)
