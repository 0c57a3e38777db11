"""Tables of the schedules domain (names and columns as in the reference data model)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.deletion import CLEARED_ON_DELETE
from tenko.core.model import Base, IdMixin, TimestampMixin, refers_to, table_of
from tenko.core.ranges import NON_NEGATIVE
from tenko.core.types import UUIDType


class Milestone(IdMixin, TimestampMixin, Base):
    __tablename__ = "milestone"

    date: Mapped[dt.date | None] = mapped_column(Date(), nullable=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    project_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("project.id"), nullable=True, index=True)
    task_type_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("task_type.id"), nullable=True, index=True
    )


class ProductionScheduleVersion(IdMixin, TimestampMixin, Base):
    __tablename__ = "production_schedule_version"
    __table_args__ = (UniqueConstraint("name", "project_id", name="production_schedule_version_uc"),)

    name: Mapped[str] = mapped_column(String(80), nullable=False)
    project_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("project.id"), nullable=False, index=True)
    production_schedule_from: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("production_schedule_version.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    locked: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    canceled: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)


class ScheduleItem(IdMixin, TimestampMixin, Base):
    __tablename__ = "schedule_item"
    __table_args__ = (UniqueConstraint("project_id", "task_type_id", "object_id", name="schedule_item_uc"),)

    start_date: Mapped[dt.date | None] = mapped_column(Date(), nullable=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date(), nullable=True)
    man_days: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    project_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("project.id"), nullable=True, index=True)
    task_type_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("task_type.id"), nullable=True, index=True
    )
    #: the sequence, episode or asset type the item schedules (no foreign key: it is one of two tables)
    object_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, nullable=True, index=True, info=refers_to("entity", "entity_type")
    )


class ProductionScheduleVersionTaskLink(IdMixin, TimestampMixin, Base):
    __tablename__ = "production_schedule_version_task_link"
    __table_args__ = (
        UniqueConstraint("production_schedule_version_id", "task_id", name="production_schedule_version_task_link_uc"),
    )

    production_schedule_version_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("production_schedule_version.id"), nullable=False, index=True
    )
    task_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("task.id"), nullable=False, index=True)
    start_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    due_date: Mapped[dt.datetime | None] = mapped_column(DateTime(), nullable=True)
    estimation: Mapped[float | None] = mapped_column(Float(), nullable=True, default=0, info=NON_NEGATIVE)


class ProductionScheduleVersionTaskLinkPersonLink(Base):
    __tablename__ = "production_schedule_version_task_link_person_link"

    production_schedule_version_task_link_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("production_schedule_version_task_link.id"), primary_key=True
    )
    person_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("person.id"), primary_key=True)


#: the tables of this module, built once: every other module imports these
MILESTONE = table_of(Milestone)
PRODUCTION_SCHEDULE_VERSION = table_of(ProductionScheduleVersion)
PRODUCTION_SCHEDULE_VERSION_TASK_LINK = table_of(ProductionScheduleVersionTaskLink)
PRODUCTION_SCHEDULE_VERSION_TASK_LINK_PERSON_LINK = table_of(ProductionScheduleVersionTaskLinkPersonLink)
SCHEDULE_ITEM = table_of(ScheduleItem)
