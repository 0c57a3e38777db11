"""The shared world builder (``tests.world``) builds what it says: the team, the roles, the outsiders."""

from __future__ import annotations

from tests.support import Api
from tests.world import TEAM_ROLES, new_people, new_team, team_project


async def team_roles(admin: Api, project_id: str) -> dict[str, tuple[str, str | None]]:
    """Person id -> (global role, per-project role), as the team route answers."""
    team = await admin.ok("GET", f"/data/projects/{project_id}/team")
    return {person["id"]: (person["role"], person["project_role"]) for person in team}


async def test_a_team_has_one_member_per_role_with_that_project_role(admin: Api) -> None:
    team = await new_team(admin)
    assert list(team.members) == list(TEAM_ROLES) == ["manager", "supervisor", "user", "client", "vendor"]
    assert team["admin"] is admin and team.outsiders == {}
    expected = {team[role].id: (role, role) for role in TEAM_ROLES}
    assert await team_roles(admin, team.id) == expected
    for role in TEAM_ROLES:  # each member sees the project
        assert (await team[role].ok("GET", f"/data/projects/{team.id}"))["id"] == team.id


async def test_named_members_chosen_project_roles_and_outsiders(admin: Api) -> None:
    roles = {"lead": "user", "artist": "user", "viewer": "client"}
    team = await new_team(admin, roles, {"lead": "manager", "artist": None}, outsiders={"stranger": "user"})
    assert await team_roles(admin, team.id) == {
        team["lead"].id: ("user", "manager"),
        team["artist"].id: ("user", None),  # unset: the global role applies
        team["viewer"].id: ("client", None),
    }
    assert team["stranger"].person["role"] == "user"
    assert (await team["stranger"].get(f"/data/projects/{team.id}")).status_code in (403, 404)


async def test_team_project_takes_people_made_beforehand(admin: Api) -> None:
    people = await new_people(admin, {"a": "supervisor", "b": "vendor"})
    first, second = await team_project(admin, people), await team_project(admin, people, {})
    assert await team_roles(admin, first["id"]) == {
        people["a"].id: ("supervisor", "supervisor"),
        people["b"].id: ("vendor", "vendor"),
    }
    assert await team_roles(admin, second["id"]) == {
        people["a"].id: ("supervisor", None),
        people["b"].id: ("vendor", None),
    }
