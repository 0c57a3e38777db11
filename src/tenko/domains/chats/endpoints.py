"""An entity's chat and its messages (``/data/entities/{entity_id}/chat...``).

Whoever reads the entity reads its chat (vendors: the entities of their tasks); the studio's
people of the project write in it; a message is deleted by its author or a manager of the
project.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel, ConfigDict, Field

from tenko.auth.deps import Context
from tenko.core import answers, http
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest
from tenko.core.guard import PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.domains.chats import service
from tenko.domains.chats.access import ChatOf, ChatWriter, DeletableMessage
from tenko.domains.chats.models import CHAT as CHAT_TABLE
from tenko.domains.chats.models import CHAT_MESSAGE
from tenko.domains.comments.requests import read_input

router = api_router(tags=["chats"])
MAX_TEXT = 100_000
ATTACHED = answers.list_of(answers.object_of({"id": answers.UUID, "name": answers.STRING, "extension": answers.STRING}))
#: a message as ``service.messages`` reads it, with its attached files
MESSAGE = answers.table_schema(CHAT_MESSAGE, "ChatMessage", extra={"attachment_files": ATTACHED})
CHAT = answers.object_of(
    {
        **{column.name: answers.column_schema(column) for column in service.CHAT_COLUMNS},
        "last_message": answers.column_schema(CHAT_TABLE.c.last_message),
        "type": answers.type_const("Chat"),
        "participants": answers.ID_LIST,
        "messages": answers.list_of(MESSAGE),
    }
)


class MessageBody(BaseModel):
    """The web app sends ``message``; ``text`` (the column's name) is read too."""

    model_config = ConfigDict(extra="ignore")

    message: str | None = Field(default=None, max_length=MAX_TEXT)
    text: str | None = Field(default=None, max_length=MAX_TEXT)


@router.get(
    "/data/entities/{entity_id}/chat",
    summary="The chat of an entity, with its participants and messages",
    **answers.answer(CHAT),
)
async def get_chat(entity: ChatOf, session: DbSession) -> Any:
    """The chat of an entity, with its participants and messages."""
    chat = await service.entity_chat(session, entity.caller, entity.row)
    chat["participants"] = await service.participants(session, chat["id"])
    chat["messages"] = await service.messages(session, CHAT_MESSAGE.c.chat_id == chat["id"])
    return JSONResponse(chat)


@router.get(
    "/data/entities/{entity_id}/chat/messages",
    summary="The messages of an entity's chat, oldest first",
    **answers.answer(answers.list_of(MESSAGE)),
)
async def list_messages(entity: ChatOf, session: DbSession) -> Any:
    """The messages of an entity's chat, oldest first."""
    return JSONResponse(await service.chat_messages(session, entity.row["id"]))


@router.post(
    "/data/entities/{entity_id}/chat/messages",
    summary="Write a message in an entity's chat",
    status_code=201,
    **answers.answer(answers.table_schema(CHAT_MESSAGE, "ChatMessage"), 201),
)
async def post_message(request: Request, entity: ChatWriter, session: DbSession, context: Context) -> Any:
    """Write a message in an entity's chat (JSON, or a form with attached files)."""
    body = await read_input(request)
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
    **answers.answer(MESSAGE),
)
async def get_message(chat_message_id: PathId, entity: ChatOf, session: DbSession) -> Any:
    """One message of an entity's chat, with its files."""
    message_id = parse_uuid(chat_message_id, "chat message id")
    return JSONResponse(await service.chat_message(session, entity.row["id"], message_id))


@router.delete(
    "/data/entities/{entity_id}/chat/messages/{chat_message_id}",
    summary="Delete a message (its author or a manager of the project)",
    **answers.no_content(),
)
async def delete_message(message: DeletableMessage, session: DbSession, context: Context) -> Response:
    """Delete a message (its author or a manager of the project)."""
    entity = message.entity
    await service.delete_message(session, entity.caller, entity.row, message.row, context.settings.files_dir)
    return Response(status_code=204)
