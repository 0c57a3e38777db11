"""Tables of the projects domain (names and columns as in the reference data model)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.deletion import CLEARED_ON_DELETE
from tenko.core.model import Base, IdMixin, TimestampMixin, table_of
from tenko.core.ranges import FPS_FORMAT, NON_NEGATIVE, RESOLUTION_FORMAT
from tenko.core.types import JSONType, UUIDType, string_array

#: project status names that count as open (the reference server's list)
OPEN_STATUS_NAMES = ("Open", "open", "Active")


class ProjectStatus(IdMixin, TimestampMixin, Base):
    __tablename__ = "project_status"

    name: Mapped[str] = mapped_column(String(20), nullable=False, unique=True, index=True)
    color: Mapped[str] = mapped_column(String(7), nullable=False)


class Project(IdMixin, TimestampMixin, Base):
    __tablename__ = "project"

    name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True, index=True)
    code: Mapped[str | None] = mapped_column(String(80), nullable=True)
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
    shotgun_id: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    file_tree: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    data: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    has_avatar: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    fps: Mapped[str | None] = mapped_column(String(10), nullable=True, default="25", info=FPS_FORMAT)
    ratio: Mapped[str | None] = mapped_column(String(10), nullable=True, default="16:9")
    resolution: Mapped[str | None] = mapped_column(
        String(12), nullable=True, default="1920x1080", info=RESOLUTION_FORMAT
    )
    production_type: Mapped[str | None] = mapped_column(String(20), nullable=True, default="short")
    production_style: Mapped[str] = mapped_column(
        String(255),
        nullable=False,
        default="2d3d",
        info={
            "choices": [
                "2d",
                "2dpaper",
                "3d",
                "2d3d",
                "ar",
                "vfx",
                "stop-motion",
                "motion-design",
                "archviz",
                "commercial",
                "catalog",
                "immersive",
                "nft",
                "video-game",
                "vr",
            ]
        },
    )
    start_date: Mapped[dt.date | None] = mapped_column(Date(), nullable=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date(), nullable=True)
    man_days: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    nb_episodes: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    episode_span: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    max_retakes: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    is_clients_isolated: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    is_client_stats_visible: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)
    is_client_task_list_visible: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)
    is_client_task_panel_visible: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)
    is_preview_download_allowed: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    is_set_preview_automated: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    homepage: Mapped[str | None] = mapped_column(String(80), nullable=True, default="assets")
    is_publish_default_for_artists: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    is_bot_collaboration_enabled: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    is_single_preview_per_revision: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    is_frame_in_numbering: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    revision_padding: Mapped[int] = mapped_column(Integer(), nullable=False, default=0, info=NON_NEGATIVE)
    hd_bitrate_compression: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    ld_bitrate_compression: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    project_status_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("project_status.id"), nullable=True, index=True
    )
    default_preview_background_file_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType,
        ForeignKey("preview_background_file.id", use_alter=True),
        nullable=True,
        index=True,
        info=CLEARED_ON_DELETE,
    )
    from_schedule_version_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType,
        ForeignKey("production_schedule_version.id", use_alter=True),
        nullable=True,
        index=True,
        info=CLEARED_ON_DELETE,
    )


class MetadataDescriptor(IdMixin, TimestampMixin, Base):
    __tablename__ = "metadata_descriptor"
    __table_args__ = (
        Index("metadata_descriptor_task_type_uc", "project_id", "entity_type", "task_type_id", "name", unique=True),
        Index(
            "metadata_descriptor_task_type_uc2", "project_id", "entity_type", "task_type_id", "field_name", unique=True
        ),
        Index("metadata_descriptor_uc", "project_id", "entity_type", "name", unique=True),
        Index("metadata_descriptor_uc2", "project_id", "entity_type", "field_name", unique=True),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("project.id"), nullable=False, index=True)
    entity_type: Mapped[str] = mapped_column(String(60), nullable=False, index=True)
    task_type_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("task_type.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    data_type: Mapped[str | None] = mapped_column(
        String(255),
        nullable=True,
        info={
            "choices": [
                "string",
                "number",
                "list",
                "taglist",
                "boolean",
                "checklist",
                "date",
                "url",
                "textarea",
                "person",
            ]
        },
    )
    field_name: Mapped[str] = mapped_column(String(120), nullable=False)
    choices: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    for_client: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, index=True, default=False)
    position: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)


class ProjectAssetTypeLink(Base):
    __tablename__ = "project_asset_type_link"

    project_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("project.id"), primary_key=True, index=True)
    asset_type_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("entity_type.id"), primary_key=True, index=True
    )


class ProjectPreviewBackgroundFileLink(Base):
    __tablename__ = "project_preview_background_file_link"

    project_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("project.id"), primary_key=True, index=True)
    preview_background_file_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("preview_background_file.id"), primary_key=True, index=True
    )


class ProjectTaskStatusLink(IdMixin, TimestampMixin, Base):
    __tablename__ = "project_task_status_link"
    __table_args__ = (UniqueConstraint("project_id", "task_status_id", name="project_taskstatus_uc"),)

    project_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("project.id"), primary_key=True, index=True)
    task_status_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("task_status.id"), primary_key=True, index=True
    )
    priority: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    roles_for_board: Mapped[list[str] | None] = mapped_column(
        string_array(255), nullable=True, default=lambda: ["user", "admin", "supervisor", "manager", "vendor"]
    )
    is_client_allowed: Mapped[bool | None] = mapped_column(Boolean(), nullable=True)


class ProjectTaskTypeLink(IdMixin, TimestampMixin, Base):
    __tablename__ = "project_task_type_link"
    __table_args__ = (UniqueConstraint("project_id", "task_type_id", name="project_tasktype_uc"),)

    project_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("project.id"), primary_key=True, index=True)
    task_type_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("task_type.id"), primary_key=True, index=True)
    priority: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    hd_bitrate_compression: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    ld_bitrate_compression: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    is_client_visible: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)


class ProjectTaskTypeSoftwareLink(IdMixin, TimestampMixin, Base):
    __tablename__ = "project_task_type_software_link"
    __table_args__ = (
        UniqueConstraint("project_id", "task_type_id", "software_id", name="project_task_type_software_uc"),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("project.id"), primary_key=True, index=True)
    task_type_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("task_type.id"), primary_key=True, index=True)
    software_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("software.id"), primary_key=True, index=True)


class DepartmentMetadataDescriptorLink(Base):
    __tablename__ = "department_metadata_descriptor_link"
    __table_args__ = (
        UniqueConstraint("metadata_descriptor_id", "department_id", name="department_metadata_descriptor_link_uc"),
    )

    metadata_descriptor_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("metadata_descriptor.id"), primary_key=True, index=True
    )
    department_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("department.id"), primary_key=True, index=True
    )


class ProjectPersonLink(Base):
    __tablename__ = "project_person_link"

    project_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("project.id"), primary_key=True, index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("person.id"), primary_key=True, index=True)
    shotgun_id: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    role: Mapped[str | None] = mapped_column(
        String(255), nullable=True, info={"choices": ["user", "admin", "supervisor", "manager", "client", "vendor"]}
    )


class ProjectStatusAutomationLink(Base):
    __tablename__ = "project_status_automation_link"

    project_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("project.id"), primary_key=True, index=True)
    status_automation_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("status_automation.id"), primary_key=True, index=True
    )


#: the tables of this module, built once: every other module imports these
DEPARTMENT_METADATA_DESCRIPTOR_LINK = table_of(DepartmentMetadataDescriptorLink)
METADATA_DESCRIPTOR = table_of(MetadataDescriptor)
PROJECT = table_of(Project)
PROJECT_ASSET_TYPE_LINK = table_of(ProjectAssetTypeLink)
PROJECT_PERSON_LINK = table_of(ProjectPersonLink)
PROJECT_PREVIEW_BACKGROUND_FILE_LINK = table_of(ProjectPreviewBackgroundFileLink)
PROJECT_STATUS = table_of(ProjectStatus)
PROJECT_STATUS_AUTOMATION_LINK = table_of(ProjectStatusAutomationLink)
PROJECT_TASK_STATUS_LINK = table_of(ProjectTaskStatusLink)
PROJECT_TASK_TYPE_LINK = table_of(ProjectTaskTypeLink)
PROJECT_TASK_TYPE_SOFTWARE_LINK = table_of(ProjectTaskTypeSoftwareLink)
