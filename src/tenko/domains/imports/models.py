"""Tables of the imports domain (names and columns as in the reference data model)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.model import Base, IdMixin, TimestampMixin, table_of
from tenko.core.types import JSONType


class DataImportError(IdMixin, TimestampMixin, Base):
    __tablename__ = "data_import_error"

    event_data: Mapped[Any] = mapped_column(JSONType, nullable=False)
    source: Mapped[str | None] = mapped_column(String(20), nullable=True, info={"choices": ["csv", "shotgun"]})


#: the tables of this module, built once: every other module imports these
DATA_IMPORT_ERROR = table_of(DataImportError)
