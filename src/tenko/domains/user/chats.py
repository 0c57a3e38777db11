"""The entity chats the caller takes part in; joining and leaving one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Response
from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.db import DbSession
from tenko.core.guard import Loaded, Myself
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.core.types import new_id
from tenko.domains.chats.models import CHAT_PARTICIPANT
from tenko.domains.chats.resources import CHATS
from tenko.domains.entities.models import ENTITY
from tenko.domains.projects.open_projects import in_my_projects
from tenko.domains.user.access import ChatEntityLoader

router = api_router(tags=["user"])
CHAT = CHATS.table
#: an entity whose chat the caller may take part in (vendors: only their tasks' entities)
ChatEntity = Annotated[Loaded, ChatEntityLoader("chat")]
#: a chat as the caller's list shows it
LISTED_CHAT = answers.object_of(
    {
        "id": answers.UUID,
        "object_id": answers.UUID,
        "last_message": answers.nullable(answers.DATETIME),
        "entity_name": answers.STRING,
        "project_id": answers.UUID,
        "preview_file_id": answers.nullable(answers.UUID),
    },
    "ListedChat",
)


async def chat_of(session: AsyncSession, entity_id: Any) -> Row | None:
    statement = select(*CHATS.visible_columns).where(CHAT.c.object_id == entity_id)
    row = (await session.execute(statement)).mappings().first()
    return dict(row, type="Chat") if row is not None else None


@router.get(
    "/data/user/chats",
    summary="The chats the caller takes part in, most recent first",
    **answers.answer(answers.list_of(LISTED_CHAT)),
)
async def user_chats(session: DbSession, caller: Myself) -> JSONResponse:
    """The chats the caller takes part in, most recent first."""
    statement = (
        select(
            CHAT.c.id,
            CHAT.c.object_id,
            CHAT.c.last_message,
            ENTITY.c.name.label("entity_name"),
            ENTITY.c.project_id,
            ENTITY.c.preview_file_id,
        )
        .join(CHAT_PARTICIPANT, CHAT_PARTICIPANT.c.chat_id == CHAT.c.id)
        .join(ENTITY, ENTITY.c.id == CHAT.c.object_id)
        .where(CHAT_PARTICIPANT.c.person_id == caller.id, in_my_projects(ENTITY.c.project_id, caller))
        .order_by(CHAT.c.last_message.desc(), CHAT.c.id)
    )
    return JSONResponse([dict(row) for row in (await session.execute(statement)).mappings()])


@router.post(
    "/actions/user/chats/{entity_id}/join",
    summary="Join the chat of an entity (created on first join)",
    **answers.answer(answers.columns_schema(CHATS)),
)
async def join_chat(entity: ChatEntity, session: DbSession, caller: Myself) -> JSONResponse:
    """Join the chat of an entity (created on first join)."""
    chat = await chat_of(session, entity.id)
    if chat is None:
        await session.execute(insert(CHAT).values(id=new_id(), object_id=entity.id, object_type="entity"))
        chat = await chat_of(session, entity.id)
        assert chat is not None
    joined = (CHAT_PARTICIPANT.c.chat_id == chat["id"]) & (CHAT_PARTICIPANT.c.person_id == caller.id)
    if (await session.execute(select(CHAT_PARTICIPANT.c.chat_id).where(joined))).first() is None:
        await session.execute(insert(CHAT_PARTICIPANT).values(chat_id=chat["id"], person_id=caller.id))
    return JSONResponse(chat)


@router.delete("/actions/user/chats/{entity_id}/join", summary="Leave the chat of an entity", **answers.no_content())
async def leave_chat(entity: ChatEntity, session: DbSession, caller: Myself) -> Response:
    """Leave the chat of an entity."""
    chat = await chat_of(session, entity.id)
    if chat is not None:
        joined = (CHAT_PARTICIPANT.c.chat_id == chat["id"]) & (CHAT_PARTICIPANT.c.person_id == caller.id)
        await session.execute(delete(CHAT_PARTICIPANT).where(joined))
    return Response(status_code=204)
