"""Login, logout and password changes: the rules behind the /auth routes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.models import RevokedToken
from tenko.auth.passwords import dummy_hash, hash_password_async, password_problem, verify_password_async
from tenko.auth.throttle import LoginAttempt, LoginThrottle, account_key, unlock, unlock_generation
from tenko.auth.tokens import TokenClaims, TokenCodec, cutoff_key, epoch_microseconds
from tenko.core.access import Caller, Role
from tenko.core.errors import validation_error
from tenko.core.listing import attach_relations, to_rows
from tenko.core.model import table_of
from tenko.core.records import present
from tenko.core.resource import Row
from tenko.core.types import utc_now
from tenko.domains.people.models import PERSON, LoginLog
from tenko.domains.people.resources import PERSONS
from tenko.domains.studio.models import Organisation
from tenko.domains.studio.resources import ORGANISATIONS

WRONG_CREDENTIALS = "Wrong e-mail or password"
#: the same for every login, known or not: it must not tell which accounts exist
LOCKED = "Too many failed login attempts: try again later"
#: an id no person has (the login log is asked about it for unknown logins)
NOBODY = uuid.UUID(int=0)


class LoginRefused(Exception):
    """A refused login; ``flags`` are the extra keys the web app reads (``too_many_failed_login_attemps``)."""

    def __init__(self, message: str, **flags: bool) -> None:
        super().__init__(message)
        self.message = message
        self.flags = flags


async def find_login_person(session: AsyncSession, login: str) -> dict[str, Any] | None:
    """The person an e-mail (case-insensitive) or, failing that, a desktop login designates."""
    login = login.strip()
    statement = select(PERSON).where(func.lower(PERSON.c.email) == login.lower(), PERSON.c.is_bot.is_(False))
    row = (await session.execute(statement)).mappings().first()
    if row is None:
        statement = select(PERSON).where(PERSON.c.desktop_login == login, PERSON.c.is_bot.is_(False))
        row = (await session.execute(statement.limit(1))).mappings().first()
    return dict(row) if row is not None else None


async def logged_in_from(session: AsyncSession, person_id: uuid.UUID | None, address: str) -> bool:
    """Whether the person has logged in from this address before (the login log)."""
    log = table_of(LoginLog)
    # asked alike for an unknown login (with an id nobody has), so that its time tells nothing
    statement = select(log.c.id).where(log.c.person_id == (person_id or NOBODY), log.c.ip_address == address)
    return (await session.execute(statement.limit(1))).first() is not None


async def check_credentials(
    session: AsyncSession, login: str, password: str, *, throttle: LoginThrottle, address: str, rounds: int
) -> dict[str, Any]:
    """The person whose credentials these are, or LoginRefused (failures are counted in the throttle).

    Whether the login exists, is locked or not, the answer takes one bcrypt check and a fixed set of
    queries: an unknown login and a known one with a wrong password, locked or not, are told apart
    neither by the message nor by the time taken.
    """
    person = await find_login_person(session, login) if login else None
    person_id = person["id"] if person is not None else None
    account = account_key(person_id, login)
    attempt = LoginAttempt(account, address, await unlock_generation(session, account))
    full = await throttle.full_windows(attempt)
    if full - {"pair"} and await logged_in_from(session, person_id, address):
        full &= {"pair"}  # the owner's usual address: only its own guesses hold it back
    stored = person["password"] if person is not None and not full else None
    matches = await verify_password_async(password, stored or dummy_hash(rounds))
    if full:
        raise LoginRefused(LOCKED, too_many_failed_login_attemps=True)
    if person is None or not stored or not matches:
        await throttle.failed(attempt)
        raise LoginRefused(WRONG_CREDENTIALS)
    await throttle.succeeded(attempt)
    # told only to whoever knows the password
    if not person["active"] or person["archived"]:
        raise LoginRefused("This account is disabled")
    if person["expiration_date"] is not None and person["expiration_date"] < dt.date.today():
        raise LoginRefused("This account has expired")
    return person


async def unlock_login(session: AsyncSession, login: str) -> bool:
    """``tenko unlock``: the person's login windows start again (False: nobody has this login)."""
    person = await find_login_person(session, login)
    if person is None:
        return False
    await unlock(session, account_key(person["id"], login))
    return True


async def record_login(session: AsyncSession, person_id: uuid.UUID, origin: str, ip_address: str | None) -> None:
    await session.execute(
        update(PERSON)
        .where(PERSON.c.id == person_id)
        .values(login_failed_attemps=0, last_login_failed=None, last_presence=dt.date.today())
    )
    await session.execute(
        insert(table_of(LoginLog)).values(
            id=uuid.uuid4(),
            person_id=person_id,
            origin=origin,
            ip_address=ip_address,
            created_at=utc_now(),
            updated_at=utc_now(),
        )
    )


async def person_json(session: AsyncSession, caller: Caller, person_id: uuid.UUID) -> Row:
    statement = select(*PERSONS.visible_columns).where(PERSON.c.id == person_id)
    rows = to_rows(PERSONS, await session.execute(statement))
    await attach_relations(session, PERSONS, rows)
    await present(session, PERSONS, caller, rows, detail=False)
    return rows[0]


async def organisation_json(session: AsyncSession, caller: Caller) -> Row:
    table = table_of(Organisation)
    statement = select(*ORGANISATIONS.visible_columns).order_by(table.c.created_at).limit(1)
    rows = to_rows(ORGANISATIONS, await session.execute(statement))
    await present(session, ORGANISATIONS, caller, rows, detail=False)
    return rows[0] if rows else {}


async def revoke(session: AsyncSession, tokens: TokenCodec, *claims: TokenClaims) -> None:
    """Refuse these tokens, and every other token of their logins, from now on (in every worker)."""
    expiries: dict[str, dt.datetime] = {}
    for claim in claims:
        expiries[claim.jti] = claim.expires_at
        if claim.session:
            expiries[claim.session] = utc_now() + tokens.session_lifetime
    table = table_of(RevokedToken)
    known = select(table.c.jti).where(table.c.jti.in_(list(expiries)))
    for jti in (await session.execute(known)).scalars():
        expiries.pop(jti)
    if expiries:
        await session.execute(insert(table), [{"jti": jti, "expires_at": when} for jti, when in expiries.items()])
    # expired revocations are useless: keep the table small
    await session.execute(table.delete().where(table.c.expires_at < utc_now()))


def check_new_password(password: Any, password_2: Any) -> str:
    if not isinstance(password, str) or not password:
        raise validation_error([{"field": "password", "message": "required"}])
    if password_2 is not None and password != password_2:
        raise validation_error(
            [{"field": "password_2", "message": "the two passwords differ"}], "Passwords do not match"
        )
    problem = password_problem(password)
    if problem:
        raise validation_error([{"field": "password", "message": problem}], problem)
    return password


async def end_sessions(session: AsyncSession, tokens: TokenCodec, person_id: uuid.UUID) -> None:
    """Refuse every token the person holds, in every worker: a cutoff at this instant (the tokens
    issued from now on, like the ones handed back to the caller, still work)."""
    key = cutoff_key(person_id, epoch_microseconds(dt.datetime.now(dt.UTC)))
    table = table_of(RevokedToken)
    if (await session.execute(select(table.c.jti).where(table.c.jti == key))).first() is None:
        await session.execute(insert(table).values(jti=key, expires_at=utc_now() + tokens.session_lifetime))


async def set_password(session: AsyncSession, person_id: uuid.UUID, password: str, rounds: int) -> None:
    """A new password; the failed logins with the old one no longer hold the account back."""
    await session.execute(
        update(PERSON)
        .where(PERSON.c.id == person_id)
        .values(password=await hash_password_async(password, rounds), login_failed_attemps=0, updated_at=utc_now())
    )
    await unlock(session, account_key(person_id, ""))


async def email_taken(session: AsyncSession, email: str) -> bool:
    statement = select(PERSON.c.id).where(func.lower(PERSON.c.email) == email.strip().lower())
    return (await session.execute(statement.limit(1))).first() is not None


def registration_author() -> Caller:
    """Who writes a self-registered person: nobody signed in, so the server itself, with the
    rights to create a person (the body's role is forced to ``user`` by the route)."""
    return Caller(id=uuid.uuid4(), role=Role.ADMIN, person={})
