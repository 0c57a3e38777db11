"""Tables of the tasks domain (names and columns as in the reference data model)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
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
from tenko.core.model import Base, IdMixin, TimestampMixin
from tenko.core.types import JSONType, UUIDType


class Task(IdMixin, TimestampMixin, Base):
    __tablename__ = "task"
    __table_args__ = (
        CheckConstraint("difficulty > 0 AND difficulty < 6", name="check_difficulty"),
        UniqueConstraint("name", "project_id", "task_type_id", "entity_id", name="task_uc"),
        Index("ix_task_entity_project", "entity_id", "project_id"),
    )

    name: Mapped[str] = mapped_column(String(80), nullable=False)
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
    priority: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0)
    difficulty: Mapped[int] = mapped_column(Integer(), nullable=False, default=3)
    duration: Mapped[float | None] = mapped_column(Float(), nullable=True, default=0)
    estimation: Mapped[float | None] = mapped_column(Float(), nullable=True, default=0)
    completion_rate: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0)
    retake_count: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0)
    sort_order: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0)
    start_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    due_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    real_start_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    end_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    done_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    last_comment_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    nb_assets_ready: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0)
    data: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    nb_drawings: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0)
    shotgun_id: Mapped[int | None] = mapped_column(Integer(), nullable=True)
    last_preview_file_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, nullable=True)
    project_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("project.id"), nullable=True, index=True)
    task_type_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("task_type.id"), nullable=True, index=True
    )
    task_status_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("task_status.id"), nullable=True, index=True
    )
    entity_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("entity.id"), nullable=True, index=True)
    assigner_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("person.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )


class TaskStatus(IdMixin, TimestampMixin, Base):
    __tablename__ = "task_status"

    name: Mapped[str] = mapped_column(String(40), nullable=False)
    archived: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    short_name: Mapped[str] = mapped_column(String(10), nullable=False, unique=True, index=True)
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
    color: Mapped[str] = mapped_column(String(7), nullable=False)
    priority: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=1)
    is_done: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, index=True, default=False)
    is_artist_allowed: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)
    is_client_allowed: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)
    is_retake: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    is_feedback_request: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, index=True, default=False)
    is_default: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, index=True, default=False)
    is_wip: Mapped[bool | None] = mapped_column(
        Boolean(), nullable=True, index=True, default=False, server_default=false()
    )
    shotgun_id: Mapped[int | None] = mapped_column(Integer(), nullable=True)
    for_concept: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False, server_default=false())


class TaskType(IdMixin, TimestampMixin, Base):
    __tablename__ = "task_type"
    __table_args__ = (UniqueConstraint("name", "for_entity", "department_id", name="task_type_uc"),)

    name: Mapped[str] = mapped_column(String(40), nullable=False)
    short_name: Mapped[str | None] = mapped_column(String(20), nullable=True)
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
    color: Mapped[str | None] = mapped_column(String(7), nullable=True, default="#FFFFFF")
    priority: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=1)
    for_entity: Mapped[str | None] = mapped_column(String(30), nullable=True, default="Asset")
    allow_timelog: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)
    archived: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    shotgun_id: Mapped[int | None] = mapped_column(Integer(), nullable=True, index=True)
    department_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("department.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )


class TaskTypeAssetTypeLink(Base):
    __tablename__ = "task_type_asset_type_link"
    __table_args__ = (UniqueConstraint("asset_type_id", "task_type_id", name="task_type_asset_type_link_uc"),)

    asset_type_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("entity_type.id"), primary_key=True, index=True
    )
    task_type_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("task_type.id"), primary_key=True, index=True)


class Subscription(IdMixin, TimestampMixin, Base):
    __tablename__ = "subscription"
    __table_args__ = (
        UniqueConstraint("person_id", "task_type_id", "entity_id", name="subscription_entity_uc"),
        UniqueConstraint("person_id", "task_id", name="subscription_task_uc"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=False, index=True)
    task_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("task.id"), nullable=True, index=True)
    entity_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("entity.id"), nullable=True, index=True)
    task_type_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("task_type.id"), nullable=True, index=True
    )


class TaskPersonLink(Base):
    __tablename__ = "task_person_link"

    task_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("task.id"), primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("person.id"), primary_key=True, index=True)


class TimeSpent(IdMixin, TimestampMixin, Base):
    __tablename__ = "time_spent"
    __table_args__ = (
        CheckConstraint("duration > 0", name="check_duration_positive"),
        UniqueConstraint("person_id", "task_id", "date", name="time_spent_uc"),
    )

    duration: Mapped[float] = mapped_column(Float(), nullable=False)
    date: Mapped[dt.date] = mapped_column(Date(), nullable=False)
    task_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("task.id"), nullable=True, index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=True, index=True)
