"""An entity's chat: opened on first read, messages written, read and deleted, events, refusals."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import insert

from tenko.core.model import table_of
from tenko.domains.chats.models import ChatParticipant
from tests.projects.shapes import like
from tests.support import Api, new_entity
from tests.tasks.studio import Studio, build_studio, captured_events, rows


@pytest.fixture(scope="module")
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


def chat_path(entity: dict[str, Any], suffix: str = "") -> str:
    return f"/data/entities/{entity['id']}/chat{suffix}"


async def say(who: Api, entity: dict[str, Any], text: str) -> Any:
    return await who.ok("POST", chat_path(entity, "/messages"), {"message": text})


async def test_chat_opens_once_and_lists_participants(studio: Studio) -> None:
    entity = await new_entity(studio.admin, studio.project)
    with captured_events(studio.admin) as events:
        chat = await studio.artist.ok("GET", chat_path(entity))
    like("GET /data/entities/{entity_id}/chat", chat)
    assert chat["object_id"] == entity["id"] and chat["object_type"] == "entity"
    assert chat["participants"] == [] and chat["messages"] == [] and chat["last_message"] is None
    assert [e["name"] for e in events] == ["chat:new"] and events[0]["data"]["chat_id"] == chat["id"]
    assert (await studio.client.ok("GET", chat_path(entity)))["id"] == chat["id"]
    assert len(await rows(studio.admin, "chat", object_id=entity["id"])) == 1
    async with studio.admin.server.context.db.sessionmaker.begin() as session:
        link = {"chat_id": uuid.UUID(chat["id"]), "person_id": uuid.UUID(studio.artist.id)}
        await session.execute(insert(table_of(ChatParticipant)).values(**link))
    message = await say(studio.manager, entity, "hello")
    again = await studio.artist.ok("GET", chat_path(entity))
    assert again["participants"] == [studio.artist.id]
    assert [m["id"] for m in again["messages"]] == [message["id"]]
    assert again["last_message"] == message["created_at"]


async def test_messages_written_read_and_published(studio: Studio) -> None:
    entity = await new_entity(studio.admin, studio.project)
    with captured_events(studio.admin) as events:
        first = await say(studio.artist, entity, "first")
    like("POST /data/entities/{entity_id}/chat/messages", first)
    assert first["person_id"] == studio.artist.id and first["text"] == "first"
    published = [e for e in events if e["name"] == "chat:new-message"]
    assert len(published) == 1 and published[0]["data"]["chat_message_id"] == first["id"]
    assert published[0]["data"]["chat_id"] == first["chat_id"] and published[0]["project_id"] == studio.project["id"]
    upload = {"file": ("notes.txt", b"some notes", "text/plain")}
    response = await studio.supervisor.request(
        "POST", chat_path(entity, "/messages"), data={"message": "see"}, files=upload
    )
    assert response.status_code == 201, response.text
    second = response.json()
    listed = await studio.client.ok("GET", chat_path(entity, "/messages"))
    like("GET /data/entities/{entity_id}/chat/messages", listed)
    assert [m["id"] for m in listed] == [first["id"], second["id"]]
    assert listed[0]["attachment_files"] == []
    one = await studio.artist.ok("GET", chat_path(entity, f"/messages/{second['id']}"))
    like("GET /data/entities/{entity_id}/chat/messages/{chat_message_id}", one)
    [attached] = one["attachment_files"]
    assert attached["name"] == "notes.txt" and attached["extension"] == "txt"
    stored = await rows(studio.admin, "attachment_file", id=attached["id"])
    assert stored[0]["chat_message_id"] == second["id"] and stored[0]["size"] == len(b"some notes")


async def test_deleting_messages(studio: Studio) -> None:
    entity = await new_entity(studio.admin, studio.project)
    mine = await say(studio.artist, entity, "mine")
    theirs = await say(studio.supervisor, entity, "theirs")
    path = chat_path(entity, "/messages/")
    assert (await studio.other_artist.delete(path + mine["id"])).status_code == 403
    assert (await studio.client.delete(path + mine["id"])).status_code == 403
    assert (await studio.supervisor.delete(path + mine["id"])).status_code == 403
    with captured_events(studio.admin) as events:
        await studio.artist.ok("DELETE", path + mine["id"])
    assert [e["name"] for e in events] == ["chat:deleted-message"]
    assert events[0]["data"]["message_id"] == mine["id"] and events[0]["data"]["chat_id"] == mine["chat_id"]
    await studio.manager.ok("DELETE", path + theirs["id"])
    assert await studio.artist.ok("GET", chat_path(entity, "/messages")) == []
    assert (await studio.artist.get(path + mine["id"])).status_code == 404
    assert await rows(studio.admin, "chat_message", id=mine["id"]) == []


async def test_refusals_and_bad_input(studio: Studio, anon: Api) -> None:
    entity = await new_entity(studio.admin, studio.project)
    elsewhere = await new_entity(studio.admin, studio.project)
    message = await say(studio.artist, entity, "hi")
    messages = chat_path(entity, "/messages")
    for path in (chat_path(entity), messages, f"{messages}/{message['id']}"):
        assert (await studio.outsider.get(path)).status_code == 403, path
        assert (await studio.vendor.get(path)).status_code == 403, path  # assigned to nothing here
        assert (await anon.get(path)).status_code == 401, path
    assert (await studio.outsider.post(messages, {"message": "let me in"})).status_code == 403
    assert (await studio.client.post(messages, {"message": "can I?"})).status_code == 403
    assert (await studio.vendor.post(messages, {"message": "can I?"})).status_code == 403
    assert (await studio.outsider.delete(f"{messages}/{message['id']}")).status_code == 403
    # a message is found only under its own entity
    assert (await studio.artist.get(chat_path(elsewhere, f"/messages/{message['id']}"))).status_code == 404
    assert (await studio.manager.delete(chat_path(elsewhere, f"/messages/{message['id']}"))).status_code == 404
    assert (await studio.artist.get(f"/data/entities/{uuid.uuid4()}/chat")).status_code == 404
    assert (await studio.artist.get("/data/entities/nope/chat")).status_code == 400
    assert (await studio.artist.get(f"{messages}/nope")).status_code == 400
    body: Any
    for body in ({"message": ""}, {"message": 5}, [], {"text": "a\x00b"}, {"message": "x" * 100_001}):
        response = await studio.artist.post(messages, body)
        assert response.status_code == 400, body
        assert response.json()["error"] is True
    raw = await studio.artist.request("POST", messages, content=b"{nope", headers={"Content-Type": "application/json"})
    assert raw.status_code == 400
    assert (await studio.artist.ok("POST", messages, {"text": "via text"}))["text"] == "via text"


async def test_message_list_statement_count_is_constant(studio: Studio) -> None:
    entity = await new_entity(studio.admin, studio.project)
    server = studio.admin.server

    async def statements(path: str) -> int:
        start = server.counter.count
        await studio.artist.ok("GET", path)
        return server.counter.count - start

    await say(studio.artist, entity, "one")
    few = (await statements(chat_path(entity, "/messages")), await statements(chat_path(entity)))
    for number in range(6):
        files = {"file": (f"f{number}.txt", b"x", "text/plain")}
        await studio.artist.request("POST", chat_path(entity, "/messages"), data={"message": "m"}, files=files)
    assert (await statements(chat_path(entity, "/messages")), await statements(chat_path(entity))) == few
