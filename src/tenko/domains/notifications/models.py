"""Tables of the notifications domain (names and columns as in the reference data model)."""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.deletion import CLEARED_ON_DELETE
from tenko.core.model import Base, IdMixin, TimestampMixin, table_of
from tenko.core.types import UUIDType


class News(IdMixin, TimestampMixin, Base):
    __tablename__ = "news"

    change: Mapped[bool] = mapped_column(Boolean(), nullable=False, default=False)
    author_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=False, index=True)
    comment_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("comment.id"), nullable=True, index=True)
    task_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("task.id"), nullable=False, index=True)
    preview_file_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("preview_file.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )


class Notification(IdMixin, TimestampMixin, Base):
    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint(
            "person_id", "author_id", "comment_id", "reply_id", "playlist_id", "type", name="notification_uc"
        ),
    )

    read: Mapped[bool] = mapped_column(Boolean(), nullable=False, default=False)
    change: Mapped[bool] = mapped_column(Boolean(), nullable=False, default=False)
    type: Mapped[str] = mapped_column(
        String(255),
        nullable=False,
        info={"choices": ["comment", "mention", "assignation", "reply", "reply-mention", "playlist-ready"]},
    )
    person_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=False, index=True)
    author_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=False, index=True)
    comment_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("comment.id"), nullable=True, index=True)
    task_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("task.id"), nullable=True, index=True)
    playlist_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("playlist.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    reply_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, nullable=True, index=True)


#: the tables of this module, built once: every other module imports these
NEWS = table_of(News)
NOTIFICATION = table_of(Notification)
