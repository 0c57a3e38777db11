"""Typed API errors and the one place that renders every error as JSON.

Body: ``{"error": true, "message": "..."}``, plus ``data`` with details for validation
errors (the form gazu reads: ``data.errors = [{"field", "message"}]``). No traceback,
SQL or file path ever reaches a client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from tenko.core.jsonutil import JSONResponse

log = logging.getLogger("tenko")


class ApiError(Exception):
    status_code = 400
    default_message = "Bad request"

    def __init__(self, message: str | None = None, data: dict[str, Any] | None = None, **extra: Any) -> None:
        self.message = message or self.default_message
        self.data = data
        self.extra = extra
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": True, "message": self.message, **self.extra}
        if self.data is not None:
            body["data"] = self.data
        return body


class BadRequest(ApiError):
    status_code = 400


class Unauthorized(ApiError):
    status_code = 401
    default_message = "Missing or invalid authentication token"


class Forbidden(ApiError):
    status_code = 403
    default_message = "You are not allowed to perform this action"


class NotFound(ApiError):
    status_code = 404
    default_message = "Not found"


class DatabaseUnavailable(ApiError):
    """The database cannot be reached (restarting, down): the request may be sent again."""

    status_code = 503
    default_message = "The database is unavailable: retry in a moment"


class PayloadTooLarge(ApiError):
    status_code = 413
    default_message = "Request body too large"


def validation_error(errors: list[dict[str, str]], message: str = "Invalid data") -> BadRequest:
    """A 400 listing each rejected field, e.g. ``[{"field": "name", "message": "required"}]``."""
    details = ", ".join(f"{e['field']}: {e['message']}" for e in errors)
    return BadRequest(f"{message}: {details}" if details else message, data={"errors": errors})


def _field_name(location: tuple[Any, ...]) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


DATA_ERROR_MESSAGE = (
    "Invalid value: the request holds a value that cannot be stored (out of range or invalid characters)"
)


def is_data_error(exc: DBAPIError) -> bool:
    """SQLSTATE class 22 (data exception), as PostgreSQL and asyncpg report bad parameter values."""
    if isinstance(exc, DataError):
        return True
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return isinstance(code, str) and code.startswith("22")


def install_error_handlers(app: FastAPI) -> None:
    async def on_api_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return JSONResponse(exc.body(), status_code=exc.status_code)

    async def on_validation(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = []
        for error in exc.errors():
            message = str(error.get("msg", "invalid"))
            if error.get("type") == "json_invalid":
                message = "Invalid JSON body"
            errors.append({"field": _field_name(tuple(error.get("loc", ()))), "message": message})
        return JSONResponse(validation_error(errors).body(), status_code=400)

    async def on_http(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        messages = {404: "Resource not found", 405: "Method not allowed"}
        message = exc.detail if isinstance(exc.detail, str) else messages.get(exc.status_code, "Error")
        if exc.status_code == 404 and message == "Not Found":
            message = "Resource not found"
        return JSONResponse(
            {"error": True, "message": message}, status_code=exc.status_code, headers=getattr(exc, "headers", None)
        )

    async def on_integrity(_: Request, exc: Exception) -> JSONResponse:
        # Constraint violations the services did not anticipate: still the client's fault.
        log.info("integrity error: %s", exc)
        return JSONResponse(
            {"error": True, "message": "The data conflicts with existing records (duplicate or invalid reference)"},
            status_code=400,
        )

    async def on_database(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DBAPIError)
        if is_data_error(exc):
            # a value the database cannot store (NUL in text, out of range): the client's fault,
            # wherever a route forgot to validate it first
            log.warning("data error: %s", exc)
            return JSONResponse({"error": True, "message": DATA_ERROR_MESSAGE}, status_code=400)
        log.exception("database error", exc_info=exc)
        return JSONResponse({"error": True, "message": "Database error"}, status_code=500)

    async def on_unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return JSONResponse({"error": True, "message": "Internal server error"}, status_code=500)

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(IntegrityError, on_integrity)
    app.add_exception_handler(DBAPIError, on_database)
    app.add_exception_handler(Exception, on_unexpected)
