"""One way to build "a project with one person per role": the people, the team, their per-project roles.

The domain factories (``tests.tasks.studio``, ``tests.user.world``, the project tests' crew, the
security matrix) build on it and add what their domain needs (departments, entities, tasks).

- ``new_people(admin, {"name": "global role", ...})`` makes logged-in people;
- ``team_project(admin, people, project_roles)`` makes a project whose team is those people and
  sets their per-project roles (by default each one's global role; ``None`` leaves it unset, so
  that the global role applies);
- ``new_team(admin)`` does both: a project with one team member per role, as a ``Team``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.support import Api, new_person, new_project, set_project_role

Row = dict[str, Any]

#: The global roles of a studio. The admin is the studio's own (``Team.admin``), in no team.
ROLES = ("admin", "manager", "supervisor", "user", "client", "vendor")
#: The roles a team has one member of, by default.
TEAM_ROLES = ROLES[1:]


@dataclass
class Team:
    """A project, the admin who built it, and people by name: its team, and outsiders."""

    admin: Api
    project: Row
    members: dict[str, Api]  # name -> a person in the team
    outsiders: dict[str, Api] = field(default_factory=dict)  # name -> a person outside the team

    @property
    def id(self) -> str:
        return str(self.project["id"])

    def __getitem__(self, name: str) -> Api:
        if name == "admin":
            return self.admin
        return self.members[name] if name in self.members else self.outsiders[name]

    def team(self) -> list[Api]:
        return list(self.members.values())


async def new_people(admin: Api, roles: Mapping[str, str]) -> dict[str, Api]:
    """Logged-in people, by name, with these global roles (made in the mapping's order)."""
    return {name: await new_person(admin, role) for name, role in roles.items()}


async def team_project(
    admin: Api,
    members: Mapping[str, Api],
    project_roles: Mapping[str, str | None] | None = None,
    **extra: Any,
) -> Row:
    """A project whose team is ``members``, each with a per-project role.

    ``project_roles`` names the per-project role of some members (``None``: left unset); without
    it, every member's per-project role is their global one.
    """
    project = await new_project(admin, team=list(members.values()), **extra)
    roles = (
        {name: person.person["role"] for name, person in members.items()} if project_roles is None else project_roles
    )
    for name, role in roles.items():
        if role is not None:
            await set_project_role(admin, project, members[name], role)
    return project


async def new_team(
    admin: Api,
    roles: Mapping[str, str] | None = None,
    project_roles: Mapping[str, str | None] | None = None,
    outsiders: Mapping[str, str] | None = None,
    **extra: Any,
) -> Team:
    """A project with a team: by default one member per role, named after it, with that per-project role.

    ``roles`` maps the members' names to their global roles; ``outsiders`` likewise for people
    made alongside but kept out of the team; ``project_roles`` as for ``team_project``.
    """
    members = await new_people(admin, roles if roles is not None else {role: role for role in TEAM_ROLES})
    others = await new_people(admin, outsiders or {})
    project = await team_project(admin, members, project_roles, **extra)
    return Team(admin, project, members, others)
