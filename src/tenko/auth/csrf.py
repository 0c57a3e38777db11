"""Cross-site request forgery: a write that the auth cookie authenticates must come from an allowed page.

A browser attaches the web app's cookie to a form another site posts to the API (``SameSite=Lax``
stops it for most cross-site requests, not for a sibling subdomain, nor for an old browser). So a
POST, PUT, PATCH or DELETE that carries an auth cookie and no ``Authorization`` header is served
only when its ``Origin`` (or, without one, its ``Referer``) is the server's own or one of
``TENKO_ALLOWED_ORIGINS``; otherwise 403. Browsers send ``Origin`` with every such request, so the
web app's own calls pass. Scripts send their token in the header, which no other site can set:
they are not concerned.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import cookie_parser

from tenko.auth.deps import ACCESS_COOKIE, REFRESH_COOKIE
from tenko.core.jsonutil import JSONResponse

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]
#: the methods that change something (GET, HEAD and OPTIONS never do on this API)
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
AUTH_COOKIES = (ACCESS_COOKIE, REFRESH_COOKIE)
DEFAULT_PORTS = {"http": 80, "https": 443}
REFUSED = "Cross-site request refused: a write authenticated by cookie must come from the web app's own origin"

Origin = tuple[str, str, int]  # scheme, host, port


def parse_origin(value: str) -> Origin | None:
    """``scheme://host[:port]`` of an Origin or Referer value; None for ``null`` or anything else."""
    try:
        parts = urlsplit(value.strip())
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError:  # a port that is not a number, a broken IPv6 literal
        return None
    if scheme not in DEFAULT_PORTS or not host:
        return None
    return scheme, host, port or DEFAULT_PORTS[scheme]


def allowed_origins(setting: str) -> frozenset[Origin]:
    """``TENKO_ALLOWED_ORIGINS``: comma-separated origins (anything unparsable is left out)."""
    parsed = (parse_origin(item) for item in setting.split(",") if item.strip())
    return frozenset(origin for origin in parsed if origin is not None)


def same_host(origin: Origin, host_header: str) -> bool:
    """The page's origin names this server as the request's ``Host`` does.

    The scheme is not compared: behind a proxy that ends TLS the page is https while the request
    the server sees is http. A ``Host`` without a port means the page's is its scheme's default
    (a browser names any other); a proxy that drops a non-default port needs TENKO_ALLOWED_ORIGINS.
    """
    try:
        parts = urlsplit("//" + host_header.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        return False
    if host is None or origin[1] != host:
        return False
    return origin[2] == port if port is not None else origin[2] == DEFAULT_PORTS[origin[0]]


def authenticated_by_cookie(headers: Headers) -> bool:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return False  # the header wins over the cookie (deps.bearer_token)
    cookies = cookie_parser(headers.get("cookie", ""))
    return any(cookies.get(name) for name in AUTH_COOKIES)


class CookieOriginCheck:
    """ASGI middleware: 403 for a cookie-authenticated write from a page of another origin."""

    def __init__(self, app: ASGIApp, allowed: str) -> None:
        self.app = app
        self.allowed = allowed_origins(allowed)

    def origin_allowed(self, headers: Headers) -> bool:
        source = headers.get("origin") or headers.get("referer")
        origin = parse_origin(source) if source else None
        if origin is None:
            return False
        return origin in self.allowed or same_host(origin, headers.get("host", ""))

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] in WRITES:
            headers = Headers(scope=scope)
            if authenticated_by_cookie(headers) and not self.origin_allowed(headers):
                response = JSONResponse({"error": True, "message": REFUSED}, status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
