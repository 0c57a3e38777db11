"""A project's playlists and build jobs as the reference's sync reads them (admins only, as the reference)."""

from __future__ import annotations

import uuid

from tests.support import Api, new_project, unique_name
from tests.world import new_team


async def test_sync_reads_every_playlist_of_a_project_page_by_page(admin: Api) -> None:
    """The reference's ``zou sync-full`` reads ``/data/projects/{id}/playlists/all?page=N`` (each
    playlist with its build jobs), then ``/data/projects/{id}/build-jobs``."""
    team = await new_team(admin)
    made = []
    for shared in (True, False, False):
        body = {"name": unique_name("pl"), "project_id": team.id, "for_client": shared}
        made.append(await admin.ok("POST", "/data/playlists", body))
    elsewhere = await new_project(admin)
    await admin.ok("POST", "/data/playlists", {"name": unique_name("pl"), "project_id": elsewhere["id"]})
    path = f"/data/projects/{team.id}/playlists/all"
    listed = await admin.ok("GET", path)
    assert sorted(p["id"] for p in listed) == sorted(p["id"] for p in made)
    assert all(p["build_jobs"] == [] and p["type"] == "Playlist" for p in listed)
    first = await admin.ok("GET", f"{path}?page=1&limit=2")
    second = await admin.ok("GET", f"{path}?page=2&limit=2")
    assert (first["total"], first["nb_pages"], len(first["data"]), len(second["data"])) == (3, 2, 2, 1)
    assert [p["id"] for p in first["data"] + second["data"]] == [p["id"] for p in listed]
    assert [p["id"] for p in await admin.ok("GET", f"{path}?for_client=true")] == [made[0]["id"]]
    assert await admin.ok("GET", f"/data/projects/{team.id}/build-jobs") == []
    for name in ("manager", "supervisor", "user", "client"):  # the reference answers 403 to all but admins
        assert (await team[name].get(path)).status_code == 403, name
        assert (await team[name].get(f"/data/projects/{team.id}/build-jobs")).status_code == 403, name
    assert (await admin.get(f"/data/projects/{uuid.uuid4()}/build-jobs")).status_code == 404
