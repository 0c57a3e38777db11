"""Tables of the budgets domain (names and columns as in the reference data model)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tenko.core.model import Base, IdMixin, TimestampMixin, table_of
from tenko.core.ranges import NON_NEGATIVE, at_least
from tenko.core.types import JSONType, UUIDType


class Budget(IdMixin, TimestampMixin, Base):
    __tablename__ = "budget"

    project_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("project.id"), nullable=True, index=True)
    revision: Mapped[int] = mapped_column(Integer(), nullable=False, default=1, info=NON_NEGATIVE)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    currency: Mapped[str | None] = mapped_column(String(3), nullable=True)


class BudgetEntry(IdMixin, TimestampMixin, Base):
    __tablename__ = "budget_entry"

    budget_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("budget.id"), nullable=False, index=True)
    department_id: Mapped[uuid.UUID] = mapped_column(UUIDType, ForeignKey("department.id"), nullable=False, index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(UUIDType, ForeignKey("person.id"), nullable=True, index=True)
    start_date: Mapped[dt.date] = mapped_column(Date(), nullable=False)
    months_duration: Mapped[int] = mapped_column(Integer(), nullable=False, info=at_least(1))
    daily_salary: Mapped[float] = mapped_column(Float(), nullable=False, info=NON_NEGATIVE)
    position: Mapped[str | None] = mapped_column(
        String(255), nullable=True, default="artist", info={"choices": ["supervisor", "lead", "artist"]}
    )
    seniority: Mapped[str | None] = mapped_column(
        String(255), nullable=True, default="mid", info={"choices": ["senior", "mid", "junior"]}
    )
    exceptions: Mapped[Any | None] = mapped_column(JSONType, nullable=True)


#: the tables of this module, built once: every other module imports these
BUDGET = table_of(Budget)
BUDGET_ENTRY = table_of(BudgetEntry)
