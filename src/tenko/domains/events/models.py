"""Tables of the events domain (names and columns as in the reference data model)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.deletion import CLEARED_ON_DELETE
from tenko.core.model import Base, IdMixin, TimestampMixin, table_of
from tenko.core.types import JSONType, UUIDType


class ApiEvent(IdMixin, TimestampMixin, Base):
    __tablename__ = "api_event"
    __table_args__ = (Index("ix_api_event_project_id_created_at", "project_id", "created_at"),)

    name: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("person.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    project_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, ForeignKey("project.id"), nullable=True, index=True, info=CLEARED_ON_DELETE
    )
    data: Mapped[Any | None] = mapped_column(JSONType, nullable=True)


#: the tables of this module, built once: every other module imports these
API_EVENT = table_of(ApiEvent)
