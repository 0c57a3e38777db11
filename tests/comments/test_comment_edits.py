"""What ``PUT /data/comments/{id}`` lets each caller change: its author the words, the rest by the
rule of the route made for it; a key sent back with its stored value is ignored, never refused."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import Api, new_entity
from tests.tasks.studio import Studio, build_studio
from tests.user.documented import document as document_of


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def stored(studio: Studio, comment_id: str) -> dict[str, Any]:
    row: dict[str, Any] = await studio.admin.ok("GET", f"/data/comments/{comment_id}")
    return row


async def refused(who: Api, comment_id: str, body: dict[str, Any]) -> str:
    """The message of a refused edit (it must be a 403)."""
    response = await who.put(f"/data/comments/{comment_id}", body)
    assert response.status_code == 403, f"{body}: {response.status_code} {response.text[:300]}"
    message: str = response.json()["message"]
    return message


async def test_an_author_changes_only_the_words_and_allowed_statuses(studio: Studio, admin: Api) -> None:
    comment = await studio.comment(studio.artist, "wip", "first")
    before = await stored(studio, comment["id"])
    other_task = await admin.ok(
        "POST",
        "/data/tasks",
        {
            "name": "other",
            "project_id": studio.project["id"],
            "entity_id": (await new_entity(admin, studio.project))["id"],
            "task_type_id": studio.task_type["id"],
            "assignees": [studio.artist.id],
        },
    )
    forged = [{"id": comment["id"], "text": "forged", "person_id": studio.manager.id, "date": "2024-01-01T00:00:00"}]
    attempts = {
        "for_client": {"for_client": True},  # would show clients the studio's replies
        "pinned": {"pinned": True},
        "object_id": {"object_id": other_task["id"]},  # moving is the managers' (the move route)
        "task_status_id": {"task_status_id": studio.status("done")},  # not is_artist_allowed
        "replies": {"replies": forged},
        "mentions": {"mentions": [studio.manager.id]},
        "department_mentions": {"department_mentions": [studio.task_type["department_id"]]},
        "acknowledgements": {"acknowledgements": [studio.manager.id]},
        "person_id": {"person_id": studio.other_artist.id},
        "data": {"data": {"anything": 1}},
    }
    for key, body in attempts.items():
        message = await refused(studio.artist, comment["id"], {"text": "sneaky", **body})
        assert f"You may not change {key}:" in message, message
    after = await stored(studio, comment["id"])
    assert after == before, "a refused edit changes nothing, its text included"
    # the words, and a status artists may set, are the author's
    body = {"text": "second", "checklist": [{"text": "fix the hands", "checked": False}]}
    edited = await studio.artist.ok("PUT", f"/data/comments/{comment['id']}", body)
    assert edited["text"] == "second" and edited["checklist"] == body["checklist"]
    wfa = await studio.artist.ok("PUT", f"/data/comments/{comment['id']}", {"task_status_id": studio.status("wfa")})
    assert wfa["task_status_id"] == studio.status("wfa")


async def test_whole_objects_sent_back_change_only_what_differs(studio: Studio) -> None:
    """The web app and gazu's ``update_comment`` send the comment they read: its protected keys,
    unchanged, are ignored."""
    comment = await studio.comment(studio.supervisor, "retake", "fix this")
    await studio.artist.ok("POST", f"/data/tasks/{studio.task_id}/comments/{comment['id']}/ack", status=200)
    await studio.manager.ok("PUT", f"/data/comments/{comment['id']}", {"pinned": True})
    mine = await studio.comment(studio.artist, "wip", "on it")
    reply = f"/data/tasks/{studio.task_id}/comments/{mine['id']}/reply"
    await studio.supervisor.ok("POST", reply, {"text": "thanks"}, status=200)
    whole = await studio.artist.ok("GET", f"/data/comments/{mine['id']}")
    edited = await studio.artist.ok("PUT", f"/data/comments/{mine['id']}", {**whole, "text": "on it, v2"})
    assert edited["text"] == "on it, v2" and [r["text"] for r in edited["replies"]] == ["thanks"]
    # the supervisor's comment, pinned and acknowledged, sent back whole by its author
    whole = await studio.supervisor.ok("GET", f"/data/comments/{comment['id']}")
    assert whole["pinned"] is True and whole["acknowledgements"] == [studio.artist.id]
    edited = await studio.supervisor.ok("PUT", f"/data/comments/{comment['id']}", {**whole, "text": "fix that"})
    assert edited["text"] == "fix that" and edited["pinned"] is True
    assert (await stored(studio, comment["id"]))["acknowledgements"] == [studio.artist.id]
    # sent back whole with one protected key changed: refused, naming it
    message = await refused(studio.supervisor, comment["id"], {**whole, "for_client": True})
    assert message.startswith("You may not change for_client:"), message


async def test_managers_pin_mark_for_clients_and_set_any_status(studio: Studio) -> None:
    comment = await studio.comment(studio.artist, "wip", "draft")
    path = f"/data/comments/{comment['id']}"
    body = {"pinned": True, "for_client": True, "task_status_id": studio.status("done")}
    edited = await studio.manager.ok("PUT", path, body)
    assert (edited["pinned"], edited["for_client"], edited["task_status_id"]) == (True, True, studio.status("done"))
    # replies and acknowledgements have their routes, for managers too
    assert "replies:" in await refused(studio.manager, comment["id"], {"replies": [{"text": "forged"}]})
    assert "acknowledgements:" in await refused(studio.manager, comment["id"], {"acknowledgements": [studio.artist.id]})


async def test_supervisors_of_the_department_pin(studio: Studio) -> None:
    comment = await studio.comment(studio.artist, "wip", "draft")
    path = f"/data/comments/{comment['id']}"
    assert (await studio.supervisor.ok("PUT", path, {"pinned": True}))["pinned"] is True
    assert "pinned:" in await refused(studio.other_supervisor, comment["id"], {"pinned": False})
    # pinning is not editing: the supervisor may not touch the words of someone else's comment
    assert (await studio.supervisor.put(path, {"text": "mine now"})).status_code == 403


async def test_a_client_edits_the_words_of_their_own_comment(studio: Studio) -> None:
    comment = await studio.comment(studio.client, "retake", "not like this")
    path = f"/data/comments/{comment['id']}"
    assert (await studio.client.ok("PUT", path, {"text": "not like this at all"}))["text"] == "not like this at all"
    assert "for_client:" in await refused(studio.client, comment["id"], {"for_client": True})
    assert "task_status_id:" in await refused(studio.client, comment["id"], {"task_status_id": studio.status("wip")})


async def test_the_document_says_who_changes_what(studio: Studio) -> None:
    document = await document_of(studio.artist)
    policy = document["paths"]["/api/data/comments/{instance_id}"]["put"]["x-policy"]
    assert "then, on the body: text, checklist: its author, or the project's managers" in policy
    assert "for_client" in policy and "replies" in policy and "pinned" in policy
