"""Deleting entities: canceled while they have tasks, really deleted with force or without tasks."""

from __future__ import annotations

import pytest

from tests.entities.factory import add_task, new_concept, new_edit, new_production, new_shot
from tests.support import Api


async def exists(api: Api, route: str, entity_id: str) -> bool:
    return (await api.get(f"/data/{route}/{entity_id}")).status_code == 200


@pytest.mark.parametrize("route", ["shots", "assets", "edits", "concepts"])
async def test_an_entity_with_tasks_is_canceled_then_force_deleted_with_them(admin: Api, route: str) -> None:
    production = await new_production(admin, nb_shots=1, nb_assets=1)
    entity = {
        "shots": production.shots[0],
        "assets": production.assets[0],
        "edits": await new_edit(admin, production.project, production.episode),
        "concepts": await new_concept(admin, production.project),
    }[route]
    task = await add_task(admin, entity, "Modeling")
    await admin.ok("DELETE", f"/data/{route}/{entity['id']}")
    canceled = await admin.ok("GET", f"/data/{route}/{entity['id']}")
    assert canceled["canceled"] is True
    assert (await admin.get(f"/data/tasks/{task['id']}")).status_code == 200
    await admin.ok("DELETE", f"/data/{route}/{entity['id']}?force=true")
    assert not await exists(admin, route, entity["id"])
    assert (await admin.get(f"/data/tasks/{task['id']}")).status_code == 404
    restored = await admin.put(f"/data/entities/{entity['id']}", {"canceled": False})
    assert restored.status_code == 404


async def test_restore_and_plain_delete(admin: Api) -> None:
    production = await new_production(admin, nb_shots=2, nb_assets=0)
    with_task, without = production.shots
    await add_task(admin, with_task)
    await admin.ok("DELETE", f"/data/shots/{with_task['id']}")
    restored = await admin.ok("PUT", f"/data/shots/{with_task['id']}", {"canceled": False})
    assert restored["canceled"] is False
    await admin.ok("DELETE", f"/data/shots/{without['id']}")
    assert not await exists(admin, "shots", without["id"])
    assert (await admin.delete(f"/data/shots/{without['id']}")).status_code == 404
    assert (await admin.delete("/data/shots/not-a-uuid")).status_code == 404


async def test_a_parent_is_not_deleted_while_it_has_children_unless_forced(admin: Api) -> None:
    production = await new_production(admin, nb_shots=1, nb_assets=1)
    sequence, episode, shot = production.sequence, production.episode, production.shots[0]
    refused = await admin.delete(f"/data/sequences/{sequence['id']}")
    assert refused.status_code == 400 and refused.json()["error"] is True
    assert (await admin.delete(f"/data/entities/{episode['id']}")).status_code == 400
    await add_task(admin, shot)
    await admin.ok("DELETE", f"/data/episodes/{episode['id']}?force=true")
    for route, row in (("episodes", episode), ("sequences", sequence), ("shots", shot)):
        assert not await exists(admin, route, row["id"])
    assert not await exists(admin, "assets", production.assets[0]["id"])  # an episode's assets go with it


async def test_delete_entities_in_one_request(admin: Api) -> None:
    production = await new_production(admin, nb_shots=3, nb_assets=1)
    first, second, third = production.shots
    asset = production.assets[0]
    concept = await new_concept(admin, production.project)
    await add_task(admin, first)
    await add_task(admin, concept, "Concept")
    other = await new_production(admin, nb_shots=1, nb_assets=0)
    path = f"/actions/projects/{production.id}/delete-entities"
    ids = [first["id"], second["id"], asset["id"], concept["id"], other.shots[0]["id"], production.sequence["id"]]
    done = await admin.ok("POST", path, ids, status=200)
    # a foreign shot and a sequence are silently skipped
    assert sorted(done) == sorted([first["id"], second["id"], asset["id"], concept["id"]])
    assert (await admin.ok("GET", f"/data/shots/{first['id']}"))["canceled"] is True  # it has tasks
    assert not await exists(admin, "shots", second["id"]) and not await exists(admin, "assets", asset["id"])
    assert not await exists(admin, "concepts", concept["id"])  # concepts are always removed
    assert await exists(admin, "shots", other.shots[0]["id"])
    await admin.ok("POST", path, [first["id"]], status=200)  # canceled already: now removed
    assert not await exists(admin, "shots", first["id"])
    await add_task(admin, third)
    await admin.ok("POST", f"{path}?force=true", [third["id"]], status=200)
    assert not await exists(admin, "shots", third["id"])
    assert (await admin.post(path, ["not-a-uuid"])).status_code == 400
    assert (await admin.post(path, {"x": 1})).status_code == 400


async def test_events_name_the_kind(admin: Api) -> None:
    production = await new_production(admin, nb_shots=1, nb_assets=1)
    shot = production.shots[0]
    await admin.ok("PUT", f"/data/entities/{shot['id']}", {"description": "x"})
    extra = await new_shot(admin, production.project, production.sequence)
    await admin.ok("DELETE", f"/data/shots/{extra['id']}")
    events = await admin.ok("GET", f"/data/events?project_id={production.id}")
    seen = {(e["name"], str(e["data"].get(f"{e['name'].split(':')[0]}_id"))) for e in events}
    assert ("episode:new", production.episode["id"]) in seen
    assert ("sequence:new", production.sequence["id"]) in seen
    assert ("shot:new", shot["id"]) in seen and ("shot:update", shot["id"]) in seen
    assert ("asset:new", production.assets[0]["id"]) in seen
    assert ("shot:delete", extra["id"]) in seen
    assert all(e["data"]["project_id"] == production.id for e in events if e["name"].startswith("shot:"))
