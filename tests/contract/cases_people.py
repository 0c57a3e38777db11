"""Calls of the account, person, department and personal (``/data/user``) routes.

The admin's own session is shared by the whole test run: what would end it (log out, a password
change) is done in a second session of the admin, or by a person made for the call.
"""

from __future__ import annotations

import datetime as dt

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.contract.calls import Call, case
from tests.contract.world import World
from tests.support import Api, new_person, unique_name

NEW_PASSWORD = "another-password-1"


async def second_session(world: World) -> tuple[Api, str]:
    """Another login of the admin: its access token, and its refresh token."""
    response = await world.admin.server.http.post(
        "/api/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    return Api(world.admin.server, body["access_token"], body["user"]), str(body["refresh_token"])


@case("POST /auth/login")
async def _login(world: World) -> Call:
    return Call(body={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, caller=Api(world.admin.server, None))


@case("GET /auth/logout")
async def _logout(world: World) -> Call:
    return Call(caller=(await second_session(world))[0])


@case("GET /auth/refresh-token")
async def _refresh(world: World) -> Call:
    _, refresh = await second_session(world)
    return Call(caller=Api(world.admin.server, refresh))


@case("POST /auth/change-password")
async def _change_own_password(world: World) -> Call:
    person = await new_person(world.admin, "user")
    body = {"old_password": person.password, "password": NEW_PASSWORD, "password_2": NEW_PASSWORD}
    return Call(body=body, caller=person)


@case("POST /actions/persons/{person_id}/change-password")
async def _change_password(world: World) -> Call:
    person = await new_person(world.admin, "user")
    return Call(params={"person_id": person.id}, body={"password": NEW_PASSWORD, "password_2": NEW_PASSWORD})


@case(
    "DELETE /actions/persons/{person_id}/clear-avatar",
    "DELETE /actions/persons/{person_id}/disable-two-factor-authentication",
    "POST /actions/persons/{person_id}/reset-password-link",
)
async def _artist_account(world: World) -> Call:
    return Call(params={"person_id": world.artist.id})


@case("POST /actions/persons/{person_id}/departments/add")
async def _add_department(world: World) -> Call:
    department = await world.fresh("departments")
    return Call(params={"person_id": world.artist.id}, body={"department_id": department["id"]})


@case("DELETE /actions/persons/{person_id}/departments/{department_id}")
async def _remove_department(world: World) -> Call:
    department = await world.fresh("departments")
    path = f"/actions/persons/{world.artist.id}/departments/add"
    await world.admin.ok("POST", path, {"department_id": department["id"]})
    return Call(params={"person_id": world.artist.id, "department_id": department["id"]})


@case("PUT /actions/persons/{person_id}/assign")
async def _assign_person(world: World) -> Call:
    task = await world.task()
    return Call(params={"person_id": world.artist.id}, body={"task_ids": [task["id"]]})


@case("POST /data/persons/{person_id}/desktop-login-logs", "POST /data/user/desktop-login-logs")
async def _desktop_login(world: World) -> Call:
    return Call(body={"date": dt.datetime.now().replace(microsecond=0).isoformat()})


@case("POST /data/departments/{department_id}/hardware-items")
async def _department_hardware(world: World) -> Call:
    item = await world.fresh("hardware-items")
    return Call(body={"hardware_item_id": item["id"]})


@case("DELETE /data/departments/{department_id}/hardware-items/{hardware_item_id}")
async def _department_hardware_removed(world: World) -> Call:
    item = await world.fresh("hardware-items")
    path = f"/data/departments/{world.id('department')}/hardware-items"
    await world.admin.ok("POST", path, {"hardware_item_id": item["id"]})
    return Call(params={"hardware_item_id": item["id"]})


@case("POST /data/departments/{department_id}/software-licenses")
async def _department_software(world: World) -> Call:
    software = await world.fresh("softwares")
    return Call(body={"software_id": software["id"]})


@case("DELETE /data/departments/{department_id}/software-licenses/{software_id}")
async def _department_software_removed(world: World) -> Call:
    software = await world.fresh("softwares")
    path = f"/data/departments/{world.id('department')}/software-licenses"
    await world.admin.ok("POST", path, {"software_id": software["id"]})
    return Call(params={"software_id": software["id"]})


def filter_body(world: World) -> dict[str, str]:
    return {"list_type": "asset", "name": unique_name("f"), "query": "x", "project_id": world.project_id}


def group_body(world: World) -> dict[str, str]:
    return {"list_type": "asset", "name": unique_name("g"), "color": "#ffffff", "project_id": world.project_id}


@case("POST /data/user/filters")
async def _new_filter(world: World) -> Call:
    return Call(body=filter_body(world))


@case("PUT /data/user/filters/{filter_id}")
async def _change_filter(world: World) -> Call:
    return Call(body={"name": unique_name("f")})


@case("DELETE /data/user/filters/{filter_id}")
async def _delete_filter(world: World) -> Call:
    made = await world.admin.ok("POST", "/data/user/filters", filter_body(world))
    return Call(params={"filter_id": made["id"]})


@case("POST /data/user/filter-groups")
async def _new_group(world: World) -> Call:
    return Call(body=group_body(world))


@case("PUT /data/user/filter-groups/{filter_group_id}")
async def _change_group(world: World) -> Call:
    return Call(body={"name": unique_name("g")})


@case("DELETE /data/user/filter-groups/{filter_group_id}")
async def _delete_group(world: World) -> Call:
    made = await world.admin.ok("POST", "/data/user/filter-groups", group_body(world))
    return Call(params={"filter_group_id": made["id"]})


@case("PUT /data/user/notifications/{notification_id}")
async def _read_notification(world: World) -> Call:
    return Call(body={"read": True})


@case("POST /actions/user/chats/{entity_id}/join")
async def _join_chat(world: World) -> Call:
    return Call(params={"entity_id": world.id("asset")})


@case("DELETE /actions/user/chats/{entity_id}/join")
async def _leave_chat(world: World) -> Call:
    entity = await world.entity()
    await world.admin.ok("POST", f"/actions/user/chats/{entity['id']}/join", {}, status=200)
    return Call(params={"entity_id": entity["id"]})


@case("POST /data/entities/{entity_id}/chat/messages")
async def _new_message(world: World) -> Call:
    return Call(body={"message": "hello"})


@case("DELETE /data/entities/{entity_id}/chat/messages/{chat_message_id}")
async def _delete_message(world: World) -> Call:
    made = await world.admin.ok("POST", f"/data/entities/{world.id('shot')}/chat/messages", {"message": "bye"})
    return Call(params={"chat_message_id": made["id"]})


@case("POST /actions/user/tasks/subscribe")
async def _subscribe_many(world: World) -> Call:
    task = await world.task()
    return Call(body={"task_ids": [task["id"]]})


@case("POST /actions/user/tasks/unsubscribe")
async def _unsubscribe_many(world: World) -> Call:
    task = await world.task()
    await world.admin.ok("POST", f"/actions/user/tasks/{task['id']}/subscribe", {})
    return Call(body={"task_ids": [task["id"]]})


@case("POST /actions/user/tasks/{task_id}/subscribe")
async def _subscribe(world: World) -> Call:
    return Call(params={"task_id": (await world.task())["id"]})


@case("DELETE /actions/user/tasks/{task_id}/unsubscribe")
async def _unsubscribe(world: World) -> Call:
    task = await world.task()
    await world.admin.ok("POST", f"/actions/user/tasks/{task['id']}/subscribe", {})
    return Call(params={"task_id": task["id"]})


@case("POST /actions/user/sequences/{sequence_id}/task-types/{task_type_id}/subscribe")
async def _subscribe_sequence(world: World) -> Call:
    sequence = await world.entity("Sequence", parent_id=world.id("episode"))
    return Call(params={"sequence_id": sequence["id"]})


@case("DELETE /actions/user/sequences/{sequence_id}/task-types/{task_type_id}/unsubscribe")
async def _unsubscribe_sequence(world: World) -> Call:
    sequence = await world.entity("Sequence", parent_id=world.id("episode"))
    path = f"/actions/user/sequences/{sequence['id']}/task-types/{world.id('task_type')}/subscribe"
    await world.admin.ok("POST", path, {})
    return Call(params={"sequence_id": sequence["id"]})


@case(
    "GET /data/persons/{person_id}/day-offs",
    "GET /data/persons/{person_id}/day-offs/month/{year}/{month}",
    "GET /data/persons/{person_id}/day-offs/week/{year}/{week}",
    "GET /data/persons/{person_id}/day-offs/year/{year}",
    "GET /data/persons/{person_id}/day-offs/{date}",
)
async def _days_off(world: World) -> Call:
    """The artist's day off (the shared admin's days off belong to other tests)."""
    return Call(params={"person_id": world.artist.id})
