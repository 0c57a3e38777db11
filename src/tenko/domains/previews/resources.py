"""CRUD declarations: preview files and preview background files."""

from __future__ import annotations

from tenko.core.access import PROJECT_MANAGER, Policy, reaching
from tenko.core.resource import Relation, Resource, table_of
from tenko.core.scope import via
from tenko.domains.previews.models import CommentPreviewLink, PreviewFile
from tenko.domains.tasks.models import Task

TASK = table_of(Task)
PREVIEW = table_of(PreviewFile)

PREVIEW_FILES = Resource(
    name="preview-files",
    table=PREVIEW,
    type_name="PreviewFile",
    policy=Policy.of(read=reaching("task_id"), write=PROJECT_MANAGER),
    scope=via(PREVIEW, ("task_id", TASK.c.id), project=TASK.c.project_id),
    relations=(Relation("comments", table_of(CommentPreviewLink), "preview_file", "comment", writable=False),),
)

RESOURCES = (PREVIEW_FILES,)
