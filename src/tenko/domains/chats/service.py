"""An entity's chat: found or opened on first use, its participants and its messages.

An entity has one chat (``chat.object_id`` is the entity id). Its messages are written by
the studio's people of the entity's project; each may carry attached files, stored like a
comment's attachments (``attachment_file.chat_message_id``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from tenko.core.access import Caller
from tenko.core.deletion import delete_records
from tenko.core.errors import NotFound
from tenko.core.events import emit
from tenko.core.listing import typed_rows
from tenko.core.model import Base
from tenko.core.resource import Row
from tenko.core.types import new_id, utc_now
from tenko.domains.chats.models import CHAT, CHAT_MESSAGE, CHAT_PARTICIPANT
from tenko.domains.comments import attachments
from tenko.domains.comments.models import ATTACHMENT_FILE

CHAT_COLUMNS = (CHAT.c.id, CHAT.c.created_at, CHAT.c.updated_at, CHAT.c.object_id, CHAT.c.object_type)
MESSAGE_COLUMNS = tuple(CHAT_MESSAGE.c)
#: what a message shows of each attached file (shapes.json)
FILE_COLUMNS = (ATTACHMENT_FILE.c.id, ATTACHMENT_FILE.c.name, ATTACHMENT_FILE.c.extension)


async def find_chat(session: AsyncSession, entity_id: uuid.UUID) -> Row | None:
    statement = (
        select(*CHAT_COLUMNS, CHAT.c.last_message)
        .where(CHAT.c.object_id == entity_id)
        .order_by(CHAT.c.created_at, CHAT.c.id)  # the first one, should two ever be opened at once
        .limit(1)
    )
    row = (await session.execute(statement)).mappings().first()
    return dict(row, type="Chat") if row is not None else None


async def entity_chat(session: AsyncSession, caller: Caller, entity: Row) -> Row:
    """The entity's chat, opened (with its ``chat:new`` event) the first time anyone asks."""
    found = await find_chat(session, entity["id"])
    if found is not None:
        return found
    now = utc_now()
    chat = {"id": new_id(), "created_at": now, "updated_at": now, "object_id": entity["id"], "object_type": "entity"}
    await session.execute(insert(CHAT).values(**chat, last_message=None))
    await record_chat_event(session, caller, "chat:new", entity, {"chat_id": chat["id"], "entity_id": entity["id"]})
    return dict(chat, last_message=None, type="Chat")


async def participants(session: AsyncSession, chat_id: uuid.UUID) -> list[uuid.UUID]:
    statement = select(CHAT_PARTICIPANT.c.person_id).where(CHAT_PARTICIPANT.c.chat_id == chat_id)
    return list((await session.execute(statement.order_by(CHAT_PARTICIPANT.c.person_id))).scalars())


async def messages(session: AsyncSession, condition: ColumnElement[bool]) -> list[Row]:
    """Messages, oldest first, each with its attached files (two statements for any number)."""
    statement = select(*MESSAGE_COLUMNS).where(condition).order_by(CHAT_MESSAGE.c.created_at, CHAT_MESSAGE.c.id)
    rows = typed_rows(await session.execute(statement), "ChatMessage")
    if not rows:
        return rows
    files: dict[uuid.UUID, list[Row]] = {row["id"]: [] for row in rows}
    attached = select(*FILE_COLUMNS, ATTACHMENT_FILE.c.chat_message_id).where(
        ATTACHMENT_FILE.c.chat_message_id.in_(files)
    )
    for file in (
        await session.execute(attached.order_by(ATTACHMENT_FILE.c.created_at, ATTACHMENT_FILE.c.id))
    ).mappings():
        item = dict(file)
        files[item.pop("chat_message_id")].append(item)
    for row in rows:
        row["attachment_files"] = files[row["id"]]
    return rows


async def chat_messages(session: AsyncSession, entity_id: uuid.UUID) -> list[Row]:
    chats = select(CHAT.c.id).where(CHAT.c.object_id == entity_id)
    return await messages(session, CHAT_MESSAGE.c.chat_id.in_(chats))


async def chat_message(session: AsyncSession, entity_id: uuid.UUID, message_id: uuid.UUID) -> Row:
    """One message of the entity's chat (404 for an unknown id or a message of another chat)."""
    chats = select(CHAT.c.id).where(CHAT.c.object_id == entity_id)
    found = await messages(session, (CHAT_MESSAGE.c.id == message_id) & CHAT_MESSAGE.c.chat_id.in_(chats))
    if not found:
        raise NotFound(f"Chat message {message_id} not found in this entity's chat")
    return found[0]


async def post_message(
    session: AsyncSession,
    caller: Caller,
    entity: Row,
    text: str,
    uploads: Iterable[UploadFile],
    files_dir: Path,
) -> Row:
    """Write a message (and its files) in the entity's chat; ``chat:new-message`` after commit."""
    chat = await entity_chat(session, caller, entity)
    # kept to the microsecond (answers still show seconds): messages of one second stay in order
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    message = {
        "id": new_id(),
        "created_at": now,
        "updated_at": now,
        "chat_id": chat["id"],
        "person_id": caller.id,
        "text": text,
    }
    await session.execute(insert(CHAT_MESSAGE).values(**message))
    await session.execute(update(CHAT).where(CHAT.c.id == chat["id"]).values(last_message=now, updated_at=now))
    await attachments.store(session, files_dir, uploads, None, chat_message_id=message["id"])
    data = {"chat_id": chat["id"], "chat_message_id": message["id"], "entity_id": entity["id"]}
    await record_chat_event(session, caller, "chat:new-message", entity, data)
    return dict(message, type="ChatMessage")


async def delete_message(session: AsyncSession, caller: Caller, entity: Row, message: Row, files_dir: Path) -> None:
    """Remove a message and its files (the bytes once the transaction is committed)."""
    attachments.remove_after_commit(session, files_dir, [file["id"] for file in message["attachment_files"]])
    await delete_records(session, Base.metadata, CHAT_MESSAGE, [message["id"]], force=True, label="chat message")
    data = {"chat_id": message["chat_id"], "message_id": message["id"], "chat_message_id": message["id"]}
    await record_chat_event(session, caller, "chat:deleted-message", entity, data)


async def record_chat_event(
    session: AsyncSession, caller: Caller, name: str, entity: Row, data: dict[str, Any]
) -> None:
    project_id = entity["project_id"]
    await emit(session, name, {**data, "project_id": project_id}, user_id=caller.id, project_id=project_id)
