"""Tables of the previews domain (names and columns as in the reference data model)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.deletion import CLEARED_ON_DELETE
from tenko.core.model import Base, IdMixin, TimestampMixin, table_of
from tenko.core.ranges import NON_NEGATIVE, between
from tenko.core.types import JSONType, UUIDType


class PreviewFile(IdMixin, TimestampMixin, Base):
    __tablename__ = "preview_file"
    __table_args__ = (UniqueConstraint("name", "task_id", "revision", name="preview_uc"),)

    name: Mapped[str | None] = mapped_column(String(250), nullable=True)
    original_name: Mapped[str | None] = mapped_column(String(250), nullable=True)
    revision: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=1, info=NON_NEGATIVE)
    position: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=1, info=NON_NEGATIVE)
    extension: Mapped[str | None] = mapped_column(String(6), nullable=True)
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
    path: Mapped[str | None] = mapped_column(String(400), nullable=True)
    source: Mapped[str | None] = mapped_column(String(40), nullable=True)
    file_size: Mapped[int | None] = mapped_column(BigInteger(), nullable=True, default=0, info=NON_NEGATIVE)
    status: Mapped[str] = mapped_column(
        String(255),
        nullable=False,
        default="processing",
        info={"choices": ["processing", "ready", "broken", "missing"]},
    )
    validation_status: Mapped[str] = mapped_column(
        String(255), nullable=False, default="neutral", info={"choices": ["validated", "rejected", "neutral"]}
    )
    annotations: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    width: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    height: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    #: seconds, at most a day's worth: frames counted from it (times a frame rate) fit their column
    duration: Mapped[float | None] = mapped_column(Float(), nullable=True, default=0, info=between(0, 24 * 3600))
    data: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    token_in: Mapped[int | None] = mapped_column(Integer(), nullable=True)
    token_out: Mapped[int | None] = mapped_column(Integer(), nullable=True)
    task_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("task.id"), nullable=True, index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("person.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    source_file_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("output_file.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    shotgun_id: Mapped[int | None] = mapped_column(Integer(), nullable=True, unique=True, info=NON_NEGATIVE)
    is_movie: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    url: Mapped[str | None] = mapped_column(String(600), nullable=True)
    uploaded_movie_url: Mapped[str | None] = mapped_column(String(600), nullable=True)
    uploaded_movie_name: Mapped[str | None] = mapped_column(String(150), nullable=True)


class StoredFile(IdMixin, TimestampMixin, Base):
    __tablename__ = "stored_file"
    __table_args__ = (
        UniqueConstraint("bucket", "key", name="stored_file_uc"),
        Index("ix_stored_file_to_purge", "purge_forced", "deleted_at"),
    )

    bucket: Mapped[str] = mapped_column(String(20), nullable=False)
    key: Mapped[str] = mapped_column(String(255), nullable=False)
    prefix: Mapped[str] = mapped_column(String(40), nullable=False)
    file_id: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    size: Mapped[int | None] = mapped_column(BigInteger(), nullable=True, info=NON_NEGATIVE)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    purge_forced: Mapped[bool] = mapped_column(Boolean(), nullable=False, default=False, server_default=false())
    purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    purge_attempts: Mapped[int] = mapped_column(
        Integer(), nullable=False, default=0, server_default="0", info=NON_NEGATIVE
    )
    last_error: Mapped[str | None] = mapped_column(Text(), nullable=True)
    journal: Mapped[Any] = mapped_column(JSONType, nullable=False, default=list, server_default="[]")


class PreviewFileStorageState(IdMixin, TimestampMixin, Base):
    __tablename__ = "preview_file_storage_state"
    __table_args__ = (
        UniqueConstraint("preview_file_id", "bucket", "prefix", name="preview_file_storage_state_uc"),
        Index("ix_preview_file_storage_state_bucket_prefix_state", "bucket", "prefix", "state"),
    )

    preview_file_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("preview_file.id"), nullable=False, index=True
    )
    bucket: Mapped[str] = mapped_column(String(20), nullable=False)
    prefix: Mapped[str] = mapped_column(String(40), nullable=False)
    state: Mapped[str] = mapped_column(String(255), nullable=False, info={"choices": ["ok", "missing", "failed"]})


class CommentPreviewLink(Base):
    __tablename__ = "comment_preview_link"

    comment: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("comment.id"), primary_key=True, index=True)
    preview_file: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("preview_file.id"), primary_key=True, index=True
    )


#: the tables of this module, built once: every other module imports these
COMMENT_PREVIEW_LINK = table_of(CommentPreviewLink)
PREVIEW_FILE = table_of(PreviewFile)
PREVIEW_FILE_STORAGE_STATE = table_of(PreviewFileStorageState)
STORED_FILE = table_of(StoredFile)
