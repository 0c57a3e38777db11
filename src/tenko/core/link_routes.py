"""The list/add/remove routes of a link table between a parent record and target records.

Projects, project templates and departments link records the same way (a project's status
automations, a template's asset types, a department's software...): ``link_routes`` declares
the routes of one link table. The parent comes from a dependency (``read``/``write``, which
authorise the caller: guards, such as a ``PathLoader``'s) giving an object with ``id`` and
``caller``; ``changed`` records the parent's event. Adding an existing link changes nothing but
still answers 201. The answers are documented from ``shown`` (a presented row) and ``changed_answer``.

Annotations are evaluated here (no ``from __future__ import annotations``): FastAPI reads the
endpoints' signatures, whose dependencies are the declaration's own.
"""

import inspect
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response, params
from pydantic import create_model
from sqlalchemy import Table, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http
from tenko.core.answers import Schema
from tenko.core.db import DbSession
from tenko.core.guard import PathId, parse_uuid
from tenko.core.jsonutil import JSONResponse
from tenko.core.links import existing_id, link_once, not_linked
from tenko.core.resource import Row
from tenko.core.schemas import BodyModel

#: records the parent's change (``created`` is False when an add found the link already there)
Changed = Callable[[AsyncSession, Any, bool], Awaitable[Any]]
#: refuses a body id (400), as ``existing_id(session, target, id, field)`` does
Check = Callable[[AsyncSession, Table, uuid.UUID, str], Awaitable[None]]
#: a row as the route answers it, given the parent
Present = Callable[[Row, Any], Row]


def typed(type_name: str) -> Present:
    return lambda row, parent: dict(row, type=type_name)


def guarded_by(guard: Any) -> Any:
    """The annotation of a parent given by ``guard``: a ``Depends`` already (a ``PathLoader``'s
    action) or a dependency callable."""
    return Annotated[Any, guard if isinstance(guard, params.Depends) else Depends(guard)]


def with_owner(endpoint: Callable[..., Any], owner: Any) -> None:
    """Give the endpoint's ``owner`` parameter its guard (known only when the routes are declared)."""
    signature = inspect.signature(endpoint)
    parameters = [p.replace(annotation=owner) if p.name == "owner" else p for p in signature.parameters.values()]
    endpoint.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]


def link_routes(
    router: APIRouter,
    path: str,
    link: Table,
    target: Table,
    *,
    parent: str,
    column: str,
    names: dict[str, tuple[str, str]],
    write: Any,
    changed: Changed,
    read: Any = None,
    present: Present = lambda row, parent: row,
    order_by: Sequence[str] = ("name", "id"),
    check: Check = existing_id,
    answer: Literal["parent", "target", "link"] = "parent",
    removed: Callable[[AsyncSession, Any, uuid.UUID], Awaitable[None]] | None = None,
    shown: Schema | None = None,
    changed_answer: Schema | None = None,
) -> None:
    """Register the routes named in ``names`` (``list``, ``add``, ``remove``: operation name, summary).

    ``parent``/``column`` are the link's columns naming the parent and the target. The list
    answers the linked targets by ``present``; an add answers ``changed``'s result (``parent``),
    the target or the link row (by ``present``); ``removed`` runs after a link is deleted.
    ``read``/``write`` are the parent's guards. ``shown`` documents a presented row (default: the
    columns of the table it comes from), ``changed_answer`` what ``changed`` answers.
    """
    body = create_model(f"{column}_body", __base__=BodyModel, **{column: (uuid.UUID, ...)})  # type: ignore[call-overload]
    writer = guarded_by(write)

    async def list_links(owner: Any, session: DbSession) -> JSONResponse:
        statement = (
            select(target)
            .join(link, link.c[column] == target.c.id)
            .where(link.c[parent] == owner.id)
            .order_by(*(target.c[name] for name in order_by))
        )
        return JSONResponse([present(dict(row), owner) for row in (await session.execute(statement)).mappings()])

    async def add_link(owner: Any, request: Request, session: DbSession) -> JSONResponse:
        target_id = (await http.json_body(request, body))[column]
        await check(session, target, target_id, column)
        values = {parent: owner.id, column: target_id}
        result = await changed(session, owner, await link_once(session, link, values))
        if answer != "parent":
            table, key = (target, {"id": target_id}) if answer == "target" else (link, values)
            statement = select(table).where(*(table.c[name] == value for name, value in key.items()))
            result = present(dict((await session.execute(statement)).mappings().one()), owner)
        return JSONResponse(result, status_code=201)

    async def remove_link(owner: Any, session: DbSession, **path_ids: str) -> Response:
        record_id = parse_uuid(path_ids[column], column.replace("_", " "))
        result = await session.execute(delete(link).where(link.c[parent] == owner.id, link.c[column] == record_id))
        if not getattr(result, "rowcount", 0):
            raise not_linked(column.removesuffix("_id").replace("_", " "))
        if removed is not None:
            await removed(session, owner, record_id)
        await changed(session, owner, True)
        return Response(status_code=204)

    with_owner(list_links, guarded_by(read) if read is not None else writer)
    with_owner(add_link, writer)
    # the target's id is a path parameter named after the column (documented as such)
    keyword = inspect.Parameter.KEYWORD_ONLY
    remove_link.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("owner", keyword, annotation=writer),
            inspect.Parameter(column, keyword, annotation=PathId),
            inspect.Parameter("session", keyword, annotation=DbSession),
        ]
    )
    listed = shown or answers.table_schema(target)
    added = {"parent": changed_answer, "target": listed, "link": shown or answers.table_schema(link)}[answer]
    routes: dict[str, tuple[str, str, Callable[..., Any], dict[str, Any]]] = {
        "list": ("GET", path, list_links, answers.answer(answers.list_of(listed))),
        "add": ("POST", path, add_link, {"status_code": 201, **answers.answer(added or answers.OBJECT, 201)}),
        "remove": ("DELETE", f"{path}/{{{column}}}", remove_link, answers.no_content()),
    }
    for kind, (name, summary) in names.items():
        method, route_path, endpoint, answer_of = routes[kind]
        router.add_api_route(route_path, endpoint, methods=[method], name=name, summary=summary, **answer_of)
