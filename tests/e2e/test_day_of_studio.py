"""A day of a studio through gazu against a live ``tenko serve``, each person logged in as themself.

The admin sets the production up; the production manager creates and assigns the tasks; the
artist starts one and asks for a review mentioning the supervisor; the supervisor is notified,
reads the notification and asks for a retake; the artist is notified and logs time. Every
intermediate state is read back the way the clients read it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import gazu

from tests.e2e.conftest import Served

PASSWORD = "studio-day-password"
#: the events a comment records, in the order clients expect them
STATUS_CHANGE = ["comment:new", "task:update", "task:status-changed", "news:new"]
REVIEW_REQUEST = ["comment:new", "task:update", "task:status-changed", "task:to-review", "news:new"]
Body = dict[str, Any]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@dataclass
class Member:
    person: Body
    client: Any

    @property
    def id(self) -> str:
        return str(self.person["id"])

    @property
    def full_name(self) -> str:
        return f"{self.person['first_name']} {self.person['last_name']}"


def hire(
    served: Served, admin: Any, first_name: str, role: str, departments: list[str | dict[Any, Any]] | None = None
) -> Member:
    email = f"{unique(first_name.lower())}@example.com"
    person = gazu.person.new_person(
        first_name, unique("Doe"), email, role=role, departments=departments, password=PASSWORD, client=admin
    )
    assert person["role"] == role
    client = served.client()
    gazu.log_in(email, PASSWORD, client=client)
    assert gazu.client.get_current_user(client=client)["id"] == person["id"]
    return Member(person, client)


def status_id(client: Any, short_name: str) -> str:
    status = gazu.task.get_task_status_by_short_name(short_name, client=client)
    assert status, f"no task status {short_name}"
    return str(status["id"])


def notifications(member: Member) -> list[Body]:
    found: list[Body] = gazu.user.all_notifications(client=member.client)
    # the author of a comment is never notified of it
    assert all(n["author_id"] != member.id for n in found), found
    return found


def news_feed(member: Member, project: Body) -> list[Body]:
    page = gazu.client.get(f"data/projects/{project['id']}/news", client=member.client)
    entries: list[Body] = page["data"]
    assert page["total"] == len(entries)
    return entries


class EventLog:
    """The project's events read through ``/data/events/last``, step by step."""

    def __init__(self, admin: Any, project: Body) -> None:
        self.admin, self.project = admin, project
        self.seen: set[str] = set()

    def new(self) -> list[str]:
        """The names of the events recorded since the last call, in the order they were recorded."""
        events = gazu.sync.get_last_events(limit=500, project=self.project, client=self.admin)
        assert all(e["project_id"] == self.project["id"] for e in events)
        fresh = [e for e in events if e["id"] not in self.seen]
        self.seen.update(e["id"] for e in fresh)
        return [e["name"] for e in reversed(fresh)]  # the log reads newest first


def test_a_day_of_studio(live_server: Served, gazu_admin: Any) -> None:
    admin = gazu_admin
    today = dt.date.today().isoformat()

    # -- the admin sets the production up ---------------------------------------------------------
    department = gazu.person.new_department(unique("Modeling dep"), "#336699", client=admin)
    asset_type_task = gazu.task.new_task_type(unique("Sculpt"), for_entity="Asset", client=admin)
    shot_type_task = gazu.task.new_task_type(unique("Layout"), for_entity="Shot", client=admin)
    for task_type in (asset_type_task, shot_type_task):
        task_type["department_id"] = department["id"]
        assert gazu.task.update_task_type(task_type, client=admin)["department_id"] == department["id"]
    manager = hire(live_server, admin, "Maria", "manager")
    supervisor = hire(live_server, admin, "Sam", "supervisor", departments=[department])
    artist = hire(live_server, admin, "Ari", "user")
    assert gazu.person.get_person(supervisor.id, relations=True, client=admin)["departments"] == [department["id"]]

    project = gazu.project.new_project(unique("Day of studio"), client=admin)
    for member in (manager, supervisor, artist):
        gazu.project.add_person_to_team(project, member.person, client=admin)
    team = {p["id"] for p in gazu.project.get_team(project, client=admin)}
    assert team == {manager.id, supervisor.id, artist.id}
    characters = gazu.asset.get_asset_type_by_name("Character", client=admin)
    gazu.project.add_asset_type(project, characters, client=admin)
    for priority, task_type in enumerate((asset_type_task, shot_type_task), start=1):
        gazu.project.add_task_type(project, task_type, priority, client=admin)
    hero = gazu.asset.new_asset(project, characters, "Hero", client=admin)
    sequence = gazu.shot.new_sequence(project, "SQ01", client=admin)
    shot = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=48, client=admin)
    assert (hero["project_id"], shot["parent_id"]) == (project["id"], sequence["id"])
    log = EventLog(admin, project)
    team_and_settings = ["project:update"] * 6
    assert sorted(log.new()) == sorted(["project:new", *team_and_settings, "asset:new", "sequence:new", "shot:new"])

    # -- the manager creates and assigns the tasks ------------------------------------------------
    todo = status_id(manager.client, "todo")
    modeling = gazu.task.new_task(hero, asset_type_task, client=manager.client)
    assert (modeling["task_status_id"], modeling["assignees"]) == (todo, [])
    (layout,) = gazu.task.create_shot_tasks(shot, [shot_type_task], client=manager.client)
    assert (layout["entity_id"], layout["task_type_id"]) == (shot["id"], shot_type_task["id"])
    assert layout["task_status_id"] == todo
    # get-or-create: asking again gives the same task
    assert gazu.task.new_task(hero, asset_type_task, client=manager.client)["id"] == modeling["id"]

    assigned = gazu.task.assign_task(modeling, artist.person, client=manager.client)
    assert [t["id"] for t in assigned] == [modeling["id"]]
    assert assigned[0]["assignees"] == [artist.id]
    assigned = gazu.task.assign_tasks_to_person([layout], artist.person, client=manager.client)
    assert [(t["id"], t["assignees"]) for t in assigned] == [(layout["id"], [artist.id])]
    full = gazu.task.get_task(modeling, client=manager.client)
    assert full["assignees"] == [artist.id] and full["task_status"]["short_name"] == "todo"
    project_tasks = gazu.task.all_tasks_for_project(project, client=manager.client)
    assert {t["id"]: t["assignees"] for t in project_tasks} == {
        modeling["id"]: [artist.id],
        layout["id"]: [artist.id],
    }

    assert sorted(log.new()) == ["task:assign", "task:assign", "task:new", "task:new"]
    # the artist is told about both assignations, unread; their to-do list has both tasks
    told = notifications(artist)
    assert sorted((n["notification_type"], n["task_id"], n["read"]) for n in told) == sorted(
        [("assignation", modeling["id"], False), ("assignation", layout["id"], False)]
    )
    assert all(n["author_id"] == manager.id for n in told)
    assert {t["id"] for t in gazu.user.all_tasks_to_do(client=artist.client)} == {modeling["id"], layout["id"]}
    assert news_feed(manager, project) == []

    # -- the artist starts the modeling task --------------------------------------------------------
    started = gazu.task.start_task(modeling, client=artist.client)
    assert started["task_status_id"] == status_id(artist.client, "wip")
    assert started["person_id"] == artist.id and started["object_id"] == modeling["id"]
    task = gazu.task.get_task(modeling, client=artist.client)
    assert task["task_status"]["short_name"] == "wip"
    assert task["real_start_date"] is not None
    start_date = task["real_start_date"]
    assert log.new() == STATUS_CHANGE
    # nobody else watches the task yet: no one is notified of the start, the artist least of all
    assert len(notifications(artist)) == 2
    assert notifications(supervisor) == [] and notifications(manager) == []

    # -- the artist asks for a review, mentioning the supervisor as the web app writes it ------------
    wfa = status_id(artist.client, "wfa")
    text = f"Ready for review @{supervisor.full_name} - the hands are new"
    review = gazu.task.add_comment(modeling, wfa, text, client=artist.client)
    assert review["mentions"] == [supervisor.id] and review["department_mentions"] == []
    assert review["text"] == text and review["task_status_id"] == wfa
    comments = gazu.task.all_comments_for_task(modeling, client=artist.client)
    assert [c["id"] for c in comments] == [review["id"], started["id"]]  # newest first
    assert comments[0]["mentions"] == [supervisor.id]
    task = gazu.task.get_task(modeling, client=artist.client)
    assert task["task_status_id"] == wfa and task["real_start_date"] == start_date
    assert task["retake_count"] == 0 and task["assignees"] == [artist.id]
    assert log.new() == REVIEW_REQUEST
    feed = news_feed(manager, project)
    assert [(n["comment_id"], n["author_id"], bool(n["change"])) for n in feed] == [
        (review["id"], artist.id, True),
        (started["id"], artist.id, True),
    ]
    assert feed[0]["task_status_id"] == wfa and feed[0]["task_id"] == modeling["id"]

    # -- the supervisor is notified, reads it and asks for a retake --------------------------------
    (mention,) = notifications(supervisor)
    assert mention["notification_type"] == "mention" and mention["read"] is False
    assert (mention["comment_id"], mention["task_id"], mention["author_id"]) == (
        review["id"],
        modeling["id"],
        artist.id,
    )
    assert mention["project_id"] == project["id"]
    to_check = gazu.user.all_tasks_requiring_feedback(client=supervisor.client)
    assert [t["id"] for t in to_check] == [modeling["id"]]
    mention["read"] = True
    assert gazu.user.update_notification(mention, client=supervisor.client)["read"] is True
    assert gazu.user.get_notification(mention, client=supervisor.client)["read"] is True
    assert [n["read"] for n in notifications(supervisor)] == [True]
    assert log.new() == ["notification:update"]

    retake = status_id(supervisor.client, "retake")
    answer = gazu.task.add_comment(modeling, retake, "The hands need another pass", client=supervisor.client)
    assert answer["person_id"] == supervisor.id and answer["mentions"] == []
    task = gazu.task.get_task(modeling, client=supervisor.client)
    assert task["task_status_id"] == retake and task["retake_count"] == 1
    assert log.new() == STATUS_CHANGE
    assert [n["id"] for n in notifications(supervisor)] == [mention["id"]]  # not told of their own comment
    assert gazu.user.all_tasks_requiring_feedback(client=supervisor.client) == []
    assert [n["comment_id"] for n in news_feed(manager, project)] == [answer["id"], review["id"], started["id"]]

    # -- the artist is notified of the retake and logs time ----------------------------------------
    told = notifications(artist)
    retold = [n for n in told if n["notification_type"] == "comment"]
    assert [(n["comment_id"], n["author_id"], n["read"]) for n in retold] == [(answer["id"], supervisor.id, False)]
    assert len(told) == 3  # the two assignations and the retake, none of the artist's own comments
    assert gazu.task.get_task(modeling, client=artist.client)["task_status"]["short_name"] == "retake"

    logged = gazu.task.add_time_spent(modeling, artist.person, today, 90, client=artist.client)
    assert (logged["person_id"], logged["task_id"], logged["duration"]) == (artist.id, modeling["id"], 90)
    logged = gazu.task.add_time_spent(modeling, artist.person, today, 30, client=artist.client)
    assert logged["duration"] == 120
    logged = gazu.task.set_time_spent(layout, artist.person, today, 60, client=artist.client)
    assert logged["duration"] == 60 and logged["task_id"] == layout["id"]
    spent = gazu.task.get_time_spent(modeling, today, client=artist.client)
    assert spent["total"] == 120 and [t["duration"] for t in spent[artist.id]] == [120]
    sheet = gazu.person.get_time_spents_by_date(artist.person, today, client=manager.client)
    assert sorted((t["task_id"], t["duration"]) for t in sheet) == sorted([(modeling["id"], 120), (layout["id"], 60)])
    mine = gazu.user.get_time_spents_by_date(today, client=artist.client)
    assert sorted((t["task_id"], t["duration"]) for t in mine) == sorted([(modeling["id"], 120), (layout["id"], 60)])
    assert gazu.user.get_task_time_spent(modeling, today, client=artist.client)["duration"] == 120

    assert log.new() == ["time-spent:new", "time-spent:update", "time-spent:new"]  # add, add again, set
    # at the end of the day everything is read; nobody was ever told about their own comment
    gazu.user.mark_all_notifications_as_read(client=artist.client)
    assert [n["read"] for n in notifications(artist)] == [True, True, True]
    assert notifications(manager) == []
