"""List routes run a constant number of SQL statements, whatever the number of rows."""

from __future__ import annotations

from tests.entities.factory import Production, add_task, new_asset, new_concept, new_production, new_shot
from tests.support import Api, new_person


async def grow(admin: Api, production: Production, nb_shots: int) -> None:
    for _ in range(nb_shots):
        shot = await new_shot(admin, production.project, production.sequence)
        await add_task(admin, shot)
        asset = await new_asset(admin, production.project, episode_id=production.episode["id"])
        await add_task(admin, asset, "Modeling")
        await new_concept(admin, production.project, entity_concept_links=[asset["id"]])


def paths(production: Production) -> list[str]:
    episode, sequence = production.episode["id"], production.sequence["id"]
    return [
        f"/data/shots?project_id={production.id}",
        f"/data/shots/all?project_id={production.id}",
        f"/data/projects/{production.id}/shots",
        f"/data/assets?project_id={production.id}",
        f"/data/projects/{production.id}/assets",
        f"/data/concepts?project_id={production.id}",
        f"/data/sequences/{sequence}/shots",
        f"/data/episodes/{episode}/shots",
        f"/data/episodes/{episode}/shot-tasks",
        f"/data/episodes/{episode}/asset-tasks",
        f"/data/shots?project_id={production.id}&relations=true",
    ]


async def counts(api: Api, production: Production) -> dict[str, tuple[int, int]]:
    found = {}
    for path in paths(production):
        before = api.server.counter.count
        rows = await api.ok("GET", path)
        found[path] = (api.server.counter.count - before, len(rows))
    return found


async def test_lists_run_a_constant_number_of_statements(admin: Api) -> None:
    artist = await new_person(admin, "user")
    small = await new_production(admin, team=[artist], nb_shots=0, nb_assets=0)
    large = await new_production(admin, team=[artist], nb_shots=0, nb_assets=0)
    await grow(admin, small, 2)
    await grow(admin, large, 25)
    for api in (admin, artist):  # the artist's lists add the membership filter
        few, many = await counts(api, small), await counts(api, large)
        for path_small, path_large in zip(paths(small), paths(large), strict=True):
            (statements_small, rows_small), (statements_large, rows_large) = few[path_small], many[path_large]
            assert rows_large > rows_small, path_large
            assert statements_small == statements_large, (path_large, statements_small, statements_large)


async def test_a_single_entity_reads_its_tasks_in_constant_statements(admin: Api) -> None:
    production = await new_production(admin, nb_shots=2, nb_assets=0)
    light, heavy = production.shots
    await add_task(admin, light)
    for task_type in ("Animation", "Layout", "Lighting", "FX", "Rendering", "Compositing"):
        await add_task(admin, heavy, task_type, assignees=[admin.id])
    found = []
    for shot in (light, heavy):
        before = admin.server.counter.count
        detail = await admin.ok("GET", f"/data/shots/{shot['id']}")
        found.append((admin.server.counter.count - before, len(detail["tasks"])))
    assert found[0][1] == 1 and found[1][1] == 6
    assert found[0][0] == found[1][0]
