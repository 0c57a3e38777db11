"""The declaration of a ``/data/<name>`` resource: what a reviewer must see, nothing more."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Column, ColumnElement, Table
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core.access import ADMIN, Caller, Policy, Rule
from tenko.core.model import table_of as table_of
from tenko.core.schemas import body_model
from tenko.core.scope import ProjectPath

Row = dict[str, Any]
#: Bulk hook over serialised rows: adds or removes keys in place, in a constant number of queries.
Decorator = Callable[[AsyncSession, Caller, list[Row]], Awaitable[None]]
#: Hook on a write: may change the values, refuse (raise), or act on related records.
WriteHook = Callable[["WriteContext"], Awaitable[None]]
#: Judges the keys an update changes: answers, for each key the caller may not change, why.
ChangeJudge = Callable[["WriteContext", frozenset[str]], Awaitable[Mapping[str, str]]]
#: What a rule needs to judge one record beyond its columns (the role of a comment's author),
#: looked up from the record's values; the keys it answers are added to the rule's target only.
Facts = Callable[[AsyncSession, Row], Awaitable[Row]]
#: A list filter on a query key that is no column: the key's values (at least one) -> the condition.
VirtualFilter = Callable[[list[str]], ColumnElement[bool]]

#: Keys a client may send back from an object it read; never written, silently ignored.
READ_ONLY = frozenset({"type", "created_at", "updated_at"})
#: Never changed by an update.
PROTECTED_ON_UPDATE = frozenset({"id", "project_id", "created_at", "updated_at"})


@dataclass(frozen=True)
class Relation:
    """A many-to-many list shown as ids on the record (a task's ``assignees``)."""

    key: str
    link: Table
    local: str  # link column pointing to the record (task_person_link.task_id)
    remote: str  # link column holding the listed ids (task_person_link.person_id)
    writable: bool = True

    @property
    def local_column(self) -> Column[Any]:
        return self.link.c[self.local]

    @property
    def remote_column(self) -> Column[Any]:
        return self.link.c[self.remote]


@dataclass
class WriteContext:
    """What a write hook sees: the caller, the session, the record before and the values to write."""

    session: AsyncSession
    caller: Caller
    resource: Resource
    values: dict[str, Any]
    current: Row | None = None
    relations: dict[str, list[uuid.UUID]] = field(default_factory=dict)
    force: bool = False
    #: what a before hook takes out of the body (not a column) for an after hook (a project's template)
    pending: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChangeRules:
    """Who may change which keys of a record through its generic update (``PUT /data/<name>/<id>``).

    Clients send whole objects back (the web app, gazu's ``update_*``): a key sent with its stored
    value is no change and is dropped, never refused. Every other key the body would change goes to
    ``judge`` (but the ``free`` ones: open to whoever the update policy lets in, or set by the
    server), and the update is refused (403) naming each key it refuses. ``text`` documents the
    rules in the route's ``x-policy``.
    """

    text: str
    free: frozenset[str]
    judge: ChangeJudge


@dataclass(eq=False)
class Resource:
    name: str  # the URL segment: /data/<name>
    table: Table
    type_name: str  # the JSON "type"
    policy: Policy
    scope: ProjectPath | None = None
    #: facts its rules read on one record besides its columns (never shown in an answer)
    facts: Facts | None = None
    event: str | None = None  # event noun; defaults to the table name with dashes
    relations: Sequence[Relation] = ()
    hidden: frozenset[str] = frozenset()  # columns never serialised (secrets)
    unfilterable: frozenset[str] = frozenset()  # columns a list may not filter on
    #: columns shown only to ``private_to`` (admins by default): nobody else may filter on them,
    #: since the length of a filtered list would tell their values
    private: frozenset[str] = frozenset()
    private_to: Rule | None = None
    read_only: frozenset[str] = frozenset()  # columns a client never writes
    decorate: Sequence[Decorator] = ()  # on every answer, lists included
    detail: Sequence[Decorator] = ()  # on single-record answers only
    before_create: Sequence[WriteHook] = ()
    before_update: Sequence[WriteHook] = ()
    before_delete: Sequence[WriteHook] = ()
    after_write: Sequence[WriteHook] = ()
    derived: frozenset[str] = frozenset()  # computed keys of the JSON form, ignored in bodies
    #: the JSON schemas of the keys ``decorate`` adds to every answer (``answers.record_schema``)
    decorated: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    #: the JSON schemas of the keys ``detail`` adds to single-record answers
    detailed: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    #: where a column named ``type`` is shown, since ``"type"`` is the model name
    type_column_key: str | None = None
    #: relations shown in list items too, not only with ``relations=true``
    relations_in_lists: bool = False
    #: query keys that filter the lists without being columns (a person's ``full_name``)
    virtual_filters: Mapping[str, VirtualFilter] = field(default_factory=dict)
    #: ``?page=`` answers the page envelope; False where the reference always answers a plain list
    paged: bool = True
    #: hidden columns a list adds on request for the callers of a rule: query flag -> (column, rule)
    revealed_on_request: Mapping[str, tuple[str, Rule]] = field(default_factory=dict)
    #: keys of the single GET the create answer leaves out (the reference's POST serialises less)
    create_without: frozenset[str] = frozenset()
    #: the update answer carries the relations and the detail hooks' keys, as the single GET; by
    #: default it has the columns and decorations only, as the reference's PUT
    update_with_relations: bool = False
    #: hooks completing the update answer only, and the schemas of the keys they add
    update_decorate: Sequence[Decorator] = ()
    update_decorated: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    extra_create_fields: dict[str, Any] = field(default_factory=dict)
    summary: str = ""
    #: the key of the record id in event data when it is not ``<table>_id`` (a shot is ``shot_id``)
    event_id_key: str | None = None
    #: which keys an update may change, by whom (judged on the body, after the update policy)
    changes: ChangeRules | None = None
    #: references that may name another project's record when that record's flag column is true
    #: (a casting link's ``entity_out_id``: a shared asset); every other id of a body names a record
    #: of the record's own project (``core/references.py``)
    shared_references: Mapping[str, str] = field(default_factory=dict)

    def unfilterable_for(self, caller: Caller | None) -> frozenset[str]:
        """The columns this caller may not filter a list on."""
        if not self.private or caller is None or (self.private_to or ADMIN).allows(caller, None):
            return self.unfilterable
        return self.unfilterable | self.private

    @property
    def event_name(self) -> str:
        return self.event or str(self.table.name).replace("_", "-")

    @property
    def id_key(self) -> str:
        """The key of the record id in event data, e.g. ``task_type_id``."""
        return self.event_id_key or f"{self.table.name}_id"

    @cached_property
    def visible_columns(self) -> list[Column[Any]]:
        return [c for c in self.table.columns if c.name not in self.hidden]

    @cached_property
    def public_names(self) -> dict[str, str]:
        """Columns whose JSON key differs from their name (``type`` shown as ``notification_type``)."""
        return {"type": self.type_column_key} if self.type_column_key else {}

    @cached_property
    def relation_map(self) -> dict[str, Relation]:
        return {relation.key: relation for relation in self.relations}

    @property
    def update_without(self) -> frozenset[str]:
        """The relation keys the update answer leaves out."""
        return frozenset() if self.update_with_relations else frozenset(r.key for r in self.relations)

    @cached_property
    def ignored_keys(self) -> frozenset[str]:
        relation_keys = {r.key for r in self.relations if not r.writable}
        return READ_ONLY | self.derived | relation_keys

    def _relation_types(self) -> dict[str, Any]:
        return {r.key: list[uuid.UUID] for r in self.relations if r.writable}

    def _excluded(self) -> set[str]:
        exclude = set(self.hidden | self.read_only | READ_ONLY)
        if self.type_column_key:
            exclude.discard("type")  # written through its public key, e.g. notification_type
        return exclude

    @cached_property
    def create_model(self) -> type[BaseModel]:
        exclude = self._excluded()
        return body_model(
            f"{self.type_name}Create",
            self.table,
            partial=False,
            exclude=exclude,
            relations=self._relation_types(),
            extra_fields=self.extra_create_fields,
        )

    @cached_property
    def update_model(self) -> type[BaseModel]:
        exclude = self._excluded() | {"id"}
        return body_model(
            f"{self.type_name}Update", self.table, partial=True, exclude=exclude, relations=self._relation_types()
        )
