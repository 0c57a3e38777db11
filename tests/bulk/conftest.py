"""Productions for the bulk-read tests, seeded straight into the database by bench/generate.py."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bench.generate import Production, generate
from tests.conftest import Backend
from tests.support import Api

Seed = Callable[..., Awaitable[Production]]


@pytest.fixture
def seed(server: Backend, admin: Api) -> Seed:
    async def make(**options: Any) -> Production:
        options.setdefault("subscriber_id", uuid.UUID(admin.id))
        async with server.context.db.sessionmaker.begin() as session:
            return await generate(session, **options)

    return make


async def add_member(admin: Api, project_id: str, person: Api, role: str | None = None) -> None:
    """Put a person in a project's team (with a per-project role), straight in the database."""
    from sqlalchemy import insert

    from tenko.core.model import table_of
    from tenko.domains.projects.models import ProjectPersonLink

    async with admin.server.context.db.sessionmaker.begin() as session:
        values = {"project_id": uuid.UUID(project_id), "person_id": uuid.UUID(person.id), "role": role}
        await session.execute(insert(table_of(ProjectPersonLink)).values(**values))
