"""Tables of the playlists domain (names and columns as in the reference data model)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.deletion import CLEARED_ON_DELETE
from tenko.core.model import Base, IdMixin, TimestampMixin, items_refer_to, table_of
from tenko.core.types import JSONType, UUIDType


class Playlist(IdMixin, TimestampMixin, Base):
    __tablename__ = "playlist"
    __table_args__ = (UniqueConstraint("name", "project_id", "episode_id", name="playlist_uc"),)

    name: Mapped[str] = mapped_column(String(80), nullable=False)
    #: [{entity_id, preview_file_id}]: the shots shown and the version of each
    shots: Mapped[Any | None] = mapped_column(
        JSONType, nullable=True, info=items_refer_to(entity_id="entity", preview_file_id="preview_file")
    )
    project_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("project.id"), nullable=True, index=True)
    episode_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("entity.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    task_type_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("task_type.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    for_client: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, index=True, default=False)
    for_entity: Mapped[str | None] = mapped_column(String(10), nullable=True, index=True, default="shot")
    is_for_all: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("person.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )


class BuildJob(IdMixin, TimestampMixin, Base):
    __tablename__ = "build_job"

    status: Mapped[str] = mapped_column(
        String(255), nullable=False, default="running", info={"choices": ["running", "failed", "succeeded"]}
    )
    job_type: Mapped[str] = mapped_column(
        String(255), nullable=False, default="movie", info={"choices": ["archive", "movie"]}
    )
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    message: Mapped[str | None] = mapped_column(Text(), nullable=True)
    playlist_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("playlist.id"), nullable=False, index=True)


class PlaylistShareLink(IdMixin, TimestampMixin, Base):
    __tablename__ = "playlist_share_link"
    __table_args__ = (Index("ix_playlist_share_link_playlist_active", "playlist_id", "is_active"),)

    token: Mapped[str] = mapped_column(String(64), nullable=False, unique=True, index=True)
    playlist_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("playlist.id"), nullable=False, index=True)
    created_by: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=False, index=True)
    expiration_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean(), nullable=False, default=True)
    can_comment: Mapped[bool] = mapped_column(Boolean(), nullable=False, default=True)
    password: Mapped[str | None] = mapped_column(String(255), nullable=True)


#: the tables of this module, built once: every other module imports these
BUILD_JOB = table_of(BuildJob)
PLAYLIST = table_of(Playlist)
PLAYLIST_SHARE_LINK = table_of(PlaylistShareLink)
