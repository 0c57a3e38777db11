"""Login throttling: sliding windows of failed logins, per account, per client address and per both.

Three windows of ``TENKO_LOGIN_LOCK_SECONDS`` count the failed logins (the ``limits`` library's
moving window, kept in this worker's memory, or in Redis when ``REDIS_URL`` is set so that every
worker shares them):

- ``pair``: one account from one address (``TENKO_LOGIN_MAX_FAILURES``). What an attacker's
  guesses fill: it holds back that address for that account, not the account's owner elsewhere.
- ``address``: one address, whatever the account (``TENKO_LOGIN_MAX_FAILURES_PER_ADDRESS``):
  one machine trying many accounts.
- ``account``: one account, from every address (``TENKO_LOGIN_MAX_FAILURES_PER_ACCOUNT``):
  guesses spread over many addresses.

The caller (``domains/accounts``) lets an address the person has logged in from before past the
``address`` and ``account`` windows, so an attacker elsewhere cannot keep the owner out; the
``pair`` window still bounds the guesses from that address. ``tenko unlock EMAIL`` starts an
account's windows again: it stores an unlock mark in the database (read by every worker, whatever
the storage), and the windows are keyed by the latest mark.

Unknown logins have windows too (keyed by a digest of what was typed), so that a locked account
and an unknown one answer alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.models import REVOKED_TOKEN
from tenko.auth.tokens import epoch_microseconds
from tenko.core.types import utc_now
from tenko.settings import Settings

log = logging.getLogger("tenko.auth")
WINDOWS = ("pair", "address", "account")
#: how long an unlock mark is kept: once it is gone, the windows of the mark before count again,
#: so it must outlive any sensible window (seconds to hours)
UNLOCK_KEPT = dt.timedelta(days=30)


def account_key(person_id: uuid.UUID | None, login: str) -> str:
    """Whom a login designates: the person's id, or a digest of the typed login when nobody has it
    (32 hex characters either way, so that keys and stored marks have one length)."""
    if person_id is not None:
        return person_id.hex
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()[:32]


@dataclass(frozen=True)
class LoginAttempt:
    account: str  # see account_key
    address: str  # the client address (the socket peer, or the trusted proxies' X-Forwarded-For)
    generation: str  # the account's latest unlock mark: a new one starts its windows again

    def identifiers(self, window: str) -> tuple[str, ...]:
        if window == "pair":
            return ("pair", self.account, self.generation, self.address)
        if window == "address":
            return ("address", self.address)
        return ("account", self.account, self.generation)


def storage_for(redis: Any | None) -> Storage:
    """In this worker's memory, or in the Redis the events already use (same connection pool)."""
    if redis is None:
        return MemoryStorage()
    return RedisStorage(
        "async+redis://localhost:6379",  # a placeholder: the connections come from the pool below
        implementation="redispy",
        connection_pool=redis.connection_pool,
        key_prefix="tenko-login",
        wrap_exceptions=True,
    )


class LoginThrottle:
    def __init__(self, settings: Settings, storage: Storage) -> None:
        seconds = settings.login_lock_seconds
        self.limits = {
            "pair": RateLimitItemPerSecond(settings.login_max_failures, seconds),
            "address": RateLimitItemPerSecond(settings.login_max_failures_per_address, seconds),
            "account": RateLimitItemPerSecond(settings.login_max_failures_per_account, seconds),
        }
        self.limiter = MovingWindowRateLimiter(storage)

    async def full_windows(self, attempt: LoginAttempt) -> set[str]:
        """The windows this attempt would overflow (empty: it may be checked)."""
        full = set()
        for window in WINDOWS:
            try:
                allowed = await self.limiter.test(self.limits[window], *attempt.identifiers(window))
            except StorageError:  # Redis away: logins go on rather than lock everyone out
                log.warning("login limits unavailable (storage error): not enforced", exc_info=True)
                return set()
            if not allowed:
                full.add(window)
        return full

    async def failed(self, attempt: LoginAttempt) -> None:
        try:
            for window in WINDOWS:
                await self.limiter.hit(self.limits[window], *attempt.identifiers(window))
        except StorageError:
            log.warning("login limits unavailable (storage error): failure not counted", exc_info=True)

    async def succeeded(self, attempt: LoginAttempt) -> None:
        """The owner got in from there: their earlier typing mistakes from that address are forgotten
        (not the address's or the account's other failures, which may be someone else's)."""
        try:
            await self.limiter.clear(self.limits["pair"], *attempt.identifiers("pair"))
        except StorageError:
            log.warning("login limits unavailable (storage error)", exc_info=True)


def _unlock_prefix(account: str) -> str:
    return f"unlock:{account}:"


async def unlock_generation(session: AsyncSession, account: str) -> str:
    """The account's latest unlock mark ('0' when it has none): the windows are keyed by it."""
    prefix = _unlock_prefix(account)
    column = REVOKED_TOKEN.c.jti
    statement = select(func.max(column)).where(column > prefix, column < prefix[:-1] + ";")
    latest = (await session.execute(statement)).scalar()
    return str(latest)[len(prefix) :] if latest else "0"


async def unlock(session: AsyncSession, account: str) -> None:
    """Start the account's windows again, in every worker (``tenko unlock``, a password reset).

    The mark sits with the revoked token ids (the auth layer's table of keys that expire):
    ``unlock:<account>:<17-digit microseconds>``, so that the latest sorts last.
    """
    mark = _unlock_prefix(account) + f"{epoch_microseconds(dt.datetime.now(dt.UTC)):017d}"
    await session.execute(insert(REVOKED_TOKEN).values(jti=mark, expires_at=utc_now() + UNLOCK_KEPT))
