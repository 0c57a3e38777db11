"""NUL characters are refused wherever text comes in, not only in JSON bodies: query strings
(filters of every list, action routes), form fields (login, comments) and passwords. On
PostgreSQL a NUL in a text parameter would be a database error; on SQLite it would be compared
or stored truncated."""

from __future__ import annotations

import pytest

from tests.errors.common import DUMMY_ID, error_body, named_fields
from tests.support import Api, new_person
from tests.tasks.studio import Studio, build_studio, rows

#: routes that read filters from the query string, each with a parameter it reads
FILTERED = [
    "/data/projects?name={nul}",
    "/data/tasks?task_status_id={nul}",
    "/data/persons?first_name={nul}",
    "/data/tasks/open-tasks?task_status_id={nul}",
    "/data/tasks/open-tasks?search={nul}",
    "/data/events/last?before={nul}",
    "/data/events/last?only_files={nul}",
    "/data/user/notifications?task_status_id={nul}",
    "/data/shots/with-tasks?project_id={nul}",
    "/data/assets/with-tasks?episode_id={nul}",
    "/data/persons/time-spents/year-table?project_id={nul}",
    "/data/projects/" + DUMMY_ID + "/news?only_preview={nul}",
    "/data/entity-types?name={nul}&page=1",
]


@pytest.mark.parametrize("template", FILTERED)
@pytest.mark.parametrize("nul", ["%00", "a%00b", "%5B%22a%00%22%5D"])
async def test_a_nul_in_the_query_string_is_a_400(admin: Api, template: str, nul: str) -> None:
    response = await admin.get(template.format(nul=nul))
    assert "nul" in error_body(response, 400)["message"].lower()


async def test_an_encoded_percent_is_no_nul(admin: Api) -> None:
    """``%2500`` is the text ``%00``, not a NUL: it filters like any other text."""
    assert await admin.ok("GET", "/data/projects?name=%2500") == []


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def test_a_nul_in_a_form_field_is_a_400_naming_it(studio: Studio) -> None:
    path = f"/actions/tasks/{studio.task_id}/comment"
    for fields in ({"task_status_id": studio.status("wip"), "comment": "a\x00b"}, {"task_status_id": "\x00"}):
        response = await studio.artist.post(path, data=fields, files={"file": ("a.png", b"x", "image/png")})
        assert named_fields(error_body(response, 400)) & set(fields), response.text
    response = await studio.artist.post(path, data={"task_status_id": studio.status("wip"), "a\x00": "x"})
    assert error_body(response, 400)
    assert await rows(studio.admin, "comment", object_id=studio.task_id) == []


@pytest.mark.parametrize("form", [False, True])
async def test_credentials_with_a_nul_are_a_400_naming_the_field(anon: Api, form: bool) -> None:
    for body in ({"email": "admin@example.com\x00", "password": "x"}, {"email": "a@b.c", "password": "pass\x00word"}):
        response = await (anon.post("/auth/login", data=body) if form else anon.post("/auth/login", json=body))
        field = "email" if "\x00" in body["email"] else "password"
        assert field in named_fields(error_body(response, 400))


async def test_no_new_password_holds_a_nul(admin: Api) -> None:
    """Whichever route sets it: one's own change, an admin's, a new person's."""
    person = await new_person(admin, password="password-123")
    nul = "newpass\x00word"
    response = await person.post(
        "/auth/change-password", json={"old_password": "password-123", "password": nul, "password_2": nul}
    )
    assert "password" in named_fields(error_body(response, 400))
    response = await person.post(
        "/auth/change-password", data={"old_password": "password-123", "password": nul, "password_2": nul}
    )
    assert "password" in named_fields(error_body(response, 400))
    response = await admin.post(
        f"/actions/persons/{person.id}/change-password", json={"password": nul, "password_2": nul}
    )
    assert "password" in named_fields(error_body(response, 400))
    new = {"first_name": "N", "last_name": "U", "email": "nul-password@example.com", "password": nul}
    assert "password" in named_fields(error_body(await admin.post("/data/persons", json=new), 400))
    # the password did not change: the old one still opens a session
    login = {"email": person.person["email"], "password": "password-123"}
    assert (await admin.server.http.post("/api/auth/login", json=login)).status_code == 200
