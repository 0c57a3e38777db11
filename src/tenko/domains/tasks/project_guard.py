"""The project of the path, for the task and comment routes under ``/projects/{project_id}``.

Being in the project's team is the precondition of every action (403 with its reason when
loading); the action then judges the caller's role there. It builds on the projects
domain's ``member_project`` so both answer the same; the projects domain may offer its own
loader one day, and these routes would then name it instead.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import Caller, Role
from tenko.core.guard import Action, PathLoader
from tenko.domains.projects.access import ProjectAccess, member_project
from tenko.domains.tasks.access import COMMENT_TASK


async def load_project(session: AsyncSession, caller: Caller, project_id: uuid.UUID) -> ProjectAccess:
    return await member_project(str(project_id), session, caller)


PROJECT_ACTIONS = {
    "read": Action[ProjectAccess]("admins; or project members", lambda project: True),
    "comment": Action[ProjectAccess](
        f"admins; or project members; each task of the body: {COMMENT_TASK.text}", lambda project: True
    ),
    "manage": Action[ProjectAccess](
        "admins; or the project's managers",
        lambda project: project.is_manager,
        "Only the managers of this project may change it",
    ),
    "staff": Action[ProjectAccess](
        "admins; or the project's managers and supervisors",
        lambda project: project.is_staff,
        "The comments of a whole project are for its managers and supervisors",
    ),
    "studio": Action[ProjectAccess](
        "admins; or the studio's people of the project (not clients, not vendors)",
        lambda project: project.role not in (Role.CLIENT, Role.VENDOR),
        "Attachment lists are for the studio's people",
    ),
}
#: ``ProjectOf("manage")``: the project of the path, for one of ``PROJECT_ACTIONS``
ProjectOf = PathLoader("project_id", "project", load_project, PROJECT_ACTIONS)
MemberProject = Annotated[ProjectAccess, ProjectOf("read")]
ManagedProject = Annotated[ProjectAccess, ProjectOf("manage")]
