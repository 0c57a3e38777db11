"""Tables of the studio's reference data (names and columns as in the reference data model)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
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


class Department(IdMixin, TimestampMixin, Base):
    __tablename__ = "department"

    name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    color: Mapped[str] = mapped_column(String(7), nullable=False)
    archived: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)


class Organisation(IdMixin, TimestampMixin, Base):
    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    hours_by_day: Mapped[float] = mapped_column(Float(), nullable=False, default=8, info=between(1, 24))
    has_avatar: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    use_original_file_name: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    timesheets_locked: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    format_duration_in_hours: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    hd_by_default: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    chat_token_slack: Mapped[str | None] = mapped_column(String(80), nullable=True, default="")
    chat_webhook_mattermost: Mapped[str | None] = mapped_column(String(80), nullable=True, default="")
    chat_token_discord: Mapped[str | None] = mapped_column(String(80), nullable=True, default="")
    dark_theme_by_default: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)


class Studio(IdMixin, TimestampMixin, Base):
    __tablename__ = "studio"

    name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    color: Mapped[str] = mapped_column(String(7), nullable=False)
    archived: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)


class TaskStatus(IdMixin, TimestampMixin, Base):
    __tablename__ = "task_status"

    name: Mapped[str] = mapped_column(String(40), nullable=False)
    archived: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    short_name: Mapped[str] = mapped_column(String(10), nullable=False, unique=True, index=True)
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
    color: Mapped[str] = mapped_column(String(7), nullable=False)
    priority: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=1, info=NON_NEGATIVE)
    is_done: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, index=True, default=False)
    is_artist_allowed: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)
    is_client_allowed: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)
    is_retake: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    is_feedback_request: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, index=True, default=False)
    is_default: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, index=True, default=False)
    is_wip: Mapped[bool | None] = mapped_column(
        Boolean(), nullable=True, index=True, default=False, server_default=false()
    )
    shotgun_id: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    for_concept: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False, server_default=false())


class TaskType(IdMixin, TimestampMixin, Base):
    __tablename__ = "task_type"
    __table_args__ = (UniqueConstraint("name", "for_entity", "department_id", name="task_type_uc"),)

    name: Mapped[str] = mapped_column(String(40), nullable=False)
    short_name: Mapped[str | None] = mapped_column(String(20), nullable=True)
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
    color: Mapped[str | None] = mapped_column(String(7), nullable=True, default="#FFFFFF")
    priority: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=1, info=NON_NEGATIVE)
    for_entity: Mapped[str | None] = mapped_column(String(30), nullable=True, default="Asset")
    allow_timelog: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)
    archived: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    shotgun_id: Mapped[int | None] = mapped_column(Integer(), nullable=True, index=True, info=NON_NEGATIVE)
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


class EntityType(IdMixin, TimestampMixin, Base):
    __tablename__ = "entity_type"

    name: Mapped[str] = mapped_column(String(30), nullable=False, unique=True, index=True)
    short_name: Mapped[str | None] = mapped_column(String(20), nullable=True)
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
    archived: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)


class PreviewBackgroundFile(IdMixin, TimestampMixin, Base):
    __tablename__ = "preview_background_file"

    name: Mapped[str] = mapped_column(String(40), nullable=False)
    archived: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    is_default: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, index=True, default=False)
    original_name: Mapped[str | None] = mapped_column(String(250), nullable=True)
    extension: Mapped[str | None] = mapped_column(String(6), nullable=True)
    file_size: Mapped[int | None] = mapped_column(BigInteger(), nullable=True, default=0, info=NON_NEGATIVE)


class FileStatus(IdMixin, TimestampMixin, Base):
    __tablename__ = "file_status"

    name: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    color: Mapped[str] = mapped_column(String(7), nullable=False)


class OutputType(IdMixin, TimestampMixin, Base):
    __tablename__ = "output_type"

    name: Mapped[str] = mapped_column(String(40), nullable=False, unique=True, index=True)
    short_name: Mapped[str] = mapped_column(String(20), nullable=False)


class Software(IdMixin, TimestampMixin, Base):
    __tablename__ = "software"

    name: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    short_name: Mapped[str] = mapped_column(String(20), nullable=False)
    archived: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    version: Mapped[str | None] = mapped_column(String(20), nullable=True)
    file_extension: Mapped[str] = mapped_column(String(20), nullable=False)
    secondary_extensions: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    monthly_cost: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    inventory_amount: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)


class HardwareItem(IdMixin, TimestampMixin, Base):
    __tablename__ = "hardware_item"

    name: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    short_name: Mapped[str] = mapped_column(String(20), nullable=False)
    archived: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    monthly_cost: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    inventory_amount: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)


class HardwareItemDepartmentLink(IdMixin, TimestampMixin, Base):
    __tablename__ = "hardware_item_department_link"
    __table_args__ = (UniqueConstraint("hardware_item_id", "department_id", name="hardware_item_department_link_uc"),)

    department_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("department.id"), primary_key=True, index=True
    )
    hardware_item_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("hardware_item.id"), primary_key=True, index=True
    )


class SoftwareDepartmentLink(IdMixin, TimestampMixin, Base):
    __tablename__ = "software_department_link"
    __table_args__ = (UniqueConstraint("department_id", "software_id", name="software_department_link_uc"),)

    department_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("department.id"), primary_key=True, index=True
    )
    software_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("software.id"), primary_key=True, index=True)


class StatusAutomation(IdMixin, TimestampMixin, Base):
    __tablename__ = "status_automation"

    entity_type: Mapped[str | None] = mapped_column(String(40), nullable=True, default="asset")
    in_task_type_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("task_type.id"), nullable=True, index=True
    )
    in_task_status_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("task_status.id"), nullable=True, index=True
    )
    out_field_type: Mapped[str] = mapped_column(
        String(255), nullable=False, default="status", info={"choices": ["status", "ready_for"]}
    )
    out_task_type_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("task_type.id"), nullable=True, index=True
    )
    out_task_status_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("task_status.id"), nullable=True, index=True
    )
    import_last_revision: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    archived: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)


class CustomAction(IdMixin, TimestampMixin, Base):
    __tablename__ = "custom_action"

    name: Mapped[str] = mapped_column(String(80), nullable=False)
    url: Mapped[str | None] = mapped_column(String(400), nullable=True)
    entity_type: Mapped[str | None] = mapped_column(String(40), nullable=True, default="all")
    is_ajax: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)


#: the tables of this module, built once: every other module imports these
CUSTOM_ACTION = table_of(CustomAction)
DEPARTMENT = table_of(Department)
ENTITY_TYPE = table_of(EntityType)
FILE_STATUS = table_of(FileStatus)
HARDWARE_ITEM = table_of(HardwareItem)
HARDWARE_ITEM_DEPARTMENT_LINK = table_of(HardwareItemDepartmentLink)
ORGANISATION = table_of(Organisation)
OUTPUT_TYPE = table_of(OutputType)
PREVIEW_BACKGROUND_FILE = table_of(PreviewBackgroundFile)
SOFTWARE = table_of(Software)
SOFTWARE_DEPARTMENT_LINK = table_of(SoftwareDepartmentLink)
STATUS_AUTOMATION = table_of(StatusAutomation)
STUDIO = table_of(Studio)
TASK_STATUS = table_of(TaskStatus)
TASK_TYPE = table_of(TaskType)
TASK_TYPE_ASSET_TYPE_LINK = table_of(TaskTypeAssetTypeLink)
