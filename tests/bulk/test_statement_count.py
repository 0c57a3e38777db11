"""A bulk read runs the same number of SQL statements for 10 shots as for 200 (DESIGN rule 10)."""

from __future__ import annotations

import pytest

from bench.generate import Production
from tests.bulk.conftest import Seed
from tests.support import Api

QUERIES = ["", "&compact=true", "&stream=true", "&stream=true&compact=true"]


async def statements(admin: Api, path: str) -> tuple[int, bytes]:
    counter = admin.count_statements()
    before = counter.count
    response = await admin.get(path)
    assert response.status_code == 200, response.text
    return counter.count - before, response.content


async def productions(seed: Seed) -> tuple[Production, Production]:
    small = await seed(
        shots=10, assets=10, task_types=6, shot_task_types=4, asset_task_types=3, episodes=2, sequences=4
    )
    large = await seed(
        shots=200, assets=120, task_types=6, shot_task_types=4, asset_task_types=3, episodes=4, sequences=20
    )
    return small, large


@pytest.mark.parametrize("kind", ["shots", "assets", "sequences", "episodes"])
async def test_with_tasks_statement_count_does_not_grow_with_rows(admin: Api, seed: Seed, kind: str) -> None:
    small, large = await productions(seed)
    for query in QUERIES:
        few, few_body = await statements(admin, f"/data/{kind}/with-tasks?project_id={small.project_id}{query}")
        many, many_body = await statements(admin, f"/data/{kind}/with-tasks?project_id={large.project_id}{query}")
        assert len(many_body) > len(few_body), "the larger production answers more"
        assert few == many, f"{kind}{query}: {few} statements for the small production, {many} for the large one"
        assert many <= 8, f"{kind}{query}: {many} statements"


async def test_other_bulk_reads_statement_count_does_not_grow(admin: Api, seed: Seed) -> None:
    small, large = await productions(seed)
    paths = [
        "/data/projects/{project}/episodes/stats",
        "/data/projects/{project}/episodes/retake-stats",
        "/data/episodes/{episode}/shot-tasks?relations=true",
        "/data/episodes/{episode}/asset-tasks?relations=true",
        "/data/sequences/{sequence}/shot-tasks?relations=true",
        "/data/entities/{shot}/entities-linked/with-tasks",
    ]
    for path in paths:
        counts = []
        for production in (small, large):
            url = path.format(
                project=production.project_id,
                episode=production.episode_ids[0],
                sequence=production.sequence_ids[0],
                shot=production.shot_ids[0],
            )
            counts.append((await statements(admin, url))[0])
        assert counts[0] == counts[1], f"{path}: {counts}"
