"""CRUD declarations: comments and attachment files."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.access import (
    ADMIN,
    CONTRIBUTOR,
    MEMBER,
    PROJECT_MANAGER,
    PROJECT_STAFF,
    Caller,
    Policy,
    Rule,
    Target,
    own,
)
from tenko.core.model import referenced_table
from tenko.core.resource import Relation, Resource, Row, WriteContext, table_of
from tenko.core.scope import via
from tenko.domains.comments.changes import COMMENT_CHANGES, EDITOR
from tenko.domains.comments.models import (
    ATTACHMENT_FILE,
    COMMENT,
    COMMENT_ACKNOLEDGMENTS,
    COMMENT_DEPARTMENT_MENTIONS,
    COMMENT_MENTIONS,
)
from tenko.domains.comments.readers import COMMENT_READERS, author_facts
from tenko.domains.people.models import PERSON
from tenko.domains.previews.models import CommentPreviewLink
from tenko.domains.tasks.models import TASK

AUTHOR_FIELDS = ("id", "first_name", "last_name", "has_avatar", "role")


async def comment_details(session: AsyncSession, _: Caller, rows: list[Row]) -> None:
    """A single comment shows its author and its attachments (shapes.json)."""
    ids = [row["id"] for row in rows]
    authors = {row["person_id"] for row in rows}
    people: dict[uuid.UUID, Row] = {}
    statement = select(*(PERSON.c[name] for name in AUTHOR_FIELDS)).where(PERSON.c.id.in_(authors))
    for person in (await session.execute(statement)).mappings():
        item = dict(person)
        item["full_name"] = f"{item['first_name']} {item['last_name']}".strip()
        people[item["id"]] = item
    files: dict[uuid.UUID, list[Row]] = {i: [] for i in ids}
    statement = select(
        ATTACHMENT_FILE.c.id,
        ATTACHMENT_FILE.c.name,
        ATTACHMENT_FILE.c.extension,
        ATTACHMENT_FILE.c.size,
        ATTACHMENT_FILE.c.comment_id,
    )
    for attachment in (await session.execute(statement.where(ATTACHMENT_FILE.c.comment_id.in_(ids)))).mappings():
        item = dict(attachment)
        files[item.pop("comment_id")].append(item)
    for row in rows:
        row["person"] = people.get(row["person_id"])
        row["attachment_files"] = files[row["id"]]


async def embed_parents(session: AsyncSession, _: Caller, rows: list[Row]) -> None:
    """An attachment carries its comment and chat message (shapes.json records both, lists included)."""
    comment_ids = {row["comment_id"] for row in rows if row.get("comment_id")}
    message_ids = {row["chat_message_id"] for row in rows if row.get("chat_message_id")}
    comments: dict[uuid.UUID, Row] = {}
    if comment_ids:
        for comment in (await session.execute(select(COMMENT).where(COMMENT.c.id.in_(comment_ids)))).mappings():
            comments[comment["id"]] = dict(comment, type="Comment")
    messages: dict[uuid.UUID, Row] = {}
    if message_ids:
        message_table = referenced_table(ATTACHMENT_FILE.c.chat_message_id)  # chats build on comments
        statement = select(message_table).where(message_table.c.id.in_(message_ids))
        for message in (await session.execute(statement)).mappings():
            messages[message["id"]] = dict(message, type="ChatMessage")
    for row in rows:
        if "comment_id" in row:
            row["comment"] = comments.get(row["comment_id"])
        if "chat_message_id" in row:
            row["chat_message"] = messages.get(row["chat_message_id"])


#: what changing alone does not make an edit: pinning is the managers' marking, not the text's
NOT_AN_EDIT = frozenset({"pinned"})


async def mark_editor(context: WriteContext) -> None:
    """The caller becomes the comment's editor (the web app shows "edited by" when not the author)."""
    context.values.pop(EDITOR, None)  # never chosen by the client
    if set(context.values) - NOT_AN_EDIT:
        context.values["editor_id"] = context.caller.id


COMMENTS = Resource(
    name="comments",
    table=COMMENT,
    type_name="Comment",
    # the one comment reading rule (readers.py): a task's thread and a single comment agree
    policy=Policy.of(
        read=COMMENT_READERS,
        write=PROJECT_MANAGER,
        # its author while they read it (clients and vendors too), and the project's managers and
        # supervisors (who pin); which keys each may change: ``COMMENT_CHANGES``
        update=PROJECT_STAFF | (MEMBER & own()),
        list=ADMIN,
    ),
    changes=COMMENT_CHANGES,
    scope=via(COMMENT, ("object_id", TASK.c.id), project=TASK.c.project_id),
    facts=author_facts,
    relations=(
        Relation("acknowledgements", COMMENT_ACKNOLEDGMENTS, "comment", "person"),
        Relation("mentions", COMMENT_MENTIONS, "comment", "person"),
        Relation("department_mentions", COMMENT_DEPARTMENT_MENTIONS, "comment", "department"),
        Relation("previews", table_of(CommentPreviewLink), "comment", "preview_file"),
    ),
    detail=(comment_details,),
    detailed={"person": answers.nullable(answers.OBJECT), "attachment_files": answers.list_of(answers.OBJECT)},
    create_without=frozenset({"person"}),
    before_update=(mark_editor,),
    derived=frozenset({"person", "attachment_files"}),
)
#: the fact an attachment is judged with: its comment, as ``COMMENT_READERS`` judges it
ATTACHED_COMMENT = "attached_comment"


async def attached_comment(session: AsyncSession, values: Row) -> Row:
    """The attachment resource's ``facts``: its comment and that comment's author's role."""
    if values.get("comment_id") is None:
        return {ATTACHED_COMMENT: None}
    found = (await session.execute(select(COMMENT).where(COMMENT.c.id == values["comment_id"]))).mappings().first()
    if found is None:
        return {ATTACHED_COMMENT: None}
    return {ATTACHED_COMMENT: {**found, **await author_facts(session, dict(found))}}


@dataclass(frozen=True)
class OnReadableComment(Rule):
    """The record's comment (``comment_id``) is one the caller reads: what it embeds stays behind
    the comment's own rule."""

    def describe(self) -> str:
        return "on a comment they read"

    def allows(self, caller: Caller, target: Target | None) -> bool:
        if caller.is_admin:
            return True
        comment = target.values.get(ATTACHED_COMMENT) if target is not None else None
        return (
            target is not None
            and comment is not None
            and COMMENT_READERS.allows(caller, Target(target.project_ids, comment))
        )

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        readable = select(COMMENT.c.id).where(COMMENT_READERS.where(caller, COMMENTS))
        return true() if caller.is_admin else resource.table.c.comment_id.in_(readable)


ATTACHMENT_FILES = Resource(
    name="attachment-files",
    table=ATTACHMENT_FILE,
    type_name="AttachmentFile",
    # the studio's people only, on the comments they read: an attachment embeds its comment
    policy=Policy.of(read=CONTRIBUTOR & OnReadableComment(), write=ADMIN, list=ADMIN),
    scope=via(ATTACHMENT_FILE, ("comment_id", COMMENT.c.id), ("object_id", TASK.c.id), project=TASK.c.project_id),
    facts=attached_comment,
    decorate=(embed_parents,),
    derived=frozenset({"comment", "chat_message"}),
    decorated={"comment": answers.nullable(answers.OBJECT), "chat_message": answers.nullable(answers.OBJECT)},
)

RESOURCES = (COMMENTS, ATTACHMENT_FILES)
