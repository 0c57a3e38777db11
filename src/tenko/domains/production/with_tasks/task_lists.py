"""Flat task lists under a container: the shot tasks of a sequence or an episode, the asset and
edit tasks of an episode. One query with the joined names (plus one for assignees when
``relations=true``), whatever the number of tasks.
"""

from __future__ import annotations

from typing import Annotated, Any

from sqlalchemy import ColumnElement, select

from tenko.core import answers
from tenko.core.db import DbSession
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import parse_bool
from tenko.domains.entities.access import EntityInTeam, team_entity_loader
from tenko.domains.entities.models import ENTITY
from tenko.domains.production.with_tasks.rows import PARENT, asset_episode_filter
from tenko.domains.production.with_tasks.visibility import Visibility, project_visibility
from tenko.domains.projects.models import PROJECT
from tenko.domains.studio.kinds import BREAKDOWN_TYPE_NAMES, EDIT, SHOT
from tenko.domains.studio.models import ENTITY_TYPE, TASK_STATUS, TASK_TYPE
from tenko.domains.tasks.models import TASK, TASK_PERSON_LINK
from tenko.domains.tasks.resources import TASKS

router = api_router(tags=["breakdown"])

SOURCE = (
    TASK.join(ENTITY, ENTITY.c.id == TASK.c.entity_id)
    .join(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
    .join(PROJECT, PROJECT.c.id == TASK.c.project_id)
    .join(TASK_STATUS, TASK_STATUS.c.id == TASK.c.task_status_id)
    .join(TASK_TYPE, TASK_TYPE.c.id == TASK.c.task_type_id)
)
#: any entity id is accepted (the reference does not check the kind): its project's team passes
Sequence = Annotated[EntityInTeam, team_entity_loader("sequence_id")("team")]
Episode = Annotated[EntityInTeam, team_entity_loader("episode_id")("team")]
COLUMNS = (
    *TASK.c,
    ENTITY.c.name.label("entity_name"),
    ENTITY_TYPE.c.name.label("entity_type_name"),
    PROJECT.c.name.label("project_name"),
    TASK_STATUS.c.name.label("task_status_name"),
    TASK_TYPE.c.name.label("task_type_name"),
)


NAMES = ("entity_name", "entity_type_name", "project_name", "task_status_name", "task_type_name")
#: the task rows (``assignees`` with ``relations=true``)
TASK_LIST = answers.many(TASKS, extra={**dict.fromkeys(NAMES, answers.STRING), "assignees": answers.ID_LIST})


async def task_list(
    session: Any, view: Visibility, conditions: list[ColumnElement[bool]], relations: bool, parents: bool = False
) -> list[dict[str, Any]]:
    source = SOURCE.outerjoin(PARENT, PARENT.c.id == ENTITY.c.parent_id) if parents else SOURCE
    where = [*conditions, view.entities(ENTITY), view.tasks()]
    statement = select(*COLUMNS).select_from(source).where(*where).order_by(ENTITY.c.name, TASK_TYPE.c.name, TASK.c.id)
    rows = [{**row, "type": "Task"} for row in (await session.execute(statement)).mappings()]
    if relations and rows:
        by_task: dict[Any, list[Any]] = {row["id"]: [] for row in rows}
        listed = select(TASK.c.id).select_from(source).where(*where)
        linked = select(TASK_PERSON_LINK.c.task_id, TASK_PERSON_LINK.c.person_id).where(
            TASK_PERSON_LINK.c.task_id.in_(listed)
        )
        for task_id, person_id in (await session.execute(linked)).all():
            if task_id in by_task:
                by_task[task_id].append(person_id)
        for row in rows:
            row["assignees"] = by_task[row["id"]]
    return rows


@router.get("/data/sequences/{sequence_id}/shot-tasks", summary="The tasks of the shots of a sequence", **TASK_LIST)
async def sequence_shot_tasks(sequence: Sequence, session: DbSession, relations: str | None = None) -> JSONResponse:
    """The tasks of the shots of a sequence."""
    view = project_visibility(sequence.caller, sequence.project_id)
    conditions = [ENTITY_TYPE.c.name == SHOT.entity_type, ENTITY.c.parent_id == sequence.id]
    return JSONResponse(await task_list(session, view, conditions, parse_bool(relations)))


@router.get("/data/episodes/{episode_id}/shot-tasks", summary="The tasks of the shots of an episode", **TASK_LIST)
async def episode_shot_tasks(episode: Episode, session: DbSession, relations: str | None = None) -> JSONResponse:
    """The tasks of the shots of an episode."""
    view = project_visibility(episode.caller, episode.project_id)
    conditions = [ENTITY_TYPE.c.name == SHOT.entity_type, PARENT.c.parent_id == episode.id]
    return JSONResponse(await task_list(session, view, conditions, parse_bool(relations), parents=True))


@router.get("/data/episodes/{episode_id}/asset-tasks", summary="The tasks of the assets of an episode", **TASK_LIST)
async def episode_asset_tasks(episode: Episode, session: DbSession, relations: str | None = None) -> JSONResponse:
    """The tasks of the assets of an episode."""
    view = project_visibility(episode.caller, episode.project_id)
    conditions = [ENTITY_TYPE.c.name.not_in(sorted(BREAKDOWN_TYPE_NAMES)), asset_episode_filter(episode.id)]
    return JSONResponse(await task_list(session, view, conditions, parse_bool(relations)))


@router.get("/data/episodes/{episode_id}/edit-tasks", summary="The tasks of the edits of an episode", **TASK_LIST)
async def episode_edit_tasks(episode: Episode, session: DbSession, relations: str | None = None) -> JSONResponse:
    """The tasks of the edits of an episode."""
    view = project_visibility(episode.caller, episode.project_id)
    conditions = [ENTITY_TYPE.c.name == EDIT.entity_type, ENTITY.c.parent_id == episode.id]
    return JSONResponse(await task_list(session, view, conditions, parse_bool(relations)))
