"""The documented answers of the entities and breakdown routes (what their handlers serialise).

Entities are the ``entity`` records seen as one kind plus the names the select joins in
(``service.entity_select``); tasks and task types are those of ``service_reads``.
"""

from __future__ import annotations

from collections.abc import Iterable
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
from tenko.domains.entities.service import kind_resource
from tenko.domains.entities.shapes import RELATION_KEYS, context_names, kind_relations
from tenko.domains.production.reads import DETAIL_WITHOUT, KINDS_WITH_RELATIONS, KINDS_WITH_TASKS
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


def context_keys(kind: Kind, names: Iterable[str] | None = None) -> dict[str, Schema]:
    """The names the entity select joins (``shapes.context_names``), or only ``names`` of them."""
    kinds = {"project_name": STRING, "asset_type_id": UUID, "asset_type_name": STRING}
    wanted = context_names(kind) if names is None else [name for name in context_names(kind) if name in names]
    return {name: kinds.get(name, NULLABLE_UUID if name.endswith("_id") else NULLABLE_STRING) for name in wanted}


def entity_schema(kind: Kind, names: Iterable[str] = ()) -> Schema:
    """An entity of one kind as a list serialises it: its columns and ``names`` of the joined names."""
    return record_schema(kind_resource(kind), context_keys(kind, names), without=RELATION_KEYS - kind_relations(kind))


def entity_detail_schema(kind: Kind) -> Schema:
    """A single entity (``service_reads.present_detail``): its context names, relations, frame
    range, tasks and casting episodes, as the kind's detail has them."""
    extra = context_keys(kind)
    if kind is SHOT or kind is CONCEPT:
        extra.update(frame_in=ANY, frame_out=ANY, fps=ANY)
    if kind is CONCEPT:
        extra["preview_file_status"] = {"type": "null"}
    if kind is ASSET:
        extra.update(episode_id=NULLABLE_UUID, casting_episode_ids=answers.ID_LIST)
    if kind in KINDS_WITH_TASKS:
        extra["tasks"] = list_of(answers.OBJECT)
    without = set(DETAIL_WITHOUT.get(kind, ())) | (set() if kind in KINDS_WITH_RELATIONS else RELATION_KEYS)
    return record_schema(kind_resource(kind), extra, without=without)


def written_entity(kind: Kind, status: int = 200) -> dict[str, Any]:
    """A kind route's create or update answer (``shapes.written``): columns, no joined names."""
    schema = record_schema(kind_resource(kind), without=RELATION_KEYS - kind_relations(kind))
    return answers.answer(schema, status, f"One {kind.type_name}")


def many_entities(kind: Kind, names: Iterable[str] = ()) -> dict[str, Any]:
    return answers.answer(list_of(entity_schema(kind, names)), 200, f"A list of {kind.type_name}")


def many_or_page_entities(kind: Kind, names: Iterable[str] = ()) -> dict[str, Any]:
    return answers.list_or_page(entity_schema(kind, names), kind.type_name)


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
        "name": STRING,  # the castings by entity id only
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
