"""Failed logins are limited by sliding windows per account and address, per address, per account
(see src/tenko/auth/throttle.py), answer alike for known and unknown logins, and never leave the
account's owner without a way in."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.auth.conftest import BackendFactory, client_for, new_address
from tests.conftest import Backend
from tests.support import Api, new_person, unique_name

LOGIN = "/api/auth/login"
PASSWORD = "password-123"
LOCKED = {
    "login": False,
    "message": "Too many failed login attempts: try again later",
    "too_many_failed_login_attemps": True,
}
WRONG = {"login": False, "message": "Wrong e-mail or password"}


async def attempt(server: Backend, email: str, password: str, address: str) -> tuple[int, dict[str, Any]]:
    """A login from ``address``: the status and the body."""
    async with client_for(server, address=address) as client:
        response = await client.post(LOGIN, json={"email": email, "password": password})
    return response.status_code, response.json()


async def fail(server: Backend, email: str, address: str, times: int) -> None:
    for _ in range(times):
        assert await attempt(server, email, "wrong-password", address) == (400, WRONG)


async def logs_in(server: Backend, email: str, address: str, password: str = PASSWORD) -> bool:
    status, body = await attempt(server, email, password, address)
    assert status == 200 or body in (WRONG, LOCKED), body
    return status == 200


async def test_failures_lock_that_address_out_of_that_account(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    email, attacker = person.person["email"], new_address()
    await fail(server, email, attacker, server.settings.login_max_failures)
    # the right password is refused from there too, and the web app is told why
    assert await attempt(server, email, PASSWORD, attacker) == (400, LOCKED)
    # the owner, elsewhere, is not held back by someone else's guesses
    assert await logs_in(server, email, new_address())


async def test_the_lock_answers_alike_for_known_and_unknown_logins(server: Backend, admin: Api) -> None:
    """Same status, same body: the lock tells nobody whether an account exists."""
    person = await new_person(admin, "user")
    unknown = f"{unique_name('nobody')}@example.com"
    address = new_address()
    answers = {}
    for email in (person.person["email"], unknown):
        await fail(server, email, address, server.settings.login_max_failures)
        answers[email] = await attempt(server, email, PASSWORD, address)
    assert answers[person.person["email"]] == answers[unknown] == (400, LOCKED)


async def test_a_success_resets_the_count(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    email, address = person.person["email"], new_address()
    for _ in range(2):
        await fail(server, email, address, server.settings.login_max_failures - 1)
        assert await logs_in(server, email, address)


async def test_the_window_slides(server: Backend, admin: Api, backend_with: BackendFactory) -> None:
    quick = await backend_with(TENKO_LOGIN_MAX_FAILURES=2, TENKO_LOGIN_LOCK_SECONDS=1)
    person = await new_person(admin, "user")
    email, address = person.person["email"], new_address()
    await fail(quick, email, address, 2)
    assert not await logs_in(quick, email, address)
    await asyncio.sleep(1.2)  # the failures have left the window
    assert await logs_in(quick, email, address)


async def test_concurrent_failures_are_all_counted(server: Backend, admin: Api) -> None:
    person = await new_person(admin, "user")
    email, address = person.person["email"], new_address()
    tries = server.settings.login_max_failures
    answers = await asyncio.gather(*(attempt(server, email, "wrong-password", address) for _ in range(tries)))
    assert answers == [(400, WRONG)] * tries
    assert await attempt(server, email, PASSWORD, address) == (400, LOCKED)


async def test_one_address_trying_many_accounts_is_held_back(
    server: Backend, admin: Api, backend_with: BackendFactory
) -> None:
    strict = await backend_with(TENKO_LOGIN_MAX_FAILURES_PER_ADDRESS=3)
    people = [await new_person(admin, "user") for _ in range(4)]
    scanner = new_address()
    for person in people[:3]:
        await fail(strict, person.person["email"], scanner, 1)
    # the fourth account is refused from there, even with its password; not from elsewhere
    assert await attempt(strict, people[3].person["email"], PASSWORD, scanner) == (400, LOCKED)
    assert await logs_in(strict, people[3].person["email"], new_address())


async def test_guesses_from_many_addresses_lock_the_account_but_not_its_owners_address(
    server: Backend, admin: Api, backend_with: BackendFactory
) -> None:
    strict = await backend_with(TENKO_LOGIN_MAX_FAILURES=2, TENKO_LOGIN_MAX_FAILURES_PER_ACCOUNT=4)
    owner = await new_person(admin, "admin")
    email, office = owner.person["email"], new_address()
    assert await logs_in(strict, email, office)  # the owner's usual address
    for _ in range(2):
        await fail(strict, email, new_address(), 2)
    assert await attempt(strict, email, PASSWORD, new_address()) == (400, LOCKED)  # a new address waits
    assert await logs_in(strict, email, office)  # the owner gets in: an attacker cannot keep them out


async def test_an_attacker_cannot_lock_the_admin_out(server: Backend, admin: Api) -> None:
    """Admins too: the guesses of one address, however many, only hold back that address."""
    owner = await new_person(admin, "admin")
    email, attacker = owner.person["email"], new_address()
    await fail(server, email, attacker, server.settings.login_max_failures)
    for _ in range(3):
        assert await attempt(server, email, "another-guess", attacker) == (400, LOCKED)
    assert await logs_in(server, email, new_address())


async def test_forwarded_for_is_believed_only_from_a_trusted_proxy(
    server: Backend, admin: Api, backend_with: BackendFactory
) -> None:
    person = await new_person(admin, "user")
    email, proxy = person.person["email"], new_address()

    async def through(backend: Backend, forwarded_for: str, password: str) -> int:
        async with client_for(backend, address=proxy) as client:
            body = {"email": email, "password": password}
            response = await client.post(LOGIN, json=body, headers={"X-Forwarded-For": forwarded_for})
        return response.status_code

    # untrusted: a client cannot escape its window by making up a new X-Forwarded-For each time
    for n in range(server.settings.login_max_failures):
        assert await through(server, f"192.0.2.{n}", "wrong-password") == 400
    assert await through(server, "192.0.2.99", PASSWORD) == 400
    # behind a trusted proxy, each client behind it has its own windows
    trusting = await backend_with(TENKO_TRUSTED_PROXIES=proxy)
    for _ in range(trusting.settings.login_max_failures):
        assert await through(trusting, "198.51.100.1", "wrong-password") == 400
    assert await through(trusting, "198.51.100.1", PASSWORD) == 400
    assert await through(trusting, "198.51.100.2", PASSWORD) == 200


async def test_workers_share_the_windows_through_redis(
    server: Backend, admin: Api, backend_with: BackendFactory
) -> None:
    """Two apps on one Redis (two workers): failures counted by one hold in the other."""
    shared = {"REDIS_URL": "redis://127.0.0.1:6379/5", "TENKO_LOGIN_MAX_FAILURES": 2}
    first, second = await backend_with(**shared), await backend_with(**shared)
    person = await new_person(admin, "user")
    email, address = person.person["email"], new_address()
    await fail(first, email, address, 1)
    await fail(second, email, address, 1)
    assert await attempt(first, email, PASSWORD, address) == (400, LOCKED)
    assert await attempt(second, email, PASSWORD, address) == (400, LOCKED)
    alone = await backend_with(TENKO_LOGIN_MAX_FAILURES=2)  # in memory: its own windows
    assert await logs_in(alone, email, address)
