"""Roles on the generic routes, as permissions.md describes them.

Reference data is written by admins only; project managers shape their own projects; the
team link's role overrides the global one inside its project; a person edits their own
profile but never their role or status; private fields and credentials stay hidden; vendors
reach only what they are assigned to; clients read and never write; personal records
(day offs, notifications, subscriptions, search filters) belong to their person.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from tenko.core.model import table_of
from tenko.domains.people.models import Person
from tests.security.factory import BUILDERS, Place
from tests.support import Api, new_entity, new_person, new_project, new_task, set_project_role, unique_name

Body = Callable[[], dict[str, Any]]

#: studio-wide reference data: (resource, a creation body, a field to change)
REFERENCE_DATA: list[tuple[str, Body, str]] = [
    ("task-types", lambda: {"name": unique_name("tt"), "short_name": "tt", "for_entity": "Asset"}, "name"),
    ("task-status", lambda: {"name": unique_name("ts"), "short_name": unique_name()[:10], "color": "#000"}, "name"),
    ("entity-types", lambda: {"name": unique_name("et")}, "name"),
    ("departments", lambda: {"name": unique_name("dep"), "color": "#000000"}, "name"),
    ("project-status", lambda: {"name": unique_name("ps"), "color": "#000000"}, "name"),
    ("studios", lambda: {"name": unique_name("studio"), "color": "#000000"}, "name"),
    ("file-status", lambda: {"name": unique_name("fs"), "color": "#000000"}, "name"),
    ("output-types", lambda: {"name": unique_name("ot"), "short_name": "ot"}, "name"),
    ("softwares", lambda: {"name": unique_name("sw"), "short_name": "sw", "file_extension": ".x"}, "name"),
    (
        "persons",
        lambda: {"first_name": "Ref", "last_name": unique_name(), "email": f"{unique_name()}@example.com"},
        "first_name",
    ),
]


async def db_person(api: Api, person_id: str) -> dict[str, Any]:
    """The person's row straight from the database (not through the API that is under test)."""
    table = table_of(Person)
    async with api.server.context.db.sessionmaker() as session:
        row = (await session.execute(select(table).where(table.c.id == uuid.UUID(person_id)))).mappings().one()
    return dict(row)


# --- reference data ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "supervisor", "user", "client", "vendor"])
@pytest.mark.parametrize(("name", "body", "field"), REFERENCE_DATA, ids=[r[0] for r in REFERENCE_DATA])
async def test_only_admins_write_reference_data(admin: Api, role: str, name: str, body: Body, field: str) -> None:
    someone = await new_person(admin, role)
    record = await admin.ok("POST", f"/data/{name}", body())
    path = f"/data/{name}/{record['id']}"
    before = await admin.ok("GET", path)
    response = await someone.post(f"/data/{name}", json=body())
    assert response.status_code == 403, response.text
    assert (await someone.put(path, json={field: unique_name("changed")})).status_code == 403
    assert (await someone.delete(path)).status_code == 403
    assert await admin.ok("GET", path) == before
    # they still read it: reference data is shared by the whole studio
    assert (await someone.get(path)).status_code == 200


async def test_admin_writes_reference_data(admin: Api) -> None:
    for name, body, field in REFERENCE_DATA:
        record = await admin.ok("POST", f"/data/{name}", body())
        changed = await admin.ok("PUT", f"/data/{name}/{record['id']}", {field: unique_name("x")})
        assert changed[field] != record[field]
        await admin.ok("DELETE", f"/data/{name}/{record['id']}")


# --- project managers and per-project roles ------------------------------------------------------


async def can_shape(person: Api, admin: Api, project: dict[str, Any]) -> dict[str, int]:
    """What ``person`` gets when updating ``project`` and creating an entity and a task in it."""
    place = Place(admin, project)
    put = await person.put(f"/data/projects/{project['id']}", json={"description": unique_name("d")})
    entity = await person.post("/data/entities", json=await BUILDERS["entities"](place, person.id))
    task = await person.post("/data/tasks", json=await BUILDERS["tasks"](place, person.id))
    return {"project": put.status_code, "entity": entity.status_code, "task": task.status_code}


ALLOWED = {"project": 200, "entity": 201, "task": 201}
REFUSED = {"project": 403, "entity": 403, "task": 403}


async def test_a_manager_shapes_their_projects_only(admin: Api) -> None:
    manager = await new_person(admin, "manager")
    theirs = await new_project(admin, team=[manager])
    other = await new_project(admin)
    assert await can_shape(manager, admin, theirs) == ALLOWED
    assert await can_shape(manager, admin, other) == REFUSED
    task = await new_task(admin, theirs)
    await manager.ok("PUT", f"/data/tasks/{task['id']}", {"priority": 3})
    await manager.ok("DELETE", f"/data/tasks/{task['id']}")
    foreign = await new_task(admin, other)
    assert (await manager.delete(f"/data/tasks/{foreign['id']}")).status_code == 403


@pytest.mark.parametrize("role", ["supervisor", "user", "client", "vendor"])
async def test_other_roles_do_not_shape_projects(admin: Api, role: str) -> None:
    person = await new_person(admin, role)
    project = await new_project(admin, team=[person])
    assert await can_shape(person, admin, project) == REFUSED


async def test_the_project_role_overrides_the_global_one(admin: Api) -> None:
    artist = await new_person(admin, "user")
    led = await new_project(admin, team=[artist])
    joined = await new_project(admin, team=[artist])
    await set_project_role(admin, led, artist, "manager")
    assert await can_shape(artist, admin, led) == ALLOWED
    assert await can_shape(artist, admin, joined) == REFUSED

    manager = await new_person(admin, "manager")
    managed = await new_project(admin, team=[manager])
    demoted = await new_project(admin, team=[manager])
    await set_project_role(admin, demoted, manager, "user")
    assert await can_shape(manager, admin, managed) == ALLOWED
    assert await can_shape(manager, admin, demoted) == REFUSED
    # still a member there: they read it
    assert (await manager.get(f"/data/projects/{demoted['id']}")).status_code == 200


async def test_an_admin_project_role_gives_nothing(admin: Api) -> None:
    """Admin is a global role only: a team link saying ``admin`` is the person's global role."""
    artist = await new_person(admin, "user")
    project = await new_project(admin, team=[artist])
    await set_project_role(admin, project, artist, "admin")
    assert await can_shape(artist, admin, project) == REFUSED


# --- a person's own profile -------------------------------------------------------------------


async def test_a_person_edits_their_own_profile(admin: Api) -> None:
    artist = await new_person(admin, "user")
    changed = await artist.ok("PUT", f"/data/persons/{artist.id}", {"first_name": "Renamed", "timezone": "Asia/Tokyo"})
    assert (changed["first_name"], changed["timezone"]) == ("Renamed", "Asia/Tokyo")
    row = await db_person(admin, artist.id)
    assert (row["first_name"], row["timezone"]) == ("Renamed", "Asia/Tokyo")


@pytest.mark.parametrize("role", ["manager", "supervisor", "user", "client", "vendor"])
@pytest.mark.parametrize(
    "change",
    [{"role": "admin"}, {"role": "admin", "first_name": "Sneaky"}, {"active": False}, {"archived": True}],
    ids=["role", "role-with-profile", "active", "archived"],
)
async def test_nobody_changes_their_own_role_or_status(admin: Api, role: str, change: dict[str, Any]) -> None:
    person = await new_person(admin, role)
    before = await db_person(admin, person.id)
    response = await person.put(f"/data/persons/{person.id}", json=change)
    assert response.status_code in (400, 403), response.text
    after = await db_person(admin, person.id)
    assert (after["role"], after["active"], after["archived"], after["first_name"]) == (
        role,
        before["active"],
        before["archived"],
        before["first_name"],
    )
    # the token still works and still carries the old role
    assert (await person.get("/data/persons/" + person.id)).json()["role"] == role


async def test_an_admin_cannot_lock_themselves_out(admin: Api) -> None:
    other_admin = await new_person(admin, "admin")
    for change in ({"role": "user"}, {"active": False}, {"archived": True}):
        response = await other_admin.put(f"/data/persons/{other_admin.id}", json=change)
        assert response.status_code == 400, response.text
    row = await db_person(admin, other_admin.id)
    assert (row["role"], row["active"], row["archived"]) == ("admin", True, False)


@pytest.mark.parametrize("role", ["manager", "supervisor", "user", "client", "vendor"])
async def test_nobody_but_admins_edits_another_person(admin: Api, role: str) -> None:
    person = await new_person(admin, role)
    victim = await new_person(admin, "user")
    response = await person.put(f"/data/persons/{victim.id}", json={"first_name": "Hacked"})
    assert response.status_code == 403
    assert (await person.delete(f"/data/persons/{victim.id}")).status_code == 403
    assert (await db_person(admin, victim.id))["first_name"] != "Hacked"
    await admin.ok("PUT", f"/data/persons/{victim.id}", {"first_name": "ByAdmin"})


PRIVATE: dict[str, Any] = {"daily_salary": 450, "contract_type": "freelance", "phone": "+33 6 12 34 56 78"}


async def test_private_person_fields_are_for_admins(admin: Api) -> None:
    rich = await new_person(admin, "user", **PRIVATE)
    artist = await new_person(admin, "user", phone="+81 3 0000 0000")
    seen_by_admin = await admin.ok("GET", f"/data/persons/{rich.id}")
    assert {key: seen_by_admin[key] for key in PRIVATE} == PRIVATE
    listed = {row["id"]: row for row in await admin.ok("GET", "/data/persons")}
    assert {key: listed[rich.id][key] for key in PRIVATE} == PRIVATE

    listed = {row["id"]: row for row in await artist.ok("GET", "/data/persons")}
    assert not set(PRIVATE) & set(listed[rich.id])
    assert not set(PRIVATE) & set(await artist.ok("GET", f"/data/persons/{rich.id}"))
    fields = await artist.ok("GET", f"/data/persons?fields=daily_salary,phone&id={rich.id}")
    assert not set(PRIVATE) & set(fields[0])
    # nor can they be guessed with filters
    assert (await artist.get("/data/persons?daily_salary=450")).status_code == 400
    assert (await artist.get('/data/persons?contract_type=["freelance","permanent"]')).status_code == 400
    # one sees one's own
    assert (await artist.ok("GET", f"/data/persons/{artist.id}"))["phone"] == "+81 3 0000 0000"
    # and secrets are never shown, to anyone
    for row in await admin.ok("GET", "/data/persons"):
        assert "password" not in row and "totp_secret" not in row


async def test_organisation_chat_tokens_are_for_admins(admin: Api) -> None:
    organisation = (await admin.ok("GET", "/data/organisations"))[0]
    path = f"/data/organisations/{organisation['id']}"
    await admin.ok("PUT", path, {"chat_token_slack": "xoxb-secret-token"})
    try:
        assert (await admin.ok("GET", path))["chat_token_slack"] == "xoxb-secret-token"
        for role in ("manager", "user", "client"):
            person = await new_person(admin, role)
            assert (await person.ok("GET", path)).get("chat_token_slack") in (None, "")
            assert all(
                row.get("chat_token_slack") in (None, "") for row in await person.ok("GET", "/data/organisations")
            )
            assert (await person.get("/data/organisations?chat_token_slack=xoxb-secret-token")).status_code == 400
    finally:
        await admin.ok("PUT", path, {"chat_token_slack": ""})


# --- vendors and clients ----------------------------------------------------------------------


@pytest.mark.parametrize("how", ["global", "project"])
async def test_vendors_reach_only_what_they_are_assigned_to(admin: Api, how: str) -> None:
    vendor = await new_person(admin, "vendor" if how == "global" else "user")
    project = await new_project(admin, team=[vendor])
    if how == "project":
        await set_project_role(admin, project, vendor, "vendor")
    mine, theirs = await new_task(admin, project), await new_task(admin, project)
    await admin.ok("PUT", f"/data/tasks/{mine['id']}", {"assignees": [vendor.id]})

    assert {row["id"] for row in await vendor.ok("GET", "/data/tasks")} == {mine["id"]}
    assert (await vendor.get(f"/data/tasks/{mine['id']}")).status_code == 200
    assert (await vendor.get(f"/data/tasks/{theirs['id']}")).status_code == 403
    entity_ids = {row["id"] for row in await vendor.ok("GET", f"/data/entities?project_id={project['id']}")}
    assert entity_ids == {mine["entity_id"]}
    assert (await vendor.get(f"/data/entities/{mine['entity_id']}")).status_code == 200
    assert (await vendor.get(f"/data/entities/{theirs['entity_id']}")).status_code == 403
    comment = await admin.ok(
        "POST",
        "/data/comments",
        {"object_id": theirs["id"], "object_type": "Task", "person_id": admin.id, "text": "x"},
    )
    assert (await vendor.get(f"/data/comments/{comment['id']}")).status_code == 403
    # the project itself they see; the rest of the breakdown they do not
    assert (await vendor.get(f"/data/projects/{project['id']}")).status_code == 200
    assert (await vendor.put(f"/data/tasks/{mine['id']}", json={"priority": 2})).status_code == 403


async def test_artists_see_the_whole_project(admin: Api) -> None:
    artist = await new_person(admin, "user")
    project = await new_project(admin, team=[artist])
    tasks = {(await new_task(admin, project))["id"] for _ in range(2)}
    assert {row["id"] for row in await artist.ok("GET", f"/data/tasks?project_id={project['id']}")} == tasks


async def test_clients_read_and_never_write(admin: Api) -> None:
    client = await new_person(admin, "client")
    project = await new_project(admin, team=[client])
    place = Place(admin, project)
    task = await new_task(admin, project)
    assert (await client.get(f"/data/tasks/{task['id']}")).status_code == 200
    assert (await client.get(f"/data/projects/{project['id']}")).status_code == 200
    for name in (
        "entities",
        "tasks",
        "playlists",
        "comments",
        "chat-messages",
        "preview-files",
        "metadata-descriptors",
    ):
        response = await client.post(f"/data/{name}", json=await BUILDERS[name](place, client.id))
        assert response.status_code == 403, f"{name}: {response.status_code}"
    assert (await client.put(f"/data/tasks/{task['id']}", json={"priority": 2})).status_code == 403
    assert (await client.delete(f"/data/tasks/{task['id']}")).status_code == 403
    entity = await new_entity(admin, project, created_by=client.id)
    assert (await client.put(f"/data/entities/{entity['id']}", json={"description": "x"})).status_code == 403
    # playlists: only those shared with clients
    shared = await admin.ok(
        "POST", "/data/playlists", {"name": unique_name(), "project_id": project["id"], "for_client": True}
    )
    internal = await admin.ok("POST", "/data/playlists", {"name": unique_name(), "project_id": project["id"]})
    assert (await client.get(f"/data/playlists/{shared['id']}")).status_code == 200
    assert (await client.get(f"/data/playlists/{internal['id']}")).status_code == 403
    assert {row["id"] for row in await client.ok("GET", f"/data/playlists?project_id={project['id']}")} == {
        shared["id"]
    }


# --- personal records -------------------------------------------------------------------------


DAYS = itertools.count(1)


async def personal_body(name: str, admin: Api, owner: Api, project: dict[str, Any]) -> dict[str, Any]:
    if name == "day-offs":
        day = (dt.date.today() + dt.timedelta(days=next(DAYS))).isoformat()  # one day off per date
        return {"person_id": owner.id, "date": day, "end_date": day, "description": "rest"}
    if name == "search-filters":
        return {"person_id": owner.id, "list_type": "asset", "name": unique_name(), "search_query": "q"}
    if name == "search-filter-groups":
        return {"person_id": owner.id, "list_type": "asset", "name": unique_name()}
    return await BUILDERS[name](Place(admin, project), owner.id)


PERSONAL = ["day-offs", "notifications", "subscriptions", "search-filters", "search-filter-groups"]
#: what a person may create for themselves through the generic route (notifications are the server's)
SELF_CREATED = {"day-offs", "subscriptions", "search-filters", "search-filter-groups"}


@pytest.mark.parametrize("name", PERSONAL)
async def test_personal_records_belong_to_their_person(admin: Api, name: str) -> None:
    owner = await new_person(admin, "user")
    other = await new_person(admin, "manager")
    project = await new_project(admin, team=[owner, other])
    record = await admin.ok("POST", f"/data/{name}", await personal_body(name, admin, owner, project))
    path = f"/data/{name}/{record['id']}"
    assert (await owner.ok("GET", path))["id"] == record["id"]
    assert (await other.get(path)).status_code == 403
    before = await admin.ok("GET", path)
    assert (await other.put(path, json={"person_id": other.id})).status_code == 403
    assert (await other.delete(path)).status_code == 403
    assert await admin.ok("GET", path) == before
    for person in (owner, other):
        assert (await person.get(f"/data/{name}")).status_code == 403
    assert record["id"] in {row["id"] for row in await admin.ok("GET", f"/data/{name}")}
    # nobody hands their record over to someone else either
    assert (await owner.put(path, json={"person_id": other.id})).status_code == 403
    assert (await admin.ok("GET", path))["person_id"] == owner.id

    if name in SELF_CREATED:
        mine = await owner.post(f"/data/{name}", json=await personal_body(name, admin, owner, project))
        assert mine.status_code == 201, mine.text
        for_other = await owner.post(f"/data/{name}", json=await personal_body(name, admin, other, project))
        assert for_other.status_code == 403
        await owner.ok("DELETE", f"/data/{name}/{mine.json()['id']}")
    else:
        response = await owner.post(f"/data/{name}", json=await personal_body(name, admin, owner, project))
        assert response.status_code == 403
    await owner.ok("DELETE", path)


async def test_a_casting_link_stays_inside_its_project(admin: Api) -> None:
    """Never trust the second id of a link: it may name an entity of another project."""
    manager = await new_person(admin, "manager")
    mine, other = await new_project(admin, team=[manager]), await new_project(admin, team=[manager])
    shot, foreign = await new_entity(admin, mine), await new_entity(admin, other)
    refused = await manager.post(
        "/data/entity-links", json={"entity_in_id": shot["id"], "entity_out_id": foreign["id"]}
    )
    assert refused.status_code == 400, refused.text
    local = await new_entity(admin, mine)
    link = await manager.ok("POST", "/data/entity-links", {"entity_in_id": shot["id"], "entity_out_id": local["id"]})
    moved = await manager.put(f"/data/entity-links/{link['id']}", json={"entity_out_id": foreign["id"]})
    assert moved.status_code == 400
    assert (await admin.ok("GET", f"/data/entity-links/{link['id']}"))["entity_out_id"] == local["id"]
    # a shared asset of another project (the studio's library) may be cast
    library = await new_entity(admin, other, is_shared=True)
    await manager.ok("POST", "/data/entity-links", {"entity_in_id": shot["id"], "entity_out_id": library["id"]})
