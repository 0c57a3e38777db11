"""``GET /data/user/context``: everything the web app loads at start, in a constant number of queries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.deps import Context
from tenko.core import answers
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.guard import Myself
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import attach_relations
from tenko.core.resource import Row
from tenko.domains.notifications.models import NOTIFICATION
from tenko.domains.people.resources import PERSONS, present_persons
from tenko.domains.plugins.models import PLUGIN
from tenko.domains.production.reads import asset_type_rows
from tenko.domains.projects.models import PROJECT_PERSON_LINK
from tenko.domains.projects.resources import PROJECT_STATUSES
from tenko.domains.search.resources import SEARCH_FILTER_GROUPS, SEARCH_FILTERS
from tenko.domains.studio.resources import (
    CUSTOM_ACTIONS,
    DEPARTMENTS,
    ENTITY_TYPES,
    PREVIEW_BACKGROUND_FILES,
    STATUS_AUTOMATIONS,
    STUDIOS,
    TASK_STATUSES,
    TASK_TYPES,
)
from tenko.domains.user.common import (
    GROUPED_FILTER_GROUPS,
    GROUPED_FILTERS,
    MY_PROJECT,
    grouped_for,
    my_projects,
    rows_of,
)

router = api_router(tags=["user"])
#: what the web app reads of a plugin
PLUGIN_KEYS = (
    "id",
    "plugin_id",
    "name",
    "description",
    "version",
    "maintainer_name",
    "maintainer_email",
    "frontend_project_enabled",
    "frontend_studio_enabled",
    "icon",
)
MY_PROJECT.pop(answers.COMPONENT)  # more than the Project component: not the same shape


CONTEXT = answers.shape(
    {
        "projects": answers.list_of(MY_PROJECT),
        "asset_types": answers.list_of(
            answers.columns_schema(ENTITY_TYPES, "AssetType", extra={"task_types": answers.ID_LIST})
        ),
        "task_types": answers.list_of(answers.columns_schema(TASK_TYPES)),
        "task_status": answers.list_of(answers.columns_schema(TASK_STATUSES)),
        "status_automations": answers.list_of(answers.columns_schema(STATUS_AUTOMATIONS)),
        "project_status": answers.list_of(answers.columns_schema(PROJECT_STATUSES)),
        "persons": answers.list_of(
            answers.columns_schema(PERSONS, extra={"departments": answers.ID_LIST, "full_name": answers.STRING})
        ),
        "departments": answers.list_of(answers.columns_schema(DEPARTMENTS)),
        "studios": answers.list_of(answers.columns_schema(STUDIOS)),
        "custom_actions": answers.list_of(answers.columns_schema(CUSTOM_ACTIONS)),
        "preview_background_files": answers.list_of(answers.columns_schema(PREVIEW_BACKGROUND_FILES)),
        "plugins": answers.list_of(
            answers.object_of({key: answers.column_schema(PLUGIN.c[key]) for key in PLUGIN_KEYS})
        ),
        "search_filters": GROUPED_FILTERS,
        "search_filter_groups": GROUPED_FILTER_GROUPS,
        "notification_count": answers.INTEGER,
        "project_roles": {"type": "object", "description": "project id -> the caller's role in its team"},
        "user_limit": answers.INTEGER,
    },
    title="UserContext",
)


async def people(session: AsyncSession, caller: Caller) -> list[Row]:
    """Every person with their departments: whole for admins and managers, minimal for others."""
    order = (PERSONS.table.c.first_name, PERSONS.table.c.last_name)
    rows = await rows_of(session, PERSONS, order_by=order[0])
    await attach_relations(session, PERSONS, rows)
    present_persons(caller, rows, managers=True)  # permissions.md: managers get the full user context
    return rows


async def asset_types(session: AsyncSession) -> list[Row]:
    rows = await asset_type_rows(session, true())
    await attach_relations(session, ENTITY_TYPES, rows)
    return rows


async def plugins(session: AsyncSession) -> list[Row]:
    statement = select(*(PLUGIN.c[key] for key in PLUGIN_KEYS)).order_by(PLUGIN.c.name)
    return [dict(row) for row in (await session.execute(statement)).mappings()]


async def project_roles(session: AsyncSession, caller: Caller) -> dict[str, str]:
    """The caller's role in each project where the team link gives them one."""
    statement = select(PROJECT_PERSON_LINK.c.project_id, PROJECT_PERSON_LINK.c.role).where(
        PROJECT_PERSON_LINK.c.person_id == caller.id, PROJECT_PERSON_LINK.c.role.isnot(None)
    )
    return {str(project_id): role for project_id, role in (await session.execute(statement)).all()}


async def unread_count(session: AsyncSession, caller: Caller) -> int:
    mine = (NOTIFICATION.c.person_id == caller.id) & NOTIFICATION.c.read.is_(False)
    return int((await session.execute(select(func.count()).where(mine))).scalar() or 0)


async def build_context(session: AsyncSession, caller: Caller, user_limit: int) -> dict[str, Any]:
    return {
        "projects": await my_projects(session, caller),
        "asset_types": await asset_types(session),
        "task_types": await rows_of(session, TASK_TYPES, order_by=TASK_TYPES.table.c.priority),
        "task_status": await rows_of(session, TASK_STATUSES, order_by=TASK_STATUSES.table.c.priority),
        "status_automations": await rows_of(session, STATUS_AUTOMATIONS, order_by=STATUS_AUTOMATIONS.table.c.id),
        "project_status": await rows_of(session, PROJECT_STATUSES),
        "persons": await people(session, caller),
        "departments": await rows_of(session, DEPARTMENTS),
        "studios": await rows_of(session, STUDIOS),
        "custom_actions": await rows_of(session, CUSTOM_ACTIONS),
        "preview_background_files": await rows_of(session, PREVIEW_BACKGROUND_FILES),
        "plugins": await plugins(session),
        "search_filters": await grouped_for(session, SEARCH_FILTERS, caller),
        "search_filter_groups": await grouped_for(session, SEARCH_FILTER_GROUPS, caller),
        "notification_count": await unread_count(session, caller),
        "project_roles": await project_roles(session, caller),
        "user_limit": user_limit,
    }


@router.get("/data/user/context", summary="Everything the web app needs at start, for the caller", **CONTEXT)
async def user_context(session: DbSession, caller: Myself, context: Context) -> JSONResponse:
    """Everything the web app needs at start, for the caller."""
    return JSONResponse(await build_context(session, caller, context.settings.user_limit))
