"""The generic ``/data/<name>`` routes: one router factory for every declared resource."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import ColumnElement, and_, delete, select, true

from tenko.core import answers, http, records
from tenko.core.access import Caller, Rule, describe
from tenko.core.db import DbSession
from tenko.core.deletion import delete_records
from tenko.core.errors import Forbidden
from tenko.core.guard import CurrentCaller, PathId, body_check, body_references, requires
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import (
    Paging,
    attach_relations,
    filters_from_query,
    only_fields,
    order_for,
    parse_bool,
    revealed_columns,
    selected_columns,
    show_revealed,
    to_rows,
)
from tenko.core.resource import Resource, WriteContext
from tenko.core.schemas import json_schema_of


async def list_records(
    session: Any,
    resource: Resource,
    caller: Caller,
    request: Request,
    *,
    where: Sequence[ColumnElement[bool]] = (),
    relations: bool = False,
) -> Any:
    """The generic list of a resource (a route's own list narrows it with ``where``, and shows the
    ``relations`` of each row without ``?relations=true``)."""
    policy = resource.policy
    gate = policy.list or policy.read
    if not gate.needs_target and not gate.allows(caller, None):
        raise Forbidden()
    params = request.query_params
    conditions = [*filters_from_query(resource, params, caller), *where]
    if not caller.is_admin:
        conditions.append(policy.read.where(caller, resource))
        if gate is not policy.read and gate.needs_target:
            conditions.append(gate.where(caller, resource))
    revealed = revealed_columns(resource, params, caller)
    columns = [*selected_columns(resource, params.get("fields")), *revealed]
    statement = select(*columns).where(and_(true(), *conditions)).order_by(*order_for(resource))
    paging = Paging.of(params, pages=resource.paged)
    statement, total = await paging.window(session, statement)
    rows = to_rows(resource, await session.execute(statement))
    show_revealed(rows, revealed)
    with_relations = relations or resource.relations_in_lists or parse_bool(params.get("relations"))
    await records.present(session, resource, caller, rows, detail=False)
    if with_relations:
        await attach_relations(session, resource, rows)
    return paging.answer(only_fields(rows, params.get("fields")), total)


async def delete_record(session: Any, resource: Resource, caller: Caller, record_id: Any, force: bool) -> None:
    current = await records.fetch_row(session, resource, record_id)
    await records.authorise(session, resource, caller, resource.policy.read, current)
    await records.authorise(session, resource, caller, resource.policy.delete, current)
    write = WriteContext(session, caller, resource, {}, current, force=force)
    for hook in resource.before_delete:
        await hook(write)
    await records.record_event(session, resource, caller, "delete", current)
    for relation in resource.relations:  # its own many-to-many links go with it (a chat's participants)
        if "id" not in relation.link.c:
            await session.execute(delete(relation.link).where(relation.local_column == record_id))
    await delete_records(
        session, resource.table.metadata, resource.table, [record_id], force=force, label=resource.type_name
    )


ALL_VERBS = frozenset({"list", "create", "read", "update", "delete"})


@functools.cache  # routes are built once per process, whatever the number of apps (tests build several)
def crud_router(resource: Resource, *, verbs: frozenset[str] = ALL_VERBS) -> APIRouter:
    """GET list / POST / GET one / PUT / DELETE for one resource, with its policy on each."""
    router = api_router(tags=[resource.name])
    base = f"/data/{resource.name}"
    item = f"{base}/{{instance_id}}"
    label = resource.type_name
    policy = resource.policy

    def guarded(rule: Rule, verb: str, *, per_record: bool = True) -> list[Any]:
        """The verb's rule as the route's guard (``x-policy``), judged per record by the engine."""
        return [requires(rule, f"{verb}: {describe(rule)}", per_record=per_record)]

    if "list" in verbs:

        @router.get(
            base,
            summary=f"List {resource.name}",
            response_class=JSONResponse,
            **(answers.many_or_page(resource) if resource.paged else answers.many(resource)),
            dependencies=guarded(policy.list or policy.read, "list"),
        )
        async def list_all(request: Request, session: DbSession, caller: CurrentCaller) -> Any:
            rows = await list_records(session, resource, caller, request)
            return JSONResponse(rows)

    if "create" in verbs:

        @router.post(
            base,
            summary=f"Create a {label}",
            status_code=201,
            response_class=JSONResponse,
            **answers.created(resource),
            dependencies=[*guarded(policy.create, "create", per_record=False), *body_references(resource)],
            openapi_extra={"requestBody": json_schema_of(resource.create_model)},
        )
        async def create_one(request: Request, session: DbSession, caller: CurrentCaller) -> Any:
            body = await http.json_object(request)
            row = await records.create(session, resource, caller, body)
            return JSONResponse(row, status_code=201)

    if "read" in verbs:

        @router.get(
            item,
            summary=f"Get a {label}",
            response_class=JSONResponse,
            dependencies=guarded(policy.read, "read"),
            **answers.one(resource),
        )
        async def read_one(instance_id: PathId, session: DbSession, caller: CurrentCaller) -> Any:
            row = await records.read_one(session, resource, caller, records.parse_id(instance_id))
            return JSONResponse(row)

    if "update" in verbs:

        @router.put(
            item,
            summary=f"Update a {label}",
            response_class=JSONResponse,
            **answers.updated(resource),
            dependencies=[
                *guarded(policy.update, "update"),
                *([body_check(resource.changes.text)] if resource.changes else []),
                *body_references(resource),
            ],
            openapi_extra={"requestBody": json_schema_of(resource.update_model)},
        )
        async def update_one(instance_id: PathId, request: Request, session: DbSession, caller: CurrentCaller) -> Any:
            record_id = records.parse_id(instance_id)
            body = await http.json_object(request)
            row = await records.modify(session, resource, caller, record_id, body)
            return JSONResponse(row)

    if "delete" in verbs:

        @router.delete(
            item, summary=f"Delete a {label}", dependencies=guarded(policy.delete, "delete"), **answers.no_content()
        )
        async def delete_one(
            instance_id: PathId, request: Request, session: DbSession, caller: CurrentCaller
        ) -> Response:
            force = parse_bool(request.query_params.get("force"))
            await delete_record(session, resource, caller, records.parse_id(instance_id), force)
            return Response(status_code=204)

    return router
