"""Requests/s, latency and payload size of the daily workflow writes and reads, on a live ``tenko serve``.

    python bench/workflow.py                         # SQLite in a temporary data dir
    python bench/workflow.py --database-url postgresql://postgres@127.0.0.1:5432/tenko_bench_workflow
    python bench/workflow.py --base http://127.0.0.1:8080/api --project-id ID --password PW

Without ``--base`` it starts ``tenko serve`` on a free port (one worker) and seeds a production
with ``bench/generate.py`` (like ``bulk_reads.py``, default 500 shots, 250 assets, 20 task types,
~10,000 tasks). The first generated artist of the team gets a password (through
``POST /actions/persons/{id}/change-password``, as the admin). Then, for each scenario,
``--comments`` / ``--reads`` requests from ``--concurrency`` asyncio clients, each request
timed to the last byte (p50, p95, p99, mean), the overall requests/s and the body size:

- ``POST /actions/tasks/{id}/comment`` as the artist, on distinct tasks assigned to them (their
  to-do list), each moving the task to WIP or WFA (whichever it is not in): every comment changes
  a status (task dates, news, notifications, events);
- the same as the admin, on other distinct tasks of the production, to Retake, Done or WFA;
- ``GET /data/user/context`` as the artist (a team member) and as the admin.

Prints a Markdown table and writes JSON with ``--json``. The client runs on the same machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bulk_reads import percentile, seed, server_arguments, start_server  # noqa: E402

ARTIST_PASSWORD = "bench-artist-password"
#: the statuses each comment moves its task to (the first the task does not have): an artist
#: starts or asks for a review, a supervisor asks for a retake or approves
ARTIST_STATUSES = ("wip", "wfa")
ADMIN_STATUSES = ("retake", "done", "wfa")
#: one request: the method, the path and the JSON body (None for a GET)
Request = tuple[str, str, dict[str, Any] | None]


@dataclass
class Session:
    """A logged-in person: their id and bearer header."""

    person_id: str
    headers: dict[str, str]


def log_in(base: str, email: str, password: str) -> Session:
    response = httpx.post(f"{base}/auth/login", json={"email": email, "password": password}, timeout=30)
    response.raise_for_status()
    answer = response.json()
    return Session(str(answer["user"]["id"]), {"Authorization": f"Bearer {answer['access_token']}"})


async def measure(base: str, session: Session, requests: list[Request], clients: int) -> dict[str, Any]:
    """Send the requests from ``clients`` concurrent clients; every request is timed to its last byte."""
    latencies: list[float] = []
    sizes: list[int] = []
    pending = iter(requests)
    async with httpx.AsyncClient(base_url=base, headers=session.headers, timeout=120) as client:

        async def worker() -> None:
            for method, path, body in pending:  # a shared iterator: each request is sent once
                start = time.perf_counter()
                response = await client.request(method, path, json=body)
                content = await response.aread()
                latencies.append((time.perf_counter() - start) * 1000)
                if response.status_code >= 400:
                    raise SystemExit(f"{method} {path} -> {response.status_code}: {content[:300]!r}")
                sizes.append(len(content))

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - start
    return {
        "requests": len(latencies),
        "concurrency": clients,
        "requests_per_s": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
        "mean_ms": statistics.fmean(latencies),
        "bytes_median": int(statistics.median(sizes)),
    }


def comment_requests(tasks: list[dict[str, Any]], statuses: list[dict[str, Any]], count: int) -> list[Request]:
    """One comment per task, each with the first of ``statuses`` the task does not have yet."""
    requests: list[Request] = []
    for number, task in enumerate(tasks[:count]):
        status = next(s for s in statuses if s["id"] != task["task_status_id"])
        body = {"task_status_id": status["id"], "comment": f"bench comment {number}: see the new version"}
        requests.append(("POST", f"/actions/tasks/{task['id']}/comment", body))
    if len(requests) < count:
        raise SystemExit(f"only {len(requests)} tasks for {count} comments: seed a bigger production")
    return requests


def prepare(base: str, admin: Session, project: str, count: int) -> tuple[Session, list[Request], list[Request]]:
    """The artist's session and the two comment workloads (on disjoint sets of tasks)."""
    with httpx.Client(base_url=base, headers=admin.headers, timeout=300) as client:
        team = client.get(f"/data/projects/{project}").json()["team"]
        people = {p["id"]: p for p in client.get("/data/persons").json()}
        artist = next(people[i] for i in team if people[i]["role"] == "user" and not people[i].get("is_bot"))
        changed = client.post(
            f"/actions/persons/{artist['id']}/change-password",
            json={"password": ARTIST_PASSWORD, "password_2": ARTIST_PASSWORD},
        )
        changed.raise_for_status()
        statuses = client.get("/data/task-status").json()
        all_tasks = client.get("/data/tasks", params={"project_id": project}).json()
    artist_session = log_in(base, artist["email"], ARTIST_PASSWORD)
    with httpx.Client(base_url=base, headers=artist_session.headers, timeout=300) as client:
        todo = [t for t in client.get("/data/user/tasks").json() if t["project_id"] == project]
    by_name = {s["short_name"]: s for s in statuses}
    mine = {t["id"] for t in todo}
    others = [t for t in all_tasks if t["id"] not in mine]
    artist_statuses = [by_name[name] for name in ARTIST_STATUSES]
    admin_statuses = [by_name[name] for name in ADMIN_STATUSES]
    return (
        artist_session,
        comment_requests(todo, artist_statuses, count),
        comment_requests(others, admin_statuses, count),
    )


def run(args: argparse.Namespace, base: str, project: str) -> dict[str, Any]:
    admin = log_in(base, args.email, args.password)
    artist, artist_comments, admin_comments = prepare(base, admin, project, args.comments)
    reads: list[Request] = [("GET", "/data/user/context", None)] * args.reads
    scenarios: list[tuple[str, Session, list[Request]]] = [
        ("POST /actions/tasks/{id}/comment (artist)", artist, artist_comments),
        ("POST /actions/tasks/{id}/comment (admin)", admin, admin_comments),
        ("GET /data/user/context (artist)", artist, reads),
        ("GET /data/user/context (admin)", admin, reads),
    ]
    results: dict[str, Any] = {"scenarios": []}
    for name, session, requests in scenarios:
        if requests[0][0] == "GET":  # warm-up: plans and caches (a comment is never sent twice)
            asyncio.run(measure(base, session, requests[:3], 1))
        row = {"scenario": name, **asyncio.run(measure(base, session, requests, args.concurrency))}
        results["scenarios"].append(row)
        print(json.dumps(row), file=sys.stderr)
    return results


def table(results: dict[str, Any]) -> str:
    lines = [
        "| scenario | requests | req/s | p50 ms | p95 ms | p99 ms | body bytes |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["scenarios"]:
        lines.append(
            f"| {row['scenario']} | {row['requests']} | {row['requests_per_s']:.1f} | {row['p50_ms']:.0f} "
            f"| {row['p95_ms']:.0f} | {row['p99_ms']:.0f} | {row['bytes_median']:,} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    server_arguments(parser)
    parser.add_argument("--shots", type=int, default=500)
    parser.add_argument("--assets", type=int, default=250)
    parser.add_argument("--task-types", type=int, default=20)
    parser.add_argument("--episodes", type=int, default=5)
    parser.add_argument("--comments", type=int, default=200, help="comments per comment scenario")
    parser.add_argument("--reads", type=int, default=200, help="requests per context scenario")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.base:
        if not args.project_id:
            parser.error("--base needs --project-id")
        results = run(args, args.base, args.project_id)
    else:
        with tempfile.TemporaryDirectory(prefix="tenko-bench-") as tmp:
            server, base = start_server(args, Path(tmp))
            try:
                project = asyncio.run(seed(args, Path(tmp)))
                results = run(args, base, project)
            finally:
                server.terminate()
                server.wait(30)
    results["label"] = f"{'postgresql' if args.database_url else 'sqlite'} {uuid.uuid4().hex[:4]}"
    results["settings"] = {
        key: getattr(args, key) for key in ("shots", "assets", "task_types", "comments", "reads", "concurrency")
    }
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
