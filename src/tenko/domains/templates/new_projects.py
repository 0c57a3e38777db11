"""Projects created from a template: the projects resource as the API serves it.

gazu's ``new_project(project_template=...)`` names a template in the creation body. The
projects domain cannot know templates (they build on it), so the template hooks are added
here, to the projects resource the API wires (``api.py``).
"""

from __future__ import annotations

import dataclasses
import uuid

from tenko.core.resource import WriteContext
from tenko.domains.projects.resources import PROJECTS
from tenko.domains.templates.service import add_template_links as add_links_of_template
from tenko.domains.templates.service import template_of_body, template_settings


async def take_template(context: WriteContext) -> None:
    """``project_template_id`` (gazu's ``new_project``) is no column: the template's settings fill
    what the body leaves unset (what the call gives wins), its links are added once the project exists."""
    template_id = context.values.pop("project_template_id", None)
    if template_id is None:
        return
    template = await template_of_body(context.session, template_id)
    for key, value in template_settings(context.values, template).items():
        context.values.setdefault(key, value)
    context.pending["project_template"] = template


async def add_template_links(context: WriteContext) -> None:
    template = context.pending.get("project_template")
    if template is None or context.current is None:
        return
    await add_links_of_template(context.session, context.caller, context.current, template)


#: the projects as the API serves them: gazu's ``new_project(project_template=...)`` names a
#: template in the creation body (the projects domain cannot know templates, which build on it)
PROJECTS_FROM_TEMPLATES = dataclasses.replace(
    PROJECTS,
    before_create=(*PROJECTS.before_create, take_template),
    after_write=(*PROJECTS.after_write, add_template_links),
    extra_create_fields={"project_template_id": (uuid.UUID | None, None)},
)
