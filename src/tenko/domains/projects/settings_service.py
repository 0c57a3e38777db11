"""What a project's settings routes share: the link routes, the checks of asset types and ids, the answer."""

from __future__ import annotations

import uuid
from functools import partial

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.errors import validation_error
from tenko.core.link_routes import link_routes
from tenko.core.resource import Row
from tenko.domains.projects.access import (
    ProjectAccess,
    ProjectLoader,
    project_updated,
)
from tenko.domains.projects.resources import PROJECTS
from tenko.domains.studio.kinds import is_asset_type
from tenko.domains.studio.models import ENTITY_TYPE


async def check_asset_type(session: AsyncSession, table: Table, asset_type_id: uuid.UUID, field: str) -> None:
    await check_asset_types(session, [asset_type_id], field)


#: what a change of a project's settings answers: the project's columns
PROJECT_ROW = answers.columns_schema(PROJECTS)


async def check_asset_types(session: AsyncSession, ids: list[uuid.UUID], field: str) -> None:
    """Every id names an entity type that is an asset type (not Shot, Sequence, Episode...)."""
    await check_ids(session, ENTITY_TYPE, ids, field)
    statement = select(ENTITY_TYPE.c.name).where(ENTITY_TYPE.c.id.in_(ids))
    refused = [name for name in (await session.execute(statement)).scalars() if not is_asset_type(name)]
    if refused:
        raise validation_error([{"field": field, "message": f"{', '.join(refused)} is not an asset type"}])


async def settings_changed(session: AsyncSession, project: ProjectAccess, created: bool) -> Row:
    """The project after a change of its links (with its ``project:update`` event, even if nothing changed)."""
    return await project_updated(session, project.caller, project.id)


#: the link routes of a project's settings: its members list them, its managers change them
project_links = partial(
    link_routes,
    parent="project_id",
    read=ProjectLoader("read"),
    write=ProjectLoader("manage"),
    changed=settings_changed,
    changed_answer=PROJECT_ROW,
)


async def check_ids(session: AsyncSession, table: Table, ids: list[uuid.UUID], field: str) -> None:
    """Refuse unknown ids of a body list in one query."""
    if not ids:
        return
    found = set((await session.execute(select(table.c.id).where(table.c.id.in_(ids)))).scalars())
    missing = [str(i) for i in ids if i not in found]
    if missing:
        problem = {"field": field, "message": f"no {table.name} with id {', '.join(missing[:5])}"}
        raise validation_error([problem], "Unknown reference")
