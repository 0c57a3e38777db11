"""A project's task, comment and notification lists, read as gazu and the reference's sync read them:
column (and virtual) filters as on ``/data/<model>``, and with ``page`` the page envelope."""

from __future__ import annotations

from typing import Any

import pytest

from tests.entities.factory import add_task, new_episode, new_production, new_sequence, new_shot
from tests.support import Api, unique_name
from tests.tasks.studio import Studio, build_studio

ENVELOPE = {"data", "total", "nb_pages", "limit", "offset", "page"}


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [row["id"] for row in rows]


@pytest.fixture
async def studio(admin: Api) -> Studio:
    return await build_studio(admin)


async def test_gazu_all_tasks_for_project_filters_on_task_type_and_episode(admin: Api) -> None:
    """gazu's ``all_tasks_for_project(project, task_type, episode)`` sends ``?task_type_id=&episode_id=``:
    the tasks of that type on the shots of that episode (assets are in no episode's sequences)."""
    production = await new_production(admin, nb_shots=2, nb_assets=1)
    other_episode = await new_episode(admin, production.project)
    other_shot = await new_shot(admin, production.project, await new_sequence(admin, production.project, other_episode))
    animation = [await add_task(admin, shot, "Animation") for shot in [*production.shots, other_shot]]
    layout = await add_task(admin, production.shots[0], "Layout")
    asset_task = await add_task(admin, production.assets[0], "Animation")
    path = f"/data/projects/{production.id}/tasks"
    everything = await admin.ok("GET", path)
    assert set(ids(everything)) == {*ids(animation), layout["id"], asset_task["id"]}
    by_type = await admin.ok("GET", f"{path}?task_type_id={animation[0]['task_type_id']}")
    assert set(ids(by_type)) == {*ids(animation), asset_task["id"]}
    by_episode = await admin.ok("GET", f"{path}?episode_id={production.episode['id']}")
    assert set(ids(by_episode)) == {animation[0]["id"], animation[1]["id"], layout["id"]}
    both = f"{path}?task_type_id={animation[0]['task_type_id']}&episode_id={production.episode['id']}"
    assert set(ids(await admin.ok("GET", both))) == set(ids(animation[:2]))
    # the same filters on the generic list, and the columns' filters on the project's list
    generic = await admin.ok("GET", f"/data/tasks?project_id={production.id}&episode_id={production.episode['id']}")
    assert set(ids(generic)) == set(ids(by_episode))
    assert ids(await admin.ok("GET", f"{path}?entity_id={production.assets[0]['id']}")) == [asset_task["id"]]
    assert (await admin.get(f"{path}?episode_id=nope")).status_code == 400


async def test_sync_reads_the_project_tasks_page_by_page(studio: Studio, admin: Api) -> None:
    """The reference's ``zou sync-full`` reads ``/data/projects/{id}/tasks?page=N`` until ``nb_pages``."""
    path = f"/data/projects/{studio.project['id']}/tasks"
    for _ in range(2):
        await add_task(
            admin, studio.entity, (await admin.ok("POST", "/data/task-types", {"name": unique_name("tt")}))["name"]
        )
    whole = await admin.ok("GET", path)
    assert len(whole) == 3
    pages = [await admin.ok("GET", f"{path}?page={page}&limit=2") for page in (1, 2)]
    assert all(set(page) == ENVELOPE for page in pages)
    assert [(p["total"], p["nb_pages"], p["page"], p["offset"], p["limit"]) for p in pages] == [
        (3, 2, 1, 0, 2),
        (3, 2, 2, 2, 2),
    ]
    assert [task["id"] for page in pages for task in page["data"]] == ids(whole)
    assert all("assignees" in task for task in pages[0]["data"])
    assert (await studio.vendor.ok("GET", f"{path}?page=1"))["total"] == 0  # vendors: their tasks only
    assert (await admin.get(f"{path}?page=0")).status_code == 400


async def test_sync_reads_project_comments_and_notifications_page_by_page(studio: Studio, admin: Api) -> None:
    """``zou sync-full`` pages the comments and the notifications of a project too."""
    await studio.other_artist.ok("POST", f"/actions/user/tasks/{studio.task_id}/subscribe", {})
    for text in ("one", "two", "three"):
        await studio.comment(studio.manager, "wip", text)
    comments = f"/data/projects/{studio.project['id']}/comments"
    whole = await studio.manager.ok("GET", comments)
    first, second = [await studio.manager.ok("GET", f"{comments}?page={page}&limit=2") for page in (1, 2)]
    assert set(first) == ENVELOPE and (first["total"], first["nb_pages"]) == (3, 2)
    assert ids(first["data"]) + ids(second["data"]) == ids(whole)
    assert "attachment_files" in first["data"][0]
    by_person = await studio.manager.ok("GET", f"{comments}?person_id={studio.manager.id}")
    assert ids(by_person) == ids(whole)
    notifications = f"/data/projects/{studio.project['id']}/notifications"
    listed = await admin.ok("GET", notifications)
    paged = await admin.ok("GET", f"{notifications}?page=1&limit=1")
    assert set(paged) == ENVELOPE and paged["total"] == len(listed) > 0 and len(paged["data"]) == 1
    nobody = await admin.ok("GET", f"{notifications}?page=1&person_id={studio.vendor.id}")
    assert (nobody["total"], nobody["nb_pages"], nobody["data"]) == (0, 0, [])
    # subscriptions stay a plain list, as the reference answers them
    assert isinstance(await admin.ok("GET", f"/data/projects/{studio.project['id']}/subscriptions?page=1"), list)
