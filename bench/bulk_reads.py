"""Latency, peak memory and payload size of tenko's bulk reads, against a live ``tenko serve``.

    python bench/bulk_reads.py                       # SQLite in a temporary data dir
    python bench/bulk_reads.py --database-url postgresql://postgres@127.0.0.1:5432/tenko_bench
    python bench/bulk_reads.py --base http://127.0.0.1:8080/api --project-id ID --password PW

Without ``--base`` it starts ``tenko serve`` on a free port (one worker), seeds a production
with ``bench/generate.py`` (default 2,000 shots, 1,000 assets, 20 task types, ~40,000 tasks),
then measures. For each with-tasks variant: ``--repeat`` sequential requests (p50/p99/mean
latency), the body size, and the server's RSS (sampled every 10 ms; its peak during the
scenario and its growth over the idle RSS). The other bulk reads get a requests/s figure
from ``--concurrency`` clients during ``--duration`` seconds. Prints a Markdown table and
writes JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-123"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (uvicorn workers), in KiB."""
    total = 0
    pids = [pid]
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids.extend(int(child) for child in children)
    for one in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


class Sampler:
    """The peak RSS of the server while a scenario runs."""

    def __init__(self, pid: int | None) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, rss_kib(self.pid or 0))

    @contextlib.contextmanager
    def running(self) -> Iterator[Sampler]:
        if self.pid is None:
            yield self
            return
        self.peak = rss_kib(self.pid)
        thread = threading.Thread(target=self._run, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()
            self._stop.clear()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_get(client: httpx.Client, path: str) -> tuple[float, int]:
    """Latency to the last byte (the body is read as it streams) and the body size."""
    start = time.perf_counter()
    size = 0
    with client.stream("GET", path) as response:
        response.raise_for_status()
        for chunk in response.iter_raw():
            size += len(chunk)
    return time.perf_counter() - start, size


def measure_listing(client: httpx.Client, path: str, repeat: int, pid: int | None) -> dict[str, Any]:
    timed_get(client, path)  # warm-up: plans and caches
    idle = rss_kib(pid) if pid else 0
    latencies, size = [], 0
    with Sampler(pid).running() as sampler:
        for _ in range(repeat):
            latency, size = timed_get(client, path)
            latencies.append(latency * 1000)
    return {
        "path": path,
        "p50_ms": percentile(latencies, 0.5),
        "p99_ms": percentile(latencies, 0.99),
        "mean_ms": statistics.fmean(latencies),
        "bytes": size,
        "server_rss_peak_mib": sampler.peak / 1024 if pid else None,
        "server_rss_growth_mib": (sampler.peak - idle) / 1024 if pid else None,
    }


async def requests_per_second(base: str, headers: dict[str, str], path: str, clients: int, seconds: float) -> float:
    done = 0
    deadline = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as client:

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                response = await client.get(path)
                response.raise_for_status()
                done += 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return done / (time.perf_counter() - start)


def start_server(args: argparse.Namespace, data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "TENKO_DATA_DIR": str(data_dir), "TENKO_ADMIN_PASSWORD": PASSWORD}
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    command = [sys.executable, "-m", "tenko", "serve", "--port", str(port), "--workers", str(args.workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api"
    for _ in range(300):
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/status", timeout=1).status_code == 200:
                return server, base
        if server.poll() is not None:
            raise SystemExit("tenko serve exited")
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("tenko serve did not start")


async def seed(args: argparse.Namespace, data_dir: Path) -> str:
    os.environ["TENKO_DATA_DIR"] = str(data_dir)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    sys.path.insert(0, str(ROOT))
    from bench.generate import first_admin, generate
    from tenko.core.db import Database
    from tenko.settings import Settings

    database = Database(Settings().sqlalchemy_url)
    try:
        async with database.sessionmaker.begin() as session:
            production = await generate(
                session,
                shots=args.shots,
                assets=args.assets,
                task_types=args.task_types,
                episodes=args.episodes,
                subscriber_id=await first_admin(session),
            )
    finally:
        await database.dispose()
    print(f"seeded {production.counts}", file=sys.stderr)
    return production.project_id


def scenarios(project: str, episode: str | None, sequence: str | None, shot: str | None) -> list[str]:
    paths = [f"/data/projects/{project}/episodes/stats", f"/data/projects/{project}/episodes/retake-stats"]
    paths += [f"/data/{kind}/with-tasks?project_id={project}" for kind in ("sequences", "episodes")]
    if episode:
        paths += [f"/data/episodes/{episode}/shot-tasks", f"/data/episodes/{episode}/asset-tasks"]
    if sequence:
        paths.append(f"/data/sequences/{sequence}/shot-tasks")
    if shot:
        paths.append(f"/data/entities/{shot}/entities-linked/with-tasks")
    return paths


def run(args: argparse.Namespace, base: str, project: str, pid: int | None) -> dict[str, Any]:
    login = httpx.post(f"{base}/auth/login", json={"email": args.email, "password": args.password}, timeout=30)
    login.raise_for_status()
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    results: dict[str, Any] = {"listings": [], "other": []}
    with httpx.Client(base_url=base, headers=headers, timeout=300) as client:
        for kind in ("shots", "assets"):
            for query in ("", "&stream=true&compact=true", "&compact=true", "&stream=true"):
                path = f"/data/{kind}/with-tasks?project_id={project}{query}"
                results["listings"].append(measure_listing(client, path, args.repeat, pid))
                print(json.dumps(results["listings"][-1]), file=sys.stderr)
        episodes = client.get(f"/data/episodes/with-tasks?project_id={project}&compact=true").json()["data"]
        sequences = client.get(f"/data/sequences/with-tasks?project_id={project}&compact=true").json()["data"]
        shots = client.get(f"/data/shots/with-tasks?project_id={project}&compact=true").json()["data"]
    episode = episodes[0][0] if episodes else None
    paths = scenarios(project, episode, sequences[0][0] if sequences else None, shots[0][0] if shots else None)
    for path in paths:
        rate = asyncio.run(requests_per_second(base, headers, path, args.concurrency, args.duration))
        results["other"].append({"path": path, "requests_per_s": rate})
        print(json.dumps(results["other"][-1]), file=sys.stderr)
    return results


def table(results: dict[str, Any]) -> str:
    lines = [
        "| request | p50 ms | p99 ms | body bytes | server RSS peak MiB | RSS growth MiB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in results["listings"]:
        path = row["path"].split("?")[0] + " " + ("&".join(row["path"].split("&")[1:]) or "plain")
        peak = f"{row['server_rss_peak_mib']:.0f}" if row["server_rss_peak_mib"] is not None else "-"
        growth = f"{row['server_rss_growth_mib']:.0f}" if row["server_rss_growth_mib"] is not None else "-"
        lines.append(f"| {path} | {row['p50_ms']:.0f} | {row['p99_ms']:.0f} | {row['bytes']:,} | {peak} | {growth} |")
    lines += ["", "| request | req/s |", "|---|---:|"]
    lines += [f"| {row['path'].split('?')[0]} | {row['requests_per_s']:.1f} |" for row in results["other"]]
    return "\n".join(lines)


def server_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every bench script shares: which server, started how, and who logs in."""
    parser.add_argument("--base", help="a running tenko (…/api); then --project-id is needed")
    parser.add_argument("--project-id")
    parser.add_argument("--email", default="admin@example.com")
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--database-url", help="PostgreSQL URL for the started server (default: SQLite)")
    parser.add_argument("--workers", type=int, default=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    server_arguments(parser)
    parser.add_argument("--shots", type=int, default=2000)
    parser.add_argument("--assets", type=int, default=1000)
    parser.add_argument("--task-types", type=int, default=20)
    parser.add_argument("--episodes", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.base:
        if not args.project_id:
            parser.error("--base needs --project-id")
        results = run(args, args.base, args.project_id, None)
    else:
        with tempfile.TemporaryDirectory(prefix="tenko-bench-") as tmp:
            server, base = start_server(args, Path(tmp))
            try:
                project = asyncio.run(seed(args, Path(tmp)))
                results = run(args, base, project, server.pid)
            finally:
                server.terminate()
                server.wait(30)
    results["label"] = f"{'postgresql' if args.database_url else 'sqlite'} {uuid.uuid4().hex[:4]}"
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
