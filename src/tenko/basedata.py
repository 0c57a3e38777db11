"""The data a new installation starts with (idempotent: existing rows are left alone)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.passwords import hash_password
from tenko.core.model import table_of
from tenko.core.types import new_id, utc_now
from tenko.domains.people.models import Person
from tenko.domains.projects.models import ProjectStatus
from tenko.domains.studio.models import Department, EntityType, FileStatus, Organisation, TaskStatus, TaskType

# The reference's base data, in the reference's order (lists show base records in creation
# order, and scripts name these records). Departures, on purpose: artists may not set Retake or
# Done nor clients the working statuses, and statuses keep distinct priorities (docs/compatibility.md).
PROJECT_STATUSES = [{"name": "Open", "color": "#000000"}, {"name": "Closed", "color": "#000000"}]
TASK_STATUSES: list[dict[str, Any]] = [
    {"name": "Todo", "short_name": "todo", "color": "#f5f5f5", "is_default": True, "priority": 1},
    {
        "name": "Work In Progress",
        "short_name": "wip",
        "color": "#3273dc",
        "is_wip": True,
        "priority": 3,
        "is_client_allowed": False,
    },
    {
        "name": "Waiting For Approval",
        "short_name": "wfa",
        "color": "#ab26ff",
        "is_feedback_request": True,
        "priority": 4,
        "is_client_allowed": False,
    },
    {
        "name": "Retake",
        "short_name": "retake",
        "color": "#ff3860",
        "is_retake": True,
        "is_artist_allowed": False,
        "priority": 5,
    },
    {
        "name": "Done",
        "short_name": "done",
        "color": "#22d160",
        "is_done": True,
        "is_artist_allowed": False,
        "priority": 6,
    },
    {"name": "Ready To Start", "short_name": "ready", "color": "#fbc02d", "priority": 2, "is_client_allowed": False},
    # the statuses of concepts
    {"name": "Neutral", "short_name": "neutral", "color": "#CCCCCC", "is_default": True, "for_concept": True},
    {"name": "Approved", "short_name": "approved", "color": "#66BB6A", "for_concept": True},
    {"name": "Rejected", "short_name": "rejected", "color": "#E81123", "for_concept": True},
]
# (name, color) of each department, and the department of each task type
DEPARTMENTS = [
    ("Modeling", "#78909C"),
    ("Animation", "#009688"),
    ("FX", "#26C6DA"),
    ("Compositing", "#F06292"),
    ("Concept", "#8D6E63"),
    ("Layout", "#7CB342"),
]
TASK_TYPES: list[dict[str, Any]] = [
    {"name": "Concept", "color": "#8D6E63", "for_entity": "Concept", "priority": 1},
    {"name": "Concept", "color": "#8D6E63", "for_entity": "Asset", "priority": 1, "department": "Concept"},
    {"name": "Modeling", "color": "#78909C", "for_entity": "Asset", "priority": 2, "department": "Modeling"},
    {"name": "Shading", "color": "#64B5F6", "for_entity": "Asset", "priority": 3, "department": "Modeling"},
    {"name": "Rigging", "color": "#9CCC65", "for_entity": "Asset", "priority": 4, "department": "Animation"},
    {"name": "Storyboard", "color": "#43A047", "for_entity": "Shot", "priority": 1, "department": "Concept"},
    {"name": "Layout", "color": "#7CB342", "for_entity": "Shot", "priority": 2, "department": "Layout"},
    {"name": "Animation", "color": "#009688", "for_entity": "Shot", "priority": 3, "department": "Animation"},
    {"name": "Lighting", "color": "#F9A825", "for_entity": "Shot", "priority": 4, "department": "Compositing"},
    {"name": "FX", "color": "#26C6DA", "for_entity": "Shot", "priority": 5, "department": "FX"},
    {"name": "Rendering", "color": "#F06292", "for_entity": "Shot", "priority": 6, "department": "Compositing"},
    {"name": "Compositing", "color": "#ff5252", "for_entity": "Shot", "priority": 7, "department": "Compositing"},
    {"name": "Edit", "color": "#9b298c", "for_entity": "Edit", "priority": 8, "department": "Compositing"},
]
ASSET_TYPES = ["Character", "Prop", "Environment", "FX"]
#: entity types of the breakdown; every other entity type is an asset type
BREAKDOWN_TYPES = ["Episode", "Sequence", "Shot", "Edit", "Concept", "Scene", "ConceptFolder"]
#: entity types an earlier tenko named otherwise: the kind is found by its reference name
LEGACY_NAMES = {"Concept Folder": "ConceptFolder"}
FILE_STATUSES = [{"name": "Created", "color": "#ffffff"}]
ORGANISATION = {"name": "Kitsu", "hours_by_day": 8.0}


async def _ensure(session: AsyncSession, table: Table, key: str, rows: list[dict[str, Any]]) -> int:
    existing = set((await session.execute(select(table.c[key]))).scalars())
    missing = [row for row in rows if row[key] not in existing]
    # lists show base records in creation order, and timestamps have whole seconds: one second apart
    start = utc_now() - dt.timedelta(seconds=len(missing))
    for position, row in enumerate(missing):
        now = start + dt.timedelta(seconds=position)
        await session.execute(insert(table).values({"id": new_id(), "created_at": now, "updated_at": now, **row}))
    return len(missing)


async def _rename(session: AsyncSession, table: Table, names: dict[str, str]) -> None:
    """Give a record tenko named differently before its reference name (when that one is free)."""
    taken = set((await session.execute(select(table.c.name).where(table.c.name.in_(names.values())))).scalars())
    for old, new in names.items():
        if new not in taken:
            await session.execute(update(table).where(table.c.name == old).values(name=new, updated_at=utc_now()))


async def _is_empty(session: AsyncSession, table: Table, *conditions: Any) -> bool:
    return (await session.execute(select(func.count()).select_from(table).where(*conditions))).scalar() == 0


async def _ensure_departments(session: AsyncSession) -> dict[str, Any]:
    """The reference's departments on a studio that has none yet; their ids by name."""
    departments = table_of(Department)
    if await _is_empty(session, departments):
        await _ensure(session, departments, "name", [{"name": name, "color": color} for name, color in DEPARTMENTS])
        return dict((await session.execute(select(departments.c.name, departments.c.id))).tuples().all())
    return {}  # a studio that shaped its departments keeps them: no task type is moved


async def _ensure_task_types(session: AsyncSession, department_ids: dict[str, Any]) -> int:
    task_types = table_of(TaskType)
    known = set((await session.execute(select(task_types.c.name, task_types.c.for_entity))).all())
    missing = [
        {
            "id": new_id(),
            "short_name": "",
            **{key: value for key, value in row.items() if key != "department"},
            "department_id": department_ids.get(row.get("department", "")),
        }
        for row in TASK_TYPES
        if (row["name"], row["for_entity"]) not in known
    ]
    return await _ensure(session, task_types, "id", missing)


async def load_base_data(session: AsyncSession) -> int:
    """Insert whatever of the base data is missing; returns the number of rows created.

    An existing studio keeps what it has: asset types and departments are only created on a
    studio that has none (a studio that renamed "Characters" does not get "Character" too).
    """
    created = await _ensure(session, table_of(ProjectStatus), "name", PROJECT_STATUSES)
    created += await _ensure(session, table_of(TaskStatus), "short_name", TASK_STATUSES)
    department_ids = await _ensure_departments(session)
    created += len(department_ids)
    created += await _ensure_task_types(session, department_ids)
    entity_types = table_of(EntityType)
    await _rename(session, entity_types, LEGACY_NAMES)
    asset_types = [] if not await _is_empty(session, entity_types) else ASSET_TYPES
    rows = [{"name": name} for name in asset_types + BREAKDOWN_TYPES]
    created += await _ensure(session, entity_types, "name", rows)
    created += await _ensure(session, table_of(FileStatus), "name", FILE_STATUSES)
    organisations = table_of(Organisation)
    if await _is_empty(session, organisations):
        created += await _ensure(session, organisations, "name", [dict(ORGANISATION)])
    return created


async def count_people(session: AsyncSession) -> int:
    return int((await session.execute(select(func.count()).select_from(table_of(Person)))).scalar() or 0)


async def upsert_admin(session: AsyncSession, email: str, password: str, rounds: int = 12) -> bool:
    """Create the admin, or set the password (and admin role) of an existing person. True if created."""
    people = table_of(Person)
    hashed = hash_password(password, rounds)
    existing = (await session.execute(select(people.c.id).where(func.lower(people.c.email) == email.lower()))).scalar()
    if existing is not None:
        await session.execute(
            people.update()
            .where(people.c.id == existing)
            .values(password=hashed, role="admin", active=True, login_failed_attemps=0, updated_at=utc_now())
        )
        return False
    now = utc_now()
    await session.execute(
        insert(people).values(
            id=new_id(),
            first_name="Super",
            last_name="Admin",
            email=email,
            password=hashed,
            role="admin",
            created_at=now,
            updated_at=now,
        )
    )
    return True


def generate_password() -> str:
    return secrets.token_urlsafe(12)
