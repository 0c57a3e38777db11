from tests.conftest import Backend
from tests.support import Api, new_project


async def test_api_root(anon: Api) -> None:
    body = await anon.ok("GET", "/")
    assert body["api"] == "Zou" and set(body) == {"api", "version", "server", "server_version"}


async def test_project_roundtrip(admin: Api, server: Backend) -> None:
    project = await new_project(admin)
    again = await admin.ok("GET", f"/data/projects/{project['id']}")
    assert again["name"] == project["name"]
    assert again["type"] == "Project"
