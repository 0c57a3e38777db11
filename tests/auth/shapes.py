"""The reference answers of shapes.json, and a check that an answer has the same keys and kinds."""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from pathlib import Path
from typing import Any

SHAPES_FILE = Path(__file__).parent.parent / "contract" / "shapes.json"
#: secrets that must never reach a client, whatever the route
PERSON_SECRETS = {
    "password",
    "totp_secret",
    "email_otp_secret",
    "fido_credentials",
    "otp_recovery_codes",
    "jti",
    "login_failed_attemps",
    "last_login_failed",
}


@functools.cache
def _shapes() -> dict[str, Any]:
    shapes: dict[str, Any] = json.loads(SHAPES_FILE.read_text())
    return shapes


def shape(route: str) -> Any:
    return _shapes()[route]["shape"]


def _kind_matches(kind: str, value: Any) -> bool:
    checks: dict[str, Any] = {
        "str": lambda v: isinstance(v, str),
        "bool": lambda v: isinstance(v, bool),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "uuid": lambda v: isinstance(v, str) and uuid.UUID(v) is not None,
        "datetime": lambda v: isinstance(v, str) and dt.datetime.strptime(v, "%Y-%m-%dT%H:%M:%S") is not None,
        "date": lambda v: isinstance(v, str) and dt.date.fromisoformat(v) is not None,
    }
    check = checks.get(kind)
    return check is None or bool(check(value))


def assert_shape(expected: Any, actual: Any, where: str = "") -> None:
    """Same keys as the reference; every non-null value of the kind the reference gave."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: {actual!r} is not an object"
        assert set(actual) == set(expected), (
            f"{where}: missing {sorted(set(expected) - set(actual))}, extra {sorted(set(actual) - set(expected))}"
        )
        for key, kind in expected.items():
            assert_shape(kind, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{where}: {actual!r} is not a list"
        for item in actual if expected else []:
            assert_shape(expected[0], item, f"{where}[]")
    elif actual is not None and expected != "null":
        assert _kind_matches(expected, actual), f"{where}: {actual!r} is not a {expected}"
