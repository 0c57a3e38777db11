"""Who is calling: the app context and the caller behind a request's token.

The auth layer knows tokens and revocations, not people: the ``Directory`` it is given
(``domains/user/directory.py``, wired in ``app.py``) loads the person and their memberships.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

from fastapi import Depends, Request
from sqlalchemy import ColumnElement, exists
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.models import RevokedToken
from tenko.auth.throttle import LoginThrottle
from tenko.auth.tokens import TokenClaims, TokenCodec, cutoff_bounds
from tenko.core.access import Caller, Role
from tenko.core.db import Database
from tenko.core.errors import Unauthorized
from tenko.core.events import EventBus
from tenko.settings import Settings

ACCESS_COOKIE = "access_token_cookie"
REFRESH_COOKIE = "refresh_token_cookie"


class Directory(Protocol):
    """Where the people are: injected so that the auth layer names no domain table."""

    async def person(
        self, session: AsyncSession, person_id: uuid.UUID, revoked: ColumnElement[bool]
    ) -> dict[str, Any] | None:
        """The person's columns plus ``revoked`` (the value of ``revoked`` for them), or None."""
        ...

    async def load_memberships(self, session: AsyncSession, caller: Caller) -> None:
        """Fill the caller's project roles, departments and (vendors) assignments."""
        ...


@dataclass
class AppContext:
    settings: Settings
    db: Database
    tokens: TokenCodec
    events: EventBus
    throttle: LoginThrottle


def get_context(request: Request) -> AppContext:
    context: AppContext = request.app.state.context
    return context


Context = Annotated[AppContext, Depends(get_context)]


def bearer_token(request: Request, cookie: str) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(cookie) or None


def decode_access(request: Request, tokens: TokenCodec) -> TokenClaims:
    token = bearer_token(request, ACCESS_COOKIE)
    if not token:
        raise Unauthorized("Missing authentication token")
    return tokens.decode(token, "access")


@dataclass(frozen=True)
class CallerResolver:
    """Turns a request's access token into a ``Caller`` (401 for a bad, revoked or disabled one)."""

    tokens: TokenCodec
    directory: Directory

    async def resolve(self, request: Request, session: AsyncSession) -> Caller:
        claims = decode_access(request, self.tokens)
        caller = await self.caller_for(session, claims)
        request.state.claims = claims
        return caller

    async def caller_for(self, session: AsyncSession, claims: TokenClaims) -> Caller:
        """The person behind valid claims, with their open projects and departments."""
        after, person_end = cutoff_bounds(claims)
        revoked = exists().where(
            RevokedToken.jti.in_(claims.revocation_keys)  # the token or its whole login
            | ((RevokedToken.jti > after) & (RevokedToken.jti < person_end))  # all of the person's, before a cutoff
        )
        person = await self.directory.person(session, claims.person_id, revoked)
        if person is None or person.pop("revoked"):
            raise Unauthorized("Token has been revoked" if person is not None else "Unknown user")
        if not person["active"] or person["archived"]:
            raise Unauthorized("This account is disabled")
        if person["expiration_date"] is not None and person["expiration_date"] < dt.date.today():
            raise Unauthorized("This account has expired")
        caller = Caller(id=person["id"], role=Role(person["role"]), person=person)
        if not caller.is_admin:
            await self.directory.load_memberships(session, caller)
        return caller


def get_resolver(request: Request) -> CallerResolver:
    resolver: CallerResolver = request.app.state.caller_resolver
    return resolver


Resolver = Annotated[CallerResolver, Depends(get_resolver)]
