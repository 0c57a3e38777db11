"""CRUD declarations: projects, project statuses, metadata descriptors, status automations."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.access import (
    ADMIN,
    ALL_ROLES,
    CLIENT_MEMBER,
    MEMBER,
    PROJECT_MANAGER,
    Caller,
    ColumnIs,
    InProject,
    Policy,
    Role,
)
from tenko.core.errors import BadRequest
from tenko.core.resource import Relation, Resource, Row, WriteContext, table_of
from tenko.core.scope import direct
from tenko.domains.projects.models import (
    METADATA_DESCRIPTOR,
    PROJECT,
    PROJECT_STATUS,
    PROJECT_TASK_STATUS_LINK,
    PROJECT_TASK_TYPE_LINK,
    DepartmentMetadataDescriptorLink,
    ProjectAssetTypeLink,
    ProjectPersonLink,
    ProjectPreviewBackgroundFileLink,
    ProjectStatus,
    ProjectStatusAutomationLink,
)
from tenko.domains.projects.schemas import PROJECT_DETAILS
from tenko.domains.studio.models import EntityType
from tenko.domains.studio.resources import reference

DESCRIPTOR_DEPARTMENTS = Relation(
    "departments", table_of(DepartmentMetadataDescriptorLink), "metadata_descriptor_id", "department_id"
)


async def default_project_status(context: WriteContext) -> None:
    if context.values.get("project_status_id") is None:
        statement = select(PROJECT_STATUS.c.id).where(PROJECT_STATUS.c.name == "Open")
        context.values["project_status_id"] = (await context.session.execute(statement)).scalar()


async def closed_before_delete(context: WriteContext) -> None:
    assert context.current is not None
    statement = select(PROJECT_STATUS.c.name).where(PROJECT_STATUS.c.id == context.current["project_status_id"])
    status = (await context.session.execute(statement)).scalar()
    if status is not None and status.lower() != "closed":
        raise BadRequest("Only closed projects can be deleted: close the project first")


async def project_details(session: AsyncSession, caller: Caller, rows: list[Row]) -> None:
    """What a single project carries besides its columns and id lists (shapes.json)."""
    ids = [row["id"] for row in rows]
    statuses = dict((await session.execute(select(PROJECT_STATUS.c.id, PROJECT_STATUS.c.name))).all())
    descriptors: dict[uuid.UUID, list[Row]] = {i: [] for i in ids}
    descriptor_departments: dict[uuid.UUID, list[uuid.UUID]] = {}
    link = DESCRIPTOR_DEPARTMENTS.link
    for descriptor_id, department_id in (
        await session.execute(select(link.c.metadata_descriptor_id, link.c.department_id))
    ).all():
        descriptor_departments.setdefault(descriptor_id, []).append(department_id)
    statement = (
        select(METADATA_DESCRIPTOR)
        .where(METADATA_DESCRIPTOR.c.project_id.in_(ids))
        .order_by(METADATA_DESCRIPTOR.c.position, METADATA_DESCRIPTOR.c.name)
    )
    for descriptor in (await session.execute(statement)).mappings():
        item = {
            key: descriptor[key]
            for key in (
                "id",
                "name",
                "field_name",
                "data_type",
                "choices",
                "for_client",
                "entity_type",
                "position",
                "task_type_id",
            )
        }
        item["departments"] = descriptor_departments.get(descriptor["id"], [])
        descriptors[descriptor["project_id"]].append(item)
    type_links: dict[uuid.UUID, dict[str, Any]] = {i: {} for i in ids}
    for link_row in (
        await session.execute(select(PROJECT_TASK_TYPE_LINK).where(PROJECT_TASK_TYPE_LINK.c.project_id.in_(ids)))
    ).mappings():
        type_links[link_row["project_id"]][str(link_row["task_type_id"])] = {
            "priority": link_row["priority"],
            "is_client_visible": link_row["is_client_visible"],
            "hd_bitrate_compression": link_row["hd_bitrate_compression"],
            "ld_bitrate_compression": link_row["ld_bitrate_compression"],
        }
    status_links: dict[uuid.UUID, dict[str, Any]] = {i: {} for i in ids}
    for link_row in (
        await session.execute(select(PROJECT_TASK_STATUS_LINK).where(PROJECT_TASK_STATUS_LINK.c.project_id.in_(ids)))
    ).mappings():
        status_links[link_row["project_id"]][str(link_row["task_status_id"])] = {
            "priority": link_row["priority"],
            "roles_for_board": link_row["roles_for_board"],
            "is_client_allowed": link_row["is_client_allowed"],
        }
    await add_first_episode(session, caller, rows)
    for row in rows:
        row["project_status_name"] = statuses.get(row.get("project_status_id"))
        row["descriptors"] = descriptors[row["id"]]
        row["task_type_links"] = type_links[row["id"]]
        row["task_types_priority"] = {key: value["priority"] for key, value in type_links[row["id"]].items()}
        row["task_statuses_link"] = status_links[row["id"]]


async def add_first_episode(session: AsyncSession, _: Caller, rows: list[Row]) -> None:
    """``first_episode_id``: the first episode of each project by name (single GET and PUT answers)."""
    ids = [row["id"] for row in rows]
    # entities build on projects: their table is read through the shared metadata, not imported
    entity, entity_type = PROJECT.metadata.tables["entity"], table_of(EntityType)
    episodes = (
        select(entity.c.project_id, entity.c.id)
        .join(entity_type, entity_type.c.id == entity.c.entity_type_id)
        .where(entity_type.c.name == "Episode", entity.c.project_id.in_(ids))
        .order_by(entity.c.name.desc())
    )
    first_episode = dict((await session.execute(episodes)).all())
    for row in rows:
        row["first_episode_id"] = first_episode.get(row["id"])


#: what ``project_details`` adds to a single project (the reference's POST answers without them)
PROJECT_DETAIL_KEYS = frozenset(
    {
        "project_status_name",
        "descriptors",
        "task_type_links",
        "task_types_priority",
        "task_statuses_link",
        "first_episode_id",
    }
)
PROJECTS = Resource(
    name="projects",
    table=PROJECT,
    type_name="Project",
    policy=Policy.of(read=MEMBER, write=PROJECT_MANAGER, create=ADMIN, delete=ADMIN),
    scope=direct(PROJECT, "id"),
    relations=(
        Relation("team", table_of(ProjectPersonLink), "project_id", "person_id"),
        Relation("asset_types", table_of(ProjectAssetTypeLink), "project_id", "asset_type_id"),
        Relation("task_types", PROJECT_TASK_TYPE_LINK, "project_id", "task_type_id"),
        Relation("task_statuses", PROJECT_TASK_STATUS_LINK, "project_id", "task_status_id"),
        Relation("status_automations", table_of(ProjectStatusAutomationLink), "project_id", "status_automation_id"),
        Relation(
            "preview_background_files",
            table_of(ProjectPreviewBackgroundFileLink),
            "project_id",
            "preview_background_file_id",
        ),
    ),
    detail=(project_details,),
    detailed=PROJECT_DETAILS,
    derived=PROJECT_DETAIL_KEYS,
    create_without=PROJECT_DETAIL_KEYS,
    update_decorate=(add_first_episode,),
    update_decorated={"first_episode_id": answers.NULLABLE_UUID},
    before_create=(default_project_status,),
    before_delete=(closed_before_delete,),
)
PROJECT_STATUSES = reference("project-status", ProjectStatus, "ProjectStatus")
METADATA_DESCRIPTORS = Resource(
    name="metadata-descriptors",
    table=METADATA_DESCRIPTOR,
    type_name="MetadataDescriptor",
    # clients see only the descriptors marked for them
    policy=Policy.of(
        read=InProject(ALL_ROLES - {Role.CLIENT}) | (CLIENT_MEMBER & ColumnIs("for_client", True)),
        write=PROJECT_MANAGER,
    ),
    scope=direct(METADATA_DESCRIPTOR),
    relations=(DESCRIPTOR_DEPARTMENTS,),
    relations_in_lists=True,
    update_with_relations=True,
)
TASK_TYPE_LINKS = Resource(
    name="task-type-links",
    table=PROJECT_TASK_TYPE_LINK,
    type_name="ProjectTaskTypeLink",
    policy=Policy.of(read=MEMBER, write=PROJECT_MANAGER),
    scope=direct(PROJECT_TASK_TYPE_LINK),
)
TASK_STATUS_LINKS = Resource(
    name="task-status-links",
    table=PROJECT_TASK_STATUS_LINK,
    type_name="ProjectTaskStatusLink",
    policy=Policy.of(read=MEMBER, write=PROJECT_MANAGER),
    scope=direct(PROJECT_TASK_STATUS_LINK),
)

#: PROJECTS is served by templates/resources.py, with its template hooks (a new project may name one)
RESOURCES = (PROJECT_STATUSES, METADATA_DESCRIPTORS)
#: links created through POST only (an existing link is updated in place)
LINK_RESOURCES = (TASK_TYPE_LINKS, TASK_STATUS_LINKS)
