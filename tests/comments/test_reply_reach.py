"""Who may reply to a comment (as the reference): those who may comment the task, its author, and
whoever the comment or one of its replies mentions, by name or by department."""

from __future__ import annotations

import pytest

from tests.support import Api, new_person
from tests.tasks.studio import Studio, build_studio, new_department


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


def at(person: Api) -> str:
    return f"@{person.person['first_name']} {person.person['last_name']}"


def reply_path(studio: Studio, comment: dict[str, str]) -> str:
    return f"/data/tasks/{studio.task_id}/comments/{comment['id']}/reply"


async def test_artists_reply_only_where_assigned_or_mentioned(studio: Studio) -> None:
    comment = await studio.comment(studio.manager, "retake", "fix the hands")
    path = reply_path(studio, comment)
    response = await studio.other_artist.post(path, {"text": "not my task"})
    assert response.status_code == 403, response.text
    assert "mentioning you" in response.json()["message"]
    await studio.artist.ok("POST", path, {"text": "on it"}, status=200)  # assigned
    # a comment that mentions them lets them in
    mentioning = await studio.comment(studio.manager, "retake", f"{at(studio.other_artist)} can you help?")
    await studio.other_artist.ok("POST", reply_path(studio, mentioning), {"text": "sure"}, status=200)


async def test_a_mention_in_a_reply_or_of_a_department_lets_in(studio: Studio, admin: Api) -> None:
    comment = await studio.comment(studio.manager, "retake", "fix the hands")
    path = reply_path(studio, comment)
    assert (await studio.other_artist.post(path, {"text": "x"})).status_code == 403
    await studio.artist.ok("POST", path, {"text": f"ask {at(studio.other_artist)}"}, status=200)
    await studio.other_artist.ok("POST", path, {"text": "here"}, status=200)
    # a department mention lets its members in
    department = await new_department(admin)
    helper = await new_person(admin, "user")
    await admin.ok("PUT", f"/data/persons/{helper.id}", {"departments": [department["id"]]})
    await admin.ok("POST", f"/data/projects/{studio.project['id']}/team", {"person_id": helper.id})
    other = await studio.comment(studio.manager, "retake", "plain")
    assert (await helper.post(reply_path(studio, other), {"text": "x"})).status_code == 403
    mentioning = await studio.comment(studio.manager, "retake", f"@{department['name']} please look")
    await helper.ok("POST", reply_path(studio, mentioning), {"text": "looking"}, status=200)


async def test_its_author_replies_after_being_unassigned(studio: Studio) -> None:
    comment = await studio.comment(studio.artist, "wip", "done soon")
    await studio.admin.ok("PUT", f"/data/tasks/{studio.task_id}", {"assignees": []})
    await studio.artist.ok("POST", reply_path(studio, comment), {"text": "still me"}, status=200)


async def test_supervisors_clients_and_vendors(studio: Studio, admin: Api) -> None:
    comment = await studio.comment(studio.manager, "retake", "fix the hands")
    path = reply_path(studio, comment)
    await studio.supervisor.ok("POST", path, {"text": "agreed"}, status=200)  # the task's department
    assert (await studio.other_supervisor.post(path, {"text": "x"})).status_code == 403
    # clients comment every task: they reply to what they read (the comments for them)
    assert (await studio.client.post(path, {"text": "x"})).status_code == 403
    for_client = await studio.comment(studio.manager, "retake", "the hands, as you asked", for_client=True)
    await studio.client.ok("POST", reply_path(studio, for_client), {"text": "yes please"}, status=200)
    assert (await studio.vendor.post(path, {"text": "x"})).status_code == 403  # reaches no task
    await admin.ok("PUT", f"/data/tasks/{studio.task_id}", {"assignees": [studio.artist.id, studio.vendor.id]})
    await studio.vendor.ok("POST", path, {"text": "assigned now"}, status=200)
