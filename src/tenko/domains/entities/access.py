"""Who may act on the breakdown: the project and entity guards of the entities and breakdown routes.

Every route of these domains declares one of the loaders below (or ``Anyone`` for the lists
scoped by the entity read rule): the path id is resolved and the caller judged before any
handler code runs (400 malformed id, 404 unknown, 403 not allowed). Checks that depend on
a request body (which projects a list of ids touches) are the functions at the end.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Annotated, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from tenko.core import records
from tenko.core.access import Caller, Role, Target
from tenko.core.errors import Forbidden, NotFound
from tenko.core.guard import Action, OfProjectRow, PathLoader, parse_uuid
from tenko.core.listing import split_values
from tenko.core.resource import Row
from tenko.domains.entities import service
from tenko.domains.entities.models import ENTITY
from tenko.domains.entities.resources import ENTITIES
from tenko.domains.projects.access import ProjectAccess
from tenko.domains.studio.kinds import ASSET, EPISODE, SCENE, SEQUENCE, SHOT, Kind

T = TypeVar("T")
#: roles that shape a project's breakdown (admins pass everywhere)
MANAGING_ROLES = frozenset({Role.ADMIN, Role.MANAGER})
#: roles that read the whole team's figures of a project (quotas)
STAFF_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.SUPERVISOR})
#: a path id that Starlette's ``:uuid`` convertor may already have turned into a UUID
# --- entities -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedEntity(OfProjectRow):
    """An entity from the path: its kind, its row (with the joined names of its kind), the caller."""

    kind: Kind
    row: Row
    caller: Caller
    target: Target

    @property
    def role(self) -> Role | None:
        return self.caller.role_in(self.project_id)


def _readable(entity: LoadedEntity) -> bool:
    return ENTITIES.policy.read.allows(entity.caller, entity.target)


ENTITY_ACTIONS: dict[str, Action[LoadedEntity]] = {
    "read": Action("admins; or the project's members (vendors: the entities of their tasks)", _readable),
    "manage": Action(
        "admins; or the managers of its project",
        lambda entity: _readable(entity) and entity.role in MANAGING_ROLES,
        "You are not allowed to do this in this project",
    ),
    "update": Action(
        "admins; or its project's managers, or the contributor who created it",
        lambda entity: _readable(entity) and ENTITIES.policy.update.allows(entity.caller, entity.target),
    ),
    "delete": Action(
        "admins; or its project's managers, or the contributor who created it",
        lambda entity: _readable(entity) and ENTITIES.policy.delete.allows(entity.caller, entity.target),
    ),
}


@cache
def entity_loader(kind: Kind | None, param: str) -> PathLoader[LoadedEntity]:
    """The loader of the entities of one kind (``None``: of any kind) from the path parameter ``param``."""

    async def fetch(session: AsyncSession, caller: Caller, entity_id: uuid.UUID) -> LoadedEntity:
        found = kind or await service.kind_of_entity(session, entity_id)
        row = await service.fetch_entity(session, found, entity_id)
        return LoadedEntity(found, row, caller, await records.target_of(session, ENTITIES, row))

    noun = kind.type_name.lower() if kind is not None else "entity"
    return PathLoader(param, noun, fetch, ENTITY_ACTIONS)


#: the entity guards the breakdown routes share (``<kind>_id`` in the path)
ReadableAsset = Annotated[LoadedEntity, entity_loader(ASSET, "asset_id")("read")]
ManagedAsset = Annotated[LoadedEntity, entity_loader(ASSET, "asset_id")("manage")]
ReadableShot = Annotated[LoadedEntity, entity_loader(SHOT, "shot_id")("read")]
ManagedShot = Annotated[LoadedEntity, entity_loader(SHOT, "shot_id")("manage")]
ReadableScene = Annotated[LoadedEntity, entity_loader(SCENE, "scene_id")("read")]
ManagedScene = Annotated[LoadedEntity, entity_loader(SCENE, "scene_id")("manage")]
ReadableSequence = Annotated[LoadedEntity, entity_loader(SEQUENCE, "sequence_id")("read")]
ReadableEpisode = Annotated[LoadedEntity, entity_loader(EPISODE, "episode_id")("read")]


@dataclass(frozen=True)
class EntityInTeam:
    """An entity of a project whose team the caller is in (bulk reads filter its rows further)."""

    id: uuid.UUID
    project_id: uuid.UUID
    caller: Caller


async def fetch_entity_project(session: AsyncSession, caller: Caller, entity_id: uuid.UUID) -> EntityInTeam:
    """One statement: the entity's project (any kind); 404 when absent."""
    project_id = (await session.execute(select(ENTITY.c.project_id).where(ENTITY.c.id == entity_id))).scalar()
    if project_id is None:
        raise NotFound(f"Entity {entity_id} not found")
    return EntityInTeam(entity_id, project_id, caller)


@cache
def team_entity_loader(param: str) -> PathLoader[EntityInTeam]:
    """For the bulk reads under an entity: its project's members pass, the rows are filtered by reach."""
    in_team = Action[EntityInTeam](
        "admins; or the members of its project's team (vendors: the rows of their tasks)",
        lambda entity: entity.caller.role_in(entity.project_id) is not None,
        "You are not in the team of this project",
    )
    return PathLoader(param, "entity", fetch_entity_project, {"team": in_team})


# --- checks that depend on a body -----------------------------------------------------------


def check_filtered_projects(caller: Caller, params: QueryParams) -> None:
    """A list filtered on a project (``?project_id=``) whose team the caller is not in is refused."""
    if caller.is_admin:  # every project: the ids are not even parsed, as the filter does it
        return
    for value in split_values(params.getlist("project_id")):
        if caller.role_in(parse_uuid(value, "project_id")) is None:
            raise Forbidden("You are not allowed to see the records of this project")


def check_manages_all(caller: Caller, project_ids: Iterable[uuid.UUID]) -> None:
    """The body names records of these projects: the caller must manage each of them."""
    for project_id in project_ids:
        if caller.role_in(project_id) not in MANAGING_ROLES:
            raise Forbidden("You are not allowed to do this in this project")


def check_may_read_quotas_of(project: ProjectAccess, person_id: uuid.UUID) -> None:
    """Everyone reads their own quotas; those of others are for the project's managers and supervisors."""
    if person_id != project.caller.id and project.role not in STAFF_ROLES:
        raise Forbidden("Only the managers and supervisors of this project may read its quotas")
