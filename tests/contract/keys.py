"""The keys of an answer against the reference's recorded shape (shapes.json).

A shape is the reference's answer with every value replaced by its kind: objects keep their
keys, lists keep one item, maps keyed by ids or numbers have one ``"<uuid>"`` / ``"<number>"``
key, and nested records the reference did not detail are just ``"dict"`` / ``"list"``. The
comparison walks the answer where the shape has detail: the keys of the top-level object, of
each item of a list, of each value of a map by id, and so on down; it never judges values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: placeholder keys of shapes.json, and the actual keys each stands for
PLACEHOLDERS = {
    "<uuid>": re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    "<number>": re.compile(r"\d+"),
}


@dataclass(frozen=True)
class Difference:
    """Keys that differ at one place of an answer (``where`` is ``""`` at the top)."""

    where: str
    missing: frozenset[str] = frozenset()  # the reference has them, tenko does not
    extra: frozenset[str] = frozenset()  # tenko has them, the reference does not
    problem: str = ""  # not the container the reference answers

    def __str__(self) -> str:
        if self.problem:
            return f"{self.where or '.'}: {self.problem}"
        parts = [
            f"missing {sorted(self.missing)}" if self.missing else "",
            f"extra {sorted(self.extra)}" if self.extra else "",
        ]
        return f"{self.where or '.'}: " + ", ".join(part for part in parts if part)


def placeholder_of(key: str) -> str | None:
    return next((name for name, pattern in PLACEHOLDERS.items() if pattern.fullmatch(key)), None)


#: JSON columns whose keys are the studio's data (custom fields, a file tree), not the API's
FREE_FORM = frozenset({"data", "entity_data", "file_tree"})


def differences(expected: Any, actual: Any, where: str = "") -> list[Difference]:
    """Where ``actual`` has other keys than ``expected`` (the shape), as far as the shape details.

    A null, or an empty object, stands for "no record here" and is not compared; so is an object
    the reference answered empty (``{}``: its keys are unknown) and a free-form JSON column."""
    if actual is None or actual == {} or where.rsplit(".", 1)[-1] in FREE_FORM:
        return []
    if isinstance(expected, dict) and not expected:
        return [] if isinstance(actual, dict) else [Difference(where, problem="an object was expected")]
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [Difference(where, problem=f"an object was expected, got {type(actual).__name__}")]
        return _object(expected, actual, where)
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [Difference(where, problem=f"a list was expected, got {type(actual).__name__}")]
        if not expected:
            return []
        found: list[Difference] = []
        for item in actual:
            for difference in differences(expected[0], item, f"{where}[]"):
                if difference not in found:
                    found.append(difference)
        return found
    return []


def _object(expected: dict[str, Any], actual: dict[str, Any], where: str) -> list[Difference]:
    named = {key: kind for key, kind in expected.items() if key not in PLACEHOLDERS}
    mapped = {key: kind for key, kind in expected.items() if key in PLACEHOLDERS}
    plain = {key for key in actual if not (mapped and placeholder_of(key) in mapped)}
    found: list[Difference] = []
    missing, extra = frozenset(set(named) - plain), frozenset(plain - set(named))
    if missing or extra:
        found.append(Difference(where, missing, extra))
    for key, value in actual.items():
        if key in named:
            found.extend(differences(named[key], value, f"{where}.{key}"))
        elif key not in plain:
            placeholder = placeholder_of(key)
            found.extend(differences(mapped[str(placeholder)], value, f"{where}.{placeholder}"))
    return _unique(found)


def _unique(found: list[Difference]) -> list[Difference]:
    seen: list[Difference] = []
    for difference in found:
        if difference not in seen:
            seen.append(difference)
    return seen


def is_empty(expected: Any, actual: Any) -> bool:
    """The reference answered records but this answer has none to compare (a thin world)."""
    if isinstance(expected, list) and expected and isinstance(expected[0], dict):
        return isinstance(actual, list) and not actual
    if isinstance(expected, dict) and expected and set(expected) <= set(PLACEHOLDERS):
        return isinstance(actual, dict) and not actual
    return False
