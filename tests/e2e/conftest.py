"""End-to-end fixtures: ``tenko serve`` as a real process on a free port, driven over HTTP.

Each served instance gets its own data directory (SQLite) or its own PostgreSQL database,
created here and dropped at the end, and is stopped at the end (terminate, then kill).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import gazu
import httpx
import pytest

from tests.conftest import BACKENDS, PG_HOST, PG_PORT, PG_USER, _pg_admin

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "e2e-admin-password"
START_TIMEOUT = 90.0
STOP_TIMEOUT = 15.0
#: variables of the outer environment that would change what the served process does
_SERVER_VARIABLES = ("DATABASE_URL", "SECRET_KEY", "REDIS_URL", "DB_")
T = TypeVar("T")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_environment(**values: str) -> dict[str, str]:
    """The current environment without any tenko setting, plus ``values``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TENKO_") and not key.startswith(_SERVER_VARIABLES)
    }
    env["TENKO_BCRYPT_ROUNDS"] = "4"
    env["PYTHONUNBUFFERED"] = "1"
    env.update(values)
    return env


def run_cli(*args: str, env: dict[str, str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``tenko ARGS`` with the venv's interpreter; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "tenko", *args],
        env={"COLUMNS": "200", **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass
class Served:
    """One running ``tenko serve`` process."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path
    env: dict[str, str]
    backend: str = "sqlite"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        """The host as gazu wants it: ``http://host:port/api``."""
        return f"{self.root}/api"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def client(self) -> Any:
        """A fresh gazu client of its own (never gazu's global default client)."""
        return gazu.client.create_client(self.api)


def _wait_until_up(served: Served) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            pytest.fail(f"tenko serve exited with {served.process.returncode}:\n{served.output()}")
        try:
            if httpx.get(f"{served.api}/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"tenko serve did not answer GET /api/ within {START_TIMEOUT:.0f}s:\n{served.output()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    # The process leads its own group: its uvicorn workers stop with it.
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(STOP_TIMEOUT)


@contextmanager
def serve(env: dict[str, str], workdir: Path, *args: str, backend: str = "sqlite") -> Iterator[Served]:
    """Start ``tenko serve --port <free> ARGS``, wait until it answers, stop it afterwards."""
    workdir.mkdir(parents=True, exist_ok=True)
    for attempt in range(3):
        port = free_port()
        log = workdir / f"serve-{port}.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "tenko", "serve", "--port", str(port), *args],
                env={"COLUMNS": "200", **env},
                cwd=workdir,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        served = Served(process, port, log, env, backend)
        try:
            _wait_until_up(served)
        except pytest.fail.Exception:
            _stop(process)
            # Another process may have taken the port between the probe and the bind.
            if attempt < 2 and "address already in use" in served.output().lower():
                continue
            raise
        try:
            yield served
        finally:
            _stop(process)
        return


def run_async(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on a loop of its own; unlike asyncio.run it leaves the current loop alone."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(work)
    finally:
        loop.close()


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database (its URL), dropped afterwards."""
    name = f"tenko_e2e_{uuid.uuid4().hex[:12]}"
    run_async(_pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        run_async(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def served_backend(backend: str, workdir: Path, *args: str, **env_values: str) -> Iterator[Served]:
    """``tenko serve`` on an empty data directory, on SQLite or on a fresh PostgreSQL database."""
    values = {"TENKO_DATA_DIR": str(workdir / "data"), "TENKO_ADMIN_PASSWORD": ADMIN_PASSWORD, **env_values}
    if backend == "sqlite":
        with serve(clean_environment(**values), workdir, *args, backend=backend) as served:
            yield served
    else:
        with (
            postgres_database() as url,
            serve(clean_environment(DATABASE_URL=url, **values), workdir, *args, backend=backend) as served,
        ):
            yield served


@pytest.fixture(scope="session", params=BACKENDS)
def live_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One ``tenko serve`` per backend for the whole session."""
    backend = str(request.param)
    with served_backend(backend, tmp_path_factory.mktemp(f"e2e-{backend}")) as served:
        yield served


@pytest.fixture(scope="session")
def live_server_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``tenko serve --workers 2`` on PostgreSQL: requests land on either worker."""
    if "postgresql" not in BACKENDS:
        pytest.skip("PostgreSQL is not among TENKO_TEST_BACKENDS")
    with served_backend("postgresql", tmp_path_factory.mktemp("e2e-workers"), "--workers", "2") as served:
        yield served


@pytest.fixture
def gazu_admin(live_server: Served) -> Any:
    """A gazu client of its own, logged in as the admin."""
    client = live_server.client()
    gazu.log_in(ADMIN_EMAIL, ADMIN_PASSWORD, client=client)
    return client
