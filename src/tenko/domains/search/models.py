"""Tables of the search domain (names and columns as in the reference data model)."""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.deletion import CLEARED_ON_DELETE
from tenko.core.model import Base, IdMixin, TimestampMixin, table_of
from tenko.core.types import UUIDType


class SearchFilterGroup(IdMixin, TimestampMixin, Base):
    __tablename__ = "search_filter_group"

    list_type: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    entity_type: Mapped[str | None] = mapped_column(String(80), nullable=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    color: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    is_shared: Mapped[bool] = mapped_column(Boolean(), nullable=False, default=False, server_default=false())
    person_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=True, index=True)
    project_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("project.id"), nullable=True, index=True)
    department_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("department.id"), nullable=True, index=True
    )


class SearchFilter(IdMixin, TimestampMixin, Base):
    __tablename__ = "search_filter"

    list_type: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    entity_type: Mapped[str | None] = mapped_column(String(80), nullable=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    search_query: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    is_shared: Mapped[bool] = mapped_column(Boolean(), nullable=False, default=False, server_default=false())
    department_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("department.id"), nullable=True, index=True
    )
    search_filter_group_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("search_filter_group.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    person_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=True, index=True)
    project_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("project.id"), nullable=True, index=True)


#: the tables of this module, built once: every other module imports these
SEARCH_FILTER = table_of(SearchFilter)
SEARCH_FILTER_GROUP = table_of(SearchFilterGroup)
