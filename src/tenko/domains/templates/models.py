"""Tables of the templates domain (names and columns as in the reference data model)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.deletion import CLEARED_ON_DELETE
from tenko.core.model import Base, IdMixin, TimestampMixin, table_of
from tenko.core.ranges import FPS_FORMAT, NON_NEGATIVE, RESOLUTION_FORMAT
from tenko.core.types import JSONType, UUIDType, string_array


class ProjectTemplate(IdMixin, TimestampMixin, Base):
    __tablename__ = "project_template"

    name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True, index=True)
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
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
    max_retakes: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    is_clients_isolated: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    is_client_stats_visible: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)
    is_client_task_list_visible: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)
    is_client_task_panel_visible: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)
    is_preview_download_allowed: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    is_set_preview_automated: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    is_publish_default_for_artists: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    is_single_preview_per_revision: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    is_frame_in_numbering: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    revision_padding: Mapped[int] = mapped_column(Integer(), nullable=False, default=0, info=NON_NEGATIVE)
    homepage: Mapped[str | None] = mapped_column(String(80), nullable=True, default="assets")
    hd_bitrate_compression: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    ld_bitrate_compression: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    file_tree: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    data: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    metadata_descriptors: Mapped[Any | None] = mapped_column(JSONType, nullable=True, default=list)
    default_preview_background_file_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("preview_background_file.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )


class ProjectTemplateAssetTypeLink(Base):
    __tablename__ = "project_template_asset_type_link"

    project_template_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("project_template.id"), primary_key=True, index=True
    )
    asset_type_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("entity_type.id"), primary_key=True, index=True
    )


class ProjectTemplatePreviewBackgroundFileLink(Base):
    __tablename__ = "project_template_preview_background_file_link"

    project_template_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("project_template.id"), primary_key=True, index=True
    )
    preview_background_file_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("preview_background_file.id"), primary_key=True, index=True
    )


class ProjectTemplateTaskStatusLink(IdMixin, TimestampMixin, Base):
    __tablename__ = "project_template_task_status_link"
    __table_args__ = (UniqueConstraint("project_template_id", "task_status_id", name="project_template_taskstatus_uc"),)

    project_template_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("project_template.id"), primary_key=True, index=True
    )
    task_status_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("task_status.id"), primary_key=True, index=True
    )
    priority: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    roles_for_board: Mapped[list[str] | None] = mapped_column(
        string_array(255), nullable=True, default=lambda: ["user", "admin", "supervisor", "manager", "vendor"]
    )
    is_client_allowed: Mapped[bool | None] = mapped_column(Boolean(), nullable=True)


class ProjectTemplateTaskTypeLink(IdMixin, TimestampMixin, Base):
    __tablename__ = "project_template_task_type_link"
    __table_args__ = (UniqueConstraint("project_template_id", "task_type_id", name="project_template_tasktype_uc"),)

    project_template_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("project_template.id"), primary_key=True, index=True
    )
    task_type_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("task_type.id"), primary_key=True, index=True)
    priority: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    hd_bitrate_compression: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    ld_bitrate_compression: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    is_client_visible: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)


class ProjectTemplateStatusAutomationLink(Base):
    __tablename__ = "project_template_status_automation_link"

    project_template_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("project_template.id"), primary_key=True, index=True
    )
    status_automation_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("status_automation.id"), primary_key=True, index=True
    )


#: the tables of this module, built once: every other module imports these
PROJECT_TEMPLATE = table_of(ProjectTemplate)
PROJECT_TEMPLATE_ASSET_TYPE_LINK = table_of(ProjectTemplateAssetTypeLink)
PROJECT_TEMPLATE_PREVIEW_BACKGROUND_FILE_LINK = table_of(ProjectTemplatePreviewBackgroundFileLink)
PROJECT_TEMPLATE_STATUS_AUTOMATION_LINK = table_of(ProjectTemplateStatusAutomationLink)
PROJECT_TEMPLATE_TASK_STATUS_LINK = table_of(ProjectTemplateTaskStatusLink)
PROJECT_TEMPLATE_TASK_TYPE_LINK = table_of(ProjectTemplateTaskTypeLink)
