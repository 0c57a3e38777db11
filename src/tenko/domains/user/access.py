"""The caller's own records (``/data/user/...``): the loaders of their path ids and the reach of their lists.

Every /data/user route acts on the caller's own records (the ``Myself`` guard). A path id is
loaded before the handler by a loader naming its action:
- the caller's own filters (and notifications, whose loader reads the listing in
  ``notifications.py``): someone else's answer 404, as if they did not exist
  (``hidden_unless``), so a guessed id does not even confirm a record;
- the breakdown (projects, sequences, shots...): the record must exist (404), and the answer
  lists only the caller's own tasks there, so nobody else's work shows;
- an entity's chat or a sequence followed: the rules of the chat or the project's team (403).
Checks that depend on the body (sharing a filter, the tasks of a batch) are functions here too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import records
from tenko.core.access import ANYONE, MEMBER, Caller, Role, Rule, Target, describe, own
from tenko.core.errors import Forbidden, NotFound
from tenko.core.guard import Action, Fetch, Loaded, PathLoader, always, fetcher, hidden_unless, rule_action
from tenko.core.resource import Resource, Row
from tenko.domains.chats.resources import CHATS
from tenko.domains.entities.models import ENTITY
from tenko.domains.production.reads import ASSET_TYPE_CONDITION
from tenko.domains.projects.open_projects import open_project_ids
from tenko.domains.projects.resources import PROJECTS
from tenko.domains.search.resources import SEARCH_FILTER_GROUPS, SEARCH_FILTERS
from tenko.domains.studio.kinds import ASSET, SCENE, SEQUENCE, SHOT, Kind
from tenko.domains.studio.models import ENTITY_TYPE, TASK_STATUS, TASK_TYPE
from tenko.domains.studio.resources import TASK_TYPES
from tenko.domains.tasks.access import access_to
from tenko.domains.tasks.models import TASK

#: who may share a filter with the rest of a project
SHARERS = frozenset({Role.ADMIN, Role.MANAGER, Role.SUPERVISOR})
#: a path record that only has to exist: the answer is scoped to the caller's own tasks
ONLY_THEIR_TASKS: Action[Loaded] = always(f"{describe(ANYONE)} (the answer lists only their own tasks there)")


@dataclass(frozen=True)
class SharedFilter(Rule):
    """One's own filters, and those shared in one's projects (for one's departments).

    Admins read every shared filter but, like everyone, only their own unshared ones: the
    web app lists a person's own saved searches, not everyone's.
    """

    def describe(self) -> str:
        return "their own filters, and those shared in their projects (for their departments)"

    def allows(self, caller: Caller, target: Target | None) -> bool:
        if target is None:
            return False
        values = target.values
        if values.get("person_id") == caller.id:
            return True
        if not values.get("is_shared"):
            return False
        if caller.is_admin:
            return True
        department = values.get("department_id")
        in_team = values.get("project_id") in caller.project_roles
        return in_team and (department is None or department in caller.department_ids)

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        table = resource.table
        mine = table.c.person_id == caller.id
        if caller.is_admin:
            return mine | table.c.is_shared.is_(True)
        shared = (
            table.c.is_shared.is_(True)
            & table.c.project_id.in_(list(caller.project_roles))
            & or_(table.c.department_id.is_(None), table.c.department_id.in_(list(caller.department_ids)))
        )
        return mine | shared


SHARED_FILTER = SharedFilter()
#: the filter's owner (admins too, who may tidy anyone's filters)
FILTER_OWNER = own("person_id")

FilterLoader = PathLoader(
    "filter_id", "search filter", fetcher(SEARCH_FILTERS), {"change": hidden_unless(FILTER_OWNER, "SearchFilter")}
)
FilterGroupLoader = PathLoader(
    "filter_group_id",
    "filter group",
    fetcher(SEARCH_FILTER_GROUPS),
    {
        "read": hidden_unless(SHARED_FILTER, "SearchFilterGroup"),
        "change": hidden_unless(FILTER_OWNER, "SearchFilterGroup"),
    },
)


def check_sharing(caller: Caller, values: dict[str, Any], current: Row | None = None) -> None:
    """A filter is shared only in a project, by its managers and supervisors (the body says ``is_shared``)."""
    if not values.get("is_shared"):
        return
    project_id = values.get("project_id", current["project_id"] if current else None)
    if project_id is None:
        raise Forbidden("Only a filter saved in a project can be shared")
    if caller.role_in(records.parse_id(str(project_id), "project id")) not in SHARERS:
        raise Forbidden("Only the project's managers and supervisors may share filters")


def entity_fetcher(kind: Kind, what: str) -> Fetch:
    """Loads an entity of this kind (404 when there is none: a shot is not a scene)."""

    async def fetch(session: AsyncSession, caller: Caller, record_id: uuid.UUID) -> Loaded:
        statement = select(ENTITY).where(ENTITY.c.id == record_id, of_kind(kind))
        row = (await session.execute(statement)).mappings().first()
        if row is None:
            raise NotFound(f"{what.title()} {record_id} not found")
        return Loaded(dict(row), caller, Target(frozenset({row["project_id"]}), dict(row)))

    return fetch


def of_kind(kind: Kind) -> ColumnElement[bool]:
    if kind.entity_type is None:
        return ENTITY.c.entity_type_id.in_(select(ENTITY_TYPE.c.id).where(ASSET_TYPE_CONDITION))
    return ENTITY.c.entity_type_id.in_(select(ENTITY_TYPE.c.id).where(ENTITY_TYPE.c.name == kind.entity_type))


def breakdown_loader(kind: Kind, what: str) -> PathLoader[Loaded]:
    return PathLoader(f"{what}_id", what, entity_fetcher(kind, what), {"look": ONLY_THEIR_TASKS})


#: the records of the caller's breakdown views: they must exist; the lists show only their own tasks
ProjectLoader = PathLoader("project_id", "project", fetcher(PROJECTS), {"look": ONLY_THEIR_TASKS})
AssetLoader = breakdown_loader(ASSET, "asset")
ShotLoader = breakdown_loader(SHOT, "shot")
SceneLoader = breakdown_loader(SCENE, "scene")
SequenceLoader = breakdown_loader(SEQUENCE, "sequence")


async def any_entity(session: AsyncSession, caller: Caller, record_id: uuid.UUID) -> Loaded:
    """An entity of any kind (404 when absent), judged by its project."""
    row = (await session.execute(select(ENTITY).where(ENTITY.c.id == record_id))).mappings().first()
    if row is None:
        raise NotFound(f"Entity {record_id} not found")
    # a chat's rules read its entity as ``object_id``
    values = {**row, "object_id": row["id"]}
    return Loaded(dict(row), caller, Target(frozenset({row["project_id"]}), values))


#: the entity whose chat the caller joins or leaves: as the chat's read rule allows (vendors: their tasks')
ChatEntityLoader = PathLoader(
    "entity_id",
    "entity",
    any_entity,
    {"chat": rule_action(CHATS.policy.read, "You may not take part in the chat of this entity")},
)
#: the sequence (any entity, as the reference accepts) whose task type the caller follows
FollowedLoader = PathLoader(
    "sequence_id",
    "sequence",
    any_entity,
    {
        "look": always(f"{describe(ANYONE)} (about their own subscription)"),
        "follow": rule_action(MEMBER, "You are not a member of the team of this sequence's project"),
    },
)
#: a task type (studio reference data, read by everyone): it must exist
TaskTypeLoader = PathLoader("task_type_id", "task type", fetcher(TASK_TYPES), {"read": always(describe(ANYONE))})


async def readable_tasks(session: AsyncSession, caller: Caller, task_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """The tasks of a body, each one the caller may read (404 for an unknown one, 403 for one out of reach)."""
    rows = [dict(row) for row in (await session.execute(select(TASK).where(TASK.c.id.in_(task_ids)))).mappings()]
    missing = set(task_ids) - {row["id"] for row in rows}
    if missing:
        raise NotFound(f"Task {sorted(map(str, missing))[0]} not found")
    for row in rows:
        await access_to(session, caller, row)
    return list(dict.fromkeys(task_ids))


def to_check(caller: Caller) -> ColumnElement[bool]:
    """Tasks waiting for feedback in the projects the caller reviews (supervisors: their departments)."""
    feedback = TASK.c.task_status_id.in_(select(TASK_STATUS.c.id).where(TASK_STATUS.c.is_feedback_request.is_(True)))
    if caller.is_admin:
        return feedback & TASK.c.project_id.in_(open_project_ids())
    managed = caller.projects_with(frozenset({Role.MANAGER}))
    supervised = caller.projects_with(frozenset({Role.SUPERVISOR}))
    if not managed and not supervised:
        return false()
    reach: ColumnElement[bool] = TASK.c.project_id.in_(managed)
    if supervised:
        departments = list(caller.department_ids)
        in_departments = TASK.c.task_type_id.in_(
            select(TASK_TYPE.c.id).where(TASK_TYPE.c.department_id.in_(departments))
        )
        # a supervisor with no department supervises them all
        reach = or_(
            reach, TASK.c.project_id.in_(supervised) & (in_departments if departments else TASK.c.id.isnot(None))
        )
    return feedback & reach
