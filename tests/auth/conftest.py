"""Fixtures for the /auth tests: a browser-like client that keeps cookies, apps with other settings."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from tenko.domains.people.models import Person
from tests.conftest import Backend, make_settings

BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0"
BackendFactory = Callable[..., Awaitable[Backend]]


def client_for(backend: Backend, agent: str = BROWSER_AGENT) -> httpx.AsyncClient:
    """A client that keeps cookies, like the web app's browser (which sends no Authorization header)."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=backend.app), base_url="http://tenko.test", headers={"User-Agent": agent}
    )


@pytest.fixture
async def browser(server: Backend) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(server) as client:
        yield client


@pytest.fixture
async def backend_with(server: Backend) -> AsyncIterator[BackendFactory]:
    """Another app on the same (already migrated) database, with some settings changed."""
    built: list[Backend] = []

    async def build(**extra: Any) -> Backend:
        settings = make_settings(server.settings.database_url or "", server.settings.data_dir, **extra)
        instance = Backend(server.name, settings)
        built.append(instance)
        return instance

    yield build
    for instance in built:
        await instance.close()


async def update_person(server: Backend, person_id: str, **values: Any) -> None:
    """Change a person directly in the database (what no route may do, such as moving a failure back)."""
    async with server.context.db.sessionmaker.begin() as session:
        await session.execute(update(Person).where(Person.id == uuid.UUID(person_id)).values(**values))
