"""The ``tenko`` command, run as a real process: help, database commands, first run, settings, docs."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest

from tenko import __version__
from tenko.auth.passwords import verify_password
from tenko.settings import Settings
from tests.conftest import BACKENDS
from tests.e2e.conftest import clean_environment, postgres_database, run_async, run_cli, serve

COMMANDS = {
    "serve": "Prepare the database if needed (schema, base data, first admin) and serve the API.",
    "init-db": "Create the schema of an empty database (same as upgrade-db).",
    "upgrade-db": "Apply the pending schema migrations.",
    "init-data": "Load the base data: task statuses, task types, asset and entity types, project statuses.",
    "create-admin": "Create an admin, or reset the password (and admin role) of the person with this e-mail.",
    "unlock": "Lift the login limits of a person's account, in every worker.",
    "version": "Print the version.",
}
GENERATED = re.compile(r"Admin account created: admin@example\.com / password (\S+)")


def login(root: str, email: str, password: str) -> httpx.Response:
    return httpx.post(f"{root}/api/auth/login", json={"email": email, "password": password}, timeout=10)


def count(database: Path, sql: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute(sql).fetchone()[0])


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment with an empty data directory and no other tenko setting."""
    return clean_environment(TENKO_DATA_DIR=str(tmp_path / "data"))


def test_help_lists_every_command_with_its_explanation(tmp_path: Path, env: dict[str, str]) -> None:
    # a wide terminal, so that each command's summary stays on its own line
    result = run_cli("--help", env={**env, "COLUMNS": "200"}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Usage: tenko " in result.stdout  # also under `python -m tenko`
    lines = result.stdout.splitlines()
    for command, explanation in COMMANDS.items():
        line = next((line for line in lines if re.match(rf"\W*{re.escape(command)}\s", line)), None)
        assert line is not None, f"{command} missing from --help:\n{result.stdout}"
        # the summary may be cut at the first period by click; its words must be on the command's line
        assert explanation.split(":")[0].rstrip(".") in line, f"{command}: {line!r}"

    serve_help = run_cli("serve", "--help", env=env, cwd=tmp_path)
    assert serve_help.returncode == 0, serve_help.stderr
    for option in ("--host", "--port", "--workers"):
        assert option in serve_help.stdout

    bare = run_cli(env=env, cwd=tmp_path)  # no command: the help, not a traceback
    assert "Usage" in bare.stdout + bare.stderr
    assert "Traceback" not in bare.stdout + bare.stderr
    assert run_cli("version", env=env, cwd=tmp_path).stdout.strip() == __version__


def test_init_db_and_init_data_are_idempotent(tmp_path: Path, env: dict[str, str]) -> None:
    database = Path(env["TENKO_DATA_DIR"]) / "tenko.db"
    result = run_cli("init-db", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert database.exists()
    assert count(database, "SELECT count(*) FROM task_status") == 0
    assert count(database, "SELECT count(*) FROM alembic_version") == 1

    first = run_cli("init-data", env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    statuses = count(database, "SELECT count(*) FROM task_status")
    types = count(database, "SELECT count(*) FROM task_type")
    assert statuses >= 5
    assert types > 0
    assert re.search(r"\(([1-9]\d*) rows created\)", first.stdout), first.stdout

    second = run_cli("init-data", env=env, cwd=tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "(0 rows created)" in second.stdout
    assert count(database, "SELECT count(*) FROM task_status") == statuses
    assert count(database, "SELECT count(*) FROM task_type") == types

    assert run_cli("upgrade-db", env=env, cwd=tmp_path).returncode == 0
    assert run_cli("init-db", env=env, cwd=tmp_path).returncode == 0  # on a built database: nothing to do
    assert count(database, "SELECT count(*) FROM task_status") == statuses


def test_create_admin_creates_then_updates(tmp_path: Path, env: dict[str, str]) -> None:
    database = Path(env["TENKO_DATA_DIR"]) / "tenko.db"
    email = "someone@example.com"
    created = run_cli("create-admin", email, "--password", "first-password", env=env, cwd=tmp_path)
    assert created.returncode == 0, created.stdout + created.stderr
    assert "created" in created.stdout

    updated = run_cli("create-admin", email, "--password", "second-password", env=env, cwd=tmp_path)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert "updated" in updated.stdout
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT password, role FROM person WHERE email = ?", (email,)).fetchall()
    assert len(rows) == 1
    hashed, role = rows[0]
    assert role == "admin"
    assert verify_password("second-password", hashed)
    assert not verify_password("first-password", hashed)

    too_short = run_cli("create-admin", "other@example.com", "--password", "abc", env=env, cwd=tmp_path)
    assert too_short.returncode != 0
    assert "too short" in (too_short.stdout + too_short.stderr).lower()
    assert count(database, "SELECT count(*) FROM person WHERE email = 'other@example.com'") == 0

    # a served instance lets the admin in with the new password only, and creates no other admin
    with serve(env, tmp_path) as served:
        assert "Admin account created" not in served.output()
        assert login(served.root, email, "second-password").status_code == 200
        assert login(served.root, email, "first-password").status_code == 400
    assert count(database, "SELECT count(*) FROM person") == 1


def test_first_serve_prints_a_generated_password_once_and_keeps_its_key(tmp_path: Path, env: dict[str, str]) -> None:
    data_dir = Path(env["TENKO_DATA_DIR"])
    assert "TENKO_ADMIN_PASSWORD" not in env and "SECRET_KEY" not in env
    # a narrow terminal must not break the password or the URLs across lines
    with serve({**env, "COLUMNS": "40"}, tmp_path) as served:
        found = GENERATED.findall(served.output())
        assert len(found) == 1, served.output()
        password = found[0]
        assert f"http://127.0.0.1:{served.port}/api" in served.output()
        assert f"http://127.0.0.1:{served.port}/api/docs" in served.output()
        response = login(served.root, "admin@example.com", password)
        assert response.status_code == 200, response.text
        token = response.json()["access_token"]
    key_file = data_dir / "secret_key"
    assert key_file.exists()
    key = key_file.read_text()
    assert len(key) >= 32
    assert key_file.stat().st_mode & 0o077 == 0  # readable by its owner only

    with serve(env, tmp_path) as served:
        assert "Admin account created" not in served.output()  # shown once
        assert key_file.read_text() == key  # reused, not regenerated
        headers = {"Authorization": f"Bearer {token}"}
        authenticated = httpx.get(f"{served.api}/auth/authenticated", headers=headers, timeout=10)
        assert authenticated.status_code == 200, authenticated.text  # the token survived the restart
        assert login(served.root, "admin@example.com", password).status_code == 200


def test_admin_password_from_the_environment_is_not_printed(tmp_path: Path, env: dict[str, str]) -> None:
    env = {**env, "TENKO_ADMIN_PASSWORD": "chosen-password"}
    with serve(env, tmp_path) as served:
        assert "chosen-password" not in served.output()
        assert not GENERATED.search(served.output())
        assert login(served.root, "admin@example.com", "chosen-password").status_code == 200


def test_secret_key_from_the_environment_is_used(tmp_path: Path, env: dict[str, str]) -> None:
    env = {**env, "SECRET_KEY": "a-secret-key-of-the-studio-long-enough-for-hs256", "TENKO_ADMIN_PASSWORD": "pw-12345"}
    with serve(env, tmp_path) as served:
        token = login(served.root, "admin@example.com", "pw-12345").json()["access_token"]
    assert not (Path(env["TENKO_DATA_DIR"]) / "secret_key").exists()
    with serve({**env, "SECRET_KEY": "another-key-of-the-studio-long-enough-for-hs256"}, tmp_path) as served:
        headers = {"Authorization": f"Bearer {token}"}
        assert httpx.get(f"{served.api}/auth/authenticated", headers=headers, timeout=10).status_code == 401


def test_db_variables_select_postgresql() -> None:
    values = {"DB_HOST": "db.studio", "DB_PORT": "5433", "DB_USERNAME": "zou", "DB_PASSWORD": "pw"}
    settings = Settings(**values, DB_DATABASE="kitsu")  # type: ignore[arg-type]
    assert settings.sqlalchemy_url == "postgresql+asyncpg://zou:pw@db.studio:5433/kitsu"
    overridden = Settings(**values, DATABASE_URL="postgresql://a:b@elsewhere/x")  # type: ignore[arg-type]
    assert overridden.sqlalchemy_url == "postgresql+asyncpg://a:b@elsewhere/x"
    assert Settings(TENKO_DATA_DIR="/srv/tenko").sqlalchemy_url == "sqlite+aiosqlite:////srv/tenko/tenko.db"


@pytest.mark.skipif("postgresql" not in BACKENDS, reason="PostgreSQL is not among TENKO_TEST_BACKENDS")
def test_db_variables_reach_postgresql(tmp_path: Path, env: dict[str, str]) -> None:
    with postgres_database() as url:
        parts = urlsplit(url)
        assert parts.hostname and parts.username
        db_env = {
            **env,
            "DB_HOST": parts.hostname,
            "DB_PORT": str(parts.port or 5432),
            "DB_USERNAME": parts.username,
            "DB_DATABASE": parts.path.lstrip("/"),
        }
        result = run_cli("init-data", env=db_env, cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr

        async def statuses() -> int:
            connection = await asyncpg.connect(url)
            try:
                return int(await connection.fetchval("SELECT count(*) FROM task_status"))
            finally:
                await connection.close()

        assert run_async(statuses()) >= 5
        assert not (Path(env["TENKO_DATA_DIR"]) / "tenko.db").exists()  # nothing went to SQLite


def test_offline_docs_and_openapi(tmp_path: Path, env: dict[str, str]) -> None:
    with serve({**env, "TENKO_ADMIN_PASSWORD": "pw-12345"}, tmp_path) as served:
        page = httpx.get(f"{served.api}/docs", timeout=10)
        assert page.status_code == 200
        assert "text/html" in page.headers["content-type"]
        assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
        assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets), assets
        for asset in assets:
            assert asset.startswith("/api/docs-static/"), f"{asset} is not served locally"
            response = httpx.get(f"{served.root}{asset}", timeout=10)
            assert response.status_code == 200, asset
            assert response.content
        assert "cdn" not in page.text.lower()
        assert "'/api/openapi.json'" in page.text or '"/api/openapi.json"' in page.text

        response = httpx.get(f"{served.api}/openapi.json", timeout=10)
        assert response.status_code == 200
        document = json.loads(response.text)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] and document["info"]["version"]
    paths = document["paths"]
    for path in (
        "/api/",
        "/api/auth/login",
        "/api/auth/logout",
        "/api/data/projects",
        "/api/data/projects/{instance_id}",
    ):
        assert path in paths, path
    for path, operations in paths.items():
        assert path.startswith("/api/"), path
        for method, operation in operations.items():
            assert operation.get("responses"), f"{method} {path} has no responses"
            assert operation.get("summary"), f"{method} {path} has no summary"
