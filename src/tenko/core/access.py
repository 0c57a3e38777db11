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

from sqlalchemy import Column, ColumnElement, and_, false, or_, true

if TYPE_CHECKING:
    from tenko.core.resource import Resource
    from tenko.core.scope import ProjectPath


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
    #: tasks assigned to the caller and their entities: loaded only for callers who are a vendor
    #: somewhere, the one role whose reach is limited to its assignments (see ``Assigned``)
    assigned_task_ids: frozenset[uuid.UUID] = frozenset()
    assigned_entity_ids: frozenset[uuid.UUID] = frozenset()

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

    @property
    def is_vendor_somewhere(self) -> bool:
        return self.role is Role.VENDOR or Role.VENDOR in self.project_roles.values()


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

    def possible(self, caller: Caller) -> bool:
        """False when no record at all could pass: such a caller is refused before their body is read."""
        return True

    def describe(self) -> str:
        """Who passes, in words a pipeline developer understands (the OpenAPI ``x-policy``)."""
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

    def describe(self) -> str:
        return "; or ".join(rule.describe() for rule in self.rules)

    def allows(self, caller: Caller, target: Target | None) -> bool:
        return any(rule.allows(caller, target) for rule in self.rules)

    def possible(self, caller: Caller) -> bool:
        return any(rule.possible(caller) for rule in self.rules)

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        return or_(*(rule.where(caller, resource) for rule in self.rules))

    def __or__(self, other: Rule) -> Rule:
        return AnyOf((*self.rules, other))


@dataclass(frozen=True)
class AllOf(Rule):
    rules: tuple[Rule, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "needs_target", any(rule.needs_target for rule in self.rules))

    def describe(self) -> str:
        return " and ".join(rule.describe() for rule in self.rules)

    def allows(self, caller: Caller, target: Target | None) -> bool:
        return all(rule.allows(caller, target) for rule in self.rules)

    def possible(self, caller: Caller) -> bool:
        return all(rule.possible(caller) for rule in self.rules)

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        return and_(*(rule.where(caller, resource) for rule in self.rules))


@dataclass(frozen=True)
class GlobalRole(Rule):
    """The caller's global role is one of ``roles`` (admins always pass)."""

    roles: frozenset[Role]
    needs_target: bool = False

    def describe(self) -> str:
        if self.roles == ALL_ROLES:
            return "any signed-in person"
        return "global role " + _roles(self.roles)

    def allows(self, caller: Caller, target: Target | None) -> bool:
        return caller.is_admin or caller.role in self.roles

    def possible(self, caller: Caller) -> bool:
        return self.allows(caller, None)

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        return true() if self.allows(caller, None) else false()


@dataclass(frozen=True)
class InProject(Rule):
    """The caller's role in the record's project is one of ``roles`` (admins always pass).

    The role is the one of the project (the team link's role overrides the global one), so
    the membership is resolved before the role is checked. With ``unscoped``, a record that
    belongs to no project passes too (a personal search filter saved outside any project).
    """

    roles: frozenset[Role]
    unscoped: bool = False

    def describe(self) -> str:
        who = "project members" if self.roles == ALL_ROLES else f"project members with role {_roles(self.roles)}"
        return who + (" (or a record of no project)" if self.unscoped else "")

    def allows(self, caller: Caller, target: Target | None) -> bool:
        if caller.is_admin:
            return True
        if target is None:
            return False
        if not target.project_ids:
            return self.unscoped
        return all(caller.role_in(pid) in self.roles for pid in target.project_ids)

    def possible(self, caller: Caller) -> bool:
        return caller.is_admin or self.unscoped or bool(caller.projects_with(self.roles))

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        if caller.is_admin:
            return true()
        if resource.scope is None:
            return true() if self.unscoped else false()
        inside = resource.scope.where_in(caller.projects_with(self.roles))
        if not self.unscoped:
            return inside
        return or_(_entry_column(resource.scope).is_(None), inside)


@dataclass(frozen=True)
class Assigned(Rule):
    """The record's ``column`` holds a task assigned to the caller (``entity``: an entity with one).

    Used for vendors, who reach only what they are assigned to. Both ``allows`` and ``where``
    read the ids the caller's memberships loaded for vendors (see ``Caller.assigned_task_ids``).
    """

    column: str
    entity: bool = False

    def describe(self) -> str:
        return "assigned to a task of the entity" if self.entity else "assigned to the task"

    def allows(self, caller: Caller, target: Target | None) -> bool:
        if caller.is_admin:
            return True
        if target is None:
            return False
        reached = caller.assigned_entity_ids if self.entity else caller.assigned_task_ids
        value = target.values.get(self.column)
        return value is not None and str(value) in {str(i) for i in reached}

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        if caller.is_admin:
            return true()
        # the ids were loaded with the caller (vendors' reach is small): no domain table named here
        reached = caller.assigned_entity_ids if self.entity else caller.assigned_task_ids
        return resource.table.c[self.column].in_(list(reached)) if reached else false()


@dataclass(frozen=True)
class ColumnIs(Rule):
    """The record's ``column`` equals ``value`` (a playlist or comment marked ``for_client``)."""

    column: str
    value: Any

    def describe(self) -> str:
        return f"records whose {self.column} is {self.value!r}"

    def allows(self, caller: Caller, target: Target | None) -> bool:
        return caller.is_admin or (target is not None and target.values.get(self.column) == self.value)

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        return true() if caller.is_admin else resource.table.c[self.column] == self.value


@dataclass(frozen=True)
class OwnColumn(Rule):
    """The record's ``column`` holds the caller's id (their day offs, notifications, ...)."""

    column: str

    def describe(self) -> str:
        return f"their own records ({self.column})"

    def allows(self, caller: Caller, target: Target | None) -> bool:
        # admins may do everything (permissions.md), including on other people's records
        if caller.is_admin:
            return True
        return target is not None and _same_id(target.values.get(self.column), caller.id)

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        if caller.is_admin:  # as ``allows``: a list and a single read must agree
            return true()
        return resource.table.c[self.column] == caller.id


@dataclass(frozen=True)
class StudioManager(Rule):
    """Admins, and global managers whose teams leave them a manager: a team role overrides the
    global one (permissions.md), so a manager made a plain member of every project they are in no
    longer oversees the studio's people (presence, salaries); one in no team keeps the global role."""

    needs_target: bool = False

    def describe(self) -> str:
        return "global role manager, unless every project they are in gives them a lesser role"

    def allows(self, caller: Caller, target: Target | None) -> bool:
        if caller.is_admin:
            return True
        roles = caller.project_roles.values()
        return caller.role is Role.MANAGER and (not roles or Role.MANAGER in roles)

    def possible(self, caller: Caller) -> bool:
        return self.allows(caller, None)

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        return true() if self.allows(caller, None) else false()


@dataclass(frozen=True)
class Nobody(Rule):
    needs_target: bool = False

    def describe(self) -> str:
        return "nobody"

    def allows(self, caller: Caller, target: Target | None) -> bool:
        return False

    def possible(self, caller: Caller) -> bool:
        return False

    def where(self, caller: Caller, resource: Resource) -> ColumnElement[bool]:
        return false()


def _entry_column(path: ProjectPath) -> Column[Any]:
    """The column of the record itself that leads to its project (null: the record has none)."""
    return path.table.c[path.hops[0].column] if path.hops else path.project


def _roles(roles: frozenset[Role]) -> str:
    """Roles in rank order, e.g. ``manager or supervisor`` (admins pass every rule)."""
    return "/".join(role.value for role in Role if role in roles and role is not Role.ADMIN) or "admin"


def describe(rule: Rule) -> str:
    """A rule in words, admins named since they pass every rule."""
    text = rule.describe()
    if text in ("any signed-in person", "global role admin"):
        return text
    return "admins only" if text == "nobody" else f"admins; or {text}"


def _same_id(value: Any, person_id: uuid.UUID) -> bool:
    return value is not None and str(value) == str(person_id)


ALL_ROLES = frozenset(Role)
ANYONE = GlobalRole(ALL_ROLES)
ADMIN = GlobalRole(frozenset({Role.ADMIN}))
#: studio-level staff: admins and production managers
STAFF = GlobalRole(frozenset({Role.ADMIN, Role.MANAGER}))
#: studio staff whose project roles do not say otherwise: who oversees the studio's people
STUDIO_MANAGER = StudioManager()
MEMBER = InProject(ALL_ROLES)
#: a member of the record's project, or a record of no project at all (personal records)
MEMBER_IF_SCOPED = InProject(ALL_ROLES, unscoped=True)
PROJECT_MANAGER = InProject(frozenset({Role.MANAGER}))
PROJECT_STAFF = InProject(frozenset({Role.MANAGER, Role.SUPERVISOR}))
#: the studio's own people in the project: they may contribute; clients and vendors may not
CONTRIBUTOR = InProject(frozenset({Role.MANAGER, Role.SUPERVISOR, Role.USER}))
#: members who see the whole project (everyone but vendors)
STUDIO_OR_CLIENT = InProject(ALL_ROLES - {Role.VENDOR})
CLIENT_MEMBER = InProject(frozenset({Role.CLIENT}))
VENDOR_MEMBER = InProject(frozenset({Role.VENDOR}))
NOBODY = Nobody()


def own(column: str = "person_id") -> OwnColumn:
    return OwnColumn(column)


def reaching(column: str, entity: bool = False) -> Rule:
    """Project members; vendors only where ``column`` leads to one of their assigned tasks."""
    return STUDIO_OR_CLIENT | (VENDOR_MEMBER & Assigned(column, entity))


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
