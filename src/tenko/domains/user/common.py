"""Rows of a resource, as the views of the current user read them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.access import Caller
from tenko.core.listing import attach_relations, to_rows
from tenko.core.resource import Resource, Row
from tenko.domains.projects.descriptor_service import filter_descriptors
from tenko.domains.projects.models import PROJECT
from tenko.domains.projects.open_projects import in_my_projects
from tenko.domains.projects.resources import PROJECTS, project_details
from tenko.domains.search.resources import SEARCH_FILTER_GROUPS, SEARCH_FILTERS
from tenko.domains.user.access import SHARED_FILTER


async def rows_of(
    session: AsyncSession, resource: Resource, *where: ColumnElement[bool], order_by: Any = None
) -> list[Row]:
    """Every visible column of the matching rows of a resource, with their ``type``."""
    table = resource.table
    order = order_by if order_by is not None else (table.c.name if "name" in table.c else table.c.id)
    statement = select(*resource.visible_columns).where(true(), *where).order_by(order, table.c.id)
    return to_rows(resource, await session.execute(statement))


def ids_of(rows: list[Row]) -> list[uuid.UUID]:
    return [row["id"] for row in rows]


async def my_projects(session: AsyncSession, caller: Caller) -> list[Row]:
    """The open projects the caller works on (admins: every open one), with their settings."""
    statement = select(*PROJECTS.visible_columns).where(in_my_projects(PROJECT.c.id, caller)).order_by(PROJECT.c.name)
    rows = to_rows(PROJECTS, await session.execute(statement))
    if rows:
        await attach_relations(session, PROJECTS, rows)
        await project_details(session, caller, rows)
        filter_descriptors(caller, rows)
        for row in rows:
            row.pop("project_status_name", None)
    return rows


async def grouped_for(session: Any, resource: Resource, caller: Caller) -> dict[str, dict[str, list[Row]]]:
    """The caller's filters (or groups) by list type and project: one query."""
    return grouped(await rows_of(session, resource, SHARED_FILTER.where(caller, resource)))


#: a project as the web app reads it: its columns, id lists and settings (``project_details``)
MY_PROJECT = answers.record_schema(
    PROJECTS,
    extra={
        "descriptors": answers.list_of(answers.OBJECT),
        "first_episode_id": answers.nullable(answers.UUID),
        "task_type_links": {"type": "object", "description": "task type id -> its settings in the project"},
        "task_statuses_link": {"type": "object", "description": "task status id -> its settings in the project"},
        "task_types_priority": {"type": "object", "additionalProperties": answers.nullable(answers.INTEGER)},
    },
)


def grouped_schema(resource: Resource, title: str) -> answers.Schema:
    """Records by list type, then by project id (``all``: saved outside any project)."""
    by_project = {"type": "object", "additionalProperties": answers.list_of(answers.record_schema(resource))}
    return {
        answers.COMPONENT: title,
        "type": "object",
        "additionalProperties": by_project,
        "description": "list type -> project id (or all) -> records",
    }


def grouped(rows: list[Row]) -> dict[str, dict[str, list[Row]]]:
    result: dict[str, dict[str, list[Row]]] = {}
    for row in rows:
        project_key = str(row["project_id"]) if row["project_id"] else "all"
        result.setdefault(row["list_type"], {}).setdefault(project_key, []).append(row)
    return result


MY_PROJECTS = answers.answer(answers.list_of(MY_PROJECT))


GROUPED_FILTER_GROUPS = grouped_schema(SEARCH_FILTER_GROUPS, "SearchFilterGroupsByList")


GROUPED_FILTERS = grouped_schema(SEARCH_FILTERS, "SearchFiltersByList")
