"""Request dependencies: the app context, the transaction-owning session and the caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.models import RevokedToken
from tenko.auth.policy import Caller, Role
from tenko.auth.tokens import TokenClaims, TokenCodec
from tenko.core.db import Database
from tenko.core.errors import Unauthorized
from tenko.core.events import EventBus
from tenko.core.model import table_of
from tenko.domains.people.models import DepartmentLink, Person
from tenko.domains.projects.models import Project, ProjectPersonLink, ProjectStatus
from tenko.domains.tasks.models import Task, TaskPersonLink
from tenko.settings import Settings

ACCESS_COOKIE = "access_token_cookie"
REFRESH_COOKIE = "refresh_token_cookie"
#: project status names that count as open (the reference server's list)
OPEN_STATUS_NAMES = ("Open", "open", "Active")


@dataclass
class AppContext:
    settings: Settings
    db: Database
    tokens: TokenCodec
    events: EventBus


def get_context(request: Request) -> AppContext:
    context: AppContext = request.app.state.context
    return context


Context = Annotated[AppContext, Depends(get_context)]


async def get_session(context: Context) -> AsyncIterator[AsyncSession]:
    async for session in context.db.session():
        session.info["events"] = context.events
        session.info["bcrypt_rounds"] = context.settings.bcrypt_rounds
        yield session


DbSession = Annotated[AsyncSession, Depends(get_session, scope="function")]


def bearer_token(request: Request, cookie: str) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(cookie) or None


async def load_caller(session: AsyncSession, claims: TokenClaims) -> Caller:
    """The person behind a valid token, with their open projects and departments."""
    revoked = exists().where(RevokedToken.jti.in_(claims.revocation_keys))  # the token or its whole login
    statement = select(table_of(Person), revoked.label("revoked")).where(Person.id == claims.person_id)
    row = (await session.execute(statement)).mappings().first()
    if row is None or row["revoked"]:
        raise Unauthorized("Token has been revoked" if row is not None else "Unknown user")
    person: dict[str, Any] = dict(row)
    person.pop("revoked")
    if not person["active"] or person["archived"]:
        raise Unauthorized("This account is disabled")
    if person["expiration_date"] is not None and person["expiration_date"] < dt.date.today():
        raise Unauthorized("This account has expired")
    caller = Caller(id=person["id"], role=Role(person["role"]), person=person)
    if not caller.is_admin:
        await load_memberships(session, caller)
    return caller


async def load_memberships(session: AsyncSession, caller: Caller) -> None:
    statement = (
        select(ProjectPersonLink.project_id, ProjectPersonLink.role)
        .join(Project, Project.id == ProjectPersonLink.project_id)
        .join(ProjectStatus, ProjectStatus.id == Project.project_status_id)
        .where(ProjectPersonLink.person_id == caller.id, ProjectStatus.name.in_(OPEN_STATUS_NAMES))
    )
    for project_id, role in (await session.execute(statement)).all():
        caller.project_roles[project_id] = Role(role) if role and role != Role.ADMIN else caller.role
    departments = select(DepartmentLink.department_id).where(DepartmentLink.person_id == caller.id)
    caller.department_ids = set((await session.execute(departments)).scalars())
    if caller.is_vendor_somewhere:  # vendors reach only their assigned tasks (policy.Assigned)
        assigned = (
            select(Task.id, Task.entity_id)
            .join(TaskPersonLink, TaskPersonLink.task_id == Task.id)
            .where(TaskPersonLink.person_id == caller.id)
        )
        rows = (await session.execute(assigned)).all()
        caller.assigned_task_ids = frozenset(row[0] for row in rows)
        caller.assigned_entity_ids = frozenset(row[1] for row in rows if row[1] is not None)


def decode_access(request: Request, tokens: TokenCodec) -> TokenClaims:
    token = bearer_token(request, ACCESS_COOKIE)
    if not token:
        raise Unauthorized("Missing authentication token")
    return tokens.decode(token, "access")


async def get_caller(request: Request, context: Context, session: DbSession) -> Caller:
    claims = decode_access(request, context.tokens)
    caller = await load_caller(session, claims)
    request.state.claims = claims
    return caller


CurrentCaller = Annotated[Caller, Depends(get_caller)]
