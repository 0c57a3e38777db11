"""The data a new installation starts with (idempotent: existing rows are left alone)."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.passwords import hash_password
from tenko.core.model import table_of
from tenko.core.types import new_id, utc_now
from tenko.domains.people.models import Person
from tenko.domains.projects.models import ProjectStatus
from tenko.domains.studio.models import EntityType, FileStatus, Organisation, TaskStatus, TaskType

PROJECT_STATUSES = [{"name": "Open", "color": "#000000"}, {"name": "Closed", "color": "#ff3860"}]
# (name, short name, color, flags); artists may not approve their own work, clients only review
TASK_STATUSES: list[dict[str, Any]] = [
    {"name": "Todo", "short_name": "todo", "color": "#f5f5f5", "is_default": True, "priority": 1},
    {"name": "Ready To Start", "short_name": "ready", "color": "#fbbf24", "priority": 2, "is_client_allowed": False},
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
]
TASK_TYPES: list[dict[str, Any]] = [
    {"name": "Concept", "short_name": "cpt", "color": "#8D6E63", "for_entity": "Asset", "priority": 1},
    {"name": "Modeling", "short_name": "mod", "color": "#78909C", "for_entity": "Asset", "priority": 2},
    {"name": "Shading", "short_name": "sha", "color": "#64B5F6", "for_entity": "Asset", "priority": 3},
    {"name": "Rigging", "short_name": "rig", "color": "#9CCC65", "for_entity": "Asset", "priority": 4},
    {"name": "Storyboard", "short_name": "stb", "color": "#43A047", "for_entity": "Shot", "priority": 1},
    {"name": "Layout", "short_name": "lay", "color": "#7CB342", "for_entity": "Shot", "priority": 2},
    {"name": "Animation", "short_name": "anim", "color": "#009688", "for_entity": "Shot", "priority": 3},
    {"name": "Lighting", "short_name": "lgt", "color": "#F9A825", "for_entity": "Shot", "priority": 4},
    {"name": "FX", "short_name": "fx", "color": "#26C6DA", "for_entity": "Shot", "priority": 5},
    {"name": "Rendering", "short_name": "rdr", "color": "#F06292", "for_entity": "Shot", "priority": 6},
    {"name": "Compositing", "short_name": "comp", "color": "#ff5252", "for_entity": "Shot", "priority": 7},
    {"name": "Edit", "short_name": "edit", "color": "#5C6BC0", "for_entity": "Edit", "priority": 1},
]
ASSET_TYPES = ["Characters", "Props", "Environment", "FX"]
#: entity types of the breakdown; every other entity type is an asset type
BREAKDOWN_TYPES = ["Episode", "Sequence", "Shot", "Edit", "Concept", "Scene", "Concept Folder"]
FILE_STATUSES = [{"name": "Created", "color": "#ffffff"}]
ORGANISATION = {"name": "Studio", "hours_by_day": 8.0}


async def _ensure(session: AsyncSession, table: Table, key: str, rows: list[dict[str, Any]]) -> int:
    existing = set((await session.execute(select(table.c[key]))).scalars())
    missing = [row for row in rows if row[key] not in existing]
    now = utc_now()
    for row in missing:
        await session.execute(insert(table).values({"id": new_id(), "created_at": now, "updated_at": now, **row}))
    return len(missing)


async def load_base_data(session: AsyncSession) -> int:
    """Insert whatever of the base data is missing; returns the number of rows created."""
    created = await _ensure(session, table_of(ProjectStatus), "name", PROJECT_STATUSES)
    created += await _ensure(session, table_of(TaskStatus), "short_name", TASK_STATUSES)
    task_types = table_of(TaskType)
    known = set((await session.execute(select(task_types.c.name, task_types.c.for_entity))).all())
    missing_types = [row for row in TASK_TYPES if (row["name"], row["for_entity"]) not in known]
    created += await _ensure(session, task_types, "id", [dict(row, id=new_id()) for row in missing_types])
    entity_types = [{"name": name} for name in ASSET_TYPES + BREAKDOWN_TYPES]
    created += await _ensure(session, table_of(EntityType), "name", entity_types)
    created += await _ensure(session, table_of(FileStatus), "name", FILE_STATUSES)
    organisations = table_of(Organisation)
    if (await session.execute(select(func.count()).select_from(organisations))).scalar() == 0:
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
