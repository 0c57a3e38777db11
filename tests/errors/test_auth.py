"""Missing, malformed, forged and expired tokens are a 401 JSON, on every kind of route."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from typing import Any

import jwt
import pytest

from tests.errors.common import DUMMY_ID, error_body
from tests.support import Api

PATHS = ["/data/projects", f"/data/tasks/{DUMMY_ID}", "/auth/authenticated", "/data/task-types"]


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def claims(admin: Api, **changes: Any) -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC)
    base: dict[str, Any] = {
        "sub": admin.id,
        "jti": uuid.uuid4().hex,
        "type": "access",
        "iat": now,
        "nbf": now,
        "exp": now + dt.timedelta(hours=1),
        "identity_type": "person",
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def signed(admin: Api, **changes: Any) -> str:
    return jwt.encode(claims(admin, **changes), admin.server.settings.resolved_secret_key(), algorithm="HS256")


def forged_tokens(admin: Api) -> list[tuple[str, str]]:
    now = int(dt.datetime.now(dt.UTC).timestamp())
    payload = {"sub": admin.id, "jti": "x", "type": "access", "exp": now + 3600}
    return [
        ("garbage", "garbage"),
        ("three-dots", "a.b.c"),
        ("empty-segments", ".."),
        ("alg-none", f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(payload)}."),
        ("alg-none-signed", f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(payload)}.c2ln"),
        ("other-key", jwt.encode(claims(admin), "another-secret-key-of-enough-length-here", algorithm="HS256")),
        ("other-alg", jwt.encode(claims(admin), admin.server.settings.resolved_secret_key(), algorithm="HS512")),
        ("expired", signed(admin, exp=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))),
        ("not-yet-valid", signed(admin, nbf=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))),
        ("refresh-as-access", signed(admin, type="refresh")),
        ("no-type", signed(admin, type=None)),
        ("no-subject", signed(admin, sub=None)),
        ("no-expiry", signed(admin, exp=None)),
        ("subject-not-uuid", signed(admin, sub="admin")),
        ("subject-number", signed(admin, sub=12345)),
        ("subject-object", signed(admin, sub={"id": admin.id})),
        ("unknown-person", signed(admin, sub=str(uuid.uuid4()))),
        ("expiry-string", signed(admin, exp="tomorrow")),
        ("expiry-far-future", signed(admin, exp=10**20)),
        ("expiry-float", signed(admin, exp=1e300)),
        ("jti-object", signed(admin, jti={"a": 1})),
        ("header-not-json", f"{base64.urlsafe_b64encode(b'not json').decode()}.{b64(payload)}.sig"),
        ("bad-base64", "!!!.@@@.###"),
        ("huge", "a" * 20_000),
    ]


@pytest.mark.parametrize("path", PATHS)
async def test_missing_token_is_401(anon: Api, path: str) -> None:
    error_body(await anon.get(path), 401)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Bearer  ",
        "Basic YWRtaW46YWRtaW4=",
        "Token abc",
        "bearer",
        "Bearer a b c",
        "Bearer \u00e9\u00e8",
    ],
)
async def test_malformed_authorization_header_is_401(anon: Api, header: str) -> None:
    raw = header.encode("latin-1")  # sent as bytes: a client may send any octets
    for path in PATHS[:3]:
        error_body(await anon.get(path, headers={"Authorization": raw}), 401)


async def test_forged_and_expired_tokens_are_401(admin: Api, anon: Api) -> None:
    problems = []
    for label, token in forged_tokens(admin):
        for path in PATHS[:3]:
            response = await anon.get(path, headers={"Authorization": f"Bearer {token}"})
            if response.status_code != 401:
                problems.append(f"{label} {path}: {response.status_code} {response.text[:200]}")
            else:
                error_body(response, 401)
        response = await anon.get(PATHS[0], headers={"Cookie": f"access_token_cookie={token}"})
        if response.status_code != 401:
            problems.append(f"{label} as cookie: {response.status_code} {response.text[:200]}")
    assert problems == []


async def test_expired_token_says_so(admin: Api, anon: Api) -> None:
    """gazu refreshes its token on exactly this message."""
    token = signed(admin, exp=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    body = error_body(await anon.get("/data/projects", headers={"Authorization": f"Bearer {token}"}), 401)
    assert body["message"] == "Signature has expired"


async def test_a_valid_forged_shape_is_accepted(admin: Api, anon: Api) -> None:
    """The other side: a token signed with the server key passes, so the 401s above are the checks."""
    response = await anon.get("/data/projects", headers={"Authorization": f"Bearer {signed(admin)}"})
    assert response.status_code == 200, response.text


async def test_refresh_route_refuses_access_tokens_and_garbage(admin: Api, anon: Api) -> None:
    for token in ("garbage", admin.token or "", signed(admin, type="refresh", sub=str(uuid.uuid4()))):
        error_body(await anon.get("/auth/refresh-token", headers={"Authorization": f"Bearer {token}"}), 401)
