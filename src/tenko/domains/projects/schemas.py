"""Answer schemas of the rows project routes build by hand (``core/answers.py`` covers whole records).

Hand-written routes often answer ``select(table)`` rows with a ``type`` (links, time spents),
the columns of a record without its relations (``records.fetch_row``), or records grouped by
an id: these describe such answers from the same tables, so they list the keys really sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Table

from tenko.core import answers
from tenko.core.answers import Schema
from tenko.core.resource import Resource


def table_row(
    table: Table,
    type_name: str | None = None,
    *,
    extra: Mapping[str, Schema] | None = None,
    without: Iterable[str] = (),
) -> Schema:
    """A ``select(table)`` row (with its ``type`` when given), minus ``without``, plus ``extra``."""
    left_out = set(without)
    properties = {c.name: answers.column_schema(c) for c in table.columns if c.name not in left_out}
    if type_name is not None:
        properties["type"] = {"type": "string", "const": type_name}
    properties.update(extra or {})
    return {"type": "object", "properties": properties}


def columns_of(resource: Resource, extra: Mapping[str, Schema] | None = None) -> Schema:
    """A record's visible columns and ``type``, without its relations (what ``records.fetch_row`` gives)."""
    record = answers.record_schema(resource)
    relations = {relation.key for relation in resource.relations}
    properties = {key: value for key, value in record["properties"].items() if key not in relations}
    properties.update(extra or {})
    return {"type": "object", "properties": properties, "required": ["id", "type"]}


def keyed_by(key: str, item: Schema, title: str) -> Schema:
    """An object whose keys are ids (``key``) and whose values are ``item`` (a component: ``title``)."""
    return {
        answers.COMPONENT: title,
        "type": "object",
        "description": f"by {key}",
        "additionalProperties": item,
    }


NULLABLE_STRING: Schema = {"anyOf": [answers.STRING, {"type": "null"}]}
NULLABLE_UUID: Schema = {"anyOf": [answers.UUID, {"type": "null"}]}
#: a project's descriptor as its listings embed it (``project_details``)
PROJECT_DESCRIPTOR = answers.object_of(
    {
        "id": answers.UUID,
        "name": answers.STRING,
        "field_name": answers.STRING,
        "data_type": answers.STRING,
        "choices": answers.list_of(answers.STRING),
        "for_client": answers.BOOLEAN,
        "entity_type": answers.STRING,
        "position": {"anyOf": [answers.INTEGER, {"type": "null"}]},
        "task_type_id": NULLABLE_UUID,
        "departments": answers.ID_LIST,
    },
    "ProjectDescriptor",
)
#: what ``project_details`` adds to a project (shapes.json)
PROJECT_DETAILS: dict[str, Schema] = {
    "project_status_name": NULLABLE_STRING,
    "descriptors": answers.list_of(PROJECT_DESCRIPTOR),
    "task_type_links": {"type": "object", "description": "link settings by task type id"},
    "task_types_priority": {"type": "object", "description": "priority by task type id"},
    "task_statuses_link": {"type": "object", "description": "link settings by task status id"},
    "first_episode_id": NULLABLE_UUID,
}
