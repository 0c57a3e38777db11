"""The routes of every breakdown kind, built by one factory from the kind and the verbs it has.

``/data/<kinds>``, ``/data/<kinds>/all``, ``/data/<kinds>/{id}`` (GET, PUT, DELETE),
``/data/projects/{project_id}/<kinds>`` (GET, POST) and the per-entity reads
(``/tasks``, ``/task-types``, ``/preview-files``, ``/versions``). Ids are matched as UUIDs
so ``/data/shots/all`` or ``/data/shots/with-tasks`` never reach ``/data/shots/{shot_id}``.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request, Response

from tenko.auth.deps import Context
from tenko.core import http
from tenko.core.db import DbSession
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import parse_bool
from tenko.core.schemas import json_schema_of
from tenko.domains.entities import service, service_reads
from tenko.domains.entities.kinds import ASSET, CONCEPT, EDIT, EPISODE, SCENE, SEQUENCE, SHOT, Kind
from tenko.domains.entities.service import ENTITY
from tenko.domains.entities.service_previews import preview_files_by_task_type

Handler = Callable[..., Awaitable[Any]]
READS = frozenset({"list", "read", "delete", "project_list", "project_create", "tasks", "task_types"})
#: the routes each kind has in the reference API
VERBS: dict[Kind, frozenset[str]] = {
    EPISODE: READS,
    SEQUENCE: READS,
    SHOT: READS | {"all", "update", "preview_files", "versions"},
    SCENE: (READS - {"list"}) | {"all"},
    EDIT: READS | {"all", "preview_files", "versions"},
    CONCEPT: READS | {"preview_files"},
    ASSET: (READS - {"project_create"}) | {"all"},
}
#: ``/data/assets`` and ``/data/shots`` always answer a plain list (they ignore ``page``)
PLAIN_LISTS = frozenset({SHOT, ASSET})
#: the reference answers 200 (an empty list) to an asset list filtered on a foreign project
OPEN_FILTER = frozenset({ASSET})


def named(handler: Handler, name: str) -> Handler:
    """The handler with its ``entity_id`` path parameter renamed (``shot_id``, ``asset_id``...)."""
    signature = inspect.signature(handler)
    parameters = [p.replace(name=name) if p.name == "entity_id" else p for p in signature.parameters.values()]

    async def endpoint(**kwargs: Any) -> Any:
        kwargs["entity_id"] = kwargs.pop(name)
        return await handler(**kwargs)

    endpoint.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    endpoint.__doc__ = handler.__doc__
    endpoint.__name__ = f"{handler.__name__}_{name}"
    return endpoint


def kind_router(kind: Kind) -> APIRouter:
    """Every route of one kind (``VERBS[kind]``), each authorising its caller."""
    router = APIRouter(tags=[kind.route])
    verbs = VERBS[kind]
    key = f"{kind.event}_id"
    base = f"/data/{kind.route}"
    item = f"{base}/{{{key}:uuid}}"
    label = kind.type_name.lower()
    resource = service.kind_resource(kind)
    pages = kind not in PLAIN_LISTS
    refuse_foreign = kind not in OPEN_FILTER

    def route(method: str, path: str, handler: Handler, summary: str, **extra: Any) -> None:
        endpoint = named(handler, key) if "{" + key in path else handler
        extra.setdefault("response_class", JSONResponse)
        router.add_api_route(path, endpoint, methods=[method], summary=summary, **extra)

    async def list_all(request: Request, session: DbSession, caller: CurrentCaller) -> JSONResponse:
        rows = await service_reads.list_entities(
            session, caller, kind, request.query_params, refuse_foreign_project=refuse_foreign, pages=pages
        )
        return JSONResponse(rows)

    async def project_list(
        project_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller
    ) -> JSONResponse:
        await service.load_project(session, caller, project_id)
        condition = (ENTITY.c.project_id == project_id,)
        rows = await service_reads.list_entities(
            session, caller, kind, request.query_params, conditions=condition, pages=False
        )
        return JSONResponse(rows)

    async def project_create(
        project_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller, context: Context
    ) -> JSONResponse:
        await service.load_project(session, caller, project_id)
        body = await http.json_object(request)
        row = await service.create_entity(session, caller, kind, project_id, body)
        return JSONResponse(row, status_code=201)

    async def read_one(entity_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
        row = await service.load_entity(session, caller, kind, entity_id)
        return JSONResponse(await service_reads.present_detail(session, caller, kind, row))

    async def update_one(
        entity_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller, context: Context
    ) -> JSONResponse:
        body = await http.json_object(request)
        return JSONResponse(await service.update_entity(session, caller, kind, entity_id, body))

    async def delete_one(entity_id: uuid.UUID, request: Request, session: DbSession, caller: CurrentCaller) -> Response:
        force = parse_bool(request.query_params.get("force"))
        row = await service.load_entity(session, caller, kind, entity_id)
        await service.remove_entity(session, caller, kind, row, force)
        return Response(status_code=204)

    async def tasks(entity_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
        row = await service.load_entity(session, caller, kind, entity_id)
        condition = service.TASK.c.entity_id == row["id"]
        return JSONResponse(await service_reads.task_rows(session, caller, condition, row["project_id"]))

    async def task_types(entity_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
        row = await service.load_entity(session, caller, kind, entity_id)
        condition = service.TASK.c.entity_id == row["id"]
        return JSONResponse(await service_reads.task_types_of(session, caller, condition))

    async def preview_files(entity_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
        row = await service.load_entity(session, caller, kind, entity_id)
        return JSONResponse(await preview_files_by_task_type(session, caller, row))

    async def versions(entity_id: uuid.UUID, session: DbSession, caller: CurrentCaller) -> JSONResponse:
        row = await service.load_entity(session, caller, kind, entity_id)
        return JSONResponse(await service_reads.versions_of(session, row["id"]))

    # static paths first: /data/shots/all before /data/shots/{shot_id}
    if "list" in verbs:
        route("GET", base, list_all, f"List the {kind.route} the caller may see (filters on any column)")
    if "all" in verbs:
        route("GET", f"{base}/all", list_all, f"List all {kind.route} of the caller's projects")
    if "project_list" in verbs:
        route("GET", f"/data/projects/{{project_id}}/{kind.route}", project_list, f"List a project's {kind.route}")
    if "project_create" in verbs:
        schema = {"openapi_extra": {"requestBody": json_schema_of(resource.create_model)}}
        path = f"/data/projects/{{project_id}}/{kind.route}"
        route("POST", path, project_create, f"Create a {label} in a project", status_code=201, **schema)
    if "read" in verbs:
        route("GET", item, read_one, f"Get a {label} with its context names and tasks")
    if "update" in verbs:
        schema = {"openapi_extra": {"requestBody": json_schema_of(resource.update_model)}}
        route("PUT", item, update_one, f"Update a {label}", **schema)
    if "delete" in verbs:
        summary = f"Delete a {label} (canceled instead when it has tasks, unless force=true)"
        route("DELETE", item, delete_one, summary, status_code=204, response_class=Response)
    if "tasks" in verbs:
        route("GET", f"{item}/tasks", tasks, f"List the tasks of a {label}")
    if "task_types" in verbs:
        route("GET", f"{item}/task-types", task_types, f"List the task types of a {label}'s tasks")
    if "preview_files" in verbs:
        route("GET", f"{item}/preview-files", preview_files, f"Preview files of a {label}, by task type")
    if "versions" in verbs:
        route("GET", f"{item}/versions", versions, f"History of a {label}'s versions")
    return router


def kind_routers() -> list[APIRouter]:
    return [kind_router(kind) for kind in VERBS]


#: one router per kind (api.py copies their routes into its flat table)
ROUTERS = tuple(kind_routers())
