"""Shape checks against shapes.json, lenient on nulls and on ``<uuid>``-keyed objects."""

from __future__ import annotations

from typing import Any

from tests.auth.shapes import _kind_matches, shape


def check(expected: Any, actual: Any, where: str = "") -> None:
    """The same keys as the reference answer; values of the reference's kinds (null allowed)."""
    if actual is None:
        return
    if isinstance(expected, dict) and set(expected) == {"<uuid>"}:
        assert isinstance(actual, dict), f"{where}: {actual!r} is not an object"
        for item in actual.values():
            check(expected["<uuid>"], item, f"{where}.<uuid>")
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: {actual!r} is not an object"
        missing, extra = set(expected) - set(actual), set(actual) - set(expected)
        assert not missing and not extra, f"{where}: missing {sorted(missing)}, extra {sorted(extra)}"
        for key, kind in expected.items():
            check(kind, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{where}: {actual!r} is not a list"
        for item in actual if expected else []:
            check(expected[0], item, f"{where}[]")
    elif expected == "dict":
        assert isinstance(actual, dict), f"{where}: {actual!r} is not an object"
    elif expected == "list":
        assert isinstance(actual, list), f"{where}: {actual!r} is not a list"
    elif expected != "null":
        assert _kind_matches(expected, actual), f"{where}: {actual!r} is not a {expected}"


def like(route: str, actual: Any) -> None:
    check(shape(route), actual, route)
