"""The reference server's own ``zou sync-full`` pulls a whole tenko production; does it arrive intact?

    python bench/sync_full.py                          # tenko on SQLite, in a temporary data dir
    python bench/sync_full.py --backend postgresql     # tenko on a scratch PostgreSQL database
    python bench/sync_full.py --access-log /tmp/sync-requests.log --keep

Steps, each printed as it runs:

1. ``tenko serve`` on a free port (SQLite in a temporary directory, or a scratch PostgreSQL
   database created here and dropped at the end);
2. a production seeded through the API with gazu, as a pipeline script would: persons with
   known passwords (artists, a supervisor), a TV show with its team, asset types and task
   types, assets (cast in the shots), episodes > sequences > shots (frames and custom data),
   a task per entity and task type (a third unassigned, the others with one or two
   assignees), comments moving tasks through statuses, time spents;
3. a scratch database of the reference (``zou init-db``, with ``DB_DATABASE`` pointing to it:
   the reference's own database is never touched). Not ``zou init-data``: its base data gets
   new ids under the names the source's base data has, and the sync's inserts collide with
   them (unique names) whatever the source is: ``--init-data`` shows it;
4. ``zou sync-full --source http://127.0.0.1:<port>/api`` with tenko's admin as
   ``SYNC_LOGIN`` / ``SYNC_PASSWORD``;
5. row by row, the production in tenko's database against what arrived in the reference's
   (the same tables and column names): projects, their team, asset and task types,
   entities (assets, episodes, sequences, shots), casting, tasks, assignations, comments,
   time spents, persons; and every mirrored person's password hash must accept the
   password they log in to tenko with (bcrypt, as the reference checks it at login).

Prints a table (rows expected / found / differing per table), writes JSON with ``--json``,
and exits 1 when anything is missing or differs, 2 when ``sync-full`` itself fails.
The reference is a black box here: only its command line is run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sync_seed import Production, seed_production  # noqa: E402
from bench.sync_tables import compare  # noqa: E402

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "sync-admin-password"
ZOU = Path("/root/reference-zou/venv/bin/zou")


@dataclass
class Postgres:
    """Where the scratch databases are created (trust authentication)."""

    host: str
    port: int
    user: str

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"

    async def _admin(self, statement: str) -> None:
        import asyncpg

        connection = await asyncpg.connect(self.url("postgres"))
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    @contextlib.contextmanager
    def scratch(self, prefix: str, keep: bool) -> Iterator[str]:
        """A new empty database, dropped afterwards unless ``keep``."""
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        asyncio.run(self._admin(f'CREATE DATABASE "{name}"'))
        try:
            yield name
        finally:
            if keep:
                print(f"kept database {name}", file=sys.stderr)
            else:
                asyncio.run(self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: ``tenko serve`` with uvicorn's access log on (stdout): which requests ``sync-full`` sends
_LOGGED_SERVE = (
    "import sys, uvicorn; from tenko import cli; run = uvicorn.run; "
    "uvicorn.run = lambda *a, **k: run(*a, **{**k, 'access_log': True, 'log_level': 'info'}); "
    "sys.argv = ['tenko', *sys.argv[1:]]; cli.main()"
)


@contextlib.contextmanager
def tenko_server(data_dir: Path, database_url: str | None, access_log: Path | None) -> Iterator[str]:
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TENKO_", "DB_", "DATABASE_URL", "SECRET_KEY", "REDIS_URL"))
    }
    env.update(TENKO_DATA_DIR=str(data_dir), TENKO_ADMIN_PASSWORD=ADMIN_PASSWORD, PYTHONUNBUFFERED="1")
    if database_url:
        env["DATABASE_URL"] = database_url
    arguments = ["serve", "--port", str(port)]
    command = (
        [sys.executable, "-c", _LOGGED_SERVE, *arguments] if access_log else [sys.executable, "-m", "tenko", *arguments]
    )
    output = access_log.open("w") if access_log else subprocess.DEVNULL
    server = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT, cwd=data_dir)
    base = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(600):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/", timeout=1).status_code == 200:
                    break
            if server.poll() is not None:
                raise SystemExit("tenko serve exited")
            time.sleep(0.2)
        else:
            raise SystemExit("tenko serve did not start")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if access_log:
            output.close()  # type: ignore[union-attr]


def zou_environment(postgres: Postgres, database: str, work: Path) -> dict[str, str]:
    """A clean environment holding only the reference's settings, on the scratch database."""
    for folder in ("previews", "tmp", "plugins"):
        (work / folder).mkdir(exist_ok=True)
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(work),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "DB_HOST": postgres.host,
        "DB_PORT": str(postgres.port),
        "DB_USERNAME": postgres.user,
        "DB_PASSWORD": "",
        "DB_DATABASE": database,
        "SECRET_KEY": uuid.uuid4().hex,
        "PREVIEW_FOLDER": str(work / "previews"),
        "TMP_DIR": str(work / "tmp"),
        "PLUGIN_FOLDER": str(work / "plugins"),
        # a folder that does not exist: the reference imports event handlers from it
        "EVENT_HANDLERS_FOLDER": str(work / "no-event-handlers"),
        "MAIL_ENABLED": "false",
        # a port nobody listens on: the mirror stays away from the running reference's Redis
        "KV_HOST": "127.0.0.1",
        "KV_PORT": str(free_port()),
    }


def run_zou(zou: Path, arguments: list[str], env: dict[str, str], cwd: Path, log: Path) -> tuple[int, float]:
    """Run the reference's command line; its output goes to ``log``. The exit code and seconds."""
    start = time.perf_counter()
    with log.open("a") as output:
        output.write(f"$ zou {' '.join(arguments)}\n")
        output.flush()
        done = subprocess.run([str(zou), *arguments], env=env, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
    return done.returncode, time.perf_counter() - start


def logged_errors(log: Path, start: int) -> list[str]:
    """The error lines the reference's command wrote from ``start`` on (one per traceback)."""
    with log.open("rb") as output:
        output.seek(start)
        lines = output.read().decode(errors="replace").splitlines()
    return [line for line in lines if line and not line[0].isspace() and ("Error" in line or "Exception" in line)]


def last_lines(path: Path, count: int = 25) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-count:])


def table(results: dict[str, Any]) -> str:
    lines = ["| table | expected | found | missing | differing |", "|---|---:|---:|---:|---:|"]
    for row in results["tables"]:
        lines.append(f"| {row['table']} | {row['expected']} | {row['found']} | {row['missing']} | {row['differing']} |")
    return "\n".join(lines)


def mirror(args: argparse.Namespace, postgres: Postgres, base: str, tenko_url: str, work: Path) -> dict[str, Any]:
    step("seeding the production through the API (gazu)")
    start = time.perf_counter()
    production: Production = seed_production(base, ADMIN_EMAIL, ADMIN_PASSWORD, args.sequences, args.shots, args.assets)
    results: dict[str, Any] = {"seed_s": time.perf_counter() - start, "seeded": production.counts}
    step(f"seeded {production.counts} in {results['seed_s']:.1f}s")
    log = work / "zou.log"
    with postgres.scratch("zou_sync_scratch", args.keep) as database:
        env = zou_environment(postgres, database, work)
        # init-data would create base data (task types, statuses, departments...) under new ids whose
        # names collide with the source's: the reference's own sync from another reference fails
        # the same way on such a target, so it mirrors into a bare schema.
        for command in (["init-db"], ["init-data"]) if args.init_data else (["init-db"],):
            step(f"zou {command[0]} on the scratch database {database}")
            code, _ = run_zou(args.zou, command, env, work, log)
            if code:
                raise SystemExit(f"zou {command[0]} failed ({code}):\n{last_lines(log)}")
        step(f"zou sync-full --source {base}")
        sync_env = {**env, "SYNC_LOGIN": ADMIN_EMAIL, "SYNC_PASSWORD": ADMIN_PASSWORD}
        logged = args.access_log.stat().st_size if args.access_log else 0
        before = log.stat().st_size
        code, seconds = run_zou(args.zou, ["sync-full", "--source", base], sync_env, work, log)
        if args.access_log:  # the requests of the sync alone, beside the whole log
            with args.access_log.open("rb") as whole:
                whole.seek(logged)
                args.access_log.with_suffix(".sync.log").write_bytes(whole.read())
        results["sync_full_s"] = seconds
        results["sync_full_exit"] = code
        step(f"sync-full exited {code} after {seconds:.1f}s")
        if code:
            print(last_lines(log), file=sys.stderr)
        step("comparing tenko's database with the reference's, row by row")
        results.update(asyncio.run(compare(tenko_url, postgres.url(database), production)))
        # the sync logs a record it fails to write and goes on: each one is a loss, compared or not
        errors = logged_errors(log, before)
        results["sync_full_errors"] = len(errors)
        results["problems"].extend(f"sync-full logged: {line}" for line in errors[:10])
    if args.keep:
        results["log"] = str(log)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite", help="tenko's database")
    parser.add_argument("--zou", type=Path, default=ZOU, help="the reference's command line")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-user", default="postgres")
    # the defaults make every list the sync reads page by page span several pages
    parser.add_argument("--sequences", type=int, default=3, help="sequences in each of the 2 episodes")
    parser.add_argument("--shots", type=int, default=8, help="shots per sequence")
    parser.add_argument("--assets", type=int, default=12)
    parser.add_argument("--init-data", action="store_true", help="also run zou init-data before the sync")
    parser.add_argument(
        "--access-log", type=Path, help="write tenko's access log here (the sync's requests: also in *.sync.log)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases and the work directory")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not args.zou.exists():
        raise SystemExit(f"{args.zou}: the reference's command line is not installed (see ../shared/reference/zou)")
    postgres = Postgres(args.pg_host, args.pg_port, args.pg_user)
    work = Path(tempfile.mkdtemp(prefix="tenko-sync-full-"))
    try:
        with contextlib.ExitStack() as stack:
            tenko_url = f"sqlite+aiosqlite:///{work / 'tenko.db'}"
            if args.backend == "postgresql":
                tenko_db = stack.enter_context(postgres.scratch("tenko_sync_scratch", args.keep))
                tenko_url = f"postgresql+asyncpg://{args.pg_user}@{args.pg_host}:{args.pg_port}/{tenko_db}"
            step(f"tenko serve on {args.backend}")
            base = stack.enter_context(
                tenko_server(work, tenko_url if args.backend == "postgresql" else None, args.access_log)
            )
            results = mirror(args, postgres, base, tenko_url, work)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            import shutil

            shutil.rmtree(work, ignore_errors=True)
    results["backend"] = args.backend
    print(table(results))
    for problem in results["problems"][:40]:
        print(f"- {problem}")
    if len(results["problems"]) > 40:
        print(f"- ... and {len(results['problems']) - 40} more")
    print(
        f"sync-full: exit {results['sync_full_exit']} in {results['sync_full_s']:.1f}s, "
        f"{results['sync_full_errors']} errors logged; {results['passwords_checked']} passwords checked"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    if results["sync_full_exit"]:
        raise SystemExit(2)
    if results["problems"]:
        raise SystemExit(1)
    print("the whole production arrived intact")


if __name__ == "__main__":
    main()
