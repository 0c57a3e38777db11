"""Schemathesis over the served OpenAPI of a live ``tenko serve`` seeded with a real production.

    python -m venv /tmp/fuzzvenv && /tmp/fuzzvenv/bin/pip install schemathesis   # never into tenko's venv
    python bench/fuzz.py --schemathesis /tmp/fuzzvenv/bin/schemathesis          # SQLite
    python bench/fuzz.py --schemathesis ... --database-url postgresql://postgres@127.0.0.1:5432/tenko_fuzz
    python bench/fuzz.py --schemathesis ... --examples 25 --roles admin --json results-fuzz.json

It starts ``tenko serve`` (``--workers``), seeds a production with ``bench/generate.py`` (shots,
assets, tasks, artists), adds comments, a playlist and time spent through the API, gives an
artist of the team a password, and collects the real ids of every ``/data/<collection>`` list.
Then, per role (the admin, the artist), two schemathesis runs over ``/api/openapi.json`` with
that role's token: every method but DELETE, then DELETE (so that deletions do not empty the
production the other operations need). ``bench/fuzz_hooks.py`` swaps generated ids for real
ones (path, query and body); the ids of the two fuzzing people are left out, so that no run
deactivates or deletes the account it runs as. Only ``not_a_server_error`` is checked: the goal
is no 5xx. ``/auth/logout`` is left out (it would end the token the run uses).

Prints, per run: operations tested, test cases, answers by status, operations with a 5xx and
their count; writes them as JSON with ``--json``. Each run's schemathesis report (ndjson, with
every case and answer) and its output stay in ``--report-dir``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bulk_reads import PASSWORD, seed, start_server  # noqa: E402

ARTIST_PASSWORD = "fuzz-artist-password"
EXCLUDED_PATHS = ("/api/auth/logout",)


def log_in(base: str, email: str, password: str) -> str:
    response = httpx.post(f"{base}/auth/login", json={"email": email, "password": password}, timeout=60)
    response.raise_for_status()
    return str(response.json()["access_token"])


def enrich(base: str, admin: httpx.Client, project: str) -> str:
    """Comments, a playlist and time spent; an assigned artist gets a password: their token."""
    tasks = admin.get("/data/tasks", params={"project_id": project}).raise_for_status().json()
    statuses = {s["short_name"]: s["id"] for s in admin.get("/data/task-status").raise_for_status().json()}
    for task in tasks[:6]:
        body = {"task_status_id": statuses["wfa"], "comment": "fuzz seed comment"}
        admin.post(f"/actions/tasks/{task['id']}/comment", json=body).raise_for_status()
    admin.post("/data/playlists", json={"name": "fuzz playlist", "project_id": project}).raise_for_status()
    full = (admin.get(f"/data/tasks/{task['id']}/full").raise_for_status().json() for task in tasks)
    assigned = next(task for task in full if task["assignees"])
    artist_id = assigned["assignees"][0]
    admin.post(
        f"/actions/tasks/{assigned['id']}/time-spents/2026-01-15/persons/{artist_id}/add", json={"duration": 30}
    ).raise_for_status()
    artist = admin.get(f"/data/persons/{artist_id}").raise_for_status().json()
    admin.post(
        f"/actions/persons/{artist_id}/change-password",
        json={"password": ARTIST_PASSWORD, "password_2": ARTIST_PASSWORD},
    ).raise_for_status()
    return log_in(base, artist["email"], ARTIST_PASSWORD)


def collect_ids(admin: httpx.Client, spec: dict[str, Any], protected: set[str]) -> dict[str, dict[str, list[str]]]:
    """Up to 8 real ids per ``/data/<collection>`` list, and per ``<name>_id`` parameter the ids of
    its collection (``task_type_id``: ``task-types``). ``protected`` ids (the fuzzing people) are left out."""
    collections: dict[str, list[str]] = {}
    for path, item in spec["paths"].items():
        parts = path.strip("/").split("/")
        if len(parts) != 3 or parts[:2] != ["api", "data"] or "get" not in item or "{" in path:
            continue
        response = admin.get(f"/data/{parts[2]}", params={"limit": 50})
        if response.status_code != 200:
            continue
        rows = response.json()
        rows = rows.get("data", []) if isinstance(rows, dict) else rows
        ids = [str(row["id"]) for row in rows if isinstance(row, dict) and "id" in row]
        ids = [one for one in ids if one not in protected][:8]
        if ids:
            collections[parts[2]] = ids
    parameters: dict[str, list[str]] = {}
    names = {p["name"] for item in spec["paths"].values() for op in item.values() if isinstance(op, dict)
             for p in op.get("parameters", []) if p["name"].endswith("_id")}  # fmt: skip
    for name in names:
        stem = name[: -len("_id")].replace("_", "-")
        for candidate in (f"{stem}s", stem, f"{stem[:-1]}ies", f"{stem}es"):
            if candidate in collections:
                parameters[name] = collections[candidate]
                break
    return {"collections": collections, "parameters": parameters}


def run_schemathesis(args: argparse.Namespace, root: str, token: str, label: str, deletes: bool) -> dict[str, Any]:
    report = args.report_dir / f"{label}.ndjson"
    command = [
        args.schemathesis, "run", f"{root}/api/openapi.json", "--url", root,
        "--checks", "not_a_server_error", "--max-examples", str(args.examples),
        "--workers", str(args.clients), "--seed", str(args.seed), "--request-timeout", "120",
        "--header", f"Authorization: Bearer {token}", "--phases", args.phases,
        "--report", "ndjson", "--report-ndjson-path", str(report), "--no-color",
        "--suppress-health-check", "all", "--warnings", "off",
    ]  # fmt: skip
    # exclusions only: schemathesis adds inclusions up (a method OR a path) and intersects exclusions
    for method in ("GET", "POST", "PUT", "PATCH") if deletes else ("DELETE",):
        command += ["--exclude-method", method]
    for path in EXCLUDED_PATHS:
        command += ["--exclude-path", path]
    if args.only:
        command += ["--include-path-regex", args.only]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": str(ROOT / "bench" / "fuzz_hooks.py")}
    started = time.monotonic()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    (args.report_dir / f"{label}.txt").write_text(result.stdout + result.stderr)
    if not report.exists():
        raise SystemExit(f"schemathesis failed ({label}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return {"run": label, "seconds": round(time.monotonic() - started), **summarise(report)}


def summarise(report: Path) -> dict[str, Any]:
    """Operations, test cases, answers by status class and the 5xx per operation, from
    schemathesis's ndjson events (each finished scenario carries its cases and interactions)."""
    operations: set[str] = set()
    cases = 0
    classes: Counter[str] = Counter()
    failing: Counter[str] = Counter()
    for line in report.read_text().splitlines():
        finished = json.loads(line).get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished.get("recorder") or {}
        operations.add(recorder.get("label", ""))
        cases += len(recorder.get("cases") or {})
        for interaction in (recorder.get("interactions") or {}).values():
            status = ((interaction or {}).get("response") or {}).get("status_code")
            if status is None:
                classes["no answer"] += 1
                continue
            classes[f"{status // 100}xx" if status not in (401, 403, 404) else str(status)] += 1
            if status >= 500:
                failing[f"{recorder.get('label', '')} -> {status}"] += 1
    return {
        "operations": len(operations - {""}),
        "cases": cases,
        "answers": dict(sorted(classes.items())),
        "operations_with_5xx": len(failing),
        "failures": dict(failing),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schemathesis", default=shutil.which("schemathesis") or "schemathesis")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: SQLite)")
    parser.add_argument("--workers", type=int, default=1, help="tenko serve workers")
    parser.add_argument("--clients", type=int, default=2, help="schemathesis workers")
    parser.add_argument("--examples", type=int, default=10, help="test cases per operation and phase")
    parser.add_argument("--phases", default="examples,coverage,fuzzing")
    parser.add_argument("--roles", default="admin,artist")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shots", type=int, default=20)
    parser.add_argument("--assets", type=int, default=10)
    parser.add_argument("--task-types", type=int, default=4)
    parser.add_argument("--episodes", type=int, default=1)
    parser.add_argument("--report-dir", type=Path, default=Path("fuzz-report"))
    parser.add_argument("--only", help="a regular expression: fuzz only the paths it matches")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    args.report_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tenko-fuzz-") as tmp:
        data_dir = Path(tmp) / "data"
        server, base = start_server(args, data_dir)
        try:
            project = asyncio.run(seed(args, data_dir))
            root = base.removesuffix("/api")
            admin_token = log_in(base, "admin@example.com", PASSWORD)
            headers = {"Authorization": f"Bearer {admin_token}"}
            with httpx.Client(base_url=base, headers=headers, timeout=120) as admin:
                artist_token = enrich(base, admin, project)
                spec = admin.get("/openapi.json").raise_for_status().json()
                people = {
                    httpx.get(f"{base}/auth/authenticated", headers={"Authorization": f"Bearer {token}"}).json()[
                        "user"
                    ]["id"]
                    for token in (admin_token, artist_token)
                }
                ids = collect_ids(admin, spec, people)
            ids_file = args.report_dir / "ids.json"
            ids_file.write_text(json.dumps(ids, indent=1))
            os.environ["TENKO_FUZZ_IDS"] = str(ids_file.resolve())
            tokens = {"admin": admin_token, "artist": artist_token}
            results = []
            for role in args.roles.split(","):
                for deletes in (False, True):
                    label = f"{role}-{'delete' if deletes else 'other'}"
                    results.append(run_schemathesis(args, root, tokens[role], label, deletes))
                    print(json.dumps(results[-1]), flush=True)
        finally:
            server.terminate()
            server.wait(30)
    summary = {
        "backend": "postgresql" if args.database_url else "sqlite",
        "examples": args.examples,
        "phases": args.phases,
        "runs": results,
    }
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
