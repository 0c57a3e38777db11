"""Request bodies of the breakdown routes: JSON lists or objects, validated into plain values."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, Strict, TypeAdapter, ValidationError

from tenko.core.errors import BadRequest, validation_error
from tenko.core.ranges import within
from tenko.core.schemas import BodyModel
from tenko.domains.entities.models import ENTITY_LINK

#: how many times an asset is cast: a JSON integer (no text), in the column's range
Count = Annotated[int, Strict(), within(ENTITY_LINK.c.nb_occurences)]
Label = Annotated[str, Field(max_length=80)]


class CastItem(BaseModel):
    """One asset of a casting; other keys (the names a client read) are ignored."""

    model_config = ConfigDict(extra="ignore")

    asset_id: uuid.UUID
    nb_occurences: Count = 1
    label: Label | None = None


class CastAsset(BodyModel):
    """Cast one asset in several entities: ``nb_occurences`` omitted keeps the count, 0 uncasts."""

    entity_ids: list[uuid.UUID] = Field(max_length=10_000)
    nb_occurences: Count | None = None
    label: Label | None = None


class EntityCasting(BaseModel):
    model_config = ConfigDict(extra="ignore")

    entity_id: uuid.UUID
    casting: list[CastItem] = Field(max_length=10_000)


CASTING = TypeAdapter(list[CastItem])
MANY_CASTINGS = TypeAdapter(dict[uuid.UUID, list[CastItem]])
MANY_CASTINGS_LIST = TypeAdapter(list[EntityCasting])


def checked(adapter: TypeAdapter[Any], body: Any) -> Any:
    try:
        return adapter.validate_python(body)
    except ValidationError as exc:
        errors = [
            {"field": ".".join(str(part) for part in error["loc"]) or "body", "message": error["msg"]}
            for error in exc.errors()[:20]
        ]
        raise validation_error(errors) from exc


def casting_body(body: Any) -> list[CastItem]:
    if not isinstance(body, list):
        raise BadRequest("The casting must be a JSON list of {asset_id, nb_occurences, label}")
    items: list[CastItem] = checked(CASTING, body)
    return items


def many_castings_body(body: Any) -> dict[uuid.UUID, list[CastItem]]:
    """``{entity_id: [casting]}`` or ``[{entity_id, casting: [...]}]``."""
    if isinstance(body, dict):
        result: dict[uuid.UUID, list[CastItem]] = checked(MANY_CASTINGS, body)
        return result
    if isinstance(body, list):
        entries: list[EntityCasting] = checked(MANY_CASTINGS_LIST, body)
        return {entry.entity_id: entry.casting for entry in entries}
    raise BadRequest("The body must map entity ids to castings")


def cast_asset_body(body: Any) -> CastAsset:
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object {entity_ids, nb_occurences, label}")
    parsed: CastAsset = checked(TypeAdapter(CastAsset), body)
    return parsed
