"""Reading a comment request: a JSON body, or a multipart form with attached files (gazu, web app)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.datastructures import UploadFile
from starlette.requests import Request

from tenko.core import http
from tenko.core.errors import BadRequest
from tenko.domains.comments.service import NewComment

MAX_TEXT = 200_000
MULTIPART = ("multipart/form-data", "application/x-www-form-urlencoded")


class ChecklistItem(BaseModel):
    model_config = ConfigDict(extra="allow")

    text: str = Field(default="", max_length=10_000)
    checked: bool = False


class CommentBody(BaseModel):
    """The keys gazu and the web app send; unknown keys are ignored (clients send extras)."""

    model_config = ConfigDict(extra="ignore")

    task_status_id: uuid.UUID
    comment: str | None = Field(default=None, max_length=MAX_TEXT)
    text: str | None = Field(default=None, max_length=MAX_TEXT)
    person_id: uuid.UUID | None = None
    checklist: list[ChecklistItem] | None = None
    links: list[str] | None = None
    for_client: bool | None = False
    created_at: dt.datetime | None = None

    @field_validator("created_at")
    @classmethod
    def naive_utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.replace(microsecond=0) if value is not None else None

    def to_request(self) -> NewComment:
        return NewComment(
            task_status_id=self.task_status_id,
            text=self.comment if self.comment is not None else (self.text or ""),
            person_id=self.person_id,
            checklist=[item.model_dump() for item in self.checklist or []],
            links=list(self.links or []),
            for_client=bool(self.for_client),
            created_at=self.created_at,
        )


@dataclass
class FormInput:
    """A request's fields and its uploaded files (empty for a JSON body)."""

    fields: Any
    files: dict[str, UploadFile] = field(default_factory=dict)


def is_form(request: Request) -> bool:
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return media_type in MULTIPART


async def read_input(request: Request) -> FormInput:
    """JSON (any value, read by ``core/http``) or a multipart form; a clean 400 on anything else."""
    if not is_form(request):
        body = await http.json_value(request, optional=True)
        return FormInput({} if body is None else body)
    form = await http.form_data(request)
    fields: dict[str, Any] = {}
    files: dict[str, UploadFile] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            files[key] = value
        else:
            fields[key] = value
    return FormInput(fields, files)


def decode_form_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Form values are strings: JSON-decode the list fields and read booleans as words."""
    values = dict(fields)
    for key in ("checklist", "links"):
        if isinstance(values.get(key), str):
            try:
                values[key] = orjson.loads(values[key]) if values[key].strip() else []
            except orjson.JSONDecodeError as exc:
                raise BadRequest(f"{key} must be a JSON list") from exc
            http.check_json(values[key], f"field {key}")
    if isinstance(values.get("for_client"), str):
        values["for_client"] = values["for_client"].strip().lower() in ("true", "1", "yes", "on")
    for key in ("person_id", "created_at"):
        if values.get(key) == "":
            values.pop(key)
    return values


def comment_request(body: Any, form: bool = False) -> NewComment:
    if not isinstance(body, dict):
        raise BadRequest("A comment must be a JSON object")
    values = decode_form_fields(body) if form else body
    parsed = http.validate(CommentBody, values)
    return CommentBody.model_validate(parsed).to_request()
