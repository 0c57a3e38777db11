"""The routes of every breakdown kind, built by one factory from the kind and the verbs it has.

``/data/<kinds>``, ``/data/<kinds>/all``, ``/data/<kinds>/{id}`` (GET, PUT, DELETE),
``/data/projects/{project_id}/<kinds>`` (GET, POST) and the per-entity reads
(``/tasks``, ``/task-types``, ``/preview-files``, ``/versions``). Ids are matched as UUIDs
so ``/data/shots/all`` or ``/data/shots/with-tasks`` never reach ``/data/shots/{shot_id}``.
Annotations are evaluated here (no ``from __future__ import annotations``): the handlers are
built per kind and name their kind's guard, a local FastAPI must resolve.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response

from tenko.core import answers, http
from tenko.core.db import DbSession
from tenko.core.guard import Anyone, body_references
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import parse_bool
from tenko.core.schemas import json_schema_of
from tenko.domains.entities import service
from tenko.domains.entities.access import LoadedEntity, entity_loader
from tenko.domains.entities.models import ENTITY
from tenko.domains.entities.shapes import PROJECT_AND_SEQUENCE, written
from tenko.domains.production import reads as service_reads
from tenko.domains.production import schemas
from tenko.domains.production.related_reads import preview_files_by_task_type
from tenko.domains.projects.access import ManagedProject, MemberProject
from tenko.domains.studio.kinds import ASSET, CONCEPT, EDIT, EPISODE, SCENE, SEQUENCE, SHOT, Kind
from tenko.domains.tasks.models import TASK

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
#: the lists of every kind (``/data/assets``, ``/data/episodes``, ``/data/edits/all``...) answer a
#: plain list whatever ``page``, as the reference does (``/data/entities`` pages)
PLAIN_LISTS = frozenset(VERBS)
#: the reference answers 200 (an empty list) to an asset list filtered on a foreign project
OPEN_FILTER = frozenset({ASSET})
#: the joined names of a kind's own lists (``/data/<kinds>``, ``/all``); the project's lists have none
LIST_NAMES: dict[Kind, frozenset[str]] = {
    SHOT: PROJECT_AND_SEQUENCE,
    SCENE: PROJECT_AND_SEQUENCE,
    EDIT: frozenset({"project_name"}),
    CONCEPT: frozenset({"project_name"}),
}


def kind_router(kind: Kind) -> APIRouter:
    """Every route of one kind (``VERBS[kind]``), each guarded by the kind's loader or the project's."""
    router = api_router(tags=[kind.route])
    verbs = VERBS[kind]
    key = f"{kind.event}_id"
    base = f"/data/{kind.route}"
    item = f"{base}/{{{key}:uuid}}"
    label = kind.type_name.lower()
    resource = service.kind_resource(kind)
    pages = kind not in PLAIN_LISTS
    refuse_foreign = kind not in OPEN_FILTER
    names = LIST_NAMES.get(kind, frozenset())
    # one loader per kind: every generated route of the kind declares it as its guard
    loader = entity_loader(kind, key)
    Readable = Annotated[LoadedEntity, loader("read")]
    Deletable = Annotated[LoadedEntity, loader("delete")]

    def route(method: str, path: str, handler: Handler, summary: str, **extra: Any) -> None:
        extra.setdefault("response_class", JSONResponse)
        router.add_api_route(path, handler, methods=[method], summary=summary, **extra)

    async def list_all(request: Request, session: DbSession, caller: Anyone) -> JSONResponse:
        rows = await service_reads.list_entities(
            session, caller, kind, request.query_params, refuse_foreign_project=refuse_foreign, pages=pages, names=names
        )
        return JSONResponse(rows)

    async def project_list(project: MemberProject, request: Request, session: DbSession) -> JSONResponse:
        condition = (ENTITY.c.project_id == project.id,)
        rows = await service_reads.list_entities(
            session, project.caller, kind, request.query_params, conditions=condition, pages=False
        )
        return JSONResponse(rows)

    async def project_create(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
        body = await http.json_object(request)
        row = await service.create_entity(session, project.caller, kind, project.id, body)
        return JSONResponse(written(kind, row), status_code=201)

    async def read_one(entity: Readable, session: DbSession) -> JSONResponse:
        return JSONResponse(await service_reads.present_detail(session, entity.caller, kind, entity.row))

    async def update_one(entity: Readable, request: Request, session: DbSession) -> JSONResponse:
        body = await http.json_object(request)
        return JSONResponse(written(kind, await service.update_loaded(session, entity.caller, kind, entity.row, body)))

    async def delete_one(entity: Deletable, request: Request, session: DbSession) -> Response:
        force = parse_bool(request.query_params.get("force"))
        await service.remove_entity(session, entity.caller, kind, entity.row, force)
        return Response(status_code=204)

    async def tasks(entity: Readable, session: DbSession) -> JSONResponse:
        condition = TASK.c.entity_id == entity.id
        return JSONResponse(await service_reads.task_rows(session, entity.caller, condition, entity.project_id))

    async def task_types(entity: Readable, session: DbSession) -> JSONResponse:
        condition = TASK.c.entity_id == entity.id
        return JSONResponse(await service_reads.task_types_of(session, entity.caller, condition))

    async def preview_files(entity: Readable, session: DbSession) -> JSONResponse:
        return JSONResponse(await preview_files_by_task_type(session, entity.caller, entity.row))

    async def versions(entity: Readable, session: DbSession) -> JSONResponse:
        return JSONResponse(await service_reads.versions_of(session, entity.id))

    listed = schemas.many_or_page_entities(kind, names) if pages else schemas.many_entities(kind, names)
    # static paths first: /data/shots/all before /data/shots/{shot_id}
    if "list" in verbs:
        route("GET", base, list_all, f"List the {kind.route} the caller may see (filters on any column)", **listed)
    if "all" in verbs:
        route("GET", f"{base}/all", list_all, f"List all {kind.route} of the caller's projects", **listed)
    if "project_list" in verbs:
        path = f"/data/projects/{{project_id}}/{kind.route}"
        route("GET", path, project_list, f"List a project's {kind.route}", **schemas.many_entities(kind))
    if "project_create" in verbs:
        schema = {"openapi_extra": {"requestBody": json_schema_of(resource.create_model)}}
        path = f"/data/projects/{{project_id}}/{kind.route}"
        summary = f"Create a {label} in a project"
        checks = {"dependencies": body_references(resource)}
        route(
            "POST",
            path,
            project_create,
            summary,
            status_code=201,
            **schema,
            **checks,
            **schemas.written_entity(kind, 201),
        )
    if "read" in verbs:
        detail = answers.answer(schemas.entity_detail_schema(kind), 200, f"One {kind.type_name}")
        route("GET", item, read_one, f"Get a {label} with its context names and tasks", **detail)
    if "update" in verbs:
        schema = {"openapi_extra": {"requestBody": json_schema_of(resource.update_model)}}
        checks = {"dependencies": body_references(resource)}
        route("PUT", item, update_one, f"Update a {label}", **schema, **checks, **schemas.written_entity(kind))
    if "delete" in verbs:
        summary = f"Delete a {label} (canceled instead when it has tasks, unless force=true)"
        route("DELETE", item, delete_one, summary, response_class=Response, **answers.no_content())
    if "tasks" in verbs:
        route("GET", f"{item}/tasks", tasks, f"List the tasks of a {label}", **schemas.TASK_LIST)
    if "task_types" in verbs:
        summary = f"List the task types of a {label}'s tasks"
        route("GET", f"{item}/task-types", task_types, summary, **schemas.TASK_TYPE_LIST)
    if "preview_files" in verbs:
        summary = f"Preview files of a {label}, by task type"
        route("GET", f"{item}/preview-files", preview_files, summary, **schemas.BY_ID_OF_LISTS)
    if "versions" in verbs:
        many = answers.answer(answers.list_of(schemas.ENTITY_VERSION), 200, "A list of EntityVersion")
        route("GET", f"{item}/versions", versions, f"History of a {label}'s versions", **many)
    return router


def kind_routers() -> list[APIRouter]:
    return [kind_router(kind) for kind in VERBS]


#: one router per kind (api.py copies their routes into its flat table)
ROUTERS = tuple(kind_routers())
