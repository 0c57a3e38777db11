"""A small but complete production, created through tenko's API with gazu (as a pipeline script does).

Used by ``sync_full.py``: what it creates is what the reference's ``sync-full`` must carry.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

import gazu

Record = dict[str, Any]
#: the people of the production: (first name, role); their password is ``password_of(email)``
PEOPLE = (("Ana", "user"), ("Bo", "user"), ("Chi", "user"), ("Dee", "supervisor"), ("Eve", "manager"))
ASSET_TYPES = ("Character", "Prop", "Environment")
#: the statuses comments move a task through, in order
COMMENT_STATUSES = ("wip", "wfa", "retake", "wip", "done")


def password_of(email: str) -> str:
    return f"pw-{email.split('@')[0]}-42"


@dataclass
class Production:
    """What was seeded: the project, the people (with their passwords) and counts."""

    project_id: str
    passwords: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def _by_name(records: list[Record], names: tuple[str, ...]) -> list[Record]:
    found = {record["name"]: record for record in records}
    return [found[name] for name in names if name in found]


def _task_types(client: Any, for_entity: str, count: int) -> list[Record]:
    kinds = [t for t in gazu.task.all_task_types(client=client) if t.get("for_entity") == for_entity]
    return sorted(kinds, key=lambda t: t["priority"] or 0)[:count]


def seed_production(base: str, email: str, password: str, sequences: int, shots: int, assets: int) -> Production:
    client = gazu.client.create_client(base)
    gazu.log_in(email, password, client=client)
    tag = uuid.uuid4().hex[:6]
    admin = gazu.client.get_current_user(client=client)
    people: list[Record] = []
    production_passwords = {email: password}
    departments = gazu.person.all_departments(client=client)
    for number, (first_name, role) in enumerate(PEOPLE):
        mail = f"{first_name.lower()}.{tag}@example.com"
        person = gazu.person.new_person(
            first_name,
            f"Sync{tag}",
            mail,
            role=role,
            desktop_login=first_name.lower(),
            departments=departments[number % len(departments) :][:2],
            client=client,
        )
        gazu.person.change_password_for_person(person, password_of(mail), client=client)
        production_passwords[mail] = password_of(mail)
        gazu.person.new_day_off(person, f"2027-01-{number + 4:02d}", f"2027-01-{number + 6:02d}", client=client)
        people.append(person)
    artists = [p for p in people if p["role"] == "user"]

    asset_types = _by_name(gazu.asset.all_asset_types(client=client), ASSET_TYPES)
    asset_task_types = _task_types(client, "Asset", 2)
    shot_task_types = _task_types(client, "Shot", 2)
    project = gazu.project.new_project(f"Sync show {tag}", production_type="tvshow", client=client)
    for person in people:
        gazu.project.add_person_to_team(project, person, client=client)
    for asset_type in asset_types:
        gazu.project.add_asset_type(project, asset_type, client=client)
    for priority, task_type in enumerate(asset_task_types + shot_task_types, start=1):
        gazu.project.add_task_type(project, task_type, priority=priority, client=client)
    statuses = {s["short_name"]: s for s in gazu.task.all_task_statuses(client=client)}
    for short_name in ("todo", *COMMENT_STATUSES):
        gazu.project.add_task_status(project, statuses[short_name], client=client)
    for number, task_type in enumerate(shot_task_types):
        dates = {"start_date": f"2027-0{number + 1}-04", "end_date": f"2027-0{number + 3}-20"}
        gazu.client.create(
            "schedule-items", {"project_id": project["id"], "task_type_id": task_type["id"], **dates}, client=client
        )
        milestone = {"project_id": project["id"], "name": f"{task_type['name']} done", "date": dates["end_date"]}
        gazu.client.create("milestones", {**milestone, "task_type_id": task_type["id"]}, client=client)

    entities: list[tuple[Record, list[Record]]] = []  # (entity, its task types)
    made_assets = []
    for number in range(assets):
        asset = gazu.asset.new_asset(
            project,
            asset_types[number % len(asset_types)],
            f"asset{number:02d}",
            description=f"asset number {number}",
            extra_data={"difficulty": number % 3},
            client=client,
        )
        made_assets.append(asset)
        entities.append((asset, asset_task_types))
    made_shots = []
    counts = {"episodes": 0, "sequences": 0}
    for episode_number in range(1, 3):
        episode = gazu.shot.new_episode(project, f"E{episode_number:02d}", client=client)
        counts["episodes"] += 1
        dailies = {"name": f"Dailies E{episode_number:02d}", "project_id": project["id"], "episode_id": episode["id"]}
        gazu.client.create(
            "playlists", {**dailies, "for_entity": "shot", "for_client": episode_number == 2}, client=client
        )
        for sequence_number in range(1, sequences + 1):
            sequence = gazu.shot.new_sequence(project, f"SQ{sequence_number:02d}", episode=episode, client=client)
            counts["sequences"] += 1
            for shot_number in range(1, shots + 1):
                shot = gazu.shot.new_shot(
                    project,
                    sequence,
                    f"SH{shot_number * 10:03d}",
                    nb_frames=24 * shot_number,
                    frame_in=1001,
                    frame_out=1000 + 24 * shot_number,
                    description=f"shot {shot_number} of {sequence['name']}",
                    data={"camera": f"cam{shot_number}"},
                    client=client,
                )
                made_shots.append(shot)
                entities.append((shot, shot_task_types))
    for number, shot in enumerate(made_shots):
        cast = [made_assets[(number + offset) % len(made_assets)] for offset in range(2)] if made_assets else []
        if cast:
            casting = [{"asset_id": asset["id"], "nb_occurences": 1 + offset} for offset, asset in enumerate(cast)]
            # gazu annotates a dict; the route takes (and gazu sends) this list
            gazu.casting.update_shot_casting(project, shot, casting, client=client)  # type: ignore[arg-type]

    Team = list[str | dict[Any, Any]]
    teams: list[Team] = [[], [artists[0]], [artists[1], artists[2]], [artists[2]], [], [artists[0], artists[1]]]
    assignees = itertools.cycle(teams)
    tasks = comments = time_spents = 0
    day = itertools.cycle(range(1, 28))
    for entity, task_types in entities:
        for task_type in task_types:
            team = next(assignees)
            task = gazu.task.new_task(entity, task_type, assignees=team, assigner=admin, client=client)
            tasks += 1
            # a comment per status until the task's turn: some tasks stay untouched
            for status in COMMENT_STATUSES[: tasks % (len(COMMENT_STATUSES) + 1)]:
                gazu.task.add_comment(
                    task, statuses[status], f"{status} on {entity['name']} ({task_type['name']})", client=client
                )
                comments += 1
            for assignee in team:
                date = f"2026-11-{next(day):02d}"
                gazu.task.add_time_spent(task, assignee, date, 30 + 15 * (tasks % 8), client=client)
                time_spents += 1
    counts.update(
        persons=len(people),
        assets=len(made_assets),
        shots=len(made_shots),
        tasks=tasks,
        comments=comments,
        time_spents=time_spents,
    )
    gazu.log_out(client=client)
    return Production(project_id=project["id"], passwords=production_passwords, counts=counts)
