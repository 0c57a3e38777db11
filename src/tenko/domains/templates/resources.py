"""CRUD declarations: project templates."""

from __future__ import annotations

from tenko.core.access import ADMIN, STAFF, Policy
from tenko.core.resource import Relation, Resource, table_of
from tenko.domains.templates.models import (
    ProjectTemplate,
    ProjectTemplateAssetTypeLink,
    ProjectTemplatePreviewBackgroundFileLink,
    ProjectTemplateStatusAutomationLink,
    ProjectTemplateTaskStatusLink,
    ProjectTemplateTaskTypeLink,
)

#: a template's links, shown by its single GET (the reference's POST answers without them)
TEMPLATE_LINKS = (
    Relation("asset_types", table_of(ProjectTemplateAssetTypeLink), "project_template_id", "asset_type_id"),
    Relation("task_types", table_of(ProjectTemplateTaskTypeLink), "project_template_id", "task_type_id"),
    Relation("task_statuses", table_of(ProjectTemplateTaskStatusLink), "project_template_id", "task_status_id"),
    Relation(
        "status_automations",
        table_of(ProjectTemplateStatusAutomationLink),
        "project_template_id",
        "status_automation_id",
    ),
    Relation(
        "preview_background_files",
        table_of(ProjectTemplatePreviewBackgroundFileLink),
        "project_template_id",
        "preview_background_file_id",
    ),
)
PROJECT_TEMPLATES = Resource(
    name="project-templates",
    table=table_of(ProjectTemplate),
    type_name="ProjectTemplate",
    policy=Policy.of(read=STAFF, write=ADMIN, list=ADMIN),
    relations=TEMPLATE_LINKS,
    create_without=frozenset(relation.key for relation in TEMPLATE_LINKS),
)


RESOURCES = (PROJECT_TEMPLATES,)
