"""A project with one team member per role, plus outsiders, for the project route tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.support import Api
from tests.world import new_people, team_project


@dataclass
class Crew:
    project: dict[str, Any]
    manager: Api  # global role user, manager of this project through the team link
    supervisor: Api
    artist: Api
    client: Api
    vendor: Api
    outsider: Api  # an artist outside the team
    outsider_manager: Api  # a production manager outside the team

    @property
    def id(self) -> str:
        return str(self.project["id"])

    def members(self) -> list[Api]:
        return [self.manager, self.supervisor, self.artist, self.client, self.vendor]


@pytest.fixture(scope="module")
async def people(admin: Api) -> dict[str, Api]:
    roles = ("user", "supervisor", "user", "client", "vendor", "user", "manager")
    names = ("manager", "supervisor", "artist", "client", "vendor", "outsider", "outsider_manager")
    return await new_people(admin, dict(zip(names, roles, strict=True)))


@pytest.fixture
async def crew(admin: Api, people: dict[str, Api]) -> Crew:
    team = {name: people[name] for name in ("manager", "supervisor", "artist", "client", "vendor")}
    project = await team_project(admin, team, {"manager": "manager"})
    return Crew(project, *(people[name] for name in Crew.__dataclass_fields__ if name != "project"))


# the live `tenko serve` fixtures of the end-to-end suite, for the gazu tests of this package
from tests.e2e.conftest import gazu_admin, live_server  # noqa: E402, F401
