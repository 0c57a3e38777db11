"""CRUD declarations of the studio's reference data: every signed-in person reads it, admins write it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import (
    ADMIN,
    ANYONE,
    STAFF,
    Caller,
    Policy,
)
from tenko.core.resource import Relation, Resource, Row, table_of
from tenko.domains.studio.models import (
    CustomAction,
    Department,
    EntityType,
    FileStatus,
    HardwareItem,
    Organisation,
    OutputType,
    PreviewBackgroundFile,
    Software,
    StatusAutomation,
    Studio,
    TaskStatus,
    TaskType,
    TaskTypeAssetTypeLink,
)

#: chat integration credentials of the organisation
CHAT_TOKENS = frozenset({"chat_token_slack", "chat_webhook_mattermost", "chat_token_discord"})


async def hide_chat_tokens(_: AsyncSession, caller: Caller, rows: list[Row]) -> None:
    """Chat integration tokens are credentials: only admins see them."""
    if caller.is_admin:
        return
    for row in rows:
        for key in CHAT_TOKENS:
            if key in row:
                row[key] = ""


def reference(name: str, model: Any, type_name: str, **options: Any) -> Resource:
    """Studio-wide reference data: every authenticated person reads it, admins write it."""
    options.setdefault("policy", Policy.of(read=ANYONE, write=ADMIN))
    return Resource(name=name, table=table_of(model), type_name=type_name, **options)


DEPARTMENTS = reference("departments", Department, "Department")


STUDIOS = reference("studios", Studio, "Studio")


ORGANISATIONS = reference(
    "organisations", Organisation, "Organisation", decorate=(hide_chat_tokens,), unfilterable=CHAT_TOKENS
)


TASK_TYPES = reference("task-types", TaskType, "TaskType")


TASK_STATUSES = reference("task-status", TaskStatus, "TaskStatus")


ENTITY_TYPES = reference(
    "entity-types",
    EntityType,
    "EntityType",
    relations=(Relation("task_types", table_of(TaskTypeAssetTypeLink), "asset_type_id", "task_type_id"),),
    update_with_relations=True,
)


PREVIEW_BACKGROUND_FILES = reference("preview-background-files", PreviewBackgroundFile, "PreviewBackgroundFile")


FILE_STATUSES = reference("file-status", FileStatus, "FileStatus")


OUTPUT_TYPES = reference("output-types", OutputType, "OutputType")


SOFTWARES = reference("softwares", Software, "Software")


HARDWARE_ITEMS = reference(
    "hardware-items", HardwareItem, "HardwareItem", policy=Policy.of(read=STAFF, write=ADMIN, list=STAFF)
)


STATUS_AUTOMATIONS = Resource(
    name="status-automations",
    table=table_of(StatusAutomation),
    type_name="StatusAutomation",
    policy=Policy.of(read=ANYONE, write=ADMIN),
)


CUSTOM_ACTIONS = reference("custom-actions", CustomAction, "CustomAction")

RESOURCES = (
    DEPARTMENTS,
    STUDIOS,
    ORGANISATIONS,
    TASK_TYPES,
    TASK_STATUSES,
    ENTITY_TYPES,
    PREVIEW_BACKGROUND_FILES,
    FILE_STATUSES,
    OUTPUT_TYPES,
    SOFTWARES,
    HARDWARE_ITEMS,
    STATUS_AUTOMATIONS,
    CUSTOM_ACTIONS,
)
