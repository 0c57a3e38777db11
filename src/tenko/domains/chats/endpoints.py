"""An entity's chat and its messages (``/data/entities/{entity_id}/chat...``).

Whoever reads the entity reads its chat (vendors: the entities of their tasks); the studio's
people of the project write in it; a message is deleted by its author or a manager of the
project.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from tenko.auth.deps import Context
from tenko.core import http, records
from tenko.core.access import Caller, Role
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, Forbidden
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.domains.chats import service
from tenko.domains.comments.requests import read_input
from tenko.domains.entities.resources import ENTITIES

router = APIRouter(tags=["chats"])
#: roles that write in a chat (clients and vendors read it)
WRITERS = frozenset({Role.ADMIN, Role.MANAGER, Role.SUPERVISOR, Role.USER})
MANAGERS = frozenset({Role.ADMIN, Role.MANAGER})
MAX_TEXT = 100_000


@dataclass
class ChatEntity:
    """An entity whose chat the caller may read, with the caller's role in its project."""

    row: Row
    caller: Caller
    role: Role

    @property
    def may_write(self) -> bool:
        return self.role in WRITERS


async def chat_entity(entity_id: str, session: DbSession, caller: CurrentCaller) -> ChatEntity:
    row = await records.fetch_row(session, ENTITIES, records.parse_id(entity_id, "entity id"))
    role = caller.role_in(row["project_id"])
    if role is None:
        raise Forbidden("You are not a member of the team of this entity's project")
    await records.authorise(session, ENTITIES, caller, ENTITIES.policy.read, row)
    return ChatEntity(row, caller, role)


ChatOf = Annotated[ChatEntity, Depends(chat_entity)]


class MessageBody(BaseModel):
    """The web app sends ``message``; ``text`` (the column's name) is read too."""

    model_config = ConfigDict(extra="ignore")

    message: str | None = Field(default=None, max_length=MAX_TEXT)
    text: str | None = Field(default=None, max_length=MAX_TEXT)


@router.get("/data/entities/{entity_id}/chat", summary="The chat of an entity, with its participants and messages")
async def get_chat(entity: ChatOf, session: DbSession) -> Any:
    """The chat of an entity, with its participants and messages."""
    chat = await service.entity_chat(session, entity.caller, entity.row)
    chat["participants"] = await service.participants(session, chat["id"])
    chat["messages"] = await service.messages(session, service.MESSAGE.c.chat_id == chat["id"])
    return JSONResponse(chat)


@router.get("/data/entities/{entity_id}/chat/messages", summary="The messages of an entity's chat, oldest first")
async def list_messages(entity: ChatOf, session: DbSession) -> Any:
    """The messages of an entity's chat, oldest first."""
    return JSONResponse(await service.chat_messages(session, entity.row["id"]))


@router.post("/data/entities/{entity_id}/chat/messages", summary="Write a message in an entity's chat", status_code=201)
async def post_message(request: Request, entity: ChatOf, session: DbSession, context: Context) -> Any:
    """Write a message in an entity's chat (JSON, or a form with attached files)."""
    if not entity.may_write:
        raise Forbidden("Clients and vendors read the chat but do not write in it")
    body = await read_input(request, context.settings.max_body_bytes)
    if not isinstance(body.fields, dict):
        raise BadRequest("The request body must be a JSON object")
    values = MessageBody(**http.validate(MessageBody, body.fields))
    text = values.message if values.message is not None else values.text
    if not (text or "").strip() and not body.files:
        raise BadRequest("A message needs a text or a file")
    if "\x00" in (text or ""):
        raise BadRequest("Invalid characters in the message")
    files = list(body.files.values())
    message = await service.post_message(
        session, entity.caller, entity.row, text or "", files, context.settings.files_dir
    )
    return JSONResponse(message, status_code=201)


@router.get(
    "/data/entities/{entity_id}/chat/messages/{chat_message_id}",
    summary="One message of an entity's chat, with its files",
)
async def get_message(chat_message_id: str, entity: ChatOf, session: DbSession) -> Any:
    """One message of an entity's chat, with its files."""
    message_id = records.parse_id(chat_message_id, "chat message id")
    return JSONResponse(await service.chat_message(session, entity.row["id"], message_id))


@router.delete(
    "/data/entities/{entity_id}/chat/messages/{chat_message_id}",
    summary="Delete a message (its author or a manager of the project)",
    status_code=204,
)
async def delete_message(chat_message_id: str, entity: ChatOf, session: DbSession, context: Context) -> Response:
    """Delete a message (its author or a manager of the project)."""
    message = await service.chat_message(session, entity.row["id"], records.parse_id(chat_message_id, "message id"))
    own = entity.may_write and message["person_id"] == entity.caller.id
    if not own and entity.role not in MANAGERS:
        raise Forbidden("Only the author of a message or a manager of the project may delete it")
    await service.delete_message(session, entity.caller, entity.row, message, context.settings.files_dir)
    return Response(status_code=204)
