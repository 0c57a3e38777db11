"""Ids in bodies are judged like path ids, on every write of a record (``records.create/modify``).

The references a body may carry come from the models: each foreign key, each column marked
``refers_to`` (a comment's ``object_id``, a schedule item's sequence or asset type), each key of
the items of a JSON list marked ``items_refer_to`` (a playlist's ``shots``) and each writable
many-to-many relation (a task's ``assignees``, a comment's ``previews``). Each id a write sets
(an id the record already holds is not judged again) names a record that

- exists (400 naming the field: ``records.check_references``, before the write hooks);
- belongs to the project of the record written, when both belong to one (400);
- the caller may read, by the read rule of its own resource, as a path id would be (403);

and an existing record never moves to another project (400). How a referenced row reaches its
project and who may read it are the ``scope`` and ``policy.read`` of its table's resource, found
in the catalogue the app hands to each session (``api.REFERABLE``): this module names no table.
A resource may let a reference name a record that another project shares
(``Resource.shared_references``: a shared asset cast in another project's shot).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import Caller, Target
from tenko.core.errors import Forbidden, validation_error
from tenko.core.model import item_reference_targets, reference_targets
from tenko.core.resource import Resource, Row

#: where the session keeps the app's catalogue (``core/db.py`` puts it there)
SESSION_KEY = "references"
#: the label of a referenced row's project in the query that reads it
PROJECT_LABEL = "referenced_project_id"

Projects = frozenset[uuid.UUID]


class Catalogue:
    """For each table, the resource that answers for its rows: how they reach their project
    and who may read them (the first resource declared for a table: the generic one)."""

    def __init__(self, resources: Iterable[Resource]) -> None:
        self._by_table: dict[Any, Resource] = {}
        for resource in resources:
            self._by_table.setdefault(resource.table, resource)

    def resource_of(self, table: Any) -> Resource | None:
        return self._by_table.get(table)


def catalogue_of(session: AsyncSession) -> Catalogue:
    catalogue = session.info.get(SESSION_KEY)
    if not isinstance(catalogue, Catalogue):
        # never write without it: every id of the body would be trusted
        raise RuntimeError("this session has no reference catalogue: open it with core.db.get_session")
    return catalogue


@dataclass
class Verdict:
    """What the references of one body came to: 400 problems first, then 403 refusals."""

    problems: list[dict[str, str]] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    def raise_any(self) -> None:
        if self.problems:
            raise validation_error(self.problems, "Invalid reference")
        if self.refusals:
            raise Forbidden("; ".join(self.refusals))


@dataclass(frozen=True)
class Reference:
    """A body key that holds ids: a column (one id), a relation (a list of ids) or a key of the
    items of a JSON list column (``item_key``: a playlist's ``shots[].preview_file_id``)."""

    field: str
    targets: tuple[Column[Any], ...]  # the key columns the ids are looked up in, in order
    is_column: bool
    item_key: str | None = None

    @property
    def label(self) -> str:
        """How errors and ``x-policy`` name it."""
        return f"{self.field}[].{self.item_key}" if self.item_key else self.field

    def ids_in(self, values: Mapping[str, Any], relations: Mapping[str, Sequence[Any]], verdict: Verdict) -> list[Any]:
        """The ids this key of a body sets (a malformed id in a JSON item is a problem of the verdict)."""
        if self.item_key is None:
            if not self.is_column:
                return list(relations.get(self.field) or [])
            return [] if values.get(self.field) is None else [values[self.field]]
        items = values.get(self.field)
        found = []
        for item in items if isinstance(items, list) else []:
            value = item.get(self.item_key) if isinstance(item, dict) else None
            if value is not None and _as_id(value) is None:
                verdict.problems.append({"field": self.label, "message": f"{str(value)[:60]!r} is not a UUID"})
            elif value is not None:
                found.append(_as_id(value))
        return found


@functools.cache
def references_of(resource: Resource) -> tuple[Reference, ...]:
    """Every key of a body of ``resource`` that names other records, from its model."""
    found = [
        Reference(column.name, reference_targets(column), True)
        for column in resource.table.columns
        if reference_targets(column)
    ]
    found += [
        Reference(relation.key, reference_targets(relation.remote_column), False)
        for relation in resource.relations
        if relation.writable
    ]
    found += [
        Reference(column.name, targets, False, key)
        for column in resource.table.columns
        for key, targets in item_reference_targets(column).items()
    ]
    return tuple(found)


def policy_words(resource: Resource) -> str | None:
    """The body check of a write, in the words ``x-policy`` shows (None: no body key names a record)."""
    fields = [reference.label for reference in references_of(resource)]
    if not fields:
        return None
    shared = "".join(
        f"; {key} may also name another project's record whose {flag} is true"
        for key, flag in resource.shared_references.items()
    )
    return (
        f"each id it sets ({', '.join(fields)}) names an existing record (400) that the caller may read"
        f" (403), of the record's own project when both belong to one (400){shared};"
        " a record never moves to another project (400)"
    )


def _as_id(value: Any) -> uuid.UUID | None:
    try:
        return None if value is None else uuid.UUID(str(value))
    except ValueError:
        return None


def _same_id(value: Any, other: Any) -> bool:
    return _as_id(value) == _as_id(other)


def refuse_project_change(resource: Resource, body: Mapping[str, Any], current: Row) -> None:
    """``project_id`` is never written by an update: sent back unchanged it is ignored (clients
    send whole records back), changed it is refused: a record does not move to another project."""
    if "project_id" not in body or "project_id" not in resource.table.c:
        return
    if _same_id(body["project_id"], current.get("project_id")) and (
        body["project_id"] is None or _as_id(body["project_id"]) is not None
    ):
        return
    raise _moved(resource, "project_id")


def _moved(resource: Resource, key: str) -> Exception:
    message = f"a {resource.type_name} cannot move to another project"
    return validation_error([{"field": key, "message": message}], "Refused")


async def _projects_of(session: AsyncSession, resource: Resource, values: Mapping[str, Any]) -> Projects:
    return frozenset() if resource.scope is None else await resource.scope.project_ids_of(session, values)


async def judge_body(
    session: AsyncSession,
    caller: Caller,
    resource: Resource,
    values: Mapping[str, Any],
    relations: Mapping[str, Sequence[uuid.UUID]],
    current: Row | None,
) -> None:
    """Judge every id a write sets (``values``, ``relations``) against the record as it will be."""
    catalogue = catalogue_of(session)
    named = references_of(resource)
    if not any(values.get(ref.field) is not None or relations.get(ref.field) for ref in named):
        return  # nothing the write sets names a record (an update of a name or a date)
    record = {**(current or {}), **values}
    projects = await _projects_of(session, resource, record)
    claimed: Mapping[str, Any] = values
    if current is not None:
        before = await _projects_of(session, resource, current)
        if before and projects and projects != before:
            raise _moved(resource, resource.scope.entry_column if resource.scope else "project_id")
        if projects and not before:  # a record that joins a project: all it holds is judged
            claimed = record
        else:  # an id the record already holds is no new claim
            claimed = {key: value for key, value in values.items() if current.get(key) != value}
    verdict = Verdict()
    for reference in named:
        ids = reference.ids_in(claimed, relations, verdict)
        if ids:
            await _judge(session, caller, catalogue, resource, reference, ids, projects, verdict)
    verdict.raise_any()


def _read_without_row(owner: Resource | None) -> bool:
    """Studio data anyone may read (people, task types): existing is all that is asked."""
    return owner is None or (owner.scope is None and not owner.policy.read.needs_target)


async def _judge(
    session: AsyncSession,
    caller: Caller,
    catalogue: Catalogue,
    holder: Resource,
    reference: Reference,
    ids: list[Any],
    projects: Projects,
    verdict: Verdict,
) -> None:
    key = reference.label
    flag = holder.shared_references.get(key)
    left = list(dict.fromkeys(ids))
    for target in reference.targets:
        owner = catalogue.resource_of(target.table)
        if len(reference.targets) == 1 and _read_without_row(owner):
            if owner is not None and not owner.policy.read.allows(caller, None):
                verdict.refusals.append(f"{key}: you may not read these {owner.type_name} records")
            return
        found = await _rows(session, target, owner, left)
        left = [record_id for record_id in left if record_id not in found]
        noun = owner.type_name if owner is not None else str(target.table.name)
        for record_id, (row, row_projects) in found.items():
            if owner is not None and owner.facts is not None:  # what its read rule needs beyond columns
                row = {**row, **await owner.facts(session, row)}
            shared = flag is not None and bool(row.get(flag))
            if projects and row_projects and row_projects != projects and not shared:
                verdict.problems.append({"field": key, "message": f"the {noun} {record_id} belongs to another project"})
            elif owner is not None and not shared and not owner.policy.read.allows(caller, Target(row_projects, row)):
                verdict.refusals.append(f"{key}: you may not read the {noun} {record_id}")
    if left:  # a reference to several tables is found in none (its foreign-key twin is checked earlier)
        verdict.problems.append({"field": key, "message": f"unknown ids {', '.join(str(i) for i in left[:5])}"})


async def _rows(
    session: AsyncSession, target: Column[Any], owner: Resource | None, ids: list[Any]
) -> dict[Any, tuple[Row, Projects]]:
    """The referenced rows by id, with the project each belongs to (one query)."""
    if owner is None:
        statement = select(target).where(target.in_(ids))
        return {value: ({}, frozenset()) for value in (await session.execute(statement)).scalars()}
    if owner.scope is None:
        statement = select(*owner.visible_columns).where(target.in_(ids))
        return {row[target.name]: (dict(row), frozenset()) for row in (await session.execute(statement)).mappings()}
    source, project = owner.scope.joined()
    statement = select(*owner.visible_columns, project.label(PROJECT_LABEL)).select_from(source).where(target.in_(ids))
    found: dict[Any, tuple[Row, Projects]] = {}
    for mapping in (await session.execute(statement)).mappings():
        row = dict(mapping)
        project_id = row.pop(PROJECT_LABEL)
        found[row[target.name]] = (row, frozenset({project_id}) if project_id is not None else frozenset())
    return found
