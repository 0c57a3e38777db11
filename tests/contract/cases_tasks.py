"""Calls of the task, comment, preview and time routes: new tasks and comments for what they change."""

from __future__ import annotations

import datetime as dt

from tests.contract.calls import Call, case
from tests.contract.world import World, comment
from tests.entities.factory import task_type_id
from tests.support import unique_name

YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


@case("PUT /actions/tasks/clear-assignation")
async def _clear_assignation(world: World) -> Call:
    return Call(body={"task_ids": [(await world.task())["id"]]})


@case("PUT /actions/tasks/set-main-preview")
async def _main_previews(world: World) -> Call:
    return Call(body={"task_ids": [world.id("shot_task")]})


@case("PUT /actions/tasks/set-priority")
async def _priority(world: World) -> Call:
    return Call(body={"task_ids": [(await world.task())["id"]], "priority": 2})


@case("PUT /actions/tasks/{task_id}/assign")
async def _assign(world: World) -> Call:
    return Call(params={"task_id": (await world.task())["id"]}, body={"person_id": world.artist.id})


@case("POST /actions/tasks/{task_id}/comment")
async def _comment(world: World) -> Call:
    task = await world.task()
    return Call(params={"task_id": task["id"]}, body={"task_status_id": task["task_status_id"], "comment": "ok"})


@case("POST /actions/projects/{project_id}/tasks/comment-many")
async def _comment_many(world: World) -> Call:
    task = await world.task()
    return Call(body=[{"task_id": task["id"], "task_status_id": task["task_status_id"], "comment": "all good"}])


@case("POST /actions/tasks/{task_id}/comments/{comment_id}/add-attachment")
async def _attach(world: World) -> Call:
    return Call(files={"file": ("more.txt", b"more", "text/plain")})


@case("POST /actions/tasks/{task_id}/comments/{comment_id}/add-preview")
async def _add_preview(world: World) -> Call:
    return Call(params={"comment_id": (await world.comment())["id"]}, body={})


@case("POST /actions/tasks/{task_id}/comments/{comment_id}/preview-files/{preview_file_id}")
async def _extra_preview(world: World) -> Call:
    return Call(body={})


@case("DELETE /actions/tasks/{task_id}/comments/{comment_id}/preview-files/{preview_file_id}")
async def _remove_preview(world: World) -> Call:
    made = await world.comment()
    path = f"/actions/tasks/{world.id('shot_task')}/comments/{made['id']}/add-preview"
    preview = await world.admin.ok("POST", path, {})
    return Call(params={"comment_id": made["id"], "preview_file_id": preview["id"]})


@case("POST /actions/tasks/{task_id}/comments/{comment_id}/move")
async def _move(world: World) -> Call:
    entity = await world.entity()
    source, target = await world.task(entity), await world.task(entity, "Shading")
    made = await comment(world.admin, source, "moved")
    return Call(params={"task_id": source["id"], "comment_id": made["id"]}, body={"target_task_id": target["id"]})


@case("PUT /actions/tasks/{task_id}/set-main-preview")
async def _main_preview(world: World) -> Call:
    return Call(body={})


@case("DELETE /data/comments/{instance_id}")
async def _remove_comment(world: World) -> Call:
    return Call(params={"instance_id": (await world.comment())["id"]})


@case("DELETE /data/tasks/{task_id}/comments/{comment_id}")
async def _delete_comment(world: World) -> Call:
    return Call(params={"comment_id": (await world.comment())["id"]})


@case("POST /data/tasks/{task_id}/comments/{comment_id}/reply")
async def _reply(world: World) -> Call:
    return Call(body={"text": "a reply"})


@case("DELETE /data/tasks/{task_id}/comments/{comment_id}/reply/{reply_id}")
async def _delete_reply(world: World) -> Call:
    path = f"/data/tasks/{world.id('shot_task')}/comments/{world.id('comment')}/reply"
    reply = await world.admin.ok("POST", path, {"text": "soon gone"}, status=200)
    return Call(params={"reply_id": reply["id"]})


@case("DELETE /data/tasks/{task_id}/comments/{comment_id}/attachments/{attachment_file_id}")
async def _delete_attachment(world: World) -> Call:
    path = f"/actions/tasks/{world.id('shot_task')}/comments/{world.id('comment')}/add-attachment"
    response = await world.admin.post(path, files={"file": ("gone.txt", b"gone", "text/plain")})
    assert response.status_code == 201, response.text
    return Call(params={"attachment_file_id": response.json()[0]["id"]})


@case(
    "POST /actions/tasks/{task_id}/time-spents/{date}/persons/{person_id}",
    "POST /actions/tasks/{task_id}/time-spents/{date}/persons/{person_id}/add",
)
async def _time(world: World) -> Call:
    return Call(params={"date": YESTERDAY}, body={"duration": 600})


@case("DELETE /actions/tasks/{task_id}/time-spents/{date}/persons/{person_id}")
async def _remove_time(world: World) -> Call:
    task = await world.task()
    path = f"/actions/tasks/{task['id']}/time-spents/{YESTERDAY}/persons/{world.admin.id}"
    await world.admin.ok("POST", path, {"duration": 600})
    return Call(params={"task_id": task["id"], "date": YESTERDAY})


@case("POST /actions/projects/{project_id}/delete-tasks")
async def _delete_tasks(world: World) -> Call:
    return Call(body=[(await world.task())["id"]])


@case("DELETE /actions/projects/{project_id}/task-types/{task_type_id}/delete-tasks")
async def _delete_tasks_of_type(world: World) -> Call:
    """Every task of the type goes: a task type of its own."""
    task_type = await world.new_task_type("Asset")
    await world.task(task_type=task_type["name"])
    return Call(params={"task_type_id": task_type["id"]})


@case(
    "POST /actions/projects/{project_id}/task-types/{task_type_id}/assets/create-tasks",
    "POST /actions/projects/{project_id}/task-types/{task_type_id}/concepts/create-tasks",
    "POST /actions/projects/{project_id}/task-types/{task_type_id}/edits/create-tasks",
    "POST /actions/projects/{project_id}/task-types/{task_type_id}/shots/create-tasks",
)
async def _create_tasks(world: World) -> Call:
    """A task type the world's entities have no task of, so that tasks are made."""
    task_type = await world.new_task_type("Asset")
    return Call(params={"task_type_id": task_type["id"]})


@case("POST /actions/projects/{project_id}/task-types/{task_type_id}/create-tasks/{entity_type}")
async def _create_tasks_of_kind(world: World) -> Call:
    task_type = await world.new_task_type("Sequence")
    return Call(params={"task_type_id": task_type["id"], "entity_type": "sequences"})


@case("POST /actions/projects/{project_id}/task-types/{task_type_id}/set-shot-nb-frames")
async def _nb_frames(world: World) -> Call:
    return Call(body={})


@case("POST /actions/projects/{project_id}/tasks/copy-client-comments")
async def _copy_client_comments(world: World) -> Call:
    return Call(body={"task_ids": [world.id("shot_task")], "prefix": "from the client"})


@case("POST /data/entities/{entity_id}/tasks")
async def _entity_tasks(world: World) -> Call:
    entity = await world.entity()
    return Call(
        params={"entity_id": entity["id"]}, body={"task_type_ids": [await task_type_id(world.admin, "Modeling")]}
    )


@case("POST /actions/task-types/reorder")
async def _reorder_task_types(world: World) -> Call:
    """A task type of its own: the studio's are shared with the other tests."""
    return Call(body={"task_type_ids": [(await world.fresh("task-types"))["id"]]})


@case("POST /actions/projects/{project_id}/task-type-links/reorder")
async def _reorder_type_links(world: World) -> Call:
    return Call(body={"task_type_ids": [world.id("task_type")]})


@case("POST /actions/projects/{project_id}/task-status-links/reorder")
async def _reorder_status_links(world: World) -> Call:
    return Call(body={"task_status_ids": [world.id("task_status")]})


@case("POST /data/tasks/{task_id}/comments/{comment_id}/ack")
async def _ack(world: World) -> Call:
    return Call(params={"comment_id": (await world.comment(text=unique_name("ack")))["id"]})


@case("POST /data/task-status-links")
async def _status_link(world: World) -> Call:
    status = await world.fresh("task-status")
    return Call(body={"project_id": world.project_id, "task_status_id": status["id"]})


@case("POST /data/task-type-links")
async def _type_link(world: World) -> Call:
    task_type = await world.fresh("task-types")
    return Call(body={"project_id": world.project_id, "task_type_id": task_type["id"]})


@case("GET /data/tasks/{task_id}/full")
async def _full_task(world: World) -> Call:
    """An asset's task, as shapes.json recorded (a shot's task also carries its ``sequence``)."""
    return Call(params={"task_id": world.id("asset_task")})
