"""Tables of the plugins domain (names and columns as in the reference data model)."""

from __future__ import annotations

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.model import Base, IdMixin, TimestampMixin, table_of


class Plugin(IdMixin, TimestampMixin, Base):
    __tablename__ = "plugin"

    plugin_id: Mapped[str] = mapped_column(String(80), nullable=False, unique=True, index=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    description: Mapped[str | None] = mapped_column(Text(), nullable=True)
    version: Mapped[str] = mapped_column(String(50), nullable=False)
    maintainer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    maintainer_email: Mapped[str | None] = mapped_column(String(255), nullable=True)
    website: Mapped[str | None] = mapped_column(Text(), nullable=True)
    license: Mapped[str] = mapped_column(String(80), nullable=False)
    revision: Mapped[str | None] = mapped_column(String(12), nullable=True)
    frontend_project_enabled: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    frontend_studio_enabled: Mapped[bool | None] = mapped_column(Boolean(), nullable=True, default=False)
    icon: Mapped[str | None] = mapped_column(String(255), nullable=True)


#: the tables of this module, built once: every other module imports these
PLUGIN = table_of(Plugin)
