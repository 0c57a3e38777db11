"""Tables of the chats domain (names and columns as in the reference data model)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.deletion import CLEARED_ON_DELETE, soft_child_of
from tenko.core.model import Base, IdMixin, TimestampMixin, table_of
from tenko.core.types import UUIDType


class Chat(IdMixin, TimestampMixin, Base):
    __tablename__ = "chat"

    object_id: Mapped[uuid.UUID] = mapped_column(UUIDType, nullable=False, index=True, info=soft_child_of("entity"))
    object_type: Mapped[str] = mapped_column(String(80), nullable=False, index=True, default="entity")
    last_message: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)


class ChatMessage(IdMixin, TimestampMixin, Base):
    __tablename__ = "chat_message"

    chat_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("chat.id"), nullable=False, index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("person.id"), nullable=False, index=True, info=CLEARED_ON_DELETE
    )
    text: Mapped[str | None] = mapped_column(Text(), nullable=True)


class ChatParticipant(Base):
    __tablename__ = "chat_participant"

    chat_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("chat.id"), primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("person.id"), primary_key=True)


#: the tables of this module, built once: every other module imports these
CHAT = table_of(Chat)
CHAT_MESSAGE = table_of(ChatMessage)
CHAT_PARTICIPANT = table_of(ChatParticipant)
