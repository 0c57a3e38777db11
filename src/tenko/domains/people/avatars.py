"""A person's avatar flag and the event that tells every client the person changed."""

from __future__ import annotations

import uuid

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import records
from tenko.core.access import Caller
from tenko.core.resource import Row
from tenko.domains.people.models import PERSON
from tenko.domains.people.resources import PERSONS


async def clear_avatar_of(session: AsyncSession, caller: Caller, person_id: uuid.UUID) -> None:
    await session.execute(update(PERSON).where(PERSON.c.id == person_id).values(has_avatar=False))
    await changed(session, caller, person_id)


async def changed(session: AsyncSession, caller: Caller, person_id: uuid.UUID) -> Row:
    """The person as a single GET shows it, after recording ``person:update``."""
    row = await records.read_one(session, PERSONS, caller, person_id)
    await records.record_event(session, PERSONS, caller, "update", row)
    return row
