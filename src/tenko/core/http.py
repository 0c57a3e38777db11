"""The edge toolkit: the routers of the API and reading request bodies, one way for every route.

Every JSON body goes through ``json_object`` (raw object) or ``json_body`` (validated by a
pydantic model): the size limit, the content type, empty bodies and malformed JSON are judged
the same way everywhere, with a clear 400/413. Unknown keys are the model's business: bodies
ignore them (clients send whole objects back), see ``core/schemas.py``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import orjson
from fastapi import APIRouter
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from tenko.core.errors import BadRequest, PayloadTooLarge, validation_error

#: every route of the API is served under this prefix
API_PREFIX = "/api"


def api_router(*, tags: list[str | Enum]) -> APIRouter:
    """A domain's router: its routes are built once, with the API prefix, at import; the app adds
    them as they are to its one flat route table (no nested router to match, no copy to build)."""
    return APIRouter(prefix=API_PREFIX, tags=tags)


#: deepest JSON accepted on input: the API's objects nest a few levels; a value nested hundreds
#: of levels deep is refused before it is stored, since encoding it back fails for every reader
MAX_JSON_DEPTH = 32


def parse_json(raw: bytes | str, what: str = "body") -> Any:
    """Parse JSON from a request (body, form field, query value), or a clean 400."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"Invalid JSON {what}") from exc
    check_json(value, what)
    return value


def check_json(value: Any, what: str = "body") -> None:
    """400 for JSON nested deeper than ``MAX_JSON_DEPTH`` (walked without recursion)."""
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        item, depth, path = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                message = f"The JSON {what} nests deeper than {MAX_JSON_DEPTH} levels"
                raise validation_error([{"field": path or what, "message": message}], message)
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            stack.extend((child, depth + 1, f"{path}.{key}" if path else str(key)) for key, child in pairs)


def nul_problems(value: Any) -> list[dict[str, str]]:
    """The fields whose text (or keys) hold a NUL character: PostgreSQL refuses NUL in text and
    SQLite would keep a truncated copy, so no body may bring one in."""
    problems: list[dict[str, str]] = []
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            problems.append({"field": path or "body", "message": "text may not contain NUL characters"})
        elif isinstance(item, dict | list):
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in pairs:
                where = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and "\x00" in key:
                    problems.append({"field": where, "message": "keys may not contain NUL characters"})
                stack.append((child, where))
    return problems


def body_limit(request: Request) -> int:
    limit: int = request.app.state.settings.max_body_bytes
    return limit


async def json_value(request: Request, *, optional: bool = False) -> Any:
    """The request body as parsed JSON, or a clean 400/413 (``optional``: no body at all is ``None``)."""
    raw = await request.body()
    if len(raw) > body_limit(request):
        raise PayloadTooLarge()
    if not raw.strip():
        if optional:  # the web app posts bodiless actions without a body, gazu with ``{}``
            return None
        raise BadRequest("A JSON body is required")
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type and media_type != "application/json" and not media_type.endswith("+json"):
        raise BadRequest(f"Content-Type must be application/json, not {media_type[:60]!r}")
    return parse_json(raw)


async def form_data(request: Request) -> FormData:
    """A form body (multipart or url-encoded), or a clean 400/413; the text fields are judged
    like JSON bodies: one holding a NUL character (in its name or value) is refused, naming it."""
    try:
        form = await request.form()
    except HTTPException:  # a body over the limit (413), counted as it is read
        raise
    except Exception as exc:  # malformed multipart: the client's fault, never a 500
        raise BadRequest("Invalid form body") from exc
    texts = {key: value if isinstance(value, str) else "" for key, value in form.multi_items()}  # files: names only
    if problems := nul_problems(texts):
        raise validation_error(problems)
    return form


async def json_object(request: Request, *, optional: bool = False) -> dict[str, Any]:
    """The request body as a JSON object (``optional``: no body at all is ``{}``)."""
    body = await json_value(request, optional=True)
    if body is None:
        if optional:
            return {}
        raise BadRequest("A JSON object body is required")
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object")
    return body


async def json_body(request: Request, model: type[BaseModel]) -> dict[str, Any]:
    """The body validated by ``model``: optional when the model requires no field, else a 400 naming them."""
    required = [name for name, field in model.model_fields.items() if field.is_required()]
    raw = await request.body()
    if required and not raw.strip():
        raise BadRequest(f"A JSON object body is required, with {', '.join(required)}")
    return validate(model, await json_object(request, optional=True))


def validate(model: type[BaseModel], body: dict[str, Any], public: dict[str, str] | None = None) -> dict[str, Any]:
    """Validate a body; errors name fields as the client knows them (``public``: column -> key)."""
    names = public or {}
    try:
        parsed = model.model_validate(body)
    except ValidationError as exc:
        errors = [
            {"field": ".".join(names.get(str(p), str(p)) for p in error["loc"]) or "body", "message": error["msg"]}
            for error in exc.errors()
        ]
        raise validation_error(errors) from exc
    values = parsed.model_dump(exclude_unset=True)
    if problems := nul_problems(values):  # what the model keeps, in every body: one rule
        raise validation_error([{**p, "field": names.get(p["field"], p["field"])} for p in problems])
    return values
