"""``tenko serve --workers 2`` as a real process: each worker says when it serves, both serve.

The workers share one listening socket; which worker answered a connection is read from
``/proc``: the server side of the connection is a socket held open by exactly one worker.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import START_TIMEOUT, Served, clean_environment

READY = re.compile(r"^tenko worker (\d+) ready \(started in [\d.]+ s, [\d.]+ s CPU\)$", re.MULTILINE)
pytestmark = pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the connections from /proc")


def children(pid: int) -> set[int]:
    return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


def ready_workers(served: Served, count: int) -> set[int]:
    """The pids of the first ``count`` ready lines, waiting for them."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        pids = {int(pid) for pid in READY.findall(served.output())}
        if len(pids) >= count:
            return pids
        time.sleep(0.2)
    pytest.fail(f"fewer than {count} ready lines:\n{served.output()}")


def socket_inode(server_port: int, client_port: int) -> str:
    """The inode of the server side of the connection from ``client_port`` (IPv4, /proc/net/tcp)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].split(":")[1], 16)
        remote_port = int(fields[2].split(":")[1], 16)
        if (local_port, remote_port) == (server_port, client_port):
            return fields[9]
    raise AssertionError(f"no server socket for the connection from port {client_port}")


def holder(pids: set[int], inode: str) -> int:
    """The process among ``pids`` that holds the socket ``inode`` open."""
    target = f"socket:[{inode}]"
    for pid in pids:
        for descriptor in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if descriptor.readlink().as_posix() == target:
                    return pid
            except OSError:  # closed meanwhile
                continue
    raise AssertionError(f"no worker holds {target}")


def test_each_worker_announces_it_serves_and_both_serve(live_server_workers: Served) -> None:
    served = live_server_workers
    workers = ready_workers(served, 2)
    assert workers <= children(served.process.pid), "the ready lines name the server's worker processes"

    answered_by: set[int] = set()
    connections: list[http.client.HTTPConnection] = []
    try:
        # keep every connection open, so that each new one is accepted by whichever worker is free
        for _ in range(64):
            connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
            connections.append(connection)
            connection.request("GET", "/api/status")
            response = connection.getresponse()
            assert response.status == 200, response.read()
            response.read()
            assert connection.sock is not None
            client_port = connection.sock.getsockname()[1]
            answered_by.add(holder(workers, socket_inode(served.port, client_port)))
            if answered_by == workers:
                break
    finally:
        for connection in connections:
            connection.close()
    assert answered_by == workers, f"only {answered_by} of {workers} answered"


def imported_by(statement: str, tmp_path: Path) -> set[str]:
    """The modules among the heavy ones that ``statement`` imports, in a fresh interpreter."""
    heavy = ("sqlalchemy", "alembic", "fastapi", "tenko.basedata", "tenko.models", "tenko.core.migrate")
    probe = f"import sys\n{statement}\nprint(' '.join(m for m in {heavy!r} if m in sys.modules))"
    env = clean_environment(TENKO_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_a_worker_reimports_a_light_cli_and_never_migrates(tmp_path: Path) -> None:
    # a spawned worker imports the `tenko` script's module before it answers the supervisor's health check
    assert imported_by("import tenko.cli", tmp_path) == set()
    # the parent migrates once before the workers start: a worker's app needs neither Alembic nor the base data
    assert imported_by("import tenko.app; tenko.app.app_factory()", tmp_path) == {"sqlalchemy", "fastapi"}


@pytest.mark.parametrize(
    ("arguments", "environment", "expected"),
    [([], {}, 120), ([], {"TENKO_WORKER_TIMEOUT": "45"}, 45), (["--worker-timeout", "300"], {}, 300)],
)
def test_the_worker_start_up_limit_is_generous_and_configurable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, arguments: list[str], environment: dict[str, str], expected: int
) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from tenko import cli

    started: dict[str, Any] = {}
    monkeypatch.setattr(cli, "_with_database", lambda work: None)
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(options, app=app))
    for name in [name for name in os.environ if name.startswith("TENKO_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TENKO_DATA_DIR", str(tmp_path / "data"))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli.app, ["serve", "--workers", "2", *arguments])
    assert result.exit_code == 0, result.output
    assert started["app"] == "tenko.app:app_factory"
    assert started["workers"] == 2
    assert started["timeout_worker_healthcheck"] == expected
