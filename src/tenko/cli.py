"""The ``tenko`` command: serve the API and manage its database."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from tenko import __version__
from tenko.core.startup import READY_PREFIX

READY_LINE = f"{READY_PREFIX} <pid> ready"

if TYPE_CHECKING:
    from tenko.core.db import Database
    from tenko.settings import Settings

# Heavy modules (models, SQLAlchemy, Alembic) are imported inside the commands: every worker of
# `tenko serve --workers N` re-imports this module before it answers the supervisor's first
# health check, so what this module imports at the top is start-up time of every worker.

app = typer.Typer(help="tenko: a fast server for the Kitsu production-tracking API.", no_args_is_help=True)
# soft_wrap: never break a URL or a password across lines, whatever the terminal width
console = Console(soft_wrap=True)
DEFAULT_ADMIN_EMAIL = "admin@example.com"


def _with_database(work: Callable[[Database, Settings], Awaitable[Any]]) -> Any:
    from tenko.core.db import Database
    from tenko.settings import Settings

    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)

    async def run() -> Any:
        database = Database(settings.sqlalchemy_url)
        try:
            return await work(database, settings)
        finally:
            await database.dispose()

    return asyncio.run(run())


async def _upgrade(database: Database, _: Settings) -> None:
    from tenko.core.migrate import upgrade

    await upgrade(database.engine)


async def _init_data(database: Database, _: Settings) -> int:
    from tenko.basedata import load_base_data
    from tenko.core.migrate import upgrade

    await upgrade(database.engine)
    async with database.sessionmaker.begin() as session:
        return await load_base_data(session)


async def prepare(database: Database, settings: Settings) -> str | None:
    """Schema, base data and a first admin: everything ``serve`` needs on an empty data directory.

    It runs once, in the parent process, before any worker starts (workers never migrate).
    """
    from tenko.basedata import count_people, generate_password, load_base_data, upsert_admin
    from tenko.core.migrate import upgrade

    await upgrade(database.engine)
    async with database.sessionmaker.begin() as session:
        await load_base_data(session)
        if await count_people(session) == 0:
            password = settings.admin_password or generate_password()
            await upsert_admin(session, DEFAULT_ADMIN_EMAIL, password, settings.bcrypt_rounds)
            return password if not settings.admin_password else None
    return None


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
    workers: Annotated[int, typer.Option(help="Worker processes (use PostgreSQL for more than one).")] = 1,
    worker_timeout: Annotated[
        int | None,
        typer.Option(
            help="Seconds a worker may take to start or to answer the supervisor's health check before it is "
            "replaced [default: TENKO_WORKER_TIMEOUT, else 120].",
            min=1,
        ),
    ] = None,
) -> None:
    """Prepare the database if needed (schema, base data, first admin) and serve the API."""
    import uvicorn
    from uvicorn.config import STARTUP_FAILURE

    from tenko.settings import Settings

    settings = Settings()
    generated = _with_database(prepare)
    # Create the generated key now: workers starting together must not each write their own.
    settings.resolved_secret_key()
    if generated:
        console.print(f"[bold]Admin account created:[/] {DEFAULT_ADMIN_EMAIL} / password [bold]{generated}[/]")
        console.print("(shown once: set TENKO_ADMIN_PASSWORD to choose it, or use `tenko create-admin`)")
    console.print(f"tenko {__version__}: API on http://{host}:{port}/api  —  docs on http://{host}:{port}/api/docs")
    if settings.database_url is None and settings.db_host is None and workers > 1:
        console.print("[yellow]Several workers on SQLite serialise their writes; prefer PostgreSQL.[/]")
    console.print(f"Each worker prints '{READY_LINE}' once it serves.")
    os.environ.setdefault("TENKO_DATA_DIR", str(settings.data_dir))
    options: dict[str, Any] = {
        "factory": True,
        "host": host,
        "port": port,
        "workers": workers,
        "log_level": "warning",
        "access_log": False,
        # the client address is the socket peer unless TENKO_TRUSTED_PROXIES names the proxies
        # (the app then reads X-Forwarded-For itself): uvicorn must not believe it on its own
        "proxy_headers": False,
        # uvicorn's default (5 s) replaced workers a loaded machine had not finished starting, in a loop
        "timeout_worker_healthcheck": worker_timeout or settings.worker_timeout,
    }
    if workers > 1:
        uvicorn.run("tenko.app:app_factory", **options)
        return
    # One worker: the socket listens before the app loads (as uvicorn does for several workers),
    # so a client that connects once the ready line is out is never refused.
    config = uvicorn.Config("tenko.app:app_factory", **options)
    socket = config.bind_socket()
    server = uvicorn.Server(config)
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[socket])
    if not server.started:
        sys.exit(STARTUP_FAILURE)


@app.command("init-db")
def init_db() -> None:
    """Create the schema of an empty database (same as upgrade-db)."""
    _with_database(_upgrade)
    console.print("Database schema is up to date.")


@app.command("upgrade-db")
def upgrade_db() -> None:
    """Apply the pending schema migrations."""
    _with_database(_upgrade)
    console.print("Database schema is up to date.")


@app.command("init-data")
def init_data() -> None:
    """Load the base data: task statuses, task types, asset and entity types, project statuses."""
    created = _with_database(_init_data)
    console.print(f"Base data loaded ({created} rows created).")


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Argument(help="E-mail of the admin.")],
    password: Annotated[str, typer.Option("--password", help="Password to set.", prompt=True, hide_input=True)],
) -> None:
    """Create an admin, or reset the password (and admin role) of the person with this e-mail."""
    from tenko.auth.passwords import password_problem
    from tenko.domains.accounts.service import unlock_login

    problem = password_problem(password)
    if problem:
        console.print(f"[red]{problem}[/]")
        raise typer.Exit(1)

    async def work(database: Database, settings: Settings) -> bool:
        from tenko.basedata import load_base_data, upsert_admin
        from tenko.core.migrate import upgrade

        await upgrade(database.engine)
        async with database.sessionmaker.begin() as session:
            await load_base_data(session)
            created = await upsert_admin(session, email, password, settings.bcrypt_rounds)
            await unlock_login(session, email)  # a new password: the failed logins no longer count
            return created

    created = _with_database(work)
    console.print(f"Admin {email} {'created' if created else 'updated'}.")


@app.command()
def unlock(email: Annotated[str, typer.Argument(help="E-mail (or desktop login) of the person.")]) -> None:
    """Lift the login limits of a person's account, in every worker.

    The way back in when someone's failed logins keep the account locked: its windows (per
    account, and per account and address) start again; the limit of each client address stays.
    """
    from tenko.domains.accounts.service import unlock_login

    async def work(database: Database, _: Settings) -> bool:
        async with database.sessionmaker.begin() as session:
            return await unlock_login(session, email)

    if not _with_database(work):
        console.print(f"[red]Nobody logs in as {email}.[/]")
        raise typer.Exit(1)
    console.print(f"Login limits of {email} lifted.")


@app.command()
def version() -> None:
    """Print the version."""
    console.print(__version__)


def main() -> None:
    app(prog_name="tenko")  # also under `python -m tenko`
