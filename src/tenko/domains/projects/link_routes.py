"""The list/add/remove routes of a link table between a parent record and target records.

Projects, project templates and departments link records the same way (a project's status
automations, a template's asset types, a department's software...): ``link_routes`` declares
the routes of one link table. The parent comes from a dependency (``read``/``write``, which
authorise the caller) giving an object with ``id`` and ``caller``; ``changed`` records the
parent's event. Adding an existing link changes nothing but still answers 201.

Annotations are evaluated here (no ``from __future__ import annotations``): FastAPI reads the
endpoints' signatures, whose dependencies are the declaration's own.
"""

import inspect
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import create_model
from sqlalchemy import Table, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.deps import Context
from tenko.core import records
from tenko.core.db import DbSession
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.domains.projects.access import ActionBody, existing_id, link_once, not_linked, read_body

#: records the parent's change (``created`` is False when an add found the link already there)
Changed = Callable[[AsyncSession, Any, bool], Awaitable[Any]]
#: refuses a body id (400), as ``existing_id(session, target, id, field)`` does
Check = Callable[[AsyncSession, Table, uuid.UUID, str], Awaitable[None]]
#: a row as the route answers it, given the parent
Present = Callable[[Row, Any], Row]


def typed(type_name: str) -> Present:
    return lambda row, parent: dict(row, type=type_name)


def link_routes(
    router: APIRouter,
    path: str,
    link: Table,
    target: Table,
    *,
    parent: str,
    column: str,
    names: dict[str, tuple[str, str]],
    write: Callable[..., Awaitable[Any]],
    changed: Changed,
    read: Callable[..., Awaitable[Any]] | None = None,
    present: Present = lambda row, parent: row,
    order_by: Sequence[str] = ("name", "id"),
    check: Check = existing_id,
    answer: Literal["parent", "target", "link"] = "parent",
    removed: Callable[[AsyncSession, Any, uuid.UUID], Awaitable[None]] | None = None,
) -> None:
    """Register the routes named in ``names`` (``list``, ``add``, ``remove``: operation name, summary).

    ``parent``/``column`` are the link's columns naming the parent and the target. The list
    answers the linked targets by ``present``; an add answers ``changed``'s result (``parent``),
    the target or the link row (by ``present``); ``removed`` runs after a link is deleted.
    """
    body = create_model(f"{column}_body", __base__=ActionBody, **{column: (uuid.UUID, ...)})  # type: ignore[call-overload]

    async def list_links(owner: Annotated[Any, Depends(read)], session: DbSession) -> JSONResponse:
        statement = (
            select(target)
            .join(link, link.c[column] == target.c.id)
            .where(link.c[parent] == owner.id)
            .order_by(*(target.c[name] for name in order_by))
        )
        return JSONResponse([present(dict(row), owner) for row in (await session.execute(statement)).mappings()])

    async def add_link(
        owner: Annotated[Any, Depends(write)], request: Request, session: DbSession, context: Context
    ) -> JSONResponse:
        target_id = (await read_body(request, context, body))[column]
        await check(session, target, target_id, column)
        values = {parent: owner.id, column: target_id}
        result = await changed(session, owner, await link_once(session, link, values))
        if answer != "parent":
            table, key = (target, {"id": target_id}) if answer == "target" else (link, values)
            statement = select(table).where(*(table.c[name] == value for name, value in key.items()))
            result = present(dict((await session.execute(statement)).mappings().one()), owner)
        return JSONResponse(result, status_code=201)

    async def remove_link(owner: Annotated[Any, Depends(write)], session: DbSession, **path_ids: str) -> Response:
        record_id = records.parse_id(path_ids[column], column.replace("_", " "))
        result = await session.execute(delete(link).where(link.c[parent] == owner.id, link.c[column] == record_id))
        if not getattr(result, "rowcount", 0):
            raise not_linked(column.removesuffix("_id").replace("_", " "))
        if removed is not None:
            await removed(session, owner, record_id)
        await changed(session, owner, True)
        return Response(status_code=204)

    # the target's id is a path parameter named after the column (documented as such)
    keyword = inspect.Parameter.KEYWORD_ONLY
    remove_link.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("owner", keyword, annotation=Annotated[Any, Depends(write)]),
            inspect.Parameter(column, keyword, annotation=str),
            inspect.Parameter("session", keyword, annotation=DbSession),
        ]
    )
    routes: dict[str, tuple[str, str, Callable[..., Any], int | None]] = {
        "list": ("GET", path, list_links, None),
        "add": ("POST", path, add_link, 201),
        "remove": ("DELETE", f"{path}/{{{column}}}", remove_link, 204),
    }
    for kind, (name, summary) in names.items():
        method, route_path, endpoint, status = routes[kind]
        router.add_api_route(route_path, endpoint, methods=[method], name=name, summary=summary, status_code=status)
