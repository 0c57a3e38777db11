"""Tables of the tasks domain (names and columns as in the reference data model)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
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
)
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.deletion import CLEARED_ON_DELETE
from tenko.core.model import Base, IdMixin, TimestampMixin, refers_to, table_of
from tenko.core.ranges import NON_NEGATIVE, Range, between, declare
from tenko.core.types import JSONType, UUIDType


class Task(IdMixin, TimestampMixin, Base):
    __tablename__ = "task"
    __table_args__ = (
        CheckConstraint("difficulty > 0 AND difficulty < 6", name="check_difficulty"),
        UniqueConstraint(
            "name",
            "project_id",
            "task_type_id",
            "entity_id",
            name="task_uc",
            info={"duplicate": "This entity already has a task of this task type with this name"},
        ),
        Index("ix_task_entity_project", "entity_id", "project_id"),
    )

    # a task created without a name is "main", as the reference names it
    name: Mapped[str] = mapped_column(String(80), nullable=False, default="main")
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
    priority: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    difficulty: Mapped[int] = mapped_column(Integer(), nullable=False, default=3, info=between(1, 5))
    duration: Mapped[float | None] = mapped_column(Float(), nullable=True, default=0, info=NON_NEGATIVE)
    estimation: Mapped[float | None] = mapped_column(Float(), nullable=True, default=0, info=NON_NEGATIVE)
    completion_rate: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=between(0, 100))
    retake_count: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    sort_order: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0)
    start_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    due_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    real_start_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    end_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    done_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    last_comment_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    nb_assets_ready: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    data: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    nb_drawings: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    shotgun_id: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    last_preview_file_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, nullable=True, info=refers_to("preview_file")
    )
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


#: a person's time on a task on one day, in minutes: more than nothing, at most ten days' worth
#: (the margin lets imports merge several entries of a day)
MAX_MINUTES_A_DAY = 24 * 60 * 10
MINUTES_SPENT = Range(0, MAX_MINUTES_A_DAY, low_open=True)


class TimeSpent(IdMixin, TimestampMixin, Base):
    __tablename__ = "time_spent"
    __table_args__ = (
        CheckConstraint("duration > 0", name="check_duration_positive"),
        UniqueConstraint(
            "person_id",
            "task_id",
            "date",
            name="time_spent_uc",
            info={"duplicate": "This person already has a time spent on this task on this day"},
        ),
    )

    duration: Mapped[float] = mapped_column(Float(), nullable=False, info=declare(MINUTES_SPENT))
    date: Mapped[dt.date] = mapped_column(Date(), nullable=False)
    task_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("task.id"), nullable=True, index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=True, index=True)


#: the tables of this module, built once: every other module imports these
SUBSCRIPTION = table_of(Subscription)
TASK = table_of(Task)
TASK_PERSON_LINK = table_of(TaskPersonLink)
TIME_SPENT = table_of(TimeSpent)
