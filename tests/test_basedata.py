"""The base data is the reference's: scripts name these records (gazu's ``get_asset_type_by_name``,
``get_task_status_by_short_name``, ``get_department_by_name``...)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import async_sessionmaker

from tenko.basedata import load_base_data
from tenko.core.db import make_engine
from tenko.core.migrate import upgrade
from tenko.core.model import table_of
from tenko.core.types import new_id
from tenko.domains.studio.models import Department, EntityType, Organisation, TaskType
from tests.support import Api

BASE_TABLES: dict[str, Any] = {
    "entity_type": EntityType,
    "department": Department,
    "task_type": TaskType,
    "organisation": Organisation,
}
BREAKDOWN = {"Episode", "Sequence", "Shot", "Edit", "Concept", "Scene", "ConceptFolder"}


async def test_task_statuses_in_the_reference_order(admin: Api) -> None:
    """The web app shows statuses in the order the reference lists them."""
    statuses = await admin.ok("GET", "/data/task-status")
    short_names = [row["short_name"] for row in statuses]
    expected = ["todo", "wip", "wfa", "retake", "done", "ready", "neutral", "approved", "rejected"]
    assert short_names[: len(expected)] == expected
    concept = {row["short_name"] for row in statuses if row["for_concept"]}
    assert concept == {"neutral", "approved", "rejected"}


async def test_asset_types_departments_and_task_types(tmp_path: Path) -> None:
    """On a new studio (a database of its own: other tests reshape the shared one's task types)."""
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'new.db'}")
    try:
        await upgrade(engine)
        async with async_sessionmaker(engine).begin() as session:
            await load_base_data(session)
        async with async_sessionmaker(engine)() as session:
            tables = {name: table_of(model) for name, model in BASE_TABLES.items()}
            rows = {
                name: [dict(row) for row in (await session.execute(select(table))).mappings()]
                for name, table in tables.items()
            }
    finally:
        await engine.dispose()
    asset_types = {row["name"] for row in rows["entity_type"]} - BREAKDOWN
    assert {"Character", "Prop", "Environment", "FX"} <= asset_types
    assert not {"Characters", "Props"} & asset_types
    departments = {row["name"]: row["id"] for row in rows["department"]}
    assert {"Modeling", "Animation", "FX", "Compositing", "Concept", "Layout"} <= set(departments)
    task_types = rows["task_type"]
    by_key = {(row["name"], row["for_entity"]): row for row in task_types}
    assert by_key[("Modeling", "Asset")]["department_id"] == departments["Modeling"]
    assert by_key[("Rigging", "Asset")]["department_id"] == departments["Animation"]
    assert by_key[("Lighting", "Shot")]["department_id"] == departments["Compositing"]
    assert by_key[("Concept", "Concept")]["department_id"] is None
    assert all(by_key[key]["short_name"] == "" for key in (("Modeling", "Asset"), ("Animation", "Shot")))
    entity_types = {row["name"] for row in rows["entity_type"]}
    assert {"Episode", "Sequence", "Shot", "Edit", "Concept", "Scene", "ConceptFolder"} <= entity_types
    assert [row["name"] for row in rows["organisation"]] == ["Kitsu"]


async def test_an_existing_studio_keeps_what_it_has(tmp_path: Path) -> None:
    """A database made by an earlier tenko (asset types "Characters"/"Props", no departments, the
    folder type "Concept Folder") keeps its asset types and departments; the folder type takes its
    reference name, since the concept folder routes find it by that name."""
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    try:
        await upgrade(engine)
        sessions = async_sessionmaker(engine)
        types, departments = table_of(EntityType), table_of(Department)
        async with sessions.begin() as session:
            for name in ("Characters", "Props", "Concept Folder"):
                await session.execute(insert(types).values(id=new_id(), name=name))
            await session.execute(insert(departments).values(id=new_id(), name="Lookdev", color="#000000"))
        async with sessions.begin() as session:
            await load_base_data(session)
        async with sessions() as session:
            names = set((await session.execute(select(types.c.name))).scalars())
            kept = set((await session.execute(select(departments.c.name))).scalars())
        assert {"Characters", "Props", "ConceptFolder"} <= names
        assert not {"Character", "Prop", "Concept Folder"} & names
        assert kept == {"Lookdev"}
    finally:
        await engine.dispose()
