"""The studio's people data (presence, desktop logins, quotas, salary scales) and per-project roles:
a global manager whom every project they are in makes a plain member oversees nobody."""

from __future__ import annotations

import pytest

from tests.support import Api, new_person, unique_name
from tests.world import Team, new_team


@pytest.fixture
async def team(admin: Api) -> Team:
    """``demoted``: a global manager, an artist in the only project they are in; ``manager``: a
    global manager, manager of the project; ``loose``: a global manager in no project."""
    roles = {"demoted": "manager", "manager": "manager", "artist": "user"}
    team = await new_team(admin, roles, {"demoted": "user", "manager": "manager", "artist": "user"})
    team.outsiders["loose"] = await new_person(admin, "manager")
    await team["artist"].ok("POST", "/data/user/desktop-login-logs", {"date": "2024-05-02T09:15:00"})
    return team


async def salary_scale_id(admin: Api) -> str:
    scales = await admin.ok("GET", "/data/salary-scales")
    if not scales:
        department = await admin.ok("POST", "/data/departments", {"name": unique_name("scales"), "color": "#123456"})
        body = {"department_id": department["id"], "position": "artist", "seniority": "junior", "salary": 10}
        scales = [await admin.ok("POST", "/data/salary-scales", body)]
    return str(scales[0]["id"])


async def test_a_manager_demoted_in_every_project_oversees_nobody(team: Team, admin: Api) -> None:
    artist = f"/data/persons/{team['artist'].id}"
    scale = f"/data/salary-scales/{await salary_scale_id(admin)}"
    studio_wide = [
        "/data/persons/presence-logs/2024-05",
        f"{artist}/desktop-login-logs",
        f"{artist}/quota-shots/month/2024/05",
        f"{artist}/quota-shots/week/2024/18",
        f"{artist}/quota-shots/day/2024/05/02",
        scale,
    ]
    for path in studio_wide:
        response = await team["demoted"].get(path)
        assert response.status_code == 403, f"{path}: {response.status_code} {response.text[:200]}"
        # production managers, in a team or in none, still do
        for name in ("manager", "loose"):
            assert (await team[name].get(path)).status_code == 200, f"{name} {path}"
    # their own records stay theirs
    me = f"/data/persons/{team['demoted'].id}"
    for path in (f"{me}/desktop-login-logs", f"{me}/quota-shots/month/2024/05"):
        assert (await team["demoted"].get(path)).status_code == 200, path
    # and the desktop logins are what the presence sheet is made of
    logs = await team["manager"].ok("GET", f"{artist}/desktop-login-logs")
    assert [log["date"] for log in logs] == ["2024-05-02T09:15:00"]


async def test_the_document_names_the_project_roles(team: Team) -> None:
    from tests.user.documented import document

    paths = (await document(team["artist"]))["paths"]
    policy = paths["/api/data/persons/presence-logs/{month_date}"]["get"]["x-policy"]
    assert policy == "admins; or global role manager, unless every project they are in gives them a lesser role"
