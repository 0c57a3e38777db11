"""Metadata descriptors: the extra columns a project declares for its entities.

A descriptor's values live in each entity's ``data`` under its ``field_name``; the field name is
derived from the name once, at creation, and never changes afterwards, so renaming a descriptor
keeps its data. Supervisors edit the descriptors of their departments only.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Annotated, Any, Literal

from pydantic import Field
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import http, records
from tenko.core.access import Caller, Role
from tenko.core.errors import BadRequest, Forbidden, NotFound, validation_error
from tenko.core.guard import Action, PathLoader, parse_uuid
from tenko.core.listing import attach_relations, to_rows
from tenko.core.ranges import within
from tenko.core.resource import Row
from tenko.core.schemas import BodyModel
from tenko.core.types import utc_now
from tenko.domains.projects import descriptor_service
from tenko.domains.projects.access import ProjectAccess, fetch_project
from tenko.domains.projects.models import METADATA_DESCRIPTOR
from tenko.domains.projects.resources import DESCRIPTOR_DEPARTMENTS, METADATA_DESCRIPTORS
from tenko.domains.studio.models import Department, TaskType

EntityTypeName = Literal["Asset", "Shot", "Sequence", "Episode", "Scene", "Edit", "Concept", "Project", "Task"]
DataType = Literal["string", "number", "list", "taglist", "boolean", "checklist", "date", "url", "textarea", "person"]
Name = Annotated[str, Field(min_length=1, max_length=120)]
Choice = Annotated[str, Field(max_length=500)]
DEPARTMENT_LINK = DESCRIPTOR_DEPARTMENTS.link
#: who edits a project's descriptors: its managers; its supervisors, those of their departments
EDITORS = frozenset({Role.ADMIN, Role.MANAGER, Role.SUPERVISOR})
MAY_NOT_EDIT = "You may only edit the metadata descriptors of your departments"


class DescriptorChanges(BodyModel):
    name: Name | None = None
    data_type: DataType | None = None
    choices: list[Choice] | None = None
    for_client: bool | None = None
    departments: list[uuid.UUID] | None = None
    position: Annotated[int, within(METADATA_DESCRIPTOR.c.position)] | None = None


class NewDescriptor(DescriptorChanges):
    name: Name
    entity_type: EntityTypeName
    field_name: Annotated[str, Field(min_length=1, max_length=120)] | None = None
    task_type_id: uuid.UUID | None = None


def field_name_of(name: str) -> str:
    """``"Budget Code (€)"`` -> ``"budget_code"``: lowercase ASCII words joined by underscores."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    return slug[:120] or "field"


def may_edit(caller: Caller, role: Role | None, department_ids: set[uuid.UUID]) -> bool:
    """Managers edit every descriptor; supervisors those of their departments (all when they have none)."""
    if role in (Role.ADMIN, Role.MANAGER):
        return True
    if role is not Role.SUPERVISOR:
        return False
    if not caller.department_ids:
        return True
    return bool(department_ids) and department_ids <= caller.department_ids


def check_may_edit(caller: Caller, role: Role | None, department_ids: set[uuid.UUID]) -> None:
    """The departments of a descriptor (or of a body) are the caller's to edit."""
    if not may_edit(caller, role, department_ids):
        raise Forbidden(MAY_NOT_EDIT)


#: the project of a descriptor route: ``edit`` lets its managers and supervisors through (the
#: descriptor's departments are checked next), ``reorder`` those who may edit every descriptor
DescriptorProject = PathLoader(
    "project_id",
    "project",
    fetch_project,
    {
        "edit": Action(
            "admins; or project members with role manager/supervisor (supervisors: their departments' descriptors)",
            lambda project: project.role in EDITORS,
            MAY_NOT_EDIT,
        ),
        "reorder": Action(
            "admins; or project members with role manager; or supervisors in no department",
            lambda project: may_edit(project.caller, project.role, set()),
            MAY_NOT_EDIT,
        ),
    },
)


def visible_to(caller: Caller, role: Role | None, row: Row) -> bool:
    """Clients see the descriptors marked for them; vendors those of their departments."""
    if role is Role.CLIENT:
        return bool(row.get("for_client"))
    if role is Role.VENDOR:
        departments = set(row.get("departments") or [])
        return not departments or bool(departments & caller.department_ids)
    return True


async def descriptor_rows(session: AsyncSession, *conditions: Any) -> list[Row]:
    """Descriptors with their department ids, in display order (two queries)."""
    position = METADATA_DESCRIPTOR.c.position
    statement = (
        select(METADATA_DESCRIPTOR)
        .where(*conditions)
        .order_by(position.is_(None), position, METADATA_DESCRIPTOR.c.name)
    )
    rows = to_rows(METADATA_DESCRIPTORS, await session.execute(statement))
    await attach_relations(session, METADATA_DESCRIPTORS, rows)
    return rows


async def one_descriptor(session: AsyncSession, project_id: uuid.UUID, raw_id: str) -> Row:
    descriptor_id = parse_uuid(raw_id, "metadata descriptor id")
    rows = await descriptor_rows(session, METADATA_DESCRIPTOR.c.id == descriptor_id)
    if not rows or rows[0]["project_id"] != project_id:
        # a descriptor of another project is not found here, whatever the caller may see elsewhere
        raise NotFound(f"MetadataDescriptor {descriptor_id} not found in this project")
    return rows[0]


async def visible_descriptor(session: AsyncSession, project: ProjectAccess, raw_id: str) -> Row:
    """One descriptor of the project, as the caller's role sees it: a hidden one is not found."""
    row = await one_descriptor(session, project.id, raw_id)
    if not visible_to(project.caller, project.role, row):
        raise NotFound(f"MetadataDescriptor {row['id']} not found in this project")
    return row


async def check_departments(session: AsyncSession, ids: list[uuid.UUID]) -> None:
    if not ids:
        return
    table = Department.__table__
    found = set((await session.execute(select(table.c.id).where(table.c.id.in_(ids)))).scalars())
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise validation_error([{"field": "departments", "message": f"no department with id {', '.join(missing)}"}])


async def check_task_type(session: AsyncSession, values: dict[str, Any]) -> None:
    task_type_id = values.get("task_type_id")
    if values["entity_type"] == "Task" and task_type_id is None:
        raise validation_error([{"field": "task_type_id", "message": "required for a Task descriptor"}])
    if values["entity_type"] != "Task" and task_type_id is not None:
        raise validation_error([{"field": "task_type_id", "message": "only Task descriptors have a task type"}])
    if task_type_id is not None:
        table = TaskType.__table__
        if (await session.execute(select(table.c.id).where(table.c.id == task_type_id))).first() is None:
            raise validation_error([{"field": "task_type_id", "message": f"no task type with id {task_type_id}"}])


async def check_unique(
    session: AsyncSession, project_id: uuid.UUID, entity_type: str, name: str | None, field_name: str | None, own: Any
) -> None:
    """A clean 400 before the unique indexes refuse a duplicate name or field name."""
    same = [
        METADATA_DESCRIPTOR.c.project_id == project_id,
        METADATA_DESCRIPTOR.c.entity_type == entity_type,
        METADATA_DESCRIPTOR.c.id != own,
    ]
    for key, value in (("name", name), ("field_name", field_name)):
        if value is None:
            continue
        statement = select(METADATA_DESCRIPTOR.c.id).where(*same, METADATA_DESCRIPTOR.c[key] == value)
        if (await session.execute(statement)).first() is not None:
            problem = {"field": key, "message": f"a {entity_type} descriptor with this {key} exists in the project"}
            raise validation_error([problem], "Duplicate metadata descriptor")


async def create_descriptor(
    session: AsyncSession, caller: Caller, project_id: uuid.UUID, values: dict[str, Any]
) -> Row:
    """Insert one descriptor from validated ``NewDescriptor`` values (authorisation done by the caller)."""
    values = dict(values)
    departments = list(dict.fromkeys(values.pop("departments", None) or []))
    values["field_name"] = values.get("field_name") or field_name_of(values["name"])
    values.setdefault("data_type", "string")
    values["choices"] = values.get("choices") or []
    values["for_client"] = bool(values.get("for_client"))
    await check_task_type(session, values)
    await check_departments(session, departments)
    await check_unique(session, project_id, values["entity_type"], values["name"], values["field_name"], None)
    descriptor_id = uuid.uuid4()
    await session.execute(insert(METADATA_DESCRIPTOR).values(id=descriptor_id, project_id=project_id, **values))
    await records.write_relations(session, METADATA_DESCRIPTORS, descriptor_id, {"departments": departments})
    row = (await descriptor_rows(session, METADATA_DESCRIPTOR.c.id == descriptor_id))[0]
    await records.record_event(session, METADATA_DESCRIPTORS, caller, "new", row)
    return row


async def change_descriptor(session: AsyncSession, caller: Caller, current: Row, values: dict[str, Any]) -> Row:
    """Apply validated ``DescriptorChanges``; the field name stays, so entity data stays attached."""
    values = dict(values)
    departments = values.pop("departments", None)
    for key in ("name", "data_type", "for_client"):
        if key in values and values[key] is None:
            raise validation_error([{"field": key, "message": "may not be null"}])
    if "choices" in values and values["choices"] is None:
        values["choices"] = []
    if departments is not None:
        departments = list(dict.fromkeys(departments))
        await check_departments(session, departments)
        await records.write_relations(session, METADATA_DESCRIPTORS, current["id"], {"departments": departments})
    if "name" in values:
        await check_unique(session, current["project_id"], current["entity_type"], values["name"], None, current["id"])
    if values:
        statement = (
            update(METADATA_DESCRIPTOR)
            .where(METADATA_DESCRIPTOR.c.id == current["id"])
            .values(**values, updated_at=utc_now())
        )
        await session.execute(statement)
    row = (await descriptor_rows(session, METADATA_DESCRIPTOR.c.id == current["id"]))[0]
    await records.record_event(session, METADATA_DESCRIPTORS, caller, "update", row)
    return row


async def remove_descriptors(session: AsyncSession, caller: Caller, rows: list[Row]) -> list[uuid.UUID]:
    """Delete descriptors and their department links. Entity data keeps its values: re-declaring
    the field shows them again, and undeclared keys are kept anyway."""
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    for row in rows:
        await records.record_event(session, METADATA_DESCRIPTORS, caller, "delete", row)
    await session.execute(delete(DEPARTMENT_LINK).where(DEPARTMENT_LINK.c.metadata_descriptor_id.in_(ids)))
    await session.execute(delete(METADATA_DESCRIPTOR).where(METADATA_DESCRIPTOR.c.id.in_(ids)))
    return ids


def edit_body(body: dict[str, Any], current: Row | None = None) -> dict[str, Any]:
    """An update body as clients send it: the whole descriptor read back. Identity keys are
    ignored when unchanged and refused when changed (the field name anchors the data)."""
    values = dict(body)
    for key in ("id", "type", "created_at", "updated_at", "project_id"):
        values.pop(key, None)
    for key in ("field_name", "entity_type", "task_type_id"):
        if key not in values:
            continue
        sent = values.pop(key)
        if current is not None and sent is not None and str(sent) != str(current.get(key)):
            raise BadRequest(f"{key} of a metadata descriptor cannot be changed")
    return http.validate(DescriptorChanges, values)


def filter_descriptors(caller: Caller, rows: list[Row]) -> None:
    for row in rows:
        role = caller.role_in(row["id"])
        row["descriptors"] = [d for d in row["descriptors"] if descriptor_service.visible_to(caller, role, d)]
