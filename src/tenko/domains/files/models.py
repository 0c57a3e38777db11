"""Tables of the files domain (names and columns as in the reference data model)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.deletion import CLEARED_ON_DELETE
from tenko.core.model import Base, IdMixin, TimestampMixin, table_of
from tenko.core.ranges import NON_NEGATIVE
from tenko.core.types import JSONType, UUIDType


class OutputFile(IdMixin, TimestampMixin, Base):
    __tablename__ = "output_file"
    __table_args__ = (
        UniqueConstraint(
            "name",
            "entity_id",
            "asset_instance_id",
            "output_type_id",
            "task_type_id",
            "temporal_entity_id",
            "representation",
            "revision",
            name="output_file_uc",
        ),
    )

    shotgun_id: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    name: Mapped[str] = mapped_column(String(250), nullable=False)
    canceled: Mapped[bool] = mapped_column(Boolean(), nullable=False, default=False)
    size: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    checksum: Mapped[str | None] = mapped_column(String(32), nullable=True)
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text(), nullable=True)
    extension: Mapped[str | None] = mapped_column(String(10), nullable=True)
    revision: Mapped[int] = mapped_column(Integer(), nullable=False, info=NON_NEGATIVE)
    representation: Mapped[str | None] = mapped_column(String(20), nullable=True, index=True)
    nb_elements: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=1, info=NON_NEGATIVE)
    source: Mapped[str | None] = mapped_column(String(40), nullable=True)
    path: Mapped[str | None] = mapped_column(String(400), nullable=True)
    data: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    quality: Mapped[str | None] = mapped_column(String(255), nullable=True, info={"choices": ["low", "mid", "high"]})
    file_status_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("file_status.id"), nullable=False, index=True
    )
    entity_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("entity.id"), nullable=True, index=True)
    asset_instance_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("asset_instance.id"), nullable=True, index=True
    )
    output_type_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("output_type.id"), nullable=True, index=True
    )
    task_type_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("task_type.id"), nullable=True, index=True
    )
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("person.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    source_file_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("working_file.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    temporal_entity_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("entity.id"), nullable=True, index=True
    )


class WorkingFile(IdMixin, TimestampMixin, Base):
    __tablename__ = "working_file"
    __table_args__ = (UniqueConstraint("name", "task_id", "entity_id", "revision", name="working_file_uc"),)

    shotgun_id: Mapped[int | None] = mapped_column(Integer(), nullable=True, index=True, info=NON_NEGATIVE)
    name: Mapped[str | None] = mapped_column(String(250), nullable=True)
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text(), nullable=True)
    revision: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    size: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    checksum: Mapped[int | None] = mapped_column(Integer(), nullable=True)
    path: Mapped[str | None] = mapped_column(String(400), nullable=True)
    data: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    validation_status: Mapped[str] = mapped_column(
        String(255), nullable=False, default="neutral", info={"choices": ["validated", "rejected", "neutral"]}
    )
    task_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("task.id"), nullable=True, index=True)
    entity_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("entity.id"), nullable=True, index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("person.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    software_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("software.id"), nullable=True, index=True
    )


#: the tables of this module, built once: every other module imports these
OUTPUT_FILE = table_of(OutputFile)
WORKING_FILE = table_of(WorkingFile)
