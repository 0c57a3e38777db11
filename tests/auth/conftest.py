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
ORIGIN = "http://tenko.test"
BackendFactory = Callable[..., Awaitable[Backend]]


def client_for(backend: Backend, agent: str = BROWSER_AGENT, address: str = "127.0.0.1") -> httpx.AsyncClient:
    """A client that keeps cookies, like the web app's browser (which sends no Authorization header,
    and sends its page's origin with every write), connecting from ``address``."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=backend.app, client=(address, 50000)),
        base_url=ORIGIN,
        headers={"User-Agent": agent, "Origin": ORIGIN},
    )


def new_address() -> str:
    """A client address no other test uses (IPv6 documentation range)."""
    digits = uuid.uuid4().hex
    return f"2001:db8:{digits[:4]}:{digits[4:8]}::{digits[8:12]}"


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
        if instance.context.events.redis is not None:  # no lifespan runs under the test transport
            await instance.context.events.redis.aclose()


async def update_person(server: Backend, person_id: str, **values: Any) -> None:
    """Change a person directly in the database (what no route may do, such as moving a failure back)."""
    async with server.context.db.sessionmaker.begin() as session:
        await session.execute(update(Person).where(Person.id == uuid.UUID(person_id)).values(**values))
