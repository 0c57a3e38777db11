"""Tables of the entities domain (names and columns as in the reference data model)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.deletion import CLEARED_ON_DELETE
from tenko.core.model import Base, IdMixin, TimestampMixin, or_nil, table_of
from tenko.core.ranges import NON_NEGATIVE
from tenko.core.types import JSONType, UUIDType

ENTITY_TAKEN = {
    "duplicate": "An entity of this type with this name already exists here"
    " (same project and parent; names are compared case-insensitively)"
}
INSTANCE_TAKEN = {"duplicate": "This asset already has an instance with this number here"}
LINK_TAKEN = {"duplicate": "This asset is already cast in this entity"}


class AssetInstance(IdMixin, TimestampMixin, Base):
    __tablename__ = "asset_instance"
    __table_args__ = (
        UniqueConstraint(
            "asset_id", "target_asset_id", "scene_id", "number", name="asset_instance_uc", info=INSTANCE_TAKEN
        ),
    )

    asset_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("entity.id"), nullable=False, index=True)
    name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    number: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    description: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=True)
    data: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    scene_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("entity.id"), nullable=True, index=True)
    target_asset_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("entity.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    entity_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("entity.id"), nullable=True, index=True)
    entity_type_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("entity_type.id"), nullable=True, index=True
    )


class Entity(IdMixin, TimestampMixin, Base):
    __tablename__ = "entity"
    __table_args__ = (
        UniqueConstraint("name", "project_id", "entity_type_id", "parent_id", name="entity_uc", info=ENTITY_TAKEN),
        Index("ix_entity_entity_type_parent", "entity_type_id", "parent_id"),
        Index("ix_entity_entity_type_project", "entity_type_id", "project_id"),
        Index("ix_entity_project_type_status", "project_id", "entity_type_id", "status"),
    )

    name: Mapped[str] = mapped_column(String(160), nullable=False)
    code: Mapped[str | None] = mapped_column(String(160), nullable=True)
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
    shotgun_id: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    canceled: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    nb_frames: Mapped[int | None] = mapped_column(Integer(), nullable=True, info=NON_NEGATIVE)
    nb_entities_out: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=0, info=NON_NEGATIVE)
    is_casting_standby: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    is_shared: Mapped[bool] = mapped_column(Boolean(), nullable=False, default=False)
    status: Mapped[str] = mapped_column(
        String(255),
        nullable=False,
        index=True,
        default="running",
        info={"choices": ["standby", "running", "complete", "canceled"]},
    )
    project_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("project.id"), nullable=False, index=True)
    entity_type_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, ForeignKey("entity_type.id"), nullable=False, index=True
    )
    parent_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("entity.id"), nullable=True, index=True)
    source_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("entity.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    preview_file_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("preview_file.id", use_alter=True), nullable=True, info=CLEARED_ON_DELETE
    )
    data: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    ready_for: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("task_type.id"), nullable=True, info=CLEARED_ON_DELETE
    )
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("person.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )


class AssetInstanceLink(Base):
    __tablename__ = "asset_instance_link"

    entity_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("entity.id"), primary_key=True)
    asset_instance_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("asset_instance.id"), primary_key=True)


class EntityConceptLink(IdMixin, TimestampMixin, Base):
    __tablename__ = "entity_concept_link"

    entity_in_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("entity.id"), primary_key=True)
    entity_out_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("entity.id"), primary_key=True)


class EntityLink(IdMixin, TimestampMixin, Base):
    __tablename__ = "entity_link"
    __table_args__ = (UniqueConstraint("entity_in_id", "entity_out_id", name="entity_link_uc", info=LINK_TAKEN),)

    entity_in_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("entity.id"), primary_key=True, index=True)
    entity_out_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("entity.id"), primary_key=True, index=True)
    data: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    nb_occurences: Mapped[int | None] = mapped_column(Integer(), nullable=True, default=1, info=NON_NEGATIVE)
    label: Mapped[str | None] = mapped_column(String(80), nullable=True, default="")


class EntityVersion(IdMixin, TimestampMixin, Base):
    __tablename__ = "entity_version"

    name: Mapped[str] = mapped_column(String(160), nullable=False)
    data: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    entity_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("entity.id"), nullable=True, index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=True, index=True)


# The reference's entity_uc and asset_instance_uc hold nothing where a column is NULL (an episode,
# an asset or a sequence without episode has no parent; an instance is in a scene or in an
# asset, never both), and entity_uc compares names case-sensitively where tenko refuses a name
# that differs only in case. These indexes enforce what the services check (migration 0002).
Index(
    "entity_name_uc",
    Entity.project_id,
    Entity.entity_type_id,
    or_nil(Entity.parent_id),
    func.lower(Entity.name),
    unique=True,
    info=ENTITY_TAKEN,
)
Index(
    "asset_instance_number_uc",
    AssetInstance.asset_id,
    or_nil(AssetInstance.target_asset_id),
    or_nil(AssetInstance.scene_id),
    AssetInstance.number,
    unique=True,
    info=INSTANCE_TAKEN,
)

#: the tables of this module, built once: every other module imports these
ASSET_INSTANCE = table_of(AssetInstance)
ASSET_INSTANCE_LINK = table_of(AssetInstanceLink)
ENTITY = table_of(Entity)
ENTITY_CONCEPT_LINK = table_of(EntityConceptLink)
ENTITY_LINK = table_of(EntityLink)
ENTITY_VERSION = table_of(EntityVersion)
