"""bcrypt hashes, compatible with the hashes an existing Kitsu database holds."""

from __future__ import annotations

import functools

import bcrypt
from starlette.concurrency import run_in_threadpool

MIN_PASSWORD_LENGTH = 7
# bcrypt only reads the first 72 bytes; longer passwords are refused rather than truncated silently.
MAX_PASSWORD_BYTES = 72


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password is too short (at least {MIN_PASSWORD_LENGTH} characters)"
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        return f"Password is too long (at most {MAX_PASSWORD_BYTES} bytes)"
    if "\x00" in password:  # no text the API takes in holds one (and C bcrypt would stop there)
        return "Password may not contain NUL characters"
    return None


def hash_password(password: str, rounds: int = 12) -> bytes:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds))


def verify_password(password: str, hashed: bytes | str | None) -> bool:
    if not hashed or not password:
        return False
    if isinstance(hashed, str):
        hashed = hashed.encode()
    candidate = password.encode()
    if len(candidate) > MAX_PASSWORD_BYTES:
        return False
    try:
        return bcrypt.checkpw(candidate, bytes(hashed))
    except ValueError:
        return False


# bcrypt takes a quarter of a second at 12 rounds and releases the GIL: run it in a thread, so
# that logins do not stall every other request of the worker.
async def hash_password_async(password: str, rounds: int = 12) -> bytes:
    return await run_in_threadpool(hash_password, password, rounds)


async def verify_password_async(password: str, hashed: bytes | str | None) -> bool:
    return await run_in_threadpool(verify_password, password, hashed)


@functools.cache
def dummy_hash(rounds: int) -> bytes:
    """A hash to verify against when the login is unknown, so that both cases take the same time."""
    return hash_password("tenko-timing-equaliser", rounds)
