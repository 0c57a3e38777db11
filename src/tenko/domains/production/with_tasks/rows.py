"""The with-tasks listings of each entity kind: selected columns, joins and positional row builders.

A row is built as a list of values in the order of the listing's ``fields`` (``tasks``
last), so the compact form is the list itself and the plain form ``dict(zip(fields, row))``.
``data`` is read as its JSON text and decoded with orjson, never through an ORM object.
Where the reference answers a missing ``preview_file_id`` / ``episode_id`` with ``""`` (its
shapes record a string there), so do these rows; elsewhere a missing id is ``null``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import ColumnElement, FromClause, Select, Text, case, cast, select

from tenko.core.errors import BadRequest
from tenko.domains.entities.models import ENTITY, ENTITY_CONCEPT_LINK, ENTITY_LINK
from tenko.domains.previews.models import PREVIEW_FILE
from tenko.domains.production.with_tasks.sql import id_text, texts
from tenko.domains.projects.models import PROJECT
from tenko.domains.studio.kinds import ASSET, BREAKDOWN_TYPE_NAMES, CONCEPT, EDIT, EPISODE, SCENE, SEQUENCE, SHOT
from tenko.domains.studio.models import ENTITY_TYPE

PARENT = ENTITY.alias("parent_entity")
GRANDPARENT = ENTITY.alias("grandparent_entity")

#: a side stream: entities of the listing's source -> (entity id, one value), ordered by entity id
SideQuery = Callable[[FromClause, Sequence[ColumnElement[bool]]], Select[Any]]
Builder = Callable[[Sequence[Any], Sequence[list[Any]]], list[Any]]


@dataclass(frozen=True)
class Listing:
    noun: str  # "shot": the header names its fields "shot_fields"
    type_name: str
    fields: tuple[str, ...]
    columns: tuple[Any, ...]
    source: FromClause
    kind_filter: ColumnElement[bool]
    build: Builder
    #: lists merged into each row besides the tasks (casting episodes, concept links)
    sides: tuple[SideQuery, ...] = ()
    #: the column holding the episode of a row, for ``episode_id=<id>|main``
    episode_column: Any = None
    episode_filter: Callable[[uuid.UUID | None], ColumnElement[bool]] | None = field(default=None)

    def episode_condition(self, raw: str | None) -> ColumnElement[bool] | None:
        """``episode_id=<id>`` one episode, ``main`` none (outside every episode), ``all`` or absent: no filter."""
        if raw is None or raw in ("", "all") or (self.episode_filter is None and self.episode_column is None):
            return None
        episode_id = None if raw == "main" else _episode_id(raw)
        if self.episode_filter is not None:
            return self.episode_filter(episode_id)
        column: ColumnElement[Any] = self.episode_column
        return column.is_(None) if episode_id is None else column == episode_id


def _episode_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError as exc:
        raise BadRequest("episode_id must be an episode id, 'main' or 'all'") from exc


def load_data(raw: str | None) -> Any:
    return orjson.loads(raw) if raw else {}


def _frames(data: Any) -> tuple[Any, Any, Any]:
    if not isinstance(data, dict):
        return None, None, None
    return data.get("fps"), data.get("frame_in"), data.get("frame_out")


def _type_is(name: str) -> ColumnElement[bool]:
    return ENTITY_TYPE.c.name == name


E = ENTITY.c
DATA = cast(E.data, Text)
BASE = ENTITY.join(ENTITY_TYPE, ENTITY_TYPE.c.id == E.entity_type_id)
WITH_PROJECT = BASE.join(PROJECT, PROJECT.c.id == E.project_id)


# --- shots: sequence parent, episode grandparent -------------------------------------------

SHOT_FIELDS = (
    "id", "name", "description", "canceled", "data", "nb_frames", "nb_entities_out", "is_casting_standby",
    "preview_file_id", "entity_type_id", "parent_id", "source_id", "project_id", "project_name",
    "sequence_id", "sequence_name", "episode_id", "episode_name", "fps", "frame_in", "frame_out", "type", "tasks",
)  # fmt: skip
SHOT_COLUMNS = texts(
    E.id, E.name, E.description, E.canceled, DATA, E.nb_frames, E.nb_entities_out, E.is_casting_standby,
    E.preview_file_id, E.entity_type_id, E.parent_id, E.source_id, E.project_id, PROJECT.c.name,
    PARENT.c.name, GRANDPARENT.c.id, GRANDPARENT.c.name,
)  # fmt: skip


def build_shot(row: Sequence[Any], sides: Sequence[list[Any]]) -> list[Any]:
    data = load_data(row[4])
    fps, frame_in, frame_out = _frames(data)
    return [
        row[0], row[1], row[2], bool(row[3]), data, row[5], row[6] or 0, bool(row[7]),
        row[8], row[9], row[10], row[11], row[12], row[13],
        row[10], row[14], row[15], row[16], fps, frame_in, frame_out, "Shot", sides[0],
    ]  # fmt: skip


PARENT_CHAIN = WITH_PROJECT.outerjoin(PARENT, PARENT.c.id == E.parent_id).outerjoin(
    GRANDPARENT, GRANDPARENT.c.id == PARENT.c.parent_id
)
SHOTS = Listing(
    "shot", "Shot", SHOT_FIELDS, SHOT_COLUMNS, PARENT_CHAIN, _type_is(str(SHOT.entity_type)), build_shot,
    episode_column=PARENT.c.parent_id,
)  # fmt: skip


# --- assets: any entity type that is not a breakdown kind -----------------------------------

ASSET_FIELDS = (
    "id", "name", "description", "canceled", "data", "preview_file_id", "asset_type_id", "asset_type_name",
    "episode_id", "casting_episode_ids", "is_casting_standby", "is_shared", "ready_for", "tasks",
)  # fmt: skip
ASSET_COLUMNS = texts(
    E.id, E.name, E.description, E.canceled, DATA, E.preview_file_id, E.entity_type_id, ENTITY_TYPE.c.name,
    E.source_id, E.is_casting_standby, E.is_shared, E.ready_for,
)  # fmt: skip


def build_asset(row: Sequence[Any], sides: Sequence[list[Any]]) -> list[Any]:
    return [
        row[0], row[1], row[2], bool(row[3]), load_data(row[4]), row[5] or "", row[6], row[7],
        row[8] or "", sides[1], bool(row[9]), bool(row[10]), row[11], sides[0],
    ]  # fmt: skip


CAST_IN = ENTITY.alias("cast_in")
CAST_IN_TYPE = ENTITY_TYPE.alias("cast_in_type")
CAST_SEQUENCE = ENTITY.alias("cast_sequence")
#: the episode a casting link places an asset in: the episode itself, or the shot's sequence's parent
CAST_EPISODE = case((CAST_IN_TYPE.c.name == EPISODE.entity_type, CAST_IN.c.id), else_=CAST_SEQUENCE.c.parent_id)
CASTING_SOURCE = (
    ENTITY_LINK.join(CAST_IN, CAST_IN.c.id == ENTITY_LINK.c.entity_in_id)
    .join(CAST_IN_TYPE, CAST_IN_TYPE.c.id == CAST_IN.c.entity_type_id)
    .outerjoin(CAST_SEQUENCE, CAST_SEQUENCE.c.id == CAST_IN.c.parent_id)
)


def casting_episodes(source: FromClause, conditions: Sequence[ColumnElement[bool]]) -> Select[Any]:
    """(asset id, episode id) for every episode an asset is cast in."""
    joined = source.join(CASTING_SOURCE, ENTITY_LINK.c.entity_out_id == E.id)
    return (
        select(id_text(ENTITY_LINK.c.entity_out_id), id_text(CAST_EPISODE))
        .select_from(joined)
        .where(*conditions, CAST_EPISODE.is_not(None))
        .group_by(ENTITY_LINK.c.entity_out_id, CAST_EPISODE)
        .order_by(ENTITY_LINK.c.entity_out_id, CAST_EPISODE)
    )


def asset_episode_filter(episode_id: uuid.UUID | None) -> ColumnElement[bool]:
    """Assets of an episode: created in it (``source_id``) or cast in it; ``main``: created outside any."""
    if episode_id is None:
        return E.source_id.is_(None)
    cast_in = select(ENTITY_LINK.c.entity_out_id).select_from(CASTING_SOURCE).where(CAST_EPISODE.__eq__(episode_id))
    return (E.source_id == episode_id) | E.id.in_(cast_in)


ASSETS = Listing(
    "asset", "Asset", ASSET_FIELDS, ASSET_COLUMNS, BASE, ENTITY_TYPE.c.name.not_in(sorted(BREAKDOWN_TYPE_NAMES)),
    build_asset, sides=(casting_episodes,), episode_filter=asset_episode_filter,
)  # fmt: skip
#: the entities cast in one entity (any kind), listed with the asset row shape
LINKED = ASSETS


# --- sequences, episodes, scenes: the light rows of the breakdown pages ---------------------

LIGHT_FIELDS = (
    "id", "name", "description", "canceled", "data", "status", "preview_file_id", "episode_id",
    "fps", "frame_in", "frame_out", "tasks",
)  # fmt: skip


def light_columns(episode: Any) -> tuple[Any, ...]:
    return texts(E.id, E.name, E.description, E.canceled, DATA, E.status, E.preview_file_id, episode)


def build_light(row: Sequence[Any], sides: Sequence[list[Any]]) -> list[Any]:
    data = load_data(row[4])
    fps, frame_in, frame_out = _frames(data)
    return [
        row[0], row[1], row[2], bool(row[3]), data, row[5], row[6] or "", row[7] or "",
        fps, frame_in, frame_out, sides[0],
    ]  # fmt: skip


SEQUENCES = Listing(
    "sequence", "Sequence", LIGHT_FIELDS, light_columns(E.parent_id), BASE, _type_is(str(SEQUENCE.entity_type)),
    build_light, episode_column=E.parent_id,
)  # fmt: skip
EPISODES = Listing(
    "episode", "Episode", LIGHT_FIELDS, light_columns(E.parent_id), BASE, _type_is(str(EPISODE.entity_type)),
    build_light, episode_column=E.id,
)  # fmt: skip
SCENE_SOURCE = BASE.outerjoin(PARENT, PARENT.c.id == E.parent_id)
SCENES = Listing(
    "scene", "Scene", LIGHT_FIELDS, light_columns(PARENT.c.parent_id), SCENE_SOURCE,
    _type_is(str(SCENE.entity_type)), build_light, episode_column=PARENT.c.parent_id,
)  # fmt: skip


# --- edits: episode parent ------------------------------------------------------------------

EDIT_FIELDS = (
    "id", "name", "description", "canceled", "data", "nb_entities_out", "preview_file_id", "entity_type_id",
    "parent_id", "source_id", "project_id", "project_name", "episode_id", "episode_name", "type", "tasks",
)  # fmt: skip
EDIT_COLUMNS = texts(
    E.id, E.name, E.description, E.canceled, DATA, E.nb_entities_out, E.preview_file_id, E.entity_type_id,
    E.parent_id, E.source_id, E.project_id, PROJECT.c.name, PARENT.c.name,
)  # fmt: skip


def build_edit(row: Sequence[Any], sides: Sequence[list[Any]]) -> list[Any]:
    return [
        row[0], row[1], row[2], bool(row[3]), load_data(row[4]), row[5] or 0, row[6], row[7],
        row[8], row[9], row[10], row[11], row[8], row[12], "Edit", sides[0],
    ]  # fmt: skip


EDITS = Listing(
    "edit", "Edit", EDIT_FIELDS, EDIT_COLUMNS, WITH_PROJECT.outerjoin(PARENT, PARENT.c.id == E.parent_id),
    _type_is(str(EDIT.entity_type)), build_edit, episode_column=E.parent_id,
)  # fmt: skip


# --- concepts: their linked entities and the status of their preview ------------------------

CONCEPT_FIELDS = (
    "id", "name", "description", "canceled", "data", "nb_frames", "nb_entities_out", "is_casting_standby",
    "preview_file_id", "preview_file_status", "entity_type_id", "parent_id", "source_id", "project_id",
    "project_name", "created_at", "updated_at", "created_by", "entity_concept_links", "fps", "frame_in",
    "frame_out", "type", "tasks",
)  # fmt: skip
CONCEPT_COLUMNS = texts(
    E.id, E.name, E.description, E.canceled, DATA, E.nb_frames, E.nb_entities_out, E.is_casting_standby,
    E.preview_file_id, PREVIEW_FILE.c.status, E.entity_type_id, E.parent_id, E.source_id, E.project_id,
    PROJECT.c.name, E.created_at, E.updated_at, E.created_by,
)  # fmt: skip


def build_concept(row: Sequence[Any], sides: Sequence[list[Any]]) -> list[Any]:
    data = load_data(row[4])
    fps, frame_in, frame_out = _frames(data)
    return [
        row[0], row[1], row[2], bool(row[3]), data, row[5], row[6] or 0, bool(row[7]),
        row[8], row[9], row[10], row[11], row[12], row[13], row[14], row[15], row[16], row[17],
        sides[1], fps, frame_in, frame_out, "Concept", sides[0],
    ]  # fmt: skip


def concept_links(source: FromClause, conditions: Sequence[ColumnElement[bool]]) -> Select[Any]:
    """(concept id, linked entity id), as the generic entity resource reads ``entity_concept_links``."""
    joined = source.join(ENTITY_CONCEPT_LINK, ENTITY_CONCEPT_LINK.c.entity_in_id == E.id)
    statement = select(
        id_text(ENTITY_CONCEPT_LINK.c.entity_in_id), id_text(ENTITY_CONCEPT_LINK.c.entity_out_id)
    ).select_from(joined)
    return statement.where(*conditions).order_by(
        ENTITY_CONCEPT_LINK.c.entity_in_id, ENTITY_CONCEPT_LINK.c.entity_out_id
    )


CONCEPTS = Listing(
    "concept", "Concept", CONCEPT_FIELDS, CONCEPT_COLUMNS,
    WITH_PROJECT.outerjoin(PREVIEW_FILE, PREVIEW_FILE.c.id == E.preview_file_id), _type_is(str(CONCEPT.entity_type)),
    build_concept, sides=(concept_links,),
)  # fmt: skip

#: the listing of each ``/data/<route>/with-tasks``
LISTINGS: dict[str, Listing] = {
    SHOT.route: SHOTS,
    ASSET.route: ASSETS,
    SEQUENCE.route: SEQUENCES,
    EPISODE.route: EPISODES,
    SCENE.route: SCENES,
    EDIT.route: EDITS,
    CONCEPT.route: CONCEPTS,
}
