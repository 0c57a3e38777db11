"""Crash proofs on PostgreSQL: kill -9 a worker, then the whole server, under a steady write load.

    python bench/crash.py                      # a fresh database on 127.0.0.1:5432, dropped at the end
    python bench/crash.py --pg-restart         # then also restart PostgreSQL (the machine's cluster!)
    python bench/crash.py --clients 8 --phase 15 --json results-crash.json

It starts ``tenko serve --workers 2`` on a new PostgreSQL database, seeds a small production
(``bench/generate.py``), logs in as the admin and runs ``--clients`` asyncio clients that write
without pause, each on tasks of its own: a comment that changes its task's status
(``POST /actions/tasks/{id}/comment``), one more minute of time spent
(``POST .../time-spents/{date}/persons/{id}/add``) and a new asset
(``POST /data/projects/{id}/asset-types/{id}/assets/new``), in turn. Every acknowledged
write (a 201 with its id) is recorded. The scenario, ``--phase`` seconds apart:

1. ``kill -9`` one worker: the supervisor replaces it, the other worker goes on serving;
2. ``kill -9`` the whole server (the supervisor and its workers) and start it again;
3. with ``--pg-restart``: ``pg_ctlcluster <version> main restart`` while tenko runs (never in CI:
   it restarts the machine's shared PostgreSQL).

Then it checks with SQL: every acknowledged write is found; no half-written record (each load
comment has its news entry and its ``comment:new`` event; each task's status, last comment date
and retake count are what its comments, replayed in order, give; each time spent's minutes
equal its ``time-spent:*`` events and lie between the acknowledged and the attempted adds;
each new asset has its ``asset:new`` event); the server serves again. Prints the figures (and
writes them as JSON with ``--json``); exits 1 if a check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bulk_reads import free_port  # noqa: E402

PASSWORD = "bench-password-123"
READY = re.compile(r"tenko worker (\d+) ready")
#: the statuses each client's comments cycle through (short names): each one changes the status
CYCLE = ("wip", "wfa", "retake", "wfa", "done")
DAY = "2026-01-15"


@dataclass
class Outcome:
    kind: str
    started: float
    ended: float
    status: int | None  # None: no answer (connection refused or reset, timeout)


@dataclass
class Ledger:
    """What the clients attempted and what the server acknowledged."""

    comments: set[str] = field(default_factory=set)
    assets: set[str] = field(default_factory=set)
    minutes_acknowledged: Counter[tuple[str, str]] = field(default_factory=Counter)
    minutes_attempted: Counter[tuple[str, str]] = field(default_factory=Counter)
    outcomes: list[Outcome] = field(default_factory=list)


class Server:
    """``tenko serve --workers N`` in its own process group, restartable on the same database."""

    def __init__(self, env: dict[str, str], workers: int, workdir: Path) -> None:
        self.env, self.workers, self.workdir = env, workers, workdir
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log: Path | None = None
        self.starts = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self) -> None:
        self.starts += 1
        self.log = self.workdir / f"serve-{self.starts}.log"
        command = [sys.executable, "-m", "tenko", "serve", "--port", str(self.port), "--workers", str(self.workers)]
        with self.log.open("wb") as sink:
            self.process = subprocess.Popen(
                command, env=self.env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
            )

    def ready_pids(self) -> list[int]:
        assert self.log is not None
        return [int(pid) for pid in READY.findall(self.log.read_text(errors="replace"))]

    async def wait_ready(self, count: int, timeout: float = 300) -> list[int]:
        """The pids of the ready lines once there are ``count`` of them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise SystemExit(f"tenko serve exited:\n{self.log and self.log.read_text()}")
            pids = self.ready_pids()
            if len(pids) >= count:
                return pids
            await asyncio.sleep(0.1)
        raise SystemExit(f"fewer than {count} ready lines after {timeout:.0f} s")

    def busiest_worker(self, pids: list[int]) -> tuple[int, int]:
        """The worker holding the most client connections (read from /proc), so that killing it
        interrupts requests, and how many it holds; the first ready one where /proc cannot tell."""
        connections = Counter[int]()
        with contextlib.suppress(OSError):
            inodes = set()
            for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
                fields = line.split()
                if int(fields[1].split(":")[1], 16) == self.port and fields[3] == "01":  # ESTABLISHED
                    inodes.add(f"socket:[{fields[9]}]")
            for pid in pids:
                for descriptor in Path(f"/proc/{pid}/fd").iterdir():
                    with contextlib.suppress(OSError):
                        if os.readlink(descriptor) in inodes:
                            connections[pid] += 1
        return connections.most_common(1)[0] if connections else (pids[0], 0)

    def kill_all(self) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.kill_all()


@dataclass
class Plan:
    """One client's share of the production: its tasks, its (task, assignee) pairs."""

    tasks: list[str]
    pairs: list[tuple[str, str]]


class Load:
    def __init__(self, server: Server, token: str, project: str, asset_type: str, statuses: dict[str, str]) -> None:
        self.server = server
        self.headers = {"Authorization": f"Bearer {token}"}
        self.project, self.asset_type, self.statuses = project, asset_type, statuses
        self.ledger = Ledger()
        self.stopping = asyncio.Event()
        self.origin = time.monotonic()
        self.tag = uuid.uuid4().hex[:6]

    def now(self) -> float:
        return time.monotonic() - self.origin

    async def client(self, number: int, plan: Plan) -> None:
        cycle = {task: 0 for task in plan.tasks}
        async with httpx.AsyncClient(base_url=self.server.base, headers=self.headers, timeout=15) as http:
            step = 0
            while not self.stopping.is_set():
                kind = ("comment", "minute", "asset")[step % 3]
                started = self.now()
                status = None
                with contextlib.suppress(httpx.HTTPError):  # no answer: the server is down or was killed
                    status = await self.write(http, kind, number, step, plan, cycle)
                self.ledger.outcomes.append(Outcome(kind, started, self.now(), status))
                if status is None or status >= 500:
                    await asyncio.sleep(0.05)  # a server that is down: retry soon, without spinning
                step += 1

    async def write(
        self, http: httpx.AsyncClient, kind: str, number: int, step: int, plan: Plan, cycle: dict[str, int]
    ) -> int:
        ledger = self.ledger
        if kind == "comment":
            task = plan.tasks[step // 3 % len(plan.tasks)]
            status_id = self.statuses[CYCLE[cycle[task] % len(CYCLE)]]
            body = {"task_status_id": status_id, "comment": f"crash {self.tag} {number} {step}"}
            response = await http.post(f"/actions/tasks/{task}/comment", json=body)
            if response.status_code == 201:
                ledger.comments.add(response.json()["id"])
                cycle[task] += 1
            return response.status_code
        if kind == "minute":
            key = plan.pairs[step // 3 % len(plan.pairs)]
            ledger.minutes_attempted[key] += 1
            path = f"/actions/tasks/{key[0]}/time-spents/{DAY}/persons/{key[1]}/add"
            response = await http.post(path, json={"duration": 1})
            if response.status_code == 201:
                ledger.minutes_acknowledged[key] += 1
            return response.status_code
        path = f"/data/projects/{self.project}/asset-types/{self.asset_type}/assets/new"
        response = await http.post(path, json={"name": f"crash-{self.tag}-{number}-{step}"})
        if response.status_code == 201:
            ledger.assets.add(response.json()["id"])
        return response.status_code

    def window(self, start: float, end: float) -> dict[str, Any]:
        """Requests that ended in [start, end) (those in flight at an event count after it): how
        many, how many failed (5xx or no answer)."""
        inside = [o for o in self.ledger.outcomes if start <= o.ended < end]
        failed = [o for o in inside if o.status is None or o.status >= 500]
        statuses = Counter("no answer" if o.status is None else str(o.status) for o in failed)
        return {"requests": len(inside), "failed": len(failed), "failures": dict(statuses)}

    def last_failure_after(self, moment: float) -> float | None:
        """Seconds from ``moment`` to the end of the last failed request (None: none failed)."""
        ends = [o.ended for o in self.ledger.outcomes if o.ended >= moment and (o.status is None or o.status >= 500)]
        return round(max(ends) - moment, 2) if ends else None


async def seed(url: str, data_dir: Path, clients: int) -> tuple[str, list[Plan]]:
    """A small production (generate.py), and each client's tasks and (task, assignee) pairs."""
    os.environ["TENKO_DATA_DIR"] = str(data_dir)
    from bench.generate import first_admin, generate
    from tenko.core.db import Database
    from tenko.settings import Settings

    database = Database(Settings(DATABASE_URL=url).sqlalchemy_url)
    try:
        async with database.sessionmaker.begin() as session:
            production = await generate(
                session,
                shots=40,
                assets=20,
                task_types=4,
                shot_task_types=3,
                asset_task_types=2,
                episodes=1,
                sequences=4,
                artists=4,
                subscriber_id=await first_admin(session),
            )
    finally:
        await database.dispose()
    connection = await asyncpg.connect(plain(url))
    try:
        rows = await connection.fetch(
            "SELECT t.id::text AS task, min(l.person_id::text) AS person FROM task t"
            " JOIN task_person_link l ON l.task_id = t.id WHERE t.project_id = $1 GROUP BY t.id ORDER BY t.id",
            uuid.UUID(production.project_id),
        )
    finally:
        await connection.close()
    plans = [Plan([], []) for _ in range(clients)]
    for index, row in enumerate(rows):
        plan = plans[index % clients]
        plan.tasks.append(row["task"])
        plan.pairs.append((row["task"], row["person"]))
    return production.project_id, plans


def plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def snapshot_tasks(url: str, tasks: list[str]) -> dict[str, dict[str, Any]]:
    connection = await asyncpg.connect(plain(url))
    try:
        rows = await connection.fetch(
            "SELECT id::text, task_status_id::text, retake_count, last_comment_date FROM task WHERE id::text = ANY($1)",
            tasks,
        )
    finally:
        await connection.close()
    return {row["id"]: dict(row) for row in rows}


async def verify(url: str, load: Load, before: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Every acknowledged write found, no half-written record (see the module docstring)."""
    ledger, pattern = load.ledger, f"crash {load.tag} %"
    retake = load.statuses["retake"]
    connection = await asyncpg.connect(plain(url))
    try:
        found_comments = await connection.fetchval(
            "SELECT count(*) FROM comment WHERE id::text = ANY($1)", list(ledger.comments)
        )
        stored_comments = await connection.fetchval("SELECT count(*) FROM comment WHERE text LIKE $1", pattern)
        without_news = await connection.fetchval(
            "SELECT count(*) FROM comment c WHERE c.text LIKE $1"
            " AND (SELECT count(*) FROM news n WHERE n.comment_id = c.id) <> 1",
            pattern,
        )
        without_event = await connection.fetchval(
            "SELECT count(*) FROM comment c WHERE c.text LIKE $1 AND NOT EXISTS (SELECT 1 FROM api_event e"
            " WHERE e.name = 'comment:new' AND e.data->>'comment_id' = c.id::text)",
            pattern,
        )
        history: dict[str, list[asyncpg.Record]] = defaultdict(list)
        for row in await connection.fetch(
            "SELECT object_id::text AS task, task_status_id::text AS status, created_at FROM comment"
            " WHERE object_id::text = ANY($1) ORDER BY created_at",
            list(before),
        ):
            history[row["task"]].append(row)
        tasks = await snapshot_tasks(url, list(before))
        inconsistent_tasks = []
        for task, initial in before.items():
            comments = history.get(task, [])
            status, retakes, last = (
                initial["task_status_id"],
                initial["retake_count"] or 0,
                initial["last_comment_date"],
            )
            for comment in comments:
                if comment["status"] == retake and status != retake:
                    retakes += 1
                status, last = comment["status"], comment["created_at"]
            now = tasks[task]
            if (now["task_status_id"], now["retake_count"] or 0, now["last_comment_date"]) != (status, retakes, last):
                inconsistent_tasks.append(task)
        minutes = await connection.fetch(
            "SELECT t.task_id::text AS task, t.person_id::text AS person, t.duration, (SELECT count(*) FROM api_event e"
            " WHERE e.name IN ('time-spent:new', 'time-spent:update') AND e.data->>'time_spent_id' = t.id::text)"
            " AS events FROM time_spent t WHERE t.date = $1::date AND t.task_id::text = ANY($2)",
            dt.date.fromisoformat(DAY),
            list(before),
        )
        stored_minutes = {(row["task"], row["person"]): row for row in minutes}
        lost_minutes = torn_minutes = 0
        for key, attempted in ledger.minutes_attempted.items():
            row = stored_minutes.get(key)
            duration = int(row["duration"]) if row else 0
            if not ledger.minutes_acknowledged[key] <= duration <= attempted:
                lost_minutes += 1
            if row is not None and row["events"] != duration:
                torn_minutes += 1
        found_assets = await connection.fetchval(
            "SELECT count(*) FROM entity WHERE id::text = ANY($1)", list(ledger.assets)
        )
        asset_pattern = f"crash-{load.tag}-%"
        stored_assets = await connection.fetchval("SELECT count(*) FROM entity WHERE name LIKE $1", asset_pattern)
        assets_without_event = await connection.fetchval(
            "SELECT count(*) FROM entity a WHERE a.name LIKE $1 AND NOT EXISTS (SELECT 1 FROM api_event e"
            " WHERE e.name = 'asset:new' AND e.data->>'asset_id' = a.id::text)",
            asset_pattern,
        )
    finally:
        await connection.close()
    acknowledged_minutes = sum(ledger.minutes_acknowledged.values())
    stored_minute_total = sum(int(row["duration"]) for row in minutes)
    result: dict[str, Any] = {
        "comments": {"acknowledged": len(ledger.comments), "found": found_comments, "stored": stored_comments},
        "minutes": {
            "acknowledged": acknowledged_minutes,
            "attempted": sum(ledger.minutes_attempted.values()),
            "stored": stored_minute_total,
        },
        "assets": {"acknowledged": len(ledger.assets), "found": found_assets, "stored": stored_assets},
        "half_written": {
            "comments_without_one_news": without_news,
            "comments_without_event": without_event,
            "tasks_not_matching_their_comments": len(inconsistent_tasks),
            "time_spents_outside_acknowledged_attempted": lost_minutes,
            "time_spents_not_matching_their_events": torn_minutes,
            "assets_without_event": assets_without_event,
        },
    }
    result["ok"] = (
        found_comments == len(ledger.comments)
        and found_assets == len(ledger.assets)
        and not any(result["half_written"].values())
    )
    return result


def pg_cluster_version() -> str:
    output = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout
    return output.split()[0]


async def scenario(args: argparse.Namespace, url: str, workdir: Path) -> dict[str, Any]:
    env = {**os.environ, "TENKO_DATA_DIR": str(workdir / "data"), "TENKO_ADMIN_PASSWORD": PASSWORD}
    env["DATABASE_URL"] = url
    server = Server(env, args.workers, workdir)
    server.start()
    workers = await server.wait_ready(args.workers)
    project, plans = await seed(url, workdir / "data", args.clients)
    async with httpx.AsyncClient(base_url=server.base, timeout=30) as http:
        login = await http.post("/auth/login", json={"email": "admin@example.com", "password": PASSWORD})
        token = login.json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        statuses = {s["short_name"]: s["id"] for s in (await http.get("/data/task-status", headers=headers)).json()}
        asset_type = (await http.get("/data/asset-types", headers=headers)).json()[0]["id"]
    before = await snapshot_tasks(url, [task for plan in plans for task in plan.tasks])
    load = Load(server, token, project, asset_type, statuses)
    clients = [asyncio.create_task(load.client(n, plan)) for n, plan in enumerate(plans)]
    figures: dict[str, Any] = {"workers": args.workers, "clients": args.clients, "phase_s": args.phase}

    await asyncio.sleep(args.phase)
    figures["steady"] = load.window(0, load.now())
    victim, victim_connections = server.busiest_worker(workers)
    killed_at = load.now()
    os.kill(victim, signal.SIGKILL)
    await server.wait_ready(args.workers + 1)
    replaced_in = load.now() - killed_at
    await asyncio.sleep(args.phase)
    figures["kill_worker"] = {
        **load.window(killed_at, load.now()),
        "victim_client_connections": victim_connections,
        "replacement_ready_s": round(replaced_in, 1),
        "last_failure_s": load.last_failure_after(killed_at),
    }

    killed_at = load.now()
    server.kill_all()
    server.start()
    await server.wait_ready(args.workers)
    await asyncio.sleep(args.phase)
    figures["kill_server"] = {
        **load.window(killed_at, load.now()),
        "last_failure_s": load.last_failure_after(killed_at),  # the restart's downtime, as the clients saw it
    }

    if args.pg_restart:
        pids = set(server.ready_pids())
        restart_at = load.now()
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", pg_cluster_version(), "main", "restart"]
        await asyncio.to_thread(subprocess.run, command, check=True)
        restarted_in = load.now() - restart_at
        await asyncio.sleep(args.phase)
        last_failure = load.last_failure_after(restart_at)
        figures["pg_restart"] = {
            **load.window(restart_at, load.now()),
            "restart_command_s": round(restarted_in, 1),
            "last_failure_s": last_failure,
            "failures_after_restart_returned": load.window(restart_at + restarted_in, load.now())["failed"],
            "tenko_restarted": set(server.ready_pids()) != pids,
        }

    load.stopping.set()
    await asyncio.gather(*clients)
    figures["total"] = load.window(0, load.now())
    figures["checks"] = await verify(url, load, before)
    async with httpx.AsyncClient(base_url=server.base, timeout=30) as http:
        figures["serves_after"] = (await http.get("/status")).status_code == 200
    figures["checks"]["ok"] = figures["checks"]["ok"] and figures["serves_after"]
    server.stop()
    return figures


async def pg_execute(admin_url: str, sql: str) -> None:
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    name = f"tenko_crash_{uuid.uuid4().hex[:8]}"
    await pg_execute(args.admin_url, f'CREATE DATABASE "{name}"')
    url = args.admin_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        if args.workdir:  # kept: the server logs are there
            args.workdir.mkdir(parents=True, exist_ok=True)
            return await scenario(args, url, args.workdir)
        with tempfile.TemporaryDirectory(prefix="tenko-crash-") as tmp:
            return await scenario(args, url, Path(tmp))
    finally:
        if not args.keep:
            await pg_execute(args.admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--phase", type=float, default=10, help="seconds of load between two events")
    parser.add_argument("--pg-restart", action="store_true", help="also restart the PostgreSQL cluster")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--workdir", type=Path, help="keep the data directory and server logs here")
    args = parser.parse_args()
    figures = asyncio.run(main_async(args))
    print(json.dumps(figures, indent=2, default=str))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    sys.exit(0 if figures["checks"]["ok"] else 1)


if __name__ == "__main__":
    main()
