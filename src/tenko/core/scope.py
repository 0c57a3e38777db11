"""How a record reaches its project: directly (``task.project_id``) or through parents.

One description serves both directions: a SQL filter for listings ("rows of these
projects") and a lookup for a single record or a body ("which project is this in").
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, ColumnElement, FromClause, Select, Table, false, select
from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True)
class Hop:
    """``column`` of the current table holds the id of a row of ``target.table``."""

    column: str
    target: Column[Any]


@dataclass(frozen=True)
class ProjectPath:
    table: Table
    hops: tuple[Hop, ...]
    #: the project id column at the end of the hops (``project.id`` for projects themselves)
    project: Column[Any]

    @property
    def entry_column(self) -> str:
        """The column of the record itself that leads to its project (``task_id``, ``project_id``)."""
        return self.hops[0].column if self.hops else self.project.name

    def _subquery(self, index: int, project_ids: Sequence[uuid.UUID]) -> Select[Any]:
        hop = self.hops[index]
        target_table = hop.target.table
        if index + 1 < len(self.hops):
            nxt = self.hops[index + 1]
            condition = target_table.c[nxt.column].in_(self._subquery(index + 1, project_ids))
        else:
            condition = self.project.in_(project_ids)
        return select(hop.target).where(condition)

    def where_in(self, project_ids: Sequence[uuid.UUID]) -> ColumnElement[bool]:
        if not project_ids:
            return false()
        if not self.hops:
            return self.project.in_(project_ids)
        return self.table.c[self.hops[0].column].in_(self._subquery(0, project_ids))

    def joined(self) -> tuple[FromClause, ColumnElement[Any]]:
        """The table outer-joined along the hops, and its project column there: one query reads
        the project of many rows (null for a row whose path breaks off, like a chat's attachment)."""
        source: FromClause = self.table
        current: FromClause = self.table
        for index, hop in enumerate(self.hops):
            target = hop.target.table.alias(f"path_{index}")
            source = source.outerjoin(target, current.c[hop.column] == target.c[hop.target.name])
            current = target
        return source, current.c[self.project.name]

    async def project_ids_of(self, session: AsyncSession, values: Mapping[str, Any]) -> frozenset[uuid.UUID]:
        """The project(s) a record with these values belongs to (empty when it has none)."""
        if not self.hops:
            value = values.get(self.project.name)
            return frozenset({value}) if value is not None else frozenset()
        value = values.get(self.hops[0].column)
        for index, hop in enumerate(self.hops):
            if value is None:
                return frozenset()
            table = hop.target.table
            wanted = self.hops[index + 1].column if index + 1 < len(self.hops) else self.project.name
            value = (await session.execute(select(table.c[wanted]).where(hop.target == value))).scalar()
        return frozenset({value}) if value is not None else frozenset()


def direct(table: Table, column: str = "project_id") -> ProjectPath:
    return ProjectPath(table, (), table.c[column])


def via(table: Table, *steps: tuple[str, Column[Any]], project: Column[Any]) -> ProjectPath:
    """A path through parent rows, e.g. ``via(time_spent, ("task_id", task.c.id), project=task.c.project_id)``."""
    return ProjectPath(table, tuple(Hop(column, target) for column, target in steps), project)
