"""Posting a comment: the comment, its status applied to the task, mentions, news and notifications.

Everything happens in the caller's transaction; events are recorded in the order clients
expect (``comment:new``, ``task:update``, ``task:status-changed``, ``task:to-review``, then
``news:new``) and published only after commit.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import Caller
from tenko.core.errors import validation_error
from tenko.core.events import emit
from tenko.core.model import table_of
from tenko.core.resource import Row
from tenko.core.types import new_id
from tenko.domains.comments import automations
from tenko.domains.comments import notify as notifications
from tenko.domains.comments.access import comment_author
from tenko.domains.comments.models import COMMENT, COMMENT_DEPARTMENT_MENTIONS, COMMENT_MENTIONS
from tenko.domains.notifications.models import NEWS
from tenko.domains.people.models import PERSON, DepartmentLink
from tenko.domains.projects.models import PROJECT_PERSON_LINK
from tenko.domains.studio.models import DEPARTMENT
from tenko.domains.tasks.access import TaskAccess, fetch_status, require_status
from tenko.domains.tasks.status import apply_status, locked_task


@dataclass
class NewComment:
    """What a client asks for: gazu's and the web app's keys, already validated."""

    task_status_id: Any
    text: str = ""
    person_id: uuid.UUID | None = None
    checklist: list[Any] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    for_client: bool = False
    created_at: dt.datetime | None = None


@dataclass
class Mentions:
    persons: set[uuid.UUID] = field(default_factory=set)
    departments: set[uuid.UUID] = field(default_factory=set)


def _mentioned(text: str, name: str) -> bool:
    """``@First Last`` in the text, not followed by more of a longer name."""
    if not name:
        return False
    for match in re.finditer(re.escape("@" + name), text):
        following = text[match.end() : match.end() + 1]
        if not following or not (following.isalnum() or following == "_"):
            return True
    return False


async def find_mentions(session: AsyncSession, project_id: uuid.UUID, text: str) -> Mentions:
    """Persons of the project's team named ``@Full Name`` and departments named ``@Department``."""
    mentions = Mentions()
    if "@" not in text:
        return mentions
    team = select(PROJECT_PERSON_LINK.c.person_id).where(PROJECT_PERSON_LINK.c.project_id == project_id)
    people = select(PERSON.c.id, PERSON.c.first_name, PERSON.c.last_name).where(PERSON.c.id.in_(team))
    for person_id, first, last in (await session.execute(people)).all():
        if _mentioned(text, f"{first or ''} {last or ''}".strip()):
            mentions.persons.add(person_id)
    for department_id, name in (await session.execute(select(DEPARTMENT.c.id, DEPARTMENT.c.name))).all():
        if _mentioned(text, name or ""):
            mentions.departments.add(department_id)
    return mentions


async def department_members(
    session: AsyncSession, project_id: uuid.UUID, departments: set[uuid.UUID]
) -> set[uuid.UUID]:
    if not departments:
        return set()
    link = table_of(DepartmentLink)
    team = select(PROJECT_PERSON_LINK.c.person_id).where(PROJECT_PERSON_LINK.c.project_id == project_id)
    statement = select(link.c.person_id).where(link.c.department_id.in_(departments), link.c.person_id.in_(team))
    return set((await session.execute(statement)).scalars())


async def post_comment(session: AsyncSession, access: TaskAccess, request: NewComment) -> Row:
    """Authorise, then create the comment and apply its status (see the module docstring)."""
    access.require_comment()  # the routes judged it already: the service stays safe on its own
    status = await fetch_status(session, request.task_status_id)
    require_status(access, status)
    author_id = comment_author(access, request.person_id, request.created_at, request.for_client)
    if request.person_id is not None and request.person_id != access.caller.id:
        exists = (await session.execute(select(PERSON.c.id).where(PERSON.c.id == author_id))).first()
        if exists is None:
            raise validation_error([{"field": "person_id", "message": f"no person with id {author_id}"}])
    return await write_comment(session, access.caller, access.row, status, request, author_id)


async def write_news(
    session: AsyncSession, task: Row, comment_id: uuid.UUID, author_id: uuid.UUID, changed: bool, when: dt.datetime
) -> None:
    """The news-feed entry of a comment and its ``news:new`` event (recorded after the task's events).

    The web app's news feed reloads the entry on ``news:new`` when its project, task type
    and status match its filters: the event carries those ids.
    """
    news_id = new_id()
    values = {"id": news_id, "created_at": when, "updated_at": when, "change": changed, "author_id": author_id}
    await session.execute(insert(NEWS).values(**values, comment_id=comment_id, task_id=task["id"]))
    data = {
        "news_id": news_id,
        "comment_id": comment_id,
        "task_id": task["id"],
        "task_type_id": task["task_type_id"],
        "task_status_id": task["task_status_id"],
        "project_id": task["project_id"],
    }
    await emit(session, "news:new", data, user_id=author_id, project_id=task["project_id"])


async def post_status(
    session: AsyncSession, caller: Caller, task: Row, status: Row, author_id: uuid.UUID, depth: int
) -> Row:
    """A status change posted as a bare comment (what an automation does to a sibling task)."""
    return await write_comment(session, caller, task, status, NewComment(task_status_id=status["id"]), author_id, depth)


async def write_comment(
    session: AsyncSession,
    caller: Caller,
    task: Row,
    status: Row,
    request: NewComment,
    author_id: uuid.UUID,
    depth: int = 0,
) -> Row:
    """The comment and everything that follows from it, without authorisation (done by the caller)."""
    task = await locked_task(session, task)
    # to the microsecond (shown to the second): comments of the same second keep their order
    when = request.created_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    comment_id = new_id()
    values = {
        "id": comment_id,
        "created_at": when,
        "updated_at": when,
        "object_id": task["id"],
        "object_type": "Task",
        "text": request.text,
        "task_status_id": status["id"],
        "person_id": author_id,
        "checklist": request.checklist,
        "links": request.links,
        "for_client": request.for_client,
        "replies": [],
    }
    await session.execute(insert(COMMENT).values(**values))
    mentions = await find_mentions(session, task["project_id"], request.text)
    if mentions.persons:
        await session.execute(
            insert(COMMENT_MENTIONS), [{"comment": comment_id, "person": p} for p in mentions.persons]
        )
    if mentions.departments:
        rows = [{"comment": comment_id, "department": d} for d in mentions.departments]
        await session.execute(insert(COMMENT_DEPARTMENT_MENTIONS), rows)
    comment = dict(
        values, type="Comment", data=None, pinned=None, editor_id=None, preview_file_id=None, shotgun_id=None
    )
    data = {"comment_id": comment_id, "task_id": task["id"], "task_status_id": status["id"]}
    data["project_id"] = task["project_id"]
    await emit(session, "comment:new", data, user_id=author_id, project_id=task["project_id"])
    previous_status_id = task["task_status_id"]
    changed = previous_status_id != status["id"]
    updated = await apply_status(session, task, status, when, author_id)
    await write_news(session, updated, comment_id, author_id, changed, when)
    people = mentions.persons | await department_members(session, task["project_id"], mentions.departments)
    await notifications.notify_comment(session, updated, comment, people, changed)
    if changed:
        await automations.run(session, caller, updated, status, author_id, depth, post=post_status)
    return comment
