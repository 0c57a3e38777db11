"""Roles and access rules: authorisation as data, evaluated in one place.

A rule answers two questions with the same logic, so a list and a single read can never
disagree: ``allows(caller, target)`` for one record and ``where(caller, resource)`` as a SQL
filter for a listing.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, false, or_, true

if TYPE_CHECKING:
    from tenko.core.resource import Resource


class Role(enum.StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    SUPERVISOR = "supervisor"
    USER = "user"
    CLIENT = "client"
    VENDOR = "vendor"


@dataclass
class Caller:
    """The authenticated person and what they belong to (memberships are loaded once per request)."""

    id: uuid.UUID
    role: Role
    person: dict[str, Any]
    #: open projects whose team the caller is in -> the caller's role there
    project_roles: dict[uuid.UUID, Role] = field(default_factory=dict)
    department_ids: set[uuid.UUID] = field(default_factory=set)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def role_in(self, project_id: uuid.UUID | None) -> Role | None:
        """The caller's effective role in a project: the team link's role overrides the global one."""
        if self.is_admin:
            return Role.ADMIN
        if project_id is None or project_id not in self.project_roles:
            return None
        return self.project_roles[project_id]

    def projects_with(self, roles: frozenset[Role]) -> list[uuid.UUID]:
        return [pid for pid, role in self.project_roles.items() if role in roles]


@dataclass(frozen=True)
class Target:
    """What a rule needs to know of one record: its project(s) and its values."""

    project_ids: frozenset[uuid.UUID]
    values: Mapping[str, Any]


class Rule:
    def allows(self, caller: Caller, target: Target | None) -> bool:
        raise NotImplementedError

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        raise NotImplementedError

    def __or__(self, other: Rule) -> Rule:
        return AnyOf((self, other))

    def __and__(self, other: Rule) -> Rule:
        return AllOf((self, other))

    needs_target: bool = True


@dataclass(frozen=True)
class AnyOf(Rule):
    rules: tuple[Rule, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "needs_target", any(rule.needs_target for rule in self.rules))

    def allows(self, caller: Caller, target: Target | None) -> bool:
        return any(rule.allows(caller, target) for rule in self.rules)

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        return or_(*(rule.where(caller, resource) for rule in self.rules))

    def __or__(self, other: Rule) -> Rule:
        return AnyOf((*self.rules, other))


@dataclass(frozen=True)
class AllOf(Rule):
    rules: tuple[Rule, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "needs_target", any(rule.needs_target for rule in self.rules))

    def allows(self, caller: Caller, target: Target | None) -> bool:
        return all(rule.allows(caller, target) for rule in self.rules)

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        return and_(*(rule.where(caller, resource) for rule in self.rules))


@dataclass(frozen=True)
class GlobalRole(Rule):
    """The caller's global role is one of ``roles`` (admins always pass)."""

    roles: frozenset[Role]
    needs_target: bool = False

    def allows(self, caller: Caller, target: Target | None) -> bool:
        return caller.is_admin or caller.role in self.roles

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        return true() if self.allows(caller, None) else false()


@dataclass(frozen=True)
class InProject(Rule):
    """The caller's role in the record's project is one of ``roles`` (admins always pass)."""

    roles: frozenset[Role]

    def allows(self, caller: Caller, target: Target | None) -> bool:
        if caller.is_admin:
            return True
        if target is None or not target.project_ids:
            return False
        return all(caller.role_in(pid) in self.roles for pid in target.project_ids)

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        if caller.is_admin:
            return true()
        if resource.scope is None:
            return false()
        return resource.scope.where_in(caller.projects_with(self.roles))


@dataclass(frozen=True)
class OwnColumn(Rule):
    """The record's ``column`` holds the caller's id (their day offs, notifications, ...)."""

    column: str

    def allows(self, caller: Caller, target: Target | None) -> bool:
        return target is not None and _same_id(target.values.get(self.column), caller.id)

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        return resource.table.c[self.column] == caller.id


@dataclass(frozen=True)
class Nobody(Rule):
    needs_target: bool = False

    def allows(self, caller: Caller, target: Target | None) -> bool:
        return False

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        return false()


def _same_id(value: Any, person_id: uuid.UUID) -> bool:
    return value is not None and str(value) == str(person_id)


ALL_ROLES = frozenset(Role)
ANYONE = GlobalRole(ALL_ROLES)
ADMIN = GlobalRole(frozenset({Role.ADMIN}))
#: studio-level staff: admins and production managers
STAFF = GlobalRole(frozenset({Role.ADMIN, Role.MANAGER}))
MEMBER = InProject(ALL_ROLES)
PROJECT_MANAGER = InProject(frozenset({Role.MANAGER}))
PROJECT_STAFF = InProject(frozenset({Role.MANAGER, Role.SUPERVISOR}))
NOBODY = Nobody()


def own(column: str = "person_id") -> OwnColumn:
    return OwnColumn(column)


@dataclass(frozen=True)
class Policy:
    """Who may do what on one resource. ``list`` defaults to the ``read`` rule used as a filter."""

    read: Rule
    create: Rule
    update: Rule
    delete: Rule
    list: Rule | None = None

    @classmethod
    def of(cls, read: Rule, write: Rule, list: Rule | None = None, **overrides: Rule) -> Policy:
        values: dict[str, Any] = {"read": read, "create": write, "update": write, "delete": write, "list": list}
        values.update(overrides)
        return cls(**values)
