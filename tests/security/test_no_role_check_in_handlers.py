"""No route handler decides authorisation in its body: guards and loaders do, before it runs.

Every route's endpoint function is read; a role comparison, an admin test or a refusal in its
body means a rule that the OpenAPI ``x-policy`` does not show and that a list may not share.
Checks that depend on a body are made by services of the domain's access module, by name.
"""

from __future__ import annotations

import inspect
import re

from tenko.api import api_routes

ROLE_CHECK = re.compile(
    r"Forbidden\(|\.is_admin\b|\.role_in\(|\brequire_\w+\(|\bRole\.[A-Z]+|\.is_manager\b|\.is_staff\b"
)


def body_of(source: str) -> str:
    """The function's code without its docstring (which may well speak of roles)."""
    return re.sub(r'"""[\s\S]*?"""', "", source, count=1)


def test_no_handler_checks_a_role_itself() -> None:
    found = []
    for route in api_routes():
        hits = ROLE_CHECK.findall(body_of(inspect.getsource(route.endpoint)))
        if hits:
            found.append(f"{route.endpoint.__module__}.{route.endpoint.__name__}: {hits}")
    assert not found, found


def test_the_role_check_finder_can_fail() -> None:
    def handler(caller: object) -> None:
        """Admins only (this docstring is not code)."""
        if not caller.is_admin:  # type: ignore[attr-defined]
            raise Forbidden()  # type: ignore[name-defined]  # noqa: F821

    assert ROLE_CHECK.findall(body_of(inspect.getsource(handler))) == [".is_admin", "Forbidden("]
