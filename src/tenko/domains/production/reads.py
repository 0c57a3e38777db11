"""Reading breakdown entities: filtered lists, single records with their context, their tasks.

Every read is set-based: one statement for the rows (names are joined in), one per
relation or nested list, whatever the number of rows.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from tenko.core.access import Caller
from tenko.core.listing import (
    Paging,
    attach_relations,
    filters_from_query,
    only_fields,
    order_for,
    parse_bool,
    to_rows,
)
from tenko.core.resource import Row
from tenko.domains.entities.access import check_filtered_projects
from tenko.domains.entities.models import ENTITY, ENTITY_LINK, ENTITY_VERSION
from tenko.domains.entities.service import alias_conditions, entity_select, kind_resource, visible
from tenko.domains.entities.shapes import keep_names
from tenko.domains.projects.models import PROJECT
from tenko.domains.studio.kinds import ASSET, BREAKDOWN_TYPE_NAMES, CONCEPT, EDIT, SHOT, Kind
from tenko.domains.studio.models import ENTITY_TYPE, TASK_STATUS, TASK_TYPE
from tenko.domains.studio.resources import ENTITY_TYPES
from tenko.domains.tasks.models import SUBSCRIPTION, TASK, TASK_PERSON_LINK
from tenko.domains.tasks.reach import reach

#: the task fields a single entity carries in its ``tasks`` list
NESTED_TASK_FIELDS = (
    "id",
    "entity_id",
    "task_status_id",
    "task_type_id",
    "priority",
    "difficulty",
    "duration",
    "estimation",
    "retake_count",
    "nb_assets_ready",
    "nb_drawings",
    "start_date",
    "due_date",
    "end_date",
    "done_date",
    "real_start_date",
    "last_comment_date",
    "last_preview_file_id",
    "data",
)
#: the nested task fields each kind's single record leaves out (the reference's details differ)
NESTED_TASK_WITHOUT: dict[Kind, frozenset[str]] = {
    ASSET: frozenset({"nb_assets_ready", "nb_drawings"}),
    CONCEPT: frozenset({"difficulty", "done_date", "last_preview_file_id", "nb_drawings"}),
    EDIT: frozenset({"difficulty", "done_date", "nb_drawings"}),
}
#: kinds whose single record carries its tasks (as the reference answers)
KINDS_WITH_TASKS = frozenset({SHOT, ASSET, EDIT, CONCEPT})
#: kinds whose single record carries its relations (castings, links); the others' do not
KINDS_WITH_RELATIONS = frozenset({SHOT, ASSET, CONCEPT})
#: what a kind's single record leaves out of the row its loader read (an asset's episode is
#: ``episode_id``, its only context name besides its project and asset type)
DETAIL_WITHOUT: dict[Kind, tuple[str, ...]] = {ASSET: ("episode_name", "nb_frames", "source_id")}


async def list_entities(
    session: AsyncSession,
    caller: Caller,
    kind: Kind,
    params: QueryParams,
    *,
    conditions: tuple[ColumnElement[bool], ...] = (),
    refuse_foreign_project: bool = True,
    pages: bool = True,
    names: frozenset[str] = frozenset(),
) -> Any:
    """The entities of one kind matching the query filters, among those the caller may see, with
    ``names`` of the joined names (``shapes.context_names``)."""
    resource = kind_resource(kind)
    where = [*filters_from_query(resource, params), *alias_conditions(kind, params), *conditions]
    if refuse_foreign_project:
        check_filtered_projects(caller, params)
    where.append(visible(caller))
    statement = entity_select(kind).where(*where).order_by(*order_for(resource))
    paging = Paging.of(params, pages=pages)
    statement, total = await paging.window(session, statement)
    rows = keep_names(kind, to_rows(resource, await session.execute(statement)), names)
    if parse_bool(params.get("relations")):
        await attach_relations(session, resource, rows)
    elif kind is CONCEPT:
        await attach_relations(session, concept_links_resource(), rows)
    return paging.answer(only_fields(rows, params.get("fields")), total)


def concept_links_resource() -> Any:
    resource = kind_resource(CONCEPT)
    links = tuple(r for r in resource.relations if r.key == "entity_concept_links")
    return dataclasses.replace(resource, relations=links)


async def present_detail(session: AsyncSession, caller: Caller, kind: Kind, row: Row) -> Row:
    """A single entity: its context names, relations, frame range, tasks and (assets) the episodes
    casting it, as the reference's single GET of the kind answers."""
    if kind in KINDS_WITH_RELATIONS:
        await attach_relations(session, kind_resource(kind), [row])
    if kind is SHOT or kind is CONCEPT:
        data = row["data"] if isinstance(row.get("data"), dict) else {}
        for key in ("frame_in", "frame_out", "fps"):
            row[key] = data.get(key)
    if kind is CONCEPT:
        row["preview_file_status"] = None
    if kind is ASSET:
        row["episode_id"] = row.get("source_id")
        row["casting_episode_ids"] = await casting_episode_ids(session, row["id"])
    if kind in KINDS_WITH_TASKS:
        row["tasks"] = await nested_tasks(session, caller, kind, row["id"])
    for key in DETAIL_WITHOUT.get(kind, ()):
        row.pop(key, None)
    return row


async def casting_episode_ids(session: AsyncSession, asset_id: uuid.UUID) -> list[uuid.UUID]:
    """Episodes whose shots cast this asset (shot -> sequence -> episode)."""
    shot, sequence = ENTITY.alias("cast_shot"), ENTITY.alias("cast_sequence")
    joined = ENTITY_LINK.join(shot, shot.c.id == ENTITY_LINK.c.entity_in_id).join(
        sequence, sequence.c.id == shot.c.parent_id
    )
    statement = (
        select(sequence.c.parent_id)
        .select_from(joined)
        .where(ENTITY_LINK.c.entity_out_id == asset_id, sequence.c.parent_id.is_not(None))
        .distinct()
    )
    return list((await session.execute(statement)).scalars())


def nested_task_fields(kind: Kind) -> tuple[str, ...]:
    return tuple(name for name in NESTED_TASK_FIELDS if name not in NESTED_TASK_WITHOUT.get(kind, ()))


async def nested_tasks(session: AsyncSession, caller: Caller, kind: Kind, entity_id: uuid.UUID) -> list[Row]:
    fields = nested_task_fields(kind)
    statement = select(*(TASK.c[name] for name in fields)).where(TASK.c.entity_id == entity_id)
    statement = statement.where(reach(caller))
    tasks = [dict(row) for row in (await session.execute(statement.order_by(TASK.c.created_at))).mappings()]
    await attach_assignees(session, caller, tasks)
    return tasks


async def attach_assignees(session: AsyncSession, caller: Caller, tasks: list[Row]) -> None:
    """``assignees`` and ``is_subscribed`` (for the caller) of each task: two statements."""
    ids = [task["id"] for task in tasks]
    if not ids:
        return
    assignees: dict[Any, list[Any]] = defaultdict(list)
    statement = select(TASK_PERSON_LINK.c.task_id, TASK_PERSON_LINK.c.person_id).where(
        TASK_PERSON_LINK.c.task_id.in_(ids)
    )
    for task_id, person_id in (await session.execute(statement)).all():
        assignees[task_id].append(person_id)
    subscribed_query = select(SUBSCRIPTION.c.task_id).where(
        SUBSCRIPTION.c.task_id.in_(ids), SUBSCRIPTION.c.person_id == caller.id
    )
    subscribed = set((await session.execute(subscribed_query)).scalars())
    for task in tasks:
        task["assignees"] = assignees[task["id"]]
        task["is_subscribed"] = task["id"] in subscribed


async def task_rows(
    session: AsyncSession, caller: Caller, condition: ColumnElement[bool], project_id: uuid.UUID | None
) -> list[Row]:
    """Tasks matching ``condition`` with the names of their entity, type, status and project."""
    joined = (
        TASK.join(ENTITY, ENTITY.c.id == TASK.c.entity_id)
        .join(ENTITY_TYPE, ENTITY_TYPE.c.id == ENTITY.c.entity_type_id)
        .join(PROJECT, PROJECT.c.id == TASK.c.project_id)
        .outerjoin(TASK_TYPE, TASK_TYPE.c.id == TASK.c.task_type_id)
        .outerjoin(TASK_STATUS, TASK_STATUS.c.id == TASK.c.task_status_id)
    )
    statement = (
        select(
            *TASK.c,
            ENTITY.c.name.label("entity_name"),
            ENTITY_TYPE.c.name.label("entity_type_name"),
            PROJECT.c.name.label("project_name"),
            TASK_TYPE.c.name.label("task_type_name"),
            TASK_STATUS.c.name.label("task_status_name"),
        )
        .select_from(joined)
        .where(condition)
        .order_by(ENTITY.c.name, TASK_TYPE.c.priority, TASK.c.id)
    )
    statement = statement.where(reach(caller))
    rows = [dict(row) for row in (await session.execute(statement)).mappings()]
    for row in rows:
        row["type"] = "Task"
    return rows


async def task_types_of(session: AsyncSession, caller: Caller, condition: ColumnElement[bool]) -> list[Row]:
    """The task types of the tasks matching ``condition`` (ordered as the project shows them)."""
    used = select(TASK.c.task_type_id).where(condition)
    statement = select(TASK_TYPE).where(TASK_TYPE.c.id.in_(used)).order_by(TASK_TYPE.c.priority, TASK_TYPE.c.name)
    rows = [dict(row) for row in (await session.execute(statement)).mappings()]
    for row in rows:
        row["type"] = "TaskType"
    return rows


async def versions_of(session: AsyncSession, entity_id: uuid.UUID) -> list[Row]:
    statement = (
        select(ENTITY_VERSION)
        .where(ENTITY_VERSION.c.entity_id == entity_id)
        .order_by(ENTITY_VERSION.c.created_at.desc(), ENTITY_VERSION.c.id)
    )
    rows = [dict(row) for row in (await session.execute(statement)).mappings()]
    for row in rows:
        row["type"] = "EntityVersion"
    return rows


async def asset_type_rows(session: Any, where: ColumnElement[bool], params: Any = None) -> list[Row]:
    conditions = [ASSET_TYPE_CONDITION, where]
    if params is not None:
        conditions += filters_from_query(ENTITY_TYPES, params)
    statement = select(*ENTITY_TYPES.visible_columns).where(*conditions).order_by(ENTITY_TYPE.c.name)
    rows = to_rows(ENTITY_TYPES, await session.execute(statement))
    for row in rows:
        row["type"] = "AssetType"
    return rows


ASSET_TYPE_CONDITION = ENTITY_TYPE.c.name.not_in(sorted(BREAKDOWN_TYPE_NAMES))
