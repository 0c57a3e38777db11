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


@dataclass(frozen=True)
class TokenClaims:
    person_id: uuid.UUID
    jti: str
    kind: str  # "access" | "refresh"
    expires_at: dt.datetime


class TokenCodec:
    def __init__(self, secret: str, access_minutes: int, refresh_days: int) -> None:
        self.secret = secret
        self.access_lifetime = dt.timedelta(minutes=access_minutes)
        self.refresh_lifetime = dt.timedelta(days=refresh_days)

    def issue(self, person_id: uuid.UUID, kind: str) -> str:
        now = dt.datetime.now(dt.UTC)
        lifetime = self.access_lifetime if kind == "access" else self.refresh_lifetime
        claims: dict[str, Any] = {
            "sub": str(person_id),
            "jti": uuid.uuid4().hex,
            "type": kind,
            "iat": now,
            "nbf": now,
            "exp": now + lifetime,
            "identity_type": "person",
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
            raise Unauthorized(f"An {kind} token is required")
        try:
            person_id = uuid.UUID(str(claims["sub"]))
        except ValueError as exc:
            raise Unauthorized("Invalid token") from exc
        expires = dt.datetime.fromtimestamp(int(claims["exp"]), dt.UTC).replace(tzinfo=None)
        return TokenClaims(person_id, str(claims["jti"]), kind, expires)
