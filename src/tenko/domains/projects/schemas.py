"""Answer schemas of a project's details (generic row shapes are in ``core/answers.py``)."""

from __future__ import annotations

from tenko.core import answers
from tenko.core.answers import NULLABLE_STRING, NULLABLE_UUID, Schema

#: a project's descriptor as its listings embed it (``project_details``)
PROJECT_DESCRIPTOR = answers.object_of(
    {
        "id": answers.UUID,
        "name": answers.STRING,
        "field_name": answers.STRING,
        "data_type": answers.NULLABLE_STRING,
        "choices": answers.nullable(answers.list_of(answers.STRING)),
        "for_client": answers.BOOLEAN,
        "entity_type": answers.STRING,
        "position": answers.nullable(answers.INTEGER),
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
