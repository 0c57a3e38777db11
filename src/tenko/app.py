"""create_app(settings): the ASGI application (one per settings object; tests build one per backend)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from tenko import __version__
from tenko.api import REFERABLE, api_routes, shadowed_routes
from tenko.auth.csrf import CookieOriginCheck
from tenko.auth.deps import AppContext, CallerResolver
from tenko.auth.throttle import LoginThrottle, storage_for
from tenko.auth.tokens import TokenCodec
from tenko.core import jsonutil
from tenko.core.db import Database
from tenko.core.errors import install_error_handlers
from tenko.core.events import EventBus
from tenko.core.guard import PUBLIC
from tenko.core.model import table_of
from tenko.core.openapi import install_openapi
from tenko.core.startup import announce_ready
from tenko.domains.events.models import ApiEvent
from tenko.domains.notifications import service as notifications
from tenko.domains.user.directory import PeopleDirectory
from tenko.settings import Settings

log = logging.getLogger("tenko")
Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]


def build_context(settings: Settings) -> AppContext:
    database = Database(settings.sqlalchemy_url, settings.db_pool_size)
    tokens = TokenCodec(settings.resolved_secret_key(), settings.access_token_minutes, settings.refresh_token_days)
    redis = None
    if settings.redis_url:
        import redis.asyncio as aioredis

        redis = aioredis.from_url(settings.redis_url)
    events = EventBus(table_of(ApiEvent), redis)
    # what a domain does when another writes (in the same transaction): wired here, so that the
    # writing domain needs not import the reacting one
    events.listen("task:assign", notifications.on_tasks_assigned)
    throttle = LoginThrottle(settings, storage_for(redis))
    return AppContext(settings=settings, db=database, tokens=tokens, events=events, throttle=throttle)


def _error_response(status: int, message: str) -> list[dict[str, Any]]:
    body = jsonutil.dumps({"error": True, "message": message})
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    return [
        {"type": "http.response.start", "status": status, "headers": headers},
        {"type": "http.response.body", "body": body},
    ]


def _bad_path(scope: Scope) -> bool:
    """An encoded slash or NUL in a path segment: it cannot name a record and must not be re-routed."""
    raw = scope.get("raw_path") or b""
    raw = raw.split(b"?", 1)[0].lower()
    return b"%2f" in raw or b"%00" in raw or "\x00" in scope.get("path", "")


def _nul_in_query(scope: Scope) -> bool:
    """A NUL character in the query string (``%00`` once decoded): no filter, id or date holds
    one, PostgreSQL refuses it in text and SQLite would compare a truncated copy."""
    query: bytes = scope.get("query_string") or b""
    return b"%00" in query or b"\x00" in query


class RequestGuard:
    """Refuse what no route may see: a body over the limit (413), undecodable paths and NUL
    characters in the query string (400).

    A declared ``Content-Length`` over the limit is refused before anything is read; a body
    without one (chunked) is counted as the application reads it, and reading past the limit
    raises a 413 wherever the route reads its body.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _bad_path(scope):
            for message in _error_response(400, "Invalid path: encoded slashes and NUL characters are refused"):
                await send(message)
            return
        if _nul_in_query(scope):
            for message in _error_response(400, "Invalid query string: NUL characters are refused"):
                await send(message)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                for message in _error_response(413, "Request body too large"):
                    await send(message)
                return
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Any) -> Any:
        received = 0

        async def counted() -> Any:
            nonlocal received
            message = await receive()
            if message.get("type") == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise StarletteHTTPException(413, "Request body too large")
            return message

        return counted


class SecurityHeaders:
    """The headers that keep browsers from sniffing, framing or leaking the API's answers, and
    HSTS when the server is behind HTTPS (``TENKO_COOKIE_SECURE``)."""

    def __init__(self, app: ASGIApp, https: bool) -> None:
        self.app = app
        self.headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
        ]
        if https:
            self.headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(settings: Settings | None = None, on_started: Callable[[], None] | None = None) -> FastAPI:
    """The application; ``on_started`` runs once its start-up is over, when it begins to serve."""
    settings = settings or Settings()
    context = build_context(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if on_started is not None:
            on_started()
        yield
        await context.db.dispose()
        if context.events.redis is not None:
            await context.events.redis.aclose()

    app = FastAPI(
        title="tenko — Kitsu API",
        version=__version__,
        description="A fast implementation of the Kitsu production-tracking API.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.context = context
    # what the lower layers read from the app (they import neither the app nor the domains)
    app.state.settings = settings
    app.state.database = context.db
    app.state.events = context.events
    app.state.references = REFERABLE
    app.state.caller_resolver = CallerResolver(context.tokens, PeopleDirectory())
    app.state.resolve_caller = app.state.caller_resolver.resolve
    install_error_handlers(app)
    routes = api_routes()
    shadowed = shadowed_routes(routes)
    if shadowed:  # a route that can never answer is a wiring mistake: refuse to start
        raise RuntimeError("shadowed routes: " + "; ".join(shadowed))
    app.router.routes.extend(routes)  # one flat route table, each route built once (see api_routes)
    mount_docs(app)
    install_openapi(app)
    app.add_middleware(CookieOriginCheck, allowed=settings.allowed_origins)
    app.add_middleware(RequestGuard, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders, https=settings.cookie_secure)
    if settings.trusted_proxies.strip():
        # outermost: every layer below sees the client and scheme the trusted proxies saw
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    return app


def mount_docs(app: FastAPI) -> None:
    """Interactive docs served from the swagger-ui package: they work offline (no CDN)."""
    import swagger_ui_bundle

    app.mount("/api/docs-static", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-static")

    @app.get("/api/docs", include_in_schema=False, dependencies=[PUBLIC])
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="tenko API docs",
            swagger_js_url="/api/docs-static/swagger-ui-bundle.js",
            swagger_css_url="/api/docs-static/swagger-ui.css",
            swagger_favicon_url="/api/docs-static/favicon-32x32.png",
        )


def app_factory() -> FastAPI:
    """Entry point for uvicorn/gunicorn workers (settings from the environment): each worker
    prints its ready line (``tenko.core.startup``) once it serves."""
    return create_app(Settings(), on_started=announce_ready)
