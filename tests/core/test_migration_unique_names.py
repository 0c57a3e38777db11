"""Migration 0002 upgrades a database holding data, duplicates included, on each backend.

The duplicates are what racing requests could store before it: names equal but for case, or
under no parent, and asset instances sharing a number. The upgrade keeps every row, renames or
renumbers the later ones (logging each), and then refuses new duplicates.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from tenko.basedata import load_base_data
from tenko.core.db import Database
from tenko.core.migrate import current_revision, head_revision, upgrade
from tenko.core.model import Base
from tests.conftest import PG_HOST, PG_PORT, PG_USER, _pg_admin

TABLES = Base.metadata.tables
ENTITY, INSTANCE, PROJECT, ENTITY_TYPE = (
    TABLES[name] for name in ("entity", "asset_instance", "project", "entity_type")
)


@pytest.fixture
async def fresh_engine(backend: str, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """An empty database of the backend, of its own."""
    name = f"tenko_migration_{uuid.uuid4().hex[:10]}"
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'migration.db'}"
    else:
        await _pg_admin(f'CREATE DATABASE "{name}"')
        url = f"postgresql+asyncpg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    database = Database(url)
    yield database.engine
    await database.dispose()
    if backend != "sqlite":
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def entity(project: uuid.UUID, type_id: uuid.UUID, name: str, age: int, parent: uuid.UUID | None = None) -> Any:
    created = dt.datetime(2024, 1, 1) + dt.timedelta(minutes=age)
    values = {"project_id": project, "entity_type_id": type_id, "parent_id": parent, "created_at": created}
    return {"id": uuid.uuid4(), "name": name, "status": "running", "is_shared": False, **values}


async def load(engine: AsyncEngine) -> dict[str, Any]:
    """Base data, two projects, entities and instances with the duplicates of the docstring."""
    async with async_sessionmaker(engine).begin() as session:
        await load_base_data(session)
    async with engine.begin() as connection:
        types = dict((await connection.execute(select(ENTITY_TYPE.c.name, ENTITY_TYPE.c.id))).all())
        project, other = uuid.uuid4(), uuid.uuid4()
        await connection.execute(insert(PROJECT), [{"id": project, "name": "p"}, {"id": other, "name": "q"}])
        props, episode_type = types["Prop"], types["Episode"]
        rows = {
            "Tree": entity(project, props, "Tree", 0),
            "tree": entity(project, props, "tree", 1),
            "TREE": entity(project, props, "TREE", 2),
            "Tree (2)": entity(project, props, "Tree (2)", 3),
            "other Tree": entity(other, props, "Tree", 4),
            "E01": entity(project, episode_type, "E01", 5),
            "E01 again": entity(project, episode_type, "E01", 6),
        }
        sequence = types["Sequence"]
        rows["SQ"] = entity(project, sequence, "SQ", 7, parent=rows["E01"]["id"])
        rows["sq"] = entity(project, sequence, "sq", 8, parent=rows["E01"]["id"])
        rows["scene"] = entity(project, types["Scene"], "SC", 9, parent=rows["SQ"]["id"])
        await connection.execute(insert(ENTITY), list(rows.values()))
        asset, scene = rows["Tree"]["id"], rows["scene"]["id"]
        instances = [
            {
                "id": uuid.uuid4(),
                "asset_id": asset,
                "scene_id": scene,
                "number": number,
                "created_at": dt.datetime(2024, 1, 1, 0, age),
            }
            for age, number in enumerate((1, 1, 2))
        ]
        await connection.execute(insert(INSTANCE), instances)
    return {"rows": rows, "instances": instances, "project": project, "props": props}


async def names(engine: AsyncEngine) -> dict[uuid.UUID, str]:
    async with engine.connect() as connection:
        return dict((await connection.execute(select(ENTITY.c.id, ENTITY.c.name))).all())


async def test_upgrade_renames_duplicates_and_then_refuses_them(
    fresh_engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    await upgrade(fresh_engine, "0001")
    data = await load(fresh_engine)
    rows = data["rows"]
    with caplog.at_level(logging.WARNING, logger="tenko.migrations"):
        await upgrade(fresh_engine)
    assert await current_revision(fresh_engine) == head_revision()
    stored = await names(fresh_engine)
    renamed = {key: stored[row["id"]] for key, row in rows.items()}
    assert renamed == {
        "Tree": "Tree",  # the oldest keeps its name
        "tree": "tree (3)",  # "(2)" is another asset's name
        "TREE": "TREE (4)",
        "Tree (2)": "Tree (2)",
        "other Tree": "Tree",  # another project
        "E01": "E01",
        "E01 again": "E01 (2)",  # episodes have no parent: NULL parents are one parent
        "SQ": "SQ",
        "sq": "sq (2)",
        "scene": "SC",
    }
    async with fresh_engine.connect() as connection:
        numbers = dict((await connection.execute(select(INSTANCE.c.id, INSTANCE.c.number))).all())
    assert [numbers[instance["id"]] for instance in data["instances"]] == [1, 3, 2]
    assert caplog.text.count("renamed") == 4 and caplog.text.count("renumbered") == 1
    for duplicate in (
        entity(data["project"], data["props"], "tReE", 10),
        entity(data["project"], data["props"], "Tree (3)", 11),
    ):
        with pytest.raises(IntegrityError):
            async with fresh_engine.begin() as connection:
                await connection.execute(insert(ENTITY).values(**duplicate))
    place = {"asset_id": rows["Tree"]["id"], "scene_id": rows["scene"]["id"]}
    with pytest.raises(IntegrityError):
        async with fresh_engine.begin() as connection:
            await connection.execute(insert(INSTANCE).values(id=uuid.uuid4(), number=2, **place))
    async with fresh_engine.begin() as connection:
        await connection.execute(insert(INSTANCE).values(id=uuid.uuid4(), number=4, **place))


async def test_upgrade_without_duplicates_changes_no_row(
    fresh_engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    await upgrade(fresh_engine, "0001")
    data = await load(fresh_engine)
    async with fresh_engine.begin() as connection:  # the duplicates of ``load`` removed
        doubles = [data["rows"][key]["id"] for key in ("tree", "TREE", "E01 again", "sq")]
        await connection.execute(ENTITY.delete().where(ENTITY.c.id.in_(doubles)))
        await connection.execute(INSTANCE.delete().where(INSTANCE.c.id == data["instances"][1]["id"]))
    before = await names(fresh_engine)
    with caplog.at_level(logging.WARNING, logger="tenko.migrations"):
        await upgrade(fresh_engine)
    assert await names(fresh_engine) == before and "tenko.migrations" not in caplog.text
