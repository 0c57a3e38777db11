"""JWT access and refresh tokens, and their server-side revocation."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from tenko.core.errors import Unauthorized

ALGORITHM = "HS256"
EXPIRED_MESSAGE = "Signature has expired"  # gazu refreshes its token on exactly this message
KIND_NAMES = {"access": "an access token", "refresh": "a refresh token"}


@dataclass(frozen=True)
class TokenClaims:
    person_id: uuid.UUID
    jti: str
    kind: str  # "access" | "refresh"
    expires_at: dt.datetime
    #: shared by the tokens of one login (its refresh token and every access token issued
    #: from it), so that logging out with any of them ends the whole login
    session: str | None = None
    #: when the token was issued (epoch microseconds): a person's cutoff refuses what came before
    issued_at: int = 0

    @property
    def revocation_keys(self) -> tuple[str, ...]:
        """The ids a revocation of this token or of its login is stored under."""
        return (self.jti, self.session) if self.session else (self.jti,)


def epoch_microseconds(when: dt.datetime) -> int:
    return int(when.timestamp() * 1_000_000)


def cutoff_key(person_id: uuid.UUID, epoch_us: int) -> str:
    """The revocation row that refuses every token of a person issued before ``epoch_us``.

    Stored with the revoked token ids: ``person:<id>:<17-digit microseconds>`` sorts by time, so a
    token is refused when a cutoff key of its person sorts after the one of its own issue time.
    """
    return f"person:{person_id}:{epoch_us:017d}"


def cutoff_bounds(claims: TokenClaims) -> tuple[str, str]:
    """The key range of the cutoffs that refuse these claims: after their issue time, same person."""
    return cutoff_key(claims.person_id, claims.issued_at), f"person:{claims.person_id};"


class TokenCodec:
    def __init__(self, secret: str, access_minutes: int, refresh_days: int) -> None:
        self.secret = secret
        self.access_lifetime = dt.timedelta(minutes=access_minutes)
        self.refresh_lifetime = dt.timedelta(days=refresh_days)

    @property
    def session_lifetime(self) -> dt.timedelta:
        """How long a token of one login may live: the last access token is issued just before the refresh expires."""
        return self.refresh_lifetime + self.access_lifetime

    def issue_pair(self, person_id: uuid.UUID) -> tuple[str, str]:
        """An access and a refresh token for a new login."""
        session = uuid.uuid4().hex
        return self.issue(person_id, "access", session), self.issue(person_id, "refresh", session)

    def issue(self, person_id: uuid.UUID, kind: str, session: str | None = None) -> str:
        now = dt.datetime.now(dt.UTC)
        lifetime = self.access_lifetime if kind == "access" else self.refresh_lifetime
        claims: dict[str, Any] = {
            "sub": str(person_id),
            "jti": uuid.uuid4().hex,
            "type": kind,
            "iat": now,
            "iat_us": epoch_microseconds(now),  # "iat" is whole seconds: too coarse to order logins
            "nbf": now,
            "exp": now + lifetime,
            "identity_type": "person",
            "sid": session or uuid.uuid4().hex,
        }
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)

    def decode(self, token: str, kind: str) -> TokenClaims:
        try:
            claims = jwt.decode(token, self.secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub", "jti"]})
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized(EXPIRED_MESSAGE) from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized("Invalid token") from exc
        if claims.get("type") != kind:
            raise Unauthorized(f"This route needs {KIND_NAMES.get(kind, kind)}")
        try:
            person_id = uuid.UUID(str(claims["sub"]))
        except ValueError as exc:
            raise Unauthorized("Invalid token") from exc
        try:
            expires = dt.datetime.fromtimestamp(int(claims["exp"]), dt.UTC).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError) as exc:  # an expiry beyond what a datetime holds
            raise Unauthorized("Invalid token") from exc
        session = claims.get("sid")
        issued = claims.get("iat_us", int(claims.get("iat", 0) or 0) * 1_000_000)
        issued_at = int(issued) if isinstance(issued, int | float) else 0
        return TokenClaims(person_id, str(claims["jti"]), kind, expires, str(session) if session else None, issued_at)
