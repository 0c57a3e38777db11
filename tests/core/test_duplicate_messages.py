"""A write a unique constraint refuses is a 400 saying what already exists, on each backend: the
model's words when it gives some (``info={"duplicate": ...}``), else its table and columns."""

from __future__ import annotations

from tests.errors.common import error_body
from tests.support import Api, new_person, new_project, new_task


async def test_a_constraint_with_words_says_them(admin: Api) -> None:
    artist = await new_person(admin)
    task = await new_task(admin, await new_project(admin), assignees=[artist.id])
    body = {"task_id": task["id"], "person_id": artist.id, "date": "2024-05-02", "duration": 90}
    await admin.ok("POST", "/data/time-spents", body)
    refused = error_body(await admin.post("/data/time-spents", {**body, "duration": 30}), 400)
    assert refused["message"] == "This person already has a time spent on this task on this day"


async def test_a_constraint_without_words_names_its_columns(admin: Api) -> None:
    person = await new_person(admin)
    body = {"person_id": person.id, "date": "2024-06-03", "end_date": "2024-06-03"}
    await admin.ok("POST", "/data/day-offs", body)
    refused = error_body(await admin.post("/data/day-offs", {**body, "end_date": "2024-06-04"}), 400)
    assert refused["message"] == "A day off with the same person_id, date already exists"
