"""Start-up of ``tenko serve --workers N`` on a machine whose CPUs are busy.

    python bench/startup.py                              # 2 workers, 4 busy loops, SQLite
    python bench/startup.py --busy 6 --workers 4 --database-url postgresql://postgres@127.0.0.1:5432/tenko_bench
    python bench/startup.py --worker-timeout 5           # uvicorn's default start-up limit

It starts ``--busy`` Python busy loops (one CPU each), then the ``tenko`` script (as an operator
would), and reports: when ``GET /api/status`` first answers, each worker's ready line (wall and
CPU time of its start-up), and whether the supervisor replaced a worker (a worker pid that
changed, or more ready lines than workers) during ``--observe`` seconds after the last one.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bulk_reads import free_port

READY = re.compile(r"tenko worker (\d+) ready \(started in ([\d.]+) s, ([\d.]+) s CPU\)")


def busy_loop() -> None:
    while True:
        pass


def tenko_command() -> list[str]:
    """The installed ``tenko`` script next to this interpreter (what operators run), else ``-m tenko``."""
    script = Path(sys.executable).parent / "tenko"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tenko"]


def workers_of(pid: int) -> set[int]:
    """The server's worker processes (uvicorn also runs a resource tracker: it has no listening socket)."""
    with contextlib.suppress(OSError):
        return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    return set()


def measure(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    port = free_port()
    env = {**os.environ, "TENKO_DATA_DIR": str(data_dir), "TENKO_ADMIN_PASSWORD": "bench-password-123"}
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    command = [*tenko_command(), "serve", "--port", str(port), "--workers", str(args.workers)]
    if args.worker_timeout:
        command += ["--worker-timeout", str(args.worker_timeout)]
    log = data_dir.parent / "serve.log"
    started = time.monotonic()
    with log.open("wb") as sink:
        server = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    first_answer: float | None = None
    last_ready: float | None = None
    seen: set[int] = set()
    try:
        deadline = started + args.timeout
        while time.monotonic() < deadline and server.poll() is None:
            seen |= workers_of(server.pid)
            if first_answer is None:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"http://127.0.0.1:{port}/api/status", timeout=2).status_code == 200:
                        first_answer = time.monotonic() - started
            ready = READY.findall(log.read_text(errors="replace"))
            if last_ready is None and len(ready) >= args.workers:
                last_ready = time.monotonic() - started
                deadline = min(deadline, time.monotonic() + args.observe)
            time.sleep(0.5)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    ready = READY.findall(log.read_text(errors="replace"))
    # one resource tracker besides the workers; every process beyond those was a replacement
    replaced = max(0, len(seen) - args.workers - 1) + max(0, len(ready) - args.workers)
    return {
        "workers": args.workers,
        "busy_loops": args.busy,
        "cpus": os.cpu_count(),
        "worker_timeout": args.worker_timeout or "default",
        "first_answer_s": first_answer,
        "all_ready_s": last_ready,
        "ready_lines": [{"pid": int(pid), "wall_s": float(wall), "cpu_s": float(cpu)} for pid, wall, cpu in ready],
        "replaced_workers": replaced,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--busy", type=int, default=4, help="CPU busy loops running during the start-up")
    parser.add_argument("--worker-timeout", type=int, help="passed to tenko serve (default: tenko's)")
    parser.add_argument("--database-url", help="PostgreSQL URL (default: SQLite in a temporary directory)")
    parser.add_argument("--timeout", type=float, default=180, help="give up after this many seconds")
    parser.add_argument("--observe", type=float, default=20, help="seconds watched after the last ready line")
    args = parser.parse_args()
    loops = [multiprocessing.Process(target=busy_loop, daemon=True) for _ in range(args.busy)]
    for loop in loops:
        loop.start()
    try:
        with tempfile.TemporaryDirectory(prefix="tenko-startup-") as tmp:
            result = measure(args, Path(tmp) / "data")
    finally:
        for loop in loops:
            loop.terminate()
    print(result)


if __name__ == "__main__":
    main()
