"""Typed API errors and the one place that renders every error as JSON.

Body: ``{"error": true, "message": "..."}``, plus ``data`` with details for validation
errors (the form gazu reads: ``data.errors = [{"field", "message"}]``). No traceback,
SQL or file path ever reaches a client.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy import Index, PrimaryKeyConstraint, Table, UniqueConstraint
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from tenko.core.jsonutil import JSONResponse
from tenko.core.model import Base

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


CONFLICT_MESSAGE = "The data conflicts with existing records (duplicate or invalid reference)"
#: SQLite names an index it enforces, or the columns of a table constraint
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?:index '(?P<index>[^']+)'|(?P<columns>[\w.,\s]+))")


UniqueKey = Index | UniqueConstraint | PrimaryKeyConstraint


def _unique_keys(table: Table) -> list[UniqueKey]:
    keys: list[UniqueKey] = [index for index in table.indexes if index.unique]
    return keys + [c for c in table.constraints if isinstance(c, UniqueConstraint | PrimaryKeyConstraint)]


def _key_named(name: str) -> UniqueKey | None:
    tables = Base.metadata.tables.values()
    return next((key for table in tables for key in _unique_keys(table) if key.name == name), None)


def _violated_key(exc: IntegrityError) -> UniqueKey | None:
    """The unique constraint or index a write broke, found in the models' metadata by the name
    PostgreSQL gives (asyncpg's ``constraint_name``), or by the index name or the columns SQLite gives."""
    cause = exc.orig.__cause__ if exc.orig is not None else None
    name = getattr(cause, "constraint_name", None)
    if getattr(exc.orig, "sqlstate", None) == "23505" and isinstance(name, str):
        return _key_named(name)
    match = _SQLITE_UNIQUE.search(str(exc.orig))
    if match is None:
        return None
    if match["index"]:
        return _key_named(match["index"])
    qualified = [part.strip().split(".", 1) for part in match["columns"].split(",")]
    table = Base.metadata.tables.get(qualified[0][0])
    columns = {column for _, column in qualified}
    keys = _unique_keys(table) if table is not None else []
    return next((key for key in keys if {c.name for c in key.columns} == columns), None)


def duplicate_message(exc: IntegrityError) -> str | None:
    """What a unique constraint or index refused, in words (None when the error is not a duplicate).

    The models say it beside the constraint (``info={"duplicate": "..."}``); otherwise the
    message names the table and the columns that must be unique together.
    """
    key = _violated_key(exc)
    if key is None:
        return None
    message = key.info.get("duplicate")
    if isinstance(message, str):
        return message
    table = key.table
    columns = [column.name for column in key.columns]
    noun = table.name.replace("_", " ") if isinstance(table, Table) else "record"
    return f"A {noun} with the same {', '.join(columns)} already exists"


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
        # A constraint the write broke: still the client's fault (a duplicate whose check lost a
        # race, a reference removed meanwhile). The request's transaction is already rolled back.
        assert isinstance(exc, IntegrityError)
        log.info("integrity error: %s", exc)
        message = duplicate_message(exc) or CONFLICT_MESSAGE
        return JSONResponse({"error": True, "message": message}, status_code=400)

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
