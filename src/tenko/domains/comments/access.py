"""A comment of the task of the path, and what the caller may do on it.

The comment must belong to the task of the path (404 otherwise) and the caller must read it
(clients: the comments for them and their own; artists and vendors: not the clients' ones),
both judged while loading. The action a route declares (``CommentOf("edit")``) then judges
the rest, before the handler runs: each of its checks refuses with its own reason.
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
from tenko.core.guard import Action, OfRow, PathId, PathLoader, guard, parse_uuid
from tenko.core.resource import ChangeRules, Row, WriteContext
from tenko.domains.comments.models import ATTACHMENT_FILE, COMMENT, COMMENT_DEPARTMENT_MENTIONS, COMMENT_MENTIONS
from tenko.domains.people.models import PERSON
from tenko.domains.tasks.access import (
    CurrentTask,
    TaskAccess,
    access_to,
    fetch_status,
    fetch_task,
    status_refusal,
)


@dataclass
class CommentAccess(OfRow):
    """A comment of the task of the path that the caller reads."""

    task: TaskAccess
    row: Row
    #: the caller is mentioned in it or one of its replies (loaded only for the actions that ask)
    mentioned: bool = False

    @property
    def caller(self) -> Caller:
        return self.task.caller

    @property
    def by_author(self) -> bool:
        return bool(self.row["person_id"] == self.caller.id)

    def by_author_or_manager(self) -> bool:
        return self.by_author or self.task.is_manager

    def may_reply(self) -> bool:
        """Who may comment the task (vendors: when assigned), its author, and whoever it mentions."""
        return self.task.may_comment() or self.by_author or self.mentioned


async def fetch_comment(session: AsyncSession, task: TaskAccess, comment_id: uuid.UUID) -> Row:
    """A comment of this task that the caller may read (a comment of another task is a 404)."""
    statement = select(COMMENT, PERSON.c.role.label("author_role")).outerjoin(
        PERSON, PERSON.c.id == COMMENT.c.person_id
    )
    mapping = (await session.execute(statement.where(COMMENT.c.id == comment_id))).mappings().first()
    if mapping is None or mapping["object_id"] != task.id:
        raise NotFound(f"Comment {comment_id} not found on this task")
    row = dict(mapping, type="Comment")
    author_role = row.pop("author_role")
    if not may_read(task.caller, task.role, row, author_role):
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


def visible_to(caller: Caller, role: Role) -> ColumnElement[bool] | None:
    """Which comments of a task the caller reads: clients only ``for_client`` ones and their own;
    artists and vendors not those written by clients; the rest everything."""
    if role is Role.CLIENT:
        return (COMMENT.c.for_client.is_(True)) | (COMMENT.c.person_id == caller.id)
    if role in (Role.USER, Role.VENDOR):
        clients = select(PERSON.c.id).where(PERSON.c.role == "client")
        return COMMENT.c.person_id.notin_(clients) | (COMMENT.c.person_id == caller.id)
    return None


def may_read(caller: Caller, role: Role, comment: Row, author_role: str | None) -> bool:
    if role is Role.CLIENT:
        return bool(comment.get("for_client")) or comment["person_id"] == caller.id
    if role in (Role.USER, Role.VENDOR):
        return author_role != "client" or comment["person_id"] == caller.id
    return True


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


def _comment_dependency(name: str, action: CommentAction) -> Callable[..., Any]:
    @guard(f"comment (from the path, of the task): {action.text}")
    async def load(task: CurrentTask, comment_id: PathId, session: DbSession) -> CommentAccess:
        comment = CommentAccess(task, await fetch_comment(session, task, parse_uuid(comment_id, "comment id")))
        if action.needs_mentions:
            comment.mentioned = await mentions_caller(session, comment.row, task.caller)
        for check in action.checks:
            if not check.allows(comment):
                raise Forbidden(check.refusal)
        return comment

    load.__name__ = f"load_comment_{name}"
    return load


_COMMENT_GUARDS = {name: Depends(_comment_dependency(name, action)) for name, action in COMMENT_ACTIONS.items()}


def CommentOf(action: str) -> Any:
    """The dependency loading the comment of the path for ``action`` (one per action, shared)."""
    return _COMMENT_GUARDS[action]


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


# What ``PUT /data/comments/{id}`` may change, and who may. The update policy lets in the author
# and the project's managers and supervisors; the author edits the words, every other key follows
# the rule of the route made for it (pinning, marking for clients, moving, replying, acknowledging).

#: set by the server to whoever edits (``resources.mark_editor``): whatever a body says is dropped
EDITOR = "editor_id"


def only_through(route: str) -> Action[CommentAccess]:
    """A key with a route of its own: only admins (who may do everything) change it here."""
    return Action(f"admins only (others: {route})", lambda comment: comment.caller.is_admin, f"use {route}")


def managers(refusal: str) -> Action[CommentAccess]:
    return Action("the project's managers", lambda comment: comment.task.is_manager, refusal)


AUTHOR_OR_MANAGER_EDITS = Action[CommentAccess](
    "its author, or the project's managers",
    CommentAccess.by_author_or_manager,
    "only its author or the project's managers edit a comment",
)
#: who may change each key (a key not listed: the project's managers)
KEY_RULES: Mapping[str, Action[CommentAccess]] = {
    # the author's words (attachments have their own routes, for the same people)
    "text": AUTHOR_OR_MANAGER_EDITS,
    "checklist": AUTHOR_OR_MANAGER_EDITS,
    # the value decides too: ``status_refusal`` judges the new status for the caller's role
    "task_status_id": Action(
        "its author, or the project's managers; a status the caller's role may set",
        CommentAccess.by_author_or_manager,
        "only its author or the project's managers change the status of a comment",
    ),
    "pinned": Action(
        "the project's managers; supervisors of the task's department",
        lambda comment: comment.task.may_update_fields(),
        "only the project's managers and the supervisors of the task's department pin comments",
    ),
    "for_client": managers("only the project's managers mark comments for clients"),
    "object_id": managers("only the project's managers move comments"),
    "person_id": managers("only the project's managers comment in the name of someone else"),
    "replies": only_through("the reply routes"),
    "acknowledgements": only_through("the ack route"),
    "mentions": only_through("the text of a new comment or reply"),
    "department_mentions": only_through("the text of a new comment or reply"),
    "previews": only_through("the preview routes of the comment"),
}
OTHER_KEYS = managers("only the project's managers may change it")


def _change_rules_text() -> str:
    by_rule: dict[str, list[str]] = {}
    for key, rule in KEY_RULES.items():
        by_rule.setdefault(rule.text, []).append(key)
    rules = "; ".join(f"{', '.join(keys)}: {text}" for text, keys in by_rule.items())
    return (
        f"{rules}; any other key: {OTHER_KEYS.text}; {EDITOR}: set to the caller. A key sent with its stored"
        " value is ignored; a refused one answers 403 naming it"
    )


async def refused_comment_changes(context: WriteContext, changed: frozenset[str]) -> dict[str, str]:
    """Of the keys an update changes, those the caller may not change, and why."""
    session, values, current = context.session, context.values, context.current or {}
    task = await access_to(session, context.caller, await fetch_task(session, current["object_id"]))
    comment = CommentAccess(task, current)
    refused = {key: rule.refusal for key in changed if not (rule := KEY_RULES.get(key, OTHER_KEYS)).allows(comment)}
    if "task_status_id" in changed and "task_status_id" not in refused:
        if values["task_status_id"] is None:
            if not task.is_manager:
                refused["task_status_id"] = "a comment keeps a status"
        elif problem := status_refusal(task, await fetch_status(session, values["task_status_id"])):
            refused["task_status_id"] = problem
    return refused


COMMENT_CHANGES = ChangeRules(_change_rules_text(), frozenset({EDITOR}), refused_comment_changes)
