"""Tables of the comments domain (names and columns as in the reference data model)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.deletion import CLEARED_ON_DELETE, soft_child_of
from tenko.core.model import Base, IdMixin, TimestampMixin, table_of
from tenko.core.ranges import NON_NEGATIVE
from tenko.core.types import JSONType, UUIDType, string_array


class Comment(IdMixin, TimestampMixin, Base):
    __tablename__ = "comment"

    shotgun_id: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    object_id: Mapped[uuid.UUID] = mapped_column(UUIDType, nullable=False, index=True, info=soft_child_of("task"))
    object_type: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    text: Mapped[str | None] = mapped_column(Text(), nullable=True)
    data: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    replies: Mapped[Any | None] = mapped_column(JSONType, nullable=True, default=list)
    checklist: Mapped[Any | None] = mapped_column(JSONType, nullable=True, default=list)
    pinned: Mapped[bool | None] = mapped_column(Boolean(), nullable=True)
    for_client: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    links: Mapped[list[str] | None] = mapped_column(string_array(), nullable=True)
    task_status_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("task_status.id"), nullable=True, index=True
    )
    person_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=False, index=True)
    editor_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("person.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    preview_file_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("preview_file.id", use_alter=True), nullable=True, index=True, info=CLEARED_ON_DELETE
    )


class AttachmentFile(IdMixin, TimestampMixin, Base):
    __tablename__ = "attachment_file"

    name: Mapped[str | None] = mapped_column(String(250), nullable=True)
    size: Mapped[int | None] = mapped_column(BigInteger(), nullable=True, default=1, info=NON_NEGATIVE)
    extension: Mapped[str | None] = mapped_column(String(6), nullable=True)
    mimetype: Mapped[str | None] = mapped_column(String(255), nullable=True)
    comment_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("comment.id"), nullable=True, index=True)
    reply_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, nullable=True)
    chat_message_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("chat_message.id"), nullable=True, index=True
    )


COMMENT_ACKNOLEDGMENTS = Table(
    "comment_acknoledgments",
    Base.metadata,
    Column("comment", UUIDType, ForeignKey("comment.id"), primary_key=True),
    Column("person", UUIDType, ForeignKey("person.id"), primary_key=True),
)


COMMENT_DEPARTMENT_MENTIONS = Table(
    "comment_department_mentions",
    Base.metadata,
    Column("comment", UUIDType, ForeignKey("comment.id"), primary_key=True),
    Column("department", UUIDType, ForeignKey("department.id"), primary_key=True),
)


COMMENT_MENTIONS = Table(
    "comment_mentions",
    Base.metadata,
    Column("comment", UUIDType, ForeignKey("comment.id"), primary_key=True),
    Column("person", UUIDType, ForeignKey("person.id"), primary_key=True),
)

#: the tables of this module, built once: every other module imports these
ATTACHMENT_FILE = table_of(AttachmentFile)
COMMENT = table_of(Comment)
