"""Repeated login failures lock an account for a while (TENKO_LOGIN_MAX_FAILURES, TENKO_LOGIN_LOCK_SECONDS)."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

from sqlalchemy import select

from tenko.core.types import utc_now
from tenko.domains.people.models import Person
from tests.auth.conftest import BackendFactory, update_person
from tests.conftest import Backend
from tests.support import Api, new_person

LOGIN = "/api/auth/login"
PASSWORD = "password-123"


async def attempt(server: Backend, email: str, password: str) -> int:
    response = await server.http.post(LOGIN, json={"email": email, "password": password})
    if response.status_code != 200:
        assert response.json()["login"] is False
    return response.status_code


async def failures_of(server: Backend, person_id: str) -> tuple[int | None, dt.datetime | None]:
    async with server.context.db.sessionmaker() as session:
        statement = select(Person.login_failed_attemps, Person.last_login_failed).where(
            Person.id == uuid.UUID(person_id)
        )
        row = (await session.execute(statement)).one()
        return row[0], row[1]


async def test_five_failures_lock_the_account(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    email = person.person["email"]
    for _ in range(5):
        assert await attempt(server, email, "wrong-password") == 400
    count, last = await failures_of(server, person.id)
    assert count == 5 and last is not None
    # the right password is refused while locked, and the web app is told why
    response = await server.http.post(LOGIN, json={"email": email, "password": PASSWORD})
    assert response.status_code == 400
    assert response.json()["too_many_failed_login_attemps"] is True
    # once the lock has expired (the last failure moved back past TENKO_LOGIN_LOCK_SECONDS) it works again
    lock = dt.timedelta(seconds=server.settings.login_lock_seconds + 1)
    await update_person(server, person.id, last_login_failed=utc_now() - lock)
    assert await attempt(server, email, PASSWORD) == 200
    assert await failures_of(server, person.id) == (0, None)


async def test_a_success_resets_the_count(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    email = person.person["email"]
    for _ in range(4):
        assert await attempt(server, email, "wrong-password") == 400
    assert await attempt(server, email, PASSWORD) == 200
    for _ in range(4):
        assert await attempt(server, email, "wrong-password") == 400
    assert await attempt(server, email, PASSWORD) == 200


async def test_failures_after_an_expired_lock_count_from_zero(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    email = person.person["email"]
    for _ in range(5):
        await attempt(server, email, "wrong-password")
    lock = dt.timedelta(seconds=server.settings.login_lock_seconds + 1)
    await update_person(server, person.id, last_login_failed=utc_now() - lock)
    assert await attempt(server, email, "wrong-password") == 400
    assert (await failures_of(server, person.id))[0] == 1
    assert await attempt(server, email, PASSWORD) == 200


async def test_concurrent_failures_are_all_counted(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    email = person.person["email"]
    statuses = await asyncio.gather(*(attempt(server, email, "wrong-password") for _ in range(5)))
    assert statuses == [400] * 5
    assert (await failures_of(server, person.id))[0] == 5
    assert await attempt(server, email, PASSWORD) == 400


async def test_lock_settings_are_honoured(server: Backend, admin: Api, backend_with: BackendFactory) -> None:
    strict = await backend_with(TENKO_LOGIN_MAX_FAILURES=2, TENKO_LOGIN_LOCK_SECONDS=30)
    person = await new_person(admin, "user")
    email = person.person["email"]
    assert await attempt(strict, email, "wrong-password") == 400
    assert await attempt(strict, email, PASSWORD) == 200
    for _ in range(2):
        assert await attempt(strict, email, "wrong-password") == 400
    assert await attempt(strict, email, PASSWORD) == 400
    # still locked 20 s later, free after 30 s (where the default of 60 s would still lock)
    await update_person(server, person.id, last_login_failed=utc_now() - dt.timedelta(seconds=20))
    assert await attempt(strict, email, PASSWORD) == 400
    await update_person(server, person.id, last_login_failed=utc_now() - dt.timedelta(seconds=31))
    assert await attempt(strict, email, PASSWORD) == 200
