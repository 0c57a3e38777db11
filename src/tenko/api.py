"""The explicit list of every router and every CRUD resource; nothing is discovered at run time."""

from __future__ import annotations

from fastapi import APIRouter

from tenko.auth import endpoints as auth_endpoints
from tenko.core.crud import crud_router
from tenko.core.resource import Resource
from tenko.domains.budgets import resources as budgets
from tenko.domains.chats import resources as chats
from tenko.domains.comments import resources as comments
from tenko.domains.entities import resources as entities
from tenko.domains.events import resources as events
from tenko.domains.files import resources as files
from tenko.domains.notifications import resources as notifications
from tenko.domains.people import resources as people
from tenko.domains.playlists import resources as playlists
from tenko.domains.plugins import resources as plugins
from tenko.domains.previews import resources as previews
from tenko.domains.projects import endpoints as project_endpoints
from tenko.domains.projects import resources as projects
from tenko.domains.schedules import resources as schedules
from tenko.domains.search import resources as search
from tenko.domains.system import endpoints as system_endpoints
from tenko.domains.tasks import endpoints as task_endpoints
from tenko.domains.tasks import resources as tasks
from tenko.domains.templates import resources as templates

#: every /data/<name> resource with the full set of verbs
CRUD_RESOURCES: tuple[Resource, ...] = (
    *people.RESOURCES,
    *projects.RESOURCES,
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

ROUTERS: tuple[APIRouter, ...] = (
    system_endpoints.router,
    auth_endpoints.router,
    project_endpoints.router,
    task_endpoints.router,
)


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api")
    for extra in ROUTERS:  # hand-written routes first: /data/projects/open must win over /data/projects/{id}
        router.include_router(extra)
    for resource in CRUD_RESOURCES:
        router.include_router(crud_router(resource))
    return router
