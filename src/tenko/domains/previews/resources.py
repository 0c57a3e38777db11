"""CRUD declarations: preview files and preview background files."""

from __future__ import annotations

from tenko.core.access import PROJECT_MANAGER, Policy, reaching
from tenko.core.resource import Relation, Resource, table_of
from tenko.core.scope import via
from tenko.domains.previews.models import PREVIEW_FILE, CommentPreviewLink
from tenko.domains.tasks.models import TASK

PREVIEW_FILES = Resource(
    name="preview-files",
    table=PREVIEW_FILE,
    type_name="PreviewFile",
    policy=Policy.of(read=reaching("task_id"), write=PROJECT_MANAGER),
    scope=via(PREVIEW_FILE, ("task_id", TASK.c.id), project=TASK.c.project_id),
    relations=(Relation("comments", table_of(CommentPreviewLink), "preview_file", "comment", writable=False),),
)

RESOURCES = (PREVIEW_FILES,)
