"""Who reads and writes an entity's chat, and who deletes a message of it.

Whoever reads the entity reads its chat (vendors: the entities of their tasks); the studio's
people of the project write in it; a message is deleted by its author or a manager of the
project. The rules are the chat resources' own (``resources.py``), judged before the handler.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import records
from tenko.core.access import CONTRIBUTOR, Caller, Role, Target, describe
from tenko.core.db import DbSession
from tenko.core.errors import Forbidden
from tenko.core.guard import Action, PathId, PathLoader, guard, parse_uuid
from tenko.core.resource import Row
from tenko.domains.chats import service
from tenko.domains.chats.resources import CHAT_MESSAGES
from tenko.domains.entities.resources import ENTITIES

#: reading the chat is reading its entity
READ = ENTITIES.policy.read
DELETE = CHAT_MESSAGES.policy.delete


@dataclass
class ChatEntity:
    """An entity whose chat the caller may read, with the caller's role in its project."""

    row: Row
    caller: Caller
    role: Role
    target: Target


async def fetch_chat_entity(session: AsyncSession, caller: Caller, entity_id: uuid.UUID) -> ChatEntity:
    """The entity (404); outside its project's team the caller may do nothing with its chat (403)."""
    row = await records.fetch_row(session, ENTITIES, entity_id)
    role = caller.role_in(row["project_id"])
    if role is None:
        raise Forbidden("You are not a member of the team of this entity's project")
    return ChatEntity(row, caller, role, await records.target_of(session, ENTITIES, row))


ChatLoader = PathLoader(
    "entity_id",
    "entity",
    fetch_chat_entity,
    {
        "read": Action(describe(READ), lambda chat: READ.allows(chat.caller, chat.target)),
        "write": Action(
            describe(CONTRIBUTOR),
            lambda chat: CONTRIBUTOR.allows(chat.caller, chat.target),
            "Clients and vendors read the chat but do not write in it",
        ),
    },
)
#: an entity whose chat the caller reads
ChatOf = Annotated[ChatEntity, ChatLoader("read")]
#: an entity in whose chat the caller writes
ChatWriter = Annotated[ChatEntity, ChatLoader("write")]


@dataclass
class ChatMessage:
    """A message of an entity's chat, with the entity."""

    row: Row
    entity: ChatEntity


@guard(f"chat message: {describe(DELETE)}")
async def deletable_message(entity: ChatOf, chat_message_id: PathId, session: DbSession) -> ChatMessage:
    """The message of this entity's chat (404 otherwise), if the caller wrote it or manages the project."""
    message = await service.chat_message(session, entity.row["id"], parse_uuid(chat_message_id, "message id"))
    if not DELETE.allows(entity.caller, Target(entity.target.project_ids, message)):
        raise Forbidden("Only the author of a message or a manager of the project may delete it")
    return ChatMessage(message, entity)


DeletableMessage = Annotated[ChatMessage, Depends(deletable_message)]
