"""The way back in: ``tenko unlock EMAIL`` (and ``tenko create-admin``) lift an account's login limits,
from outside the server, which keeps its windows in its own memory (the command has its own
database connection and writes a mark every worker reads)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from typer.testing import CliRunner, Result

from tenko.cli import app
from tests.auth.conftest import client_for, new_address
from tests.conftest import Backend
from tests.support import Api, new_person, unique_name

PASSWORD = "password-123"


async def logs_in(server: Backend, email: str, password: str, address: str) -> bool:
    async with client_for(server, address=address) as client:
        response = await client.post("/api/auth/login", json={"email": email, "password": password})
    return response.status_code == 200


async def lock(server: Backend, email: str, address: str) -> None:
    for _ in range(server.settings.login_max_failures):
        assert not await logs_in(server, email, "wrong-password", address)
    assert not await logs_in(server, email, PASSWORD, address)


async def tenko(server: Backend, tmp_path: Path, *args: str) -> Result:
    """The ``tenko`` command on the test database (in a thread: it runs its own event loop)."""
    env = {"DATABASE_URL": str(server.settings.database_url), "TENKO_DATA_DIR": str(tmp_path), "REDIS_URL": None}

    def run() -> Result:
        return CliRunner().invoke(app, list(args), env=env)

    return await asyncio.to_thread(run)


async def test_tenko_unlock_lets_the_admin_back_in(server: Backend, admin: Api, tmp_path: Path) -> None:
    owner = await new_person(admin, "admin")
    email, address = owner.person["email"], new_address()
    await lock(server, email, address)
    result = await tenko(server, tmp_path, "unlock", email.upper())
    assert result.exit_code == 0, result.output
    assert "lifted" in result.output
    assert await logs_in(server, email, PASSWORD, address)
    # fresh windows: the next failures count from zero
    await lock(server, email, address)


async def test_tenko_unlock_of_nobody_fails(server: Backend, tmp_path: Path) -> None:
    result = await tenko(server, tmp_path, "unlock", f"{unique_name('nobody')}@example.com")
    assert result.exit_code == 1
    assert "Nobody logs in as" in result.output


async def test_create_admin_lifts_the_limits_with_the_new_password(server: Backend, admin: Api, tmp_path: Path) -> None:
    owner = await new_person(admin, "admin")
    email, address = owner.person["email"], new_address()
    await lock(server, email, address)
    result = await tenko(server, tmp_path, "create-admin", email, "--password", "a-new-password")
    assert result.exit_code == 0, result.output
    assert await logs_in(server, email, "a-new-password", address)
