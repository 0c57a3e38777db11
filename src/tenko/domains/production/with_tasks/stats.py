"""Production statistics of the episode pages, computed by GROUP BY queries.

Both answers are keyed ``{episode id | "all": {task type id | "all": ...}}`` over the shot
tasks of a project (canceled shots left out; shots outside any episode count in ``"all"``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.db import DbSession
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.domains.entities.models import ENTITY
from tenko.domains.production.with_tasks.rows import PARENT
from tenko.domains.production.with_tasks.visibility import Visibility, project_visibility
from tenko.domains.projects.access import MemberProject
from tenko.domains.studio.kinds import SHOT
from tenko.domains.studio.models import ENTITY_TYPE, TASK_STATUS
from tenko.domains.tasks.models import TASK

router = api_router(tags=["breakdown"])

EPISODE_ID = PARENT.c.parent_id
SOURCE = (
    TASK.join(ENTITY, ENTITY.c.id == TASK.c.entity_id)
    .join(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
    .join(TASK_STATUS, TASK_STATUS.c.id == TASK.c.task_status_id)
    .outerjoin(PARENT, PARENT.c.id == ENTITY.c.parent_id)
)
AMOUNTS = (
    func.count(TASK.c.id),
    func.coalesce(func.sum(ENTITY.c.nb_frames), 0),
    func.coalesce(func.sum(TASK.c.nb_drawings), 0),
)


def shot_tasks(view: Visibility) -> list[ColumnElement[bool]]:
    return [
        ENTITY_TYPE.c.name == SHOT.entity_type,
        or_(ENTITY.c.canceled.is_(None), ENTITY.c.canceled == false()),
        view.entities(ENTITY),
        view.tasks(),
    ]


def _keys(episode_id: Any, task_type_id: Any) -> Iterable[tuple[str, str]]:
    """Every (episode, task type) bucket a group of tasks adds to, the "all" ones included."""
    task_type = str(task_type_id)
    episodes = ["all"] if episode_id is None else [str(episode_id), "all"]
    for episode in episodes:
        yield episode, task_type
        yield episode, "all"


async def episode_stats(session: AsyncSession, view: Visibility) -> dict[str, Any]:
    statement = (
        select(
            EPISODE_ID, TASK.c.task_type_id, TASK.c.task_status_id, TASK_STATUS.c.short_name, TASK_STATUS.c.color,
            *AMOUNTS,
        )
        .select_from(SOURCE)
        .where(*shot_tasks(view))
        .group_by(EPISODE_ID, TASK.c.task_type_id, TASK.c.task_status_id, TASK_STATUS.c.short_name, TASK_STATUS.c.color)
    )  # fmt: skip
    results: dict[str, Any] = {"all": {"all": {}}}
    for episode_id, task_type_id, status_id, short_name, color, count, frames, drawings in await session.execute(
        statement
    ):
        for episode, column in _keys(episode_id, task_type_id):
            bucket = results.setdefault(episode, {}).setdefault(column, {})
            entry = bucket.setdefault(
                str(status_id), {"name": short_name, "color": color, "count": 0, "frames": 0, "drawings": 0}
            )
            entry["count"] += int(count)
            entry["frames"] += int(frames)
            entry["drawings"] += int(drawings)
    return results


def _amounts() -> dict[str, int]:
    return {"count": 0, "frames": 0, "drawings": 0}


def _retake_column() -> dict[str, Any]:
    return {"max_retake_count": 0, "done": _amounts(), "retake": _amounts(), "other": _amounts(), "evolution": {}}


def _add(target: dict[str, int], count: int, frames: int, drawings: int) -> None:
    target["count"] += count
    target["frames"] += frames
    target["drawings"] += drawings


def _add_takes(column: dict[str, Any], retakes: int, state: str, amounts: tuple[int, int, int]) -> None:
    """A task retaken ``retakes`` times was sent back at takes 1..retakes and is now at take retakes + 1."""
    for take in range(1, retakes + 2):
        evolution = column["evolution"].setdefault(
            str(take), {"count": 0, "retake": _amounts(), "done": _amounts(), "other": _amounts()}
        )
        evolution["count"] += amounts[0]
        _add(evolution["retake" if take <= retakes else state], *amounts)


async def episode_retake_stats(session: AsyncSession, view: Visibility) -> dict[str, Any]:
    retakes = func.coalesce(TASK.c.retake_count, 0)
    statement = (
        select(
            EPISODE_ID, TASK.c.task_type_id, retakes, TASK_STATUS.c.is_done, TASK_STATUS.c.is_retake, *AMOUNTS
        )
        .select_from(SOURCE)
        .where(*shot_tasks(view))
        .group_by(EPISODE_ID, TASK.c.task_type_id, retakes, TASK_STATUS.c.is_done, TASK_STATUS.c.is_retake)
    )  # fmt: skip
    results: dict[str, Any] = {"all": {"all": _retake_column()}}
    for episode_id, task_type_id, retake_count, is_done, is_retake, count, frames, drawings in await session.execute(
        statement
    ):
        state = "done" if is_done else "retake" if is_retake else "other"
        amounts = (int(count), int(frames), int(drawings))
        for episode, column_id in _keys(episode_id, task_type_id):
            column = results.setdefault(episode, {}).setdefault(column_id, _retake_column())
            column["max_retake_count"] = max(column["max_retake_count"], int(retake_count))
            _add(column[state], *amounts)
            _add_takes(column, int(retake_count), state, amounts)
    return results


def by_episode_and_task_type(value: dict[str, Any]) -> dict[str, Any]:
    """``{episode id | "all": {task type id | "all": value}}``."""
    by_type = {"type": "object", "additionalProperties": value}
    return {"type": "object", "properties": {"all": by_type}, "additionalProperties": by_type}


def by_status(value: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": value}


AMOUNTS_SCHEMA = answers.object_of(
    {"name": answers.STRING, "color": answers.STRING, **dict.fromkeys(("count", "frames", "drawings"), answers.INTEGER)}
)
_TAKE_AMOUNTS = answers.object_of(dict.fromkeys(("count", "frames", "drawings"), answers.INTEGER))
RETAKE_COLUMN = answers.object_of(
    {
        "max_retake_count": answers.INTEGER,
        "done": _TAKE_AMOUNTS,
        "retake": _TAKE_AMOUNTS,
        "other": _TAKE_AMOUNTS,
        "evolution": {"type": "object", "additionalProperties": answers.OBJECT},
    }
)


@router.get(
    "/data/projects/{project_id}/episodes/stats",
    summary="Shot task counts, frames and drawings per episode, task type and task status",
    **answers.answer(by_episode_and_task_type(by_status(AMOUNTS_SCHEMA)), 200, "Counts by episode and task type"),
)
async def project_episode_stats(project: MemberProject, session: DbSession) -> JSONResponse:
    """Shot task counts, frames and drawings per episode, task type and task status."""
    view = project_visibility(project.caller, project.id)
    return JSONResponse(await episode_stats(session, view))


@router.get(
    "/data/projects/{project_id}/episodes/retake-stats",
    summary="Shot task retakes per episode and task type: done, retake, other, and their evolution per take",
    **answers.answer(by_episode_and_task_type(RETAKE_COLUMN), 200, "Retakes by episode and task type"),
)
async def project_episode_retake_stats(project: MemberProject, session: DbSession) -> JSONResponse:
    """Shot task retakes per episode and task type: done, retake, other, and their evolution per take."""
    view = project_visibility(project.caller, project.id)
    return JSONResponse(await episode_retake_stats(session, view))
