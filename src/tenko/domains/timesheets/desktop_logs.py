"""Desktop login logs: recording one (and the person's last presence) and reading a person's."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http
from tenko.core.listing import typed_rows
from tenko.core.resource import Row
from tenko.core.types import new_id, utc_now
from tenko.domains.people.models import DESKTOP_LOGIN_LOG, PERSON

DESKTOP_LOG_ROW = answers.table_schema(DESKTOP_LOGIN_LOG, "DesktopLoginLog")


async def desktop_logs(session: AsyncSession, person_id: uuid.UUID) -> list[Row]:
    statement = (
        select(DESKTOP_LOGIN_LOG)
        .where(DESKTOP_LOGIN_LOG.c.person_id == person_id)
        .order_by(DESKTOP_LOGIN_LOG.c.date.desc())
    )
    return typed_rows(await session.execute(statement), "DesktopLoginLog")


async def log_desktop_login(session: AsyncSession, person_id: uuid.UUID, body: dict[str, Any]) -> Row:
    """Record a desktop login (now, or the given date) and the person's last presence."""
    date = http.validate(DesktopLogBody, body).get("date") or utc_now()
    date = date.astimezone(dt.UTC).replace(tzinfo=None) if date.tzinfo else date
    log_id = new_id()
    await session.execute(insert(DESKTOP_LOGIN_LOG).values(id=log_id, person_id=person_id, date=date))
    await session.execute(update(PERSON).where(PERSON.c.id == person_id).values(last_presence=date.date()))
    row = (await session.execute(select(DESKTOP_LOGIN_LOG).where(DESKTOP_LOGIN_LOG.c.id == log_id))).mappings().one()
    return dict(row, type="DesktopLoginLog")


class DesktopLogBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    date: dt.datetime | None = None
