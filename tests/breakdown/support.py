"""Helpers of the breakdown tests: a small production with assets to cast, and recorded events."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from tenko.core.model import table_of
from tenko.domains.events.models import ApiEvent
from tests.conftest import Backend
from tests.entities.factory import Production, new_asset, new_production
from tests.support import Api

Row = dict[str, Any]


@dataclass
class Breakdown:
    production: Production
    props: list[Row] = field(default_factory=list)
    characters: list[Row] = field(default_factory=list)
    scene: Row = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.production.id

    @property
    def shot(self) -> Row:
        return self.production.shots[0]


async def new_breakdown(admin: Api, team: list[Api] | None = None, nb_shots: int = 2) -> Breakdown:
    production = await new_production(admin, team=team, nb_shots=nb_shots, nb_assets=0)
    breakdown = Breakdown(production)
    episode = production.episode["id"]
    for _ in range(2):
        breakdown.props.append(await new_asset(admin, production.project, "Prop", episode_id=episode))
        breakdown.characters.append(await new_asset(admin, production.project, "Character", episode_id=episode))
    return breakdown


def casting_path(project_id: str, entity_id: str) -> str:
    return f"/data/projects/{project_id}/entities/{entity_id}/casting"


async def events_of(server: Backend, name: str, project_id: str) -> list[dict[str, Any]]:
    """The data of the events of this name recorded for a project."""
    table = table_of(ApiEvent)
    statement = (
        select(table.c.data)
        .where(table.c.name == name, table.c.project_id == uuid.UUID(project_id))
        .order_by(table.c.created_at)
    )
    async with server.context.db.sessionmaker() as session:
        return [dict(data) for data in (await session.execute(statement)).scalars()]


async def nb_entities_out(admin: Api, entity_id: str) -> int:
    entity = await admin.ok("GET", f"/data/entities/{entity_id}")
    return int(entity["nb_entities_out"])
