"""A refused login takes the same work whether the account exists or not, is locked or not: no
account enumeration by the answer's time. Counted exactly (one bcrypt check on every path), and
timed coarsely (medians within a factor the missing check would far exceed)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import bcrypt
import pytest

from tests.auth.conftest import BackendFactory, client_for, new_address
from tests.conftest import Backend
from tests.support import Api, new_person, unique_name

LOGIN = "/api/auth/login"
PASSWORD = "password-123"
Path = Callable[[], tuple[str, str, str]]  # the e-mail, password and address of one attempt


async def post(server: Backend, email: str, password: str, address: str) -> tuple[int, float]:
    """A login from ``address``: its status and how long the server took."""
    async with client_for(server, address=address) as client:
        start = time.perf_counter()
        response = await client.post(LOGIN, json={"email": email, "password": password})
        return response.status_code, time.perf_counter() - start


async def refusal_paths(server: Backend, person: Api) -> dict[str, Path]:
    """The four refusals: a wrong password, an unknown login, and both once locked."""
    email, unknown = person.person["email"], f"{unique_name('nobody')}@example.com"
    locked = new_address()
    for login in (email, unknown):
        for _ in range(server.settings.login_max_failures):
            assert (await post(server, login, "wrong-password", locked))[0] == 400
    return {
        # fresh addresses: these must stay unlocked however many times they run
        "wrong password": lambda: (email, "wrong-password", new_address()),
        "unknown login": lambda: (f"{unique_name('nobody')}@example.com", PASSWORD, new_address()),
        "locked account": lambda: (email, PASSWORD, locked),
        "locked unknown login": lambda: (unknown, PASSWORD, locked),
    }


async def test_every_refusal_checks_one_password_hash(
    server: Backend, admin: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[bytes] = []
    real_check = bcrypt.checkpw

    def counted(password: bytes, hashed: bytes) -> Any:
        checks.append(hashed)
        return real_check(password, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", counted)
    person = await new_person(admin, "user")
    for name, path in (await refusal_paths(server, person)).items():
        checks.clear()
        status, _ = await post(server, *path())
        assert status == 400, name
        assert len(checks) == 1, f"{name}: {len(checks)} bcrypt checks"


async def test_refusals_take_the_same_time(server: Backend, admin: Api, backend_with: BackendFactory) -> None:
    # real bcrypt work (9 rounds, ~30 ms) so that a path that skipped it would be several times
    # faster; the accounts' limit is lifted, the fresh addresses of the first paths fill it
    slow = await backend_with(TENKO_BCRYPT_ROUNDS=9, TENKO_LOGIN_MAX_FAILURES_PER_ACCOUNT=100_000)
    person = await new_person(Api(slow, admin.token), "user")  # its hash made with 9 rounds too
    paths = await refusal_paths(slow, person)
    timings: dict[str, list[float]] = {name: [] for name in paths}
    for round_number in range(8):  # interleaved, so that the machine's load weighs on all alike
        for name, path in paths.items():
            status, seconds = await post(slow, *path())
            assert status == 400
            if round_number:  # the first round warms up (the dummy hash is made once)
                timings[name].append(seconds)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    print("login medians (ms):", {name: round(value * 1000, 1) for name, value in medians.items()})
    assert max(medians.values()) < 2 * min(medians.values()), medians
