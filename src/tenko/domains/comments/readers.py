"""Who reads a comment: one rule, ``COMMENT_READERS``, wherever a comment or what it says is shown.

permissions.md: the comment's task must be reached (its project's team; vendors: only the
tasks assigned to them); then managers and supervisors read every comment, artists and vendors
all but those written by clients (the author's global role), clients only the comments marked
for them and their own. The same rule judges a task's thread, one comment (under its task or
``/data/comments/{id}``), the attachments that embed a comment, the last comment of a to-do
list, and who is notified of a comment and what their notifications show (the news feed's
SQL in ``news/service.py`` says the same for entries with a comment). ``where`` is the rule's
SQL over the ``comment`` table, ``allows`` its check of one comment whose target carries the
author's role (``author_facts``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import (
    CLIENT_MEMBER,
    PROJECT_STAFF,
    VENDOR_MEMBER,
    Assigned,
    Caller,
    ColumnIs,
    InProject,
    Role,
    Rule,
    Target,
    own,
)
from tenko.core.resource import Resource, Row
from tenko.domains.people.models import PERSON
from tenko.domains.projects.models import PROJECT_PERSON_LINK
from tenko.domains.tasks.models import TASK_PERSON_LINK

#: the fact a comment is judged with besides its columns: its author's global role
AUTHOR_ROLE = "author_role"


@dataclass(frozen=True)
class NotByClients(Rule):
    """Comments not written by a client (by the author's global role), or written by the caller."""

    def describe(self) -> str:
        return "not the comments written by clients (their own excepted)"

    def allows(self, caller: Caller, target: Target | None) -> bool:
        if caller.is_admin:
            return True
        if target is None or AUTHOR_ROLE not in target.values:
            return False  # judged without its author: refuse rather than guess
        values = target.values
        return values[AUTHOR_ROLE] != Role.CLIENT.value or str(values.get("person_id")) == str(caller.id)

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        if caller.is_admin:
            return true()
        author = resource.table.c.person_id
        clients = select(PERSON.c.id).where(PERSON.c.role == Role.CLIENT.value)
        return author.not_in(clients) | (author == caller.id)


NOT_BY_CLIENTS = NotByClients()
ARTIST_MEMBER = InProject(frozenset({Role.USER}))
#: who reads a comment (see the module docstring)
COMMENT_READERS: Rule = (
    PROJECT_STAFF
    | (ARTIST_MEMBER & NOT_BY_CLIENTS)
    | (CLIENT_MEMBER & (ColumnIs("for_client", True) | own()))
    | (VENDOR_MEMBER & Assigned("object_id") & NOT_BY_CLIENTS)
)


async def author_role(session: AsyncSession, author_id: Any) -> str | None:
    if author_id is None:
        return None
    role = (await session.execute(select(PERSON.c.role).where(PERSON.c.id == author_id))).scalar()
    return str(role) if role is not None else None


async def author_facts(session: AsyncSession, values: Row) -> Row:
    """The comment resource's ``facts``: its author's global role."""
    return {AUTHOR_ROLE: await author_role(session, values.get("person_id"))}


def comment_target(project_id: uuid.UUID, comment: Row, role_of_author: str | None) -> Target:
    """A comment of a task of ``project_id`` as ``COMMENT_READERS`` judges it."""
    return Target(frozenset({project_id}), {**comment, AUTHOR_ROLE: role_of_author})


async def readers_of(session: AsyncSession, task: Row, comment: Row, people: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Of ``people``, the active ones who may read the comment of ``task`` now (``COMMENT_READERS``).

    Each is judged as the caller they would be: their role in the task's project (the team
    link's role, or their global one) and, for vendors, whether the task is assigned to them.
    """
    wanted = set(people)
    if not wanted:
        return set()
    project_id, task_id = task["project_id"], task["id"]
    link, assigned = PROJECT_PERSON_LINK, TASK_PERSON_LINK
    statement = (
        select(PERSON.c.id, PERSON.c.role, link.c.person_id.label("member"), link.c.role.label("project_role"))
        .add_columns(assigned.c.task_id.label("assigned"))
        .outerjoin(link, (link.c.person_id == PERSON.c.id) & (link.c.project_id == project_id))
        .outerjoin(assigned, (assigned.c.person_id == PERSON.c.id) & (assigned.c.task_id == task_id))
        .where(PERSON.c.id.in_(wanted), PERSON.c.active.is_(True))
    )
    target = comment_target(project_id, comment, await author_role(session, comment.get("person_id")))
    readers = set()
    for person in (await session.execute(statement)).mappings():
        role = Role(person["role"])
        reader = Caller(person["id"], role, {})
        if person["member"] is not None:
            project_role = person["project_role"]
            reader.project_roles[project_id] = Role(project_role) if project_role and project_role != "admin" else role
        if person["assigned"] is not None:
            reader.assigned_task_ids = frozenset({task_id})
        if COMMENT_READERS.allows(reader, target):
            readers.add(person["id"])
    return readers
