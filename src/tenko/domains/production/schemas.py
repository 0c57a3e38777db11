"""The documented answers of the entities and breakdown routes (what their handlers serialise).

Entities are the ``entity`` records seen as one kind plus the names the select joins in
(``service.entity_select``); tasks and task types are those of ``service_reads``.
"""

from __future__ import annotations

from typing import Any

from tenko.core import answers
from tenko.core.answers import (
    INTEGER,
    NULLABLE_STRING,
    NULLABLE_UUID,
    STRING,
    UUID,
    Schema,
    list_of,
    object_of,
    record_schema,
)
from tenko.domains.entities.service import kind_named, kind_resource
from tenko.domains.studio.kinds import ASSET, CONCEPT, SHOT, Kind
from tenko.domains.studio.resources import TASK_TYPES
from tenko.domains.tasks.resources import TASKS

ANY: Schema = {}
#: the names ``service_reads.task_rows`` joins to a task
TASK_ROW = record_schema(
    TASKS,
    {
        "entity_name": STRING,
        "entity_type_name": STRING,
        "project_name": STRING,
        "task_type_name": NULLABLE_STRING,
        "task_status_name": NULLABLE_STRING,
    },
)
TASK_TYPE_ROW = record_schema(TASK_TYPES)
ENTITY_VERSION = object_of(
    {"id": UUID, "type": answers.type_const("EntityVersion"), "entity_id": UUID, "name": STRING, "data": ANY}
)


def context_keys(kind: Kind) -> dict[str, Schema]:
    """The names the entity select joins: project, breakdown parents, asset type."""
    extra: dict[str, Schema] = {"project_name": STRING}
    parent = kind_named(kind.parent)
    grandparent = kind_named(parent.parent) if parent is not None else None
    for context in (parent, grandparent):  # the select joins two levels at most
        if context is not None:
            extra[f"{context.event}_id"] = NULLABLE_UUID
            extra[f"{context.event}_name"] = NULLABLE_STRING
    if kind is ASSET:
        extra.update(asset_type_id=UUID, asset_type_name=STRING)
    return extra


def entity_schema(kind: Kind) -> Schema:
    """An entity of one kind as the lists serialise it."""
    return record_schema(kind_resource(kind), context_keys(kind))


def entity_detail_schema(kind: Kind) -> Schema:
    """A single entity (``service_reads.present_detail``): its frame range, tasks, casting episodes."""
    extra = context_keys(kind)
    if kind is SHOT or kind is CONCEPT:
        extra.update(frame_in=ANY, frame_out=ANY, fps=ANY)
    if kind is CONCEPT:
        extra["preview_file_status"] = {"type": "null"}
    if kind is ASSET:
        extra.update(episode_id=NULLABLE_UUID, casting_episode_ids=answers.ID_LIST)
    if kind.type_name in {"Shot", "Asset", "Edit", "Concept"}:
        extra["tasks"] = list_of(answers.OBJECT)
    return record_schema(kind_resource(kind), extra)


def one_entity(kind: Kind, status: int = 200) -> dict[str, Any]:
    return answers.answer(entity_schema(kind), status, f"One {kind.type_name}")


def many_entities(kind: Kind) -> dict[str, Any]:
    return answers.answer(list_of(entity_schema(kind)), 200, f"A list of {kind.type_name}")


def many_or_page_entities(kind: Kind) -> dict[str, Any]:
    return answers.list_or_page(entity_schema(kind), kind.type_name)


TASK_LIST = answers.answer(list_of(TASK_ROW), 200, "A list of Task")
TASK_TYPE_LIST = answers.answer(list_of(TASK_TYPE_ROW), 200, "A list of TaskType")
#: ``{id: [...]}`` answers (castings by entity, instances by asset/shot/scene, previews by task type)
BY_ID_OF_LISTS = answers.answer(
    answers.keyed_by("id", list_of(answers.OBJECT), "ListsById"),
    200,
    "Lists of records by id",
)
CAST_ITEM = object_of(
    {
        "asset_id": UUID,
        "name": STRING,
        "asset_name": STRING,
        "asset_type_name": STRING,
        "episode_id": NULLABLE_UUID,
        "is_shared": answers.BOOLEAN,
        "label": STRING,
        "nb_occurences": INTEGER,
        "preview_file_id": NULLABLE_UUID,
        "project_id": UUID,
        "ready_for": NULLABLE_UUID,
        "sequence_name": NULLABLE_STRING,  # the castings of shots, by shot
    }
)
