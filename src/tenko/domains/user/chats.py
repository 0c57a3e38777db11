"""The entity chats the caller takes part in; joining and leaving one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import records
from tenko.core.access import Caller, Target
from tenko.core.db import DbSession
from tenko.core.errors import Forbidden, NotFound
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.model import table_of
from tenko.core.resource import Row
from tenko.core.types import new_id
from tenko.domains.chats.models import ChatParticipant
from tenko.domains.chats.resources import CHATS
from tenko.domains.entities.models import Entity
from tenko.domains.user.common import in_my_projects

router = APIRouter(tags=["user"])
CHAT = CHATS.table
PARTICIPANT = table_of(ChatParticipant)
ENTITY = table_of(Entity)


async def chat_entity(session: AsyncSession, caller: Caller, raw_id: str) -> Row:
    """The entity whose chat is meant, if the caller may read it (vendors: only their tasks' entities)."""
    entity_id = records.parse_id(raw_id, "entity id")
    row = (await session.execute(select(ENTITY).where(ENTITY.c.id == entity_id))).mappings().first()
    if row is None:
        raise NotFound(f"Entity {entity_id} not found")
    if not CHATS.policy.read.allows(caller, Target(frozenset({row["project_id"]}), {"object_id": entity_id})):
        raise Forbidden("You may not take part in the chat of this entity")
    return dict(row)


async def chat_of(session: AsyncSession, entity_id: Any) -> Row | None:
    statement = select(*CHATS.visible_columns).where(CHAT.c.object_id == entity_id)
    row = (await session.execute(statement)).mappings().first()
    return dict(row, type="Chat") if row is not None else None


@router.get("/data/user/chats", summary="The chats the caller takes part in, most recent first")
async def user_chats(session: DbSession, caller: CurrentCaller) -> JSONResponse:
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
        .join(PARTICIPANT, PARTICIPANT.c.chat_id == CHAT.c.id)
        .join(ENTITY, ENTITY.c.id == CHAT.c.object_id)
        .where(PARTICIPANT.c.person_id == caller.id, in_my_projects(ENTITY.c.project_id, caller))
        .order_by(CHAT.c.last_message.desc(), CHAT.c.id)
    )
    return JSONResponse([dict(row) for row in (await session.execute(statement)).mappings()])


@router.post("/actions/user/chats/{entity_id}/join", summary="Join the chat of an entity (created on first join)")
async def join_chat(entity_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Join the chat of an entity (created on first join)."""
    entity = await chat_entity(session, caller, entity_id)
    chat = await chat_of(session, entity["id"])
    if chat is None:
        await session.execute(insert(CHAT).values(id=new_id(), object_id=entity["id"], object_type="entity"))
        chat = await chat_of(session, entity["id"])
        assert chat is not None
    joined = (PARTICIPANT.c.chat_id == chat["id"]) & (PARTICIPANT.c.person_id == caller.id)
    if (await session.execute(select(PARTICIPANT.c.chat_id).where(joined))).first() is None:
        await session.execute(insert(PARTICIPANT).values(chat_id=chat["id"], person_id=caller.id))
    return JSONResponse(chat)


@router.delete("/actions/user/chats/{entity_id}/join", summary="Leave the chat of an entity", status_code=204)
async def leave_chat(entity_id: str, session: DbSession, caller: CurrentCaller) -> Response:
    """Leave the chat of an entity."""
    entity = await chat_entity(session, caller, entity_id)
    chat = await chat_of(session, entity["id"])
    if chat is not None:
        joined = (PARTICIPANT.c.chat_id == chat["id"]) & (PARTICIPANT.c.person_id == caller.id)
        await session.execute(delete(PARTICIPANT).where(joined))
    return Response(status_code=204)
