"""Project templates: loading one for a caller, snapshotting a project into one, applying one.

A template holds a project's production settings, its links (task types with priorities, task
statuses with board roles, asset types, status automations, preview backgrounds) and a JSON
snapshot of its metadata descriptors. Applying is additive: existing links and descriptors stay.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field
from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import http, records
from tenko.core.access import ADMIN, ANYONE, STAFF, Caller, Rule
from tenko.core.errors import Forbidden, NotFound, validation_error
from tenko.core.guard import Action, OfRow, PathLoader, rule_action
from tenko.core.links import link_once
from tenko.core.ranges import within
from tenko.core.resource import Row, table_of
from tenko.core.schemas import BodyModel
from tenko.core.types import utc_now
from tenko.domains.projects import descriptor_service
from tenko.domains.projects.models import (
    METADATA_DESCRIPTOR,
    PROJECT,
    ProjectAssetTypeLink,
    ProjectPreviewBackgroundFileLink,
    ProjectStatusAutomationLink,
    ProjectTaskStatusLink,
    ProjectTaskTypeLink,
)
from tenko.domains.studio.models import Department
from tenko.domains.templates.models import (
    PROJECT_TEMPLATE_ASSET_TYPE_LINK,
    PROJECT_TEMPLATE_PREVIEW_BACKGROUND_FILE_LINK,
    PROJECT_TEMPLATE_STATUS_AUTOMATION_LINK,
    PROJECT_TEMPLATE_TASK_STATUS_LINK,
    PROJECT_TEMPLATE_TASK_TYPE_LINK,
)
from tenko.domains.templates.resources import PROJECT_TEMPLATES

TEMPLATE = PROJECT_TEMPLATES.table
#: (project link, template link, linked column, link columns copied along)
LINKS: tuple[tuple[Table, Table, str, tuple[str, ...]], ...] = (
    (
        table_of(ProjectTaskTypeLink),
        PROJECT_TEMPLATE_TASK_TYPE_LINK,
        "task_type_id",
        ("priority", "hd_bitrate_compression", "ld_bitrate_compression", "is_client_visible"),
    ),
    (
        table_of(ProjectTaskStatusLink),
        PROJECT_TEMPLATE_TASK_STATUS_LINK,
        "task_status_id",
        ("priority", "roles_for_board", "is_client_allowed"),
    ),
    (table_of(ProjectAssetTypeLink), PROJECT_TEMPLATE_ASSET_TYPE_LINK, "asset_type_id", ()),
    (table_of(ProjectStatusAutomationLink), PROJECT_TEMPLATE_STATUS_AUTOMATION_LINK, "status_automation_id", ()),
    (
        table_of(ProjectPreviewBackgroundFileLink),
        PROJECT_TEMPLATE_PREVIEW_BACKGROUND_FILE_LINK,
        "preview_background_file_id",
        (),
    ),
)
#: production settings a template carries for a project (the columns both tables share)
SETTINGS = tuple(
    name
    for name in (column.name for column in TEMPLATE.columns)
    if name in PROJECT.c
    and name
    not in {"id", "name", "description", "created_at", "updated_at", "data", "default_preview_background_file_id"}
)
DESCRIPTOR_KEYS = (
    "name",
    "field_name",
    "entity_type",
    "data_type",
    "choices",
    "for_client",
    "departments",
    "position",
    "task_type_id",
)


class TemplateDescriptor(BodyModel):
    name: Annotated[str, Field(min_length=1, max_length=120)]
    entity_type: descriptor_service.EntityTypeName
    field_name: Annotated[str, Field(min_length=1, max_length=120)] | None = None
    data_type: descriptor_service.DataType = "string"
    choices: list[descriptor_service.Choice] = []
    for_client: bool = False
    departments: list[uuid.UUID] = []
    position: Annotated[int, within(METADATA_DESCRIPTOR.c.position)] | None = None
    task_type_id: uuid.UUID | None = None


async def template_of_body(session: AsyncSession, template_id: uuid.UUID) -> Row:
    """The template a body names (``project_template_id``): an unknown one is a 400 naming the field."""
    try:
        return await records.fetch_row(session, PROJECT_TEMPLATES, template_id)
    except NotFound as exc:
        problem = {"field": "project_template_id", "message": f"no project template with id {template_id}"}
        raise validation_error([problem], "Unknown reference") from exc


@dataclass
class TemplateAccess(OfRow):
    row: Row
    caller: Caller

    @property
    def target(self) -> None:
        """Template rules are global roles: they judge no record."""
        return None


def template_loader(rule: Rule, refusal: str, text: str | None = None) -> Any:
    """The guard of a template route whose callers ``rule`` names by global role.

    The role needs no record, so it is judged before the lookup: an unknown id is refused (403)
    like a known one, as the reference does; a caller who passes gets a 404 for it.
    """

    async def fetch(session: AsyncSession, caller: Caller, template_id: uuid.UUID) -> TemplateAccess:
        if not rule.allows(caller, None):
            raise Forbidden(refusal)
        return TemplateAccess(await records.fetch_row(session, PROJECT_TEMPLATES, template_id), caller)

    action: Action[TemplateAccess] = rule_action(rule, refusal, text=text)
    return PathLoader("project_template_id", "project template", fetch, {"use": action})("use")


#: templates are studio configuration: admins and production managers read them, admins change them
READ_TEMPLATE = template_loader(STAFF, "Only admins and production managers may see project templates")
EDIT_TEMPLATE = template_loader(ADMIN, "Only studio admins may change project templates")
#: applying one is for the managers of the project it is applied to: that project's guard decides
APPLY_TEMPLATE = template_loader(ANYONE, "", "any signed-in person (the project's guard decides)")
ReadableTemplate = Annotated[TemplateAccess, READ_TEMPLATE]
EditableTemplate = Annotated[TemplateAccess, EDIT_TEMPLATE]
AppliedTemplate = Annotated[TemplateAccess, APPLY_TEMPLATE]


async def template_updated(session: AsyncSession, caller: Caller, template_id: uuid.UUID) -> Row:
    row = await records.fetch_row(session, PROJECT_TEMPLATES, template_id)
    await records.record_event(session, PROJECT_TEMPLATES, caller, "update", row)
    return row


def descriptor_snapshot(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validated descriptors as stored in the template's JSON (ids as strings, field names set)."""
    snapshot = []
    for index, item in enumerate(items):
        values = http.validate(TemplateDescriptor, {key: value for key, value in item.items() if value is not None})
        values["field_name"] = values.get("field_name") or descriptor_service.field_name_of(values["name"])
        if (values["entity_type"] == "Task") != (values.get("task_type_id") is not None):
            problem = {"field": f"metadata_descriptors.{index}.task_type_id", "message": "needed for Task only"}
            raise validation_error([problem])
        snapshot.append(
            {
                "name": values["name"],
                "field_name": values["field_name"],
                "entity_type": values["entity_type"],
                "data_type": values.get("data_type", "string"),
                "choices": list(values.get("choices") or []),
                "for_client": bool(values.get("for_client")),
                "departments": [str(d) for d in values.get("departments") or []],
                "position": values.get("position"),
                "task_type_id": str(values["task_type_id"]) if values.get("task_type_id") else None,
            }
        )
    return snapshot


async def project_descriptors(session: AsyncSession, project_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await descriptor_service.descriptor_rows(session, METADATA_DESCRIPTOR.c.project_id == project_id)
    return descriptor_snapshot([{key: row[key] for key in DESCRIPTOR_KEYS} for row in rows])


async def snapshot_project(session: AsyncSession, caller: Caller, project: Row, values: dict[str, Any]) -> Row:
    """A new template holding the project's settings, links and descriptors (no production data)."""
    name = values["name"]
    if (await session.execute(select(TEMPLATE.c.id).where(TEMPLATE.c.name == name))).first() is not None:
        raise validation_error([{"field": "name", "message": "a project template with this name exists"}])
    template_id = uuid.uuid4()
    columns = {key: project[key] for key in SETTINGS if project.get(key) is not None}
    await session.execute(
        insert(TEMPLATE).values(
            id=template_id,
            name=name,
            description=values.get("description"),
            default_preview_background_file_id=project["default_preview_background_file_id"],
            metadata_descriptors=await project_descriptors(session, project["id"]),
            **columns,
        )
    )
    for project_link, template_link, key, extra in LINKS:
        statement = select(project_link.c[key], *[project_link.c[c] for c in extra]).where(
            project_link.c.project_id == project["id"]
        )
        rows = [dict(row) for row in (await session.execute(statement)).mappings()]
        if rows:
            await session.execute(insert(template_link), [{"project_template_id": template_id, **row} for row in rows])
    row = await records.fetch_row(session, PROJECT_TEMPLATES, template_id)
    await records.record_event(session, PROJECT_TEMPLATES, caller, "new", row)
    return row


def template_settings(project: Row, template: Row) -> dict[str, Any]:
    """The project columns the template sets (its background only where the project has none)."""
    changes: dict[str, Any] = {key: template[key] for key in SETTINGS if template.get(key) is not None}
    if project.get("default_preview_background_file_id") is None and template["default_preview_background_file_id"]:
        changes["default_preview_background_file_id"] = template["default_preview_background_file_id"]
    return changes


async def apply_template(session: AsyncSession, caller: Caller, project: Row, template: Row) -> None:
    """Give the project the template's settings; add its links and descriptors the project lacks."""
    changes = template_settings(project, template)
    if changes:
        await session.execute(
            update(PROJECT).where(PROJECT.c.id == project["id"]).values(**changes, updated_at=utc_now())
        )
    await add_template_links(session, caller, project, template)


async def add_template_links(session: AsyncSession, caller: Caller, project: Row, template: Row) -> None:
    """Add the template's links and descriptors the project lacks (its settings are not touched)."""
    for project_link, template_link, key, extra in LINKS:
        statement = select(template_link.c[key], *[template_link.c[c] for c in extra]).where(
            template_link.c.project_template_id == template["id"]
        )
        for row in (await session.execute(statement)).mappings():
            if extra:  # links with an id and settings of their own
                values = {key: row[key], **{c: row[c] for c in extra if row[c] is not None}}
                await _link_with_columns(session, project_link, project["id"], values, key)
            else:
                await link_once(session, project_link, {"project_id": project["id"], key: row[key]})
    await _add_descriptors(session, caller, project["id"], template.get("metadata_descriptors") or [])


async def _link_with_columns(
    session: AsyncSession, link: Table, project_id: uuid.UUID, values: dict[str, Any], key: str
) -> None:
    where = link.c.project_id == project_id, link.c[key] == values[key]
    if (await session.execute(select(link.c.id).where(*where))).first() is None:
        await session.execute(insert(link).values(project_id=project_id, **values))


async def _add_descriptors(
    session: AsyncSession, caller: Caller, project_id: uuid.UUID, snapshot: list[dict[str, Any]]
) -> None:
    existing = {
        (entity_type, field_name)
        for entity_type, field_name in (
            await session.execute(
                select(METADATA_DESCRIPTOR.c.entity_type, METADATA_DESCRIPTOR.c.field_name).where(
                    METADATA_DESCRIPTOR.c.project_id == project_id
                )
            )
        ).all()
    }
    department = table_of(Department)
    known_departments = {str(i) for i in (await session.execute(select(department.c.id))).scalars()}
    for item in snapshot:
        if (item.get("entity_type"), item.get("field_name")) in existing:
            continue
        values = {key: item.get(key) for key in DESCRIPTOR_KEYS if item.get(key) is not None}
        # a department deleted since the snapshot no longer restricts the descriptor
        values["departments"] = [d for d in item.get("departments") or [] if d in known_departments]
        parsed = http.validate(TemplateDescriptor, values)
        await descriptor_service.create_descriptor(session, caller, project_id, parsed)
