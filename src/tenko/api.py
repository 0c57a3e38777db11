"""The explicit list of every router and every CRUD resource; nothing is discovered at run time."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.routing import APIRoute

from tenko.core.crud import ALL_VERBS, crud_router
from tenko.core.references import Catalogue
from tenko.core.resource import Resource
from tenko.domains.accounts import endpoints as auth_endpoints
from tenko.domains.breakdown import endpoints_casting as breakdown_casting
from tenko.domains.breakdown import endpoints_instances as breakdown_instances
from tenko.domains.budgets import resources as budgets
from tenko.domains.chats import endpoints as chat_endpoints
from tenko.domains.chats import resources as chats
from tenko.domains.comments import copy_client as comment_copy_client
from tenko.domains.comments import endpoints as comment_endpoints
from tenko.domains.comments import main_preview as task_main_preview
from tenko.domains.comments import previews as comment_previews
from tenko.domains.comments import resources as comments
from tenko.domains.comments import threads as comment_threads
from tenko.domains.entities import resources as entities
from tenko.domains.events import endpoints as event_endpoints
from tenko.domains.events import resources as events
from tenko.domains.files import resources as files
from tenko.domains.news import endpoints as news_endpoints
from tenko.domains.notifications import endpoints as notification_endpoints
from tenko.domains.notifications import resources as notifications
from tenko.domains.people import departments as department_endpoints
from tenko.domains.people import person_actions
from tenko.domains.people import resources as people
from tenko.domains.playlists import endpoints as playlist_endpoints
from tenko.domains.playlists import resources as playlists
from tenko.domains.plugins import resources as plugins
from tenko.domains.previews import resources as previews
from tenko.domains.production import actions as endpoints_actions
from tenko.domains.production import assets as endpoints_assets
from tenko.domains.production import concept_folders
from tenko.domains.production import kinds as entity_endpoints
from tenko.domains.production import related as endpoints_related
from tenko.domains.production.with_tasks import routes as with_tasks
from tenko.domains.production.with_tasks import stats as episode_stats
from tenko.domains.production.with_tasks import task_lists
from tenko.domains.projects import endpoints as project_endpoints
from tenko.domains.projects import resources as projects
from tenko.domains.schedules import endpoints as schedule_endpoints
from tenko.domains.schedules import resources as schedules
from tenko.domains.search import resources as search
from tenko.domains.studio import resources as studio
from tenko.domains.system import endpoints as system_endpoints
from tenko.domains.tasks import actions as task_actions
from tenko.domains.tasks import creation as task_creation
from tenko.domains.tasks import endpoints as task_endpoints
from tenko.domains.tasks import resources as tasks
from tenko.domains.tasks import time_spents as task_time_spents
from tenko.domains.templates import actions as template_actions
from tenko.domains.templates import endpoints as template_endpoints
from tenko.domains.templates import new_projects as template_projects
from tenko.domains.templates import resources as templates
from tenko.domains.timesheets import days_off as person_days_off
from tenko.domains.timesheets import presence as person_presence
from tenko.domains.timesheets import project_quotas as shot_quotas
from tenko.domains.timesheets import project_time
from tenko.domains.timesheets import quotas as person_quotas
from tenko.domains.timesheets import sheets as person_time_sheets
from tenko.domains.timesheets import task_dates as person_task_dates
from tenko.domains.todo import open_tasks
from tenko.domains.todo import person_tasks as person_todo
from tenko.domains.user import avatar as user_avatar
from tenko.domains.user import breakdown as user_breakdown
from tenko.domains.user import chats as user_chats
from tenko.domains.user import context as user_context
from tenko.domains.user import desktop_logins as user_desktop_logins
from tenko.domains.user import filters as user_filters
from tenko.domains.user import notifications as user_notifications
from tenko.domains.user import subscriptions as user_subscriptions
from tenko.domains.user import tasks as user_tasks
from tenko.domains.user import time_sheet as user_time_sheet

#: every /data/<name> resource with the full set of verbs
#: generic verbs a resource serves by hand instead: entity writes are kind-aware
#: (domains/production/actions.py); deleting a comment takes its news and notifications with it
#: and gives its task back the status of its last comment (domains/comments/endpoints.py)
HAND_WRITTEN_VERBS: dict[str, frozenset[str]] = {
    "entities": frozenset({"create", "update", "delete"}),
    "comments": frozenset({"delete"}),
}
CRUD_RESOURCES: tuple[Resource, ...] = (
    *studio.RESOURCES,
    *people.RESOURCES,
    *projects.RESOURCES,
    template_projects.PROJECTS_FROM_TEMPLATES,
    *templates.RESOURCES,
    *entities.RESOURCES,
    *tasks.RESOURCES,
    *comments.RESOURCES,
    *previews.RESOURCES,
    *playlists.RESOURCES,
    *files.RESOURCES,
    *schedules.RESOURCES,
    *budgets.RESOURCES,
    *notifications.RESOURCES,
    *chats.RESOURCES,
    *events.RESOURCES,
    *search.RESOURCES,
    *plugins.RESOURCES,
)
#: how an id in a body is judged: the resource of the table it names (its project, its read rule)
REFERABLE = Catalogue(CRUD_RESOURCES)

ROUTERS: tuple[APIRouter, ...] = (
    system_endpoints.router,
    auth_endpoints.router,
    with_tasks.router,  # before any /data/<kind>/{id}: /data/shots/with-tasks is not an id
    episode_stats.router,
    task_lists.router,
    *project_endpoints.ROUTERS,
    template_endpoints.router,
    template_actions.router,
    department_endpoints.router,  # before /data/departments/{id}: hardware-items is not an id
    person_task_dates.router,  # before /data/persons/{id}: task-dates is not an id
    *(person_actions.router, person_time_sheets.router, person_days_off.router),
    *(person_quotas.router, person_presence.router),
    *(user_context.router, user_breakdown.router, user_tasks.router, user_filters.router),
    *(user_notifications.router, user_subscriptions.router, user_chats.router, user_time_sheet.router),
    *(user_desktop_logins.router, user_avatar.router),
    *(
        open_tasks.router,
        person_todo.router,
        notification_endpoints.router,
    ),  # before /data/tasks/{id}: open-tasks is not an id
    task_endpoints.router,
    task_actions.router,
    task_creation.router,
    task_time_spents.router,
    comment_endpoints.router,
    comment_threads.router,
    *(comment_previews.router, task_main_preview.router, comment_copy_client.router),
    news_endpoints.router,  # before /data/projects/{id}: news is not an id
    playlist_endpoints.router,
    schedule_endpoints.router,
    event_endpoints.router,  # before /data/events/{id}: last and names are not ids
    chat_endpoints.router,
    *(*entity_endpoints.ROUTERS, endpoints_related.router, endpoints_assets.router, endpoints_actions.router),
    *(concept_folders.router, shot_quotas.router, project_time.router),
    breakdown_casting.router,
    breakdown_instances.router,
)


def api_routes() -> list[APIRoute]:
    """Every route of the API in matching order: hand-written routes first (/data/projects/open
    must win over /data/projects/{id}), then the generic CRUD. Each route object is built once
    per process, when its module is imported (the CRUD ones on first use), and the app adds them
    as they are to one flat table: FastAPI's nested routers are matched candidate by candidate,
    twice per level, which cost more CPU than most handlers."""
    routes: list[APIRoute] = []
    for router in ROUTERS:
        routes.extend(_api_routes_of(router))
    for resource in CRUD_RESOURCES:
        verbs = ALL_VERBS - HAND_WRITTEN_VERBS.get(resource.name, frozenset())
        routes.extend(_api_routes_of(crud_router(resource, verbs=verbs)))
    return routes


def _api_routes_of(router: APIRouter) -> list[APIRoute]:
    found = [route for route in router.routes if isinstance(route, APIRoute)]
    if len(found) != len(router.routes):  # a nested router would be matched as a slow sub-table
        raise TypeError(f"{router!r}: only plain API routes belong in ROUTERS")
    return found


def shadowed_routes(routes: list[APIRoute]) -> list[str]:
    """Routes that an earlier route always answers for: a literal path after a pattern that
    matches it (/data/projects/open after /data/projects/{id}) or the same path twice."""
    problems: list[str] = []
    for index, later in enumerate(routes):
        sample = later.path_format.replace("{", "").replace("}", "")
        literal = "{" not in later.path_format
        for earlier in routes[:index]:
            if not ((earlier.methods or set()) & (later.methods or set())):
                continue
            if earlier.path_format == later.path_format or (literal and earlier.path_regex.match(sample)):
                problems.append(f"{sorted(later.methods or ())} {later.path} is shadowed by {earlier.path}")
                break
    return problems
