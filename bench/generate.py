"""Seed a production straight into a tenko database, with bulk inserts (seconds, not minutes).

    python bench/generate.py --shots 2000 --assets 1000 --task-types 20
    DATABASE_URL=postgresql://postgres@127.0.0.1/bench python bench/generate.py ...

It writes through tenko's own tables (``tenko.models``), on SQLite (``TENKO_DATA_DIR``, default
``./data``) or PostgreSQL (``DATABASE_URL``); the schema must exist (``tenko init-db``). It
prints the project id as JSON. ``generate()`` is also what the tests use to build productions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.model import table_of
from tenko.domains.entities.models import Entity, EntityLink
from tenko.domains.people.models import Person
from tenko.domains.projects.models import Project, ProjectPersonLink, ProjectStatus, ProjectTaskTypeLink
from tenko.domains.studio.models import EntityType, TaskStatus, TaskType
from tenko.domains.tasks.models import Subscription, Task, TaskPersonLink

BATCH = 5000


@dataclass
class Production:
    project_id: str
    episode_ids: list[str] = field(default_factory=list)
    sequence_ids: list[str] = field(default_factory=list)
    shot_ids: list[str] = field(default_factory=list)
    asset_ids: list[str] = field(default_factory=list)
    task_type_ids: list[str] = field(default_factory=list)
    artist_ids: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


async def _insert(session: AsyncSession, model: Any, rows: list[dict[str, Any]]) -> None:
    table = table_of(model)
    for start in range(0, len(rows), BATCH):
        await session.execute(insert(table), rows[start : start + BATCH])


async def _ids_by_name(session: AsyncSession, model: Any) -> dict[str, uuid.UUID]:
    table = table_of(model)
    return {name: row_id for row_id, name in (await session.execute(select(table.c.id, table.c.name))).all()}


def _task_types(tag: str, count: int) -> list[dict[str, Any]]:
    return [
        {"id": uuid.uuid4(), "name": f"tt-{tag}-{index:02d}", "for_entity": "Shot" if index % 2 else "Asset"}
        for index in range(count)
    ]


async def generate(
    session: AsyncSession,
    *,
    shots: int = 2000,
    assets: int = 1000,
    task_types: int = 20,
    shot_task_types: int = 14,
    asset_task_types: int = 12,
    episodes: int = 5,
    sequences: int = 40,
    artists: int = 8,
    cast_per_shot: int = 3,
    subscriber_id: uuid.UUID | None = None,
    seed: int = 1,
) -> Production:
    """One production: episodes > sequences > shots, assets cast in shots, one task per
    (entity, task type) for the first ``shot_task_types`` / last ``asset_task_types`` task
    types, a third of the tasks assigned, some retakes, and a few subscriptions."""
    rng = random.Random(seed)
    tag = uuid.uuid4().hex[:8]
    types = await _ids_by_name(session, EntityType)
    statuses = await _ids_by_name(session, TaskStatus)
    status_ids = list(statuses.values())
    project_id = uuid.uuid4()
    open_status = (await _ids_by_name(session, ProjectStatus))["Open"]
    production_type = "tvshow" if episodes else "featurefilm"
    await _insert(
        session,
        Project,
        [
            {
                "id": project_id,
                "name": f"bench-{tag}",
                "project_status_id": open_status,
                "production_type": production_type,
            }
        ],
    )
    production = Production(str(project_id))

    kinds = _task_types(tag, task_types)
    await _insert(session, TaskType, kinds)
    await _insert(session, ProjectTaskTypeLink, [{"project_id": project_id, "task_type_id": k["id"]} for k in kinds])
    production.task_type_ids = [str(k["id"]) for k in kinds]

    people = [
        {
            "id": uuid.uuid4(),
            "first_name": "Artist",
            "last_name": f"{tag}-{n}",
            "email": f"artist-{tag}-{n}@example.com",
        }
        for n in range(artists)
    ]
    await _insert(session, Person, people)
    await _insert(session, ProjectPersonLink, [{"project_id": project_id, "person_id": p["id"]} for p in people])
    production.artist_ids = [str(p["id"]) for p in people]

    def entity(type_name: str, name: str, parent: uuid.UUID | None = None, **extra: Any) -> dict[str, Any]:
        row = {"id": uuid.uuid4(), "name": name, "project_id": project_id, "entity_type_id": types[type_name]}
        return {**row, "parent_id": parent, "description": f"{type_name} {name}", **extra}

    episode_rows = [entity("Episode", f"E{n + 1:02d}") for n in range(episodes)]
    sequence_rows = [
        entity("Sequence", f"SQ{n + 1:03d}", episode_rows[n % episodes]["id"] if episodes else None)
        for n in range(max(1, sequences))
    ]
    shot_rows = []
    for n in range(shots):
        frame_in = 1001 + rng.randrange(0, 50)
        nb_frames = rng.randrange(24, 240)
        data = {"frame_in": frame_in, "frame_out": frame_in + nb_frames, "camera": f"cam{n % 4}"}
        parent = sequence_rows[n % len(sequence_rows)]["id"]
        shot_rows.append(entity("Shot", f"SH{n + 1:04d}", parent, nb_frames=nb_frames, data=data))
    asset_types = [name for name in ("Characters", "Props", "Environment", "FX") if name in types]
    asset_rows = [
        entity(
            asset_types[n % len(asset_types)],
            f"asset-{n + 1:04d}",
            source_id=episode_rows[n % episodes]["id"] if episodes and n % 3 == 0 else None,
            data={"polycount": rng.randrange(1000, 90000)},
        )
        for n in range(assets)
    ]
    for rows in (episode_rows, sequence_rows, shot_rows, asset_rows):
        await _insert(session, Entity, rows)
    production.episode_ids = [str(r["id"]) for r in episode_rows]
    production.sequence_ids = [str(r["id"]) for r in sequence_rows]
    production.shot_ids = [str(r["id"]) for r in shot_rows]
    production.asset_ids = [str(r["id"]) for r in asset_rows]

    links = []
    if asset_rows:
        for shot in shot_rows:
            for asset in rng.sample(asset_rows, min(cast_per_shot, len(asset_rows))):
                links.append({"entity_in_id": shot["id"], "entity_out_id": asset["id"], "nb_occurences": 1})
    await _insert(session, EntityLink, links)

    tasks, assignments, subscriptions = [], [], []
    plan = [(shot_rows, kinds[:shot_task_types]), (asset_rows, kinds[-asset_task_types:] if asset_task_types else [])]
    for rows, task_kinds in plan:
        for owner in rows:
            for kind in task_kinds:
                task_id = uuid.uuid4()
                retakes = rng.choice((0, 0, 0, 1, 2))
                tasks.append(
                    {
                        "id": task_id, "name": "main", "project_id": project_id, "entity_id": owner["id"],
                        "task_type_id": kind["id"], "task_status_id": rng.choice(status_ids),
                        "retake_count": retakes, "estimation": rng.randrange(0, 5) * 60.0,
                        "nb_drawings": rng.randrange(0, 30), "priority": rng.randrange(0, 4),
                    }
                )  # fmt: skip
                if people and rng.random() < 1 / 3:
                    assignments.append({"task_id": task_id, "person_id": rng.choice(people)["id"]})
                if subscriber_id is not None and rng.random() < 0.05:
                    subscriptions.append({"person_id": subscriber_id, "task_id": task_id})
    await _insert(session, Task, tasks)
    await _insert(session, TaskPersonLink, assignments)
    await _insert(session, Subscription, subscriptions)
    production.counts = {
        "episodes": len(episode_rows), "sequences": len(sequence_rows), "shots": len(shot_rows),
        "assets": len(asset_rows), "task_types": len(kinds), "tasks": len(tasks),
        "assignments": len(assignments), "casting_links": len(links), "subscriptions": len(subscriptions),
    }  # fmt: skip
    return production


async def first_admin(session: AsyncSession) -> uuid.UUID | None:
    """The admin the generated subscriptions belong to (the one the benchmark logs in as)."""
    person = table_of(Person)
    statement = select(person.c.id).where(person.c.role == "admin").order_by(person.c.created_at).limit(1)
    return (await session.execute(statement)).scalar()


async def _main(args: argparse.Namespace) -> None:
    from tenko.core.db import Database
    from tenko.settings import Settings

    database = Database(Settings().sqlalchemy_url)
    try:
        async with database.sessionmaker.begin() as session:
            admin = await first_admin(session)
            production = await generate(
                session,
                shots=args.shots,
                assets=args.assets,
                task_types=args.task_types,
                shot_task_types=min(args.shot_task_types, args.task_types),
                asset_task_types=min(args.asset_task_types, args.task_types),
                episodes=args.episodes,
                sequences=args.sequences,
                artists=args.artists,
                subscriber_id=admin,
                seed=args.seed,
            )
    finally:
        await database.dispose()
    summary = asdict(production)
    for key in ("shot_ids", "asset_ids", "artist_ids"):
        summary[key] = summary[key][:20]
    print(json.dumps(summary, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shots", type=int, default=2000)
    parser.add_argument("--assets", type=int, default=1000)
    parser.add_argument("--task-types", type=int, default=20)
    parser.add_argument("--shot-task-types", type=int, default=14, help="task types each shot has a task of")
    parser.add_argument("--asset-task-types", type=int, default=12, help="task types each asset has a task of")
    parser.add_argument("--episodes", type=int, default=5, help="0 for a feature film")
    parser.add_argument("--sequences", type=int, default=40)
    parser.add_argument("--artists", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    main()
