"""A notification, a subscription, a news entry or an event shows a task's comments only to who
may read that task now (issue 14: vendors read comments of tasks they are not assigned to).

The world: a sequence with two shots, an Animation task on each; the vendor is assigned to the
first only, the artist to the second. Vendors reach only their assigned tasks, artists every
task of their project.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.support import Api, new_entity, new_task
from tests.tasks.studio import rows
from tests.world import new_team

Row = dict[str, Any]


@dataclass
class Sequence:
    admin: Api
    manager: Api
    artist: Api  # assigned to task_b
    other_artist: Api  # assigned to nothing: reads every task of the project all the same
    vendor: Api  # assigned to task_a only
    outsider: Api
    project: Row
    sequence: Row
    task_type_id: str
    task_a: Row
    task_b: Row
    wip: str

    async def comment(self, task: Row, text: str) -> Row:
        body = {"task_status_id": self.wip, "comment": text}
        return await self.manager.ok("POST", f"/actions/tasks/{task['id']}/comment", body)  # type: ignore[no-any-return]

    def follow_path(self) -> str:
        return f"/actions/user/sequences/{self.sequence['id']}/task-types/{self.task_type_id}/subscribe"


@pytest.fixture
async def world(admin: Api) -> Sequence:
    roles = {"manager": "manager", "artist": "user", "other_artist": "user", "vendor": "vendor"}
    team = await new_team(admin, roles, outsiders={"outsider": "user"})
    project = team.project
    sequence = await new_entity(admin, project, "Sequence")
    animation = (await admin.ok("GET", "/data/task-types?name=Animation"))[0]["id"]
    tasks = []
    for assignee in (team["vendor"], team["artist"]):
        shot = await new_entity(admin, project, "Shot", parent_id=sequence["id"])
        tasks.append(await new_task(admin, project, shot, task_type_id=animation, assignees=[assignee.id]))
    wip = next(s["id"] for s in await admin.ok("GET", "/data/task-status") if s["short_name"] == "wip")
    return Sequence(
        admin,
        team["manager"],
        team["artist"],
        team["other_artist"],
        team["vendor"],
        team["outsider"],
        project,
        sequence,
        animation,
        tasks[0],
        tasks[1],
        wip,
    )


async def texts(person: Api) -> set[str]:
    return {n["comment_text"] for n in await person.ok("GET", "/data/user/notifications")}


async def test_a_vendor_following_a_sequence_hears_only_of_their_own_tasks(world: Sequence) -> None:
    for follower in (world.vendor, world.other_artist):
        await follower.ok("POST", world.follow_path())
    secret = await world.comment(world.task_b, "about shot B")
    await world.comment(world.task_a, "about shot A")
    assert await texts(world.vendor) == {"about shot A"}
    assert await rows(world.admin, "notification", person_id=world.vendor.id, comment_id=secret["id"]) == []
    # an artist reads every task of the project: following the sequence tells them of both
    assert await texts(world.other_artist) == {"about shot A", "about shot B"}


async def test_a_notification_of_a_task_no_longer_reached_is_not_shown(world: Sequence) -> None:
    task_b, vendor = world.task_b, world.vendor
    await world.admin.ok("PUT", f"/data/tasks/{task_b['id']}", {"assignees": [world.artist.id, vendor.id]})
    comment = await world.comment(task_b, "while the vendor was on it")
    (note,) = [n for n in await vendor.ok("GET", "/data/user/notifications") if n["comment_id"] == comment["id"]]
    assert note["comment_text"] == "while the vendor was on it"
    await world.admin.ok("PUT", f"/data/tasks/{task_b['id']}", {"assignees": [world.artist.id]})
    assert comment["id"] not in {n["comment_id"] for n in await vendor.ok("GET", "/data/user/notifications")}
    assert (await vendor.get(f"/data/user/notifications/{note['id']}")).status_code == 404
    assert (await vendor.put(f"/data/user/notifications/{note['id']}", {"read": True})).status_code == 404
    assert (await vendor.get(f"/data/notifications/{note['id']}")).status_code == 403
    listed = await vendor.ok("GET", f"/data/projects/{world.project['id']}/notifications")
    assert note["id"] not in {n["id"] for n in listed}
    # the artist still on the task still reads theirs
    assert "while the vendor was on it" in await texts(world.artist)


async def test_crud_subscriptions_follow_only_what_the_caller_reads(world: Sequence) -> None:
    vendor, outsider = world.vendor, world.outsider
    to_b = {"person_id": vendor.id, "task_id": world.task_b["id"]}
    assert (await vendor.post("/data/subscriptions", to_b)).status_code == 403
    assert (await vendor.post(f"/actions/user/tasks/{world.task_b['id']}/subscribe")).status_code == 403
    mine = await vendor.ok("POST", "/data/subscriptions", {"person_id": vendor.id, "task_id": world.task_a["id"]})
    assert (await vendor.put(f"/data/subscriptions/{mine['id']}", {"task_id": world.task_b["id"]})).status_code == 403
    follow = {"entity_id": world.sequence["id"], "task_type_id": world.task_type_id}
    assert (await outsider.post("/data/subscriptions", {"person_id": outsider.id, **follow})).status_code == 403
    assert (await outsider.post(world.follow_path())).status_code == 403
    # through the generic route, every id of a body must be readable: a vendor does not read the sequence
    assert (await vendor.post("/data/subscriptions", {"person_id": vendor.id, **follow})).status_code == 403
    # an artist reads every task of the project
    artist = world.other_artist
    await artist.ok("POST", "/data/subscriptions", {"person_id": artist.id, "task_id": world.task_b["id"]})
    # one's own subscription may always be dropped
    await vendor.ok("DELETE", f"/data/subscriptions/{mine['id']}")
    # the policy is declared: the served document says what the body must lead to
    document = await world.admin.ok("GET", "/openapi.json")
    policy = document["paths"]["/api/data/subscriptions"]["post"]["x-policy"]
    assert "assigned to the task" in policy and "entity's project" in policy


async def test_news_and_events_show_vendors_nothing_of_other_tasks(world: Sequence) -> None:
    await world.comment(world.task_b, "about shot B")
    await world.comment(world.task_a, "about shot A")
    vendor, pid = world.vendor, world.project["id"]
    feed = await vendor.ok("GET", f"/data/projects/{pid}/news")
    assert {n["task_id"] for n in feed["data"]} == {world.task_a["id"]}
    everything = await world.manager.ok("GET", f"/data/projects/{pid}/news")
    (news_b,) = [n for n in everything["data"] if n["task_id"] == world.task_b["id"]]
    assert (await vendor.get(f"/data/projects/{pid}/news/{news_b['id']}")).status_code == 403
    assert (await vendor.get(f"/data/news/{news_b['id']}")).status_code == 403
    for reader in (vendor, world.artist):  # the event log is for managers (permissions.md)
        assert (await reader.get(f"/data/events/last?project_id={pid}")).status_code == 403
