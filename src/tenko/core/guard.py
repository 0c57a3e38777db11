"""Route guards: every route declares who may call it, and the declaration is the check.

A guard is a FastAPI dependency marked with the words of its policy. The OpenAPI document
shows them as ``x-policy`` (``core/openapi.py``) and a test refuses any route without one,
so a route cannot forget its authorisation and its documentation cannot drift from the code.

- ``requires(rule)``: the caller's role may pass ``rule`` somewhere (403 before the body is read);
  aliases: ``Anyone``, ``Myself`` (the caller's own records), ``AdminCaller``, ``StaffCaller``.
- ``PathLoader``: resolves a path id to a record the caller may act on: 400 for a malformed id,
  404 when absent, 403 when the action's check refuses it. One loader per noun, in its domain;
  its actions are ``rule_action(rule, refusal)`` (403), ``hidden_unless(rule, noun)`` (404) or
  ``always(text)``, its fetch ``fetcher(resource)`` when a ``Loaded`` record is all it needs.
- ``PUBLIC``: a route open to anyone, said explicitly.

The caller itself is resolved by the auth layer: the app puts its resolver on ``app.state``.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Protocol, TypeVar

from fastapi import Depends, Path, Request
from pydantic import BeforeValidator
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import records, references
from tenko.core.access import ADMIN, ANYONE, STAFF, Caller, Role, Rule, Target, describe
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, Forbidden, NotFound
from tenko.core.resource import Resource, Row

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
#: the attribute that marks a dependency as a guard; its value is the policy in words
POLICY_ATTRIBUTE = "x_policy"
PUBLIC_TEXT = "public: anyone, without signing in"
#: the prefix of ``body_check`` words: documentation of a check made on the body, not a guard
BODY_CHECK = "then, on the body: "
#: a path id as the OpenAPI shows it: a UUID string (parsed by the loader, with a clear 400); a path
#: matched with ``{x_id:uuid}`` hands over a UUID already, taken back as its string
PathId = Annotated[
    str,
    BeforeValidator(lambda value: str(value) if isinstance(value, uuid.UUID) else value),
    Path(json_schema_extra={"format": "uuid"}),
]


def guard(text: str) -> Callable[[F], F]:
    """Mark a dependency callable as a guard whose policy reads ``text``."""

    def mark(function: F) -> F:
        setattr(function, POLICY_ATTRIBUTE, text)
        return function

    return mark


def policy_of(call: Any) -> str | None:
    text = getattr(call, POLICY_ATTRIBUTE, None)
    return text if isinstance(text, str) else None


async def current_caller(request: Request, session: DbSession) -> Caller:
    """The signed-in caller (401 without a valid token), resolved by the app's auth layer."""
    resolve: Callable[[Request, AsyncSession], Awaitable[Caller]] = request.app.state.resolve_caller
    return await resolve(request, session)


#: the signed-in caller, with no other requirement: only for building guards
CurrentCaller = Annotated[Caller, Depends(current_caller)]


def requires(rule: Rule, text: str | None = None, *, per_record: bool = False) -> Any:
    """A guard giving the caller when their role could pass ``rule`` (403 otherwise).

    Rules on records (a project role, an assignment) are checked again on the record by a
    ``PathLoader`` or the CRUD engine, or applied as the list's SQL filter (``rule.where``).
    With ``per_record``, only a rule that needs no record is judged here: an unknown id still
    answers 404 and a list of nothing an empty list, as the reference does.
    """

    @guard(text or describe(rule))
    async def check(caller: CurrentCaller) -> Caller:
        undecided = per_record and rule.needs_target
        if not undecided and not rule.possible(caller):
            raise Forbidden()
        return caller

    return Depends(check)


@guard(PUBLIC_TEXT)
async def _public() -> None:
    return None


#: ``dependencies=[PUBLIC]`` on a route anyone may call (login, status, configuration)
PUBLIC = Depends(_public)


def body_check(text: str) -> Any:
    """Words for what a route checks on its body once read (each task id of a batch): shown in
    ``x-policy`` next to the route's real guard, never a guard by itself."""

    @guard(f"{BODY_CHECK}{text}")
    async def documented() -> None:
        return None

    return Depends(documented)


def body_references(resource: Resource) -> list[Any]:
    """The words of the check every write of ``resource``'s records makes on the ids of its body
    (``core/references.py``): to add to the route's dependencies (none when no key names a record)."""
    words = references.policy_words(resource)
    return [body_check(words)] if words else []


def guard_text(text: str) -> Any:
    """A route open to anyone that proves itself some other way (a refresh token, a share link):
    the handler's own check is the guard, and these words document it."""

    @guard(f"public: {text}")
    async def documented() -> None:
        return None

    return Depends(documented)


#: any signed-in person (the answer is the same whoever asks, or scoped by the handler's query)
Anyone = Annotated[Caller, requires(ANYONE)]
#: any signed-in person, acting on their own records only (``/data/user/...``)
Myself = Annotated[Caller, requires(ANYONE, "any signed-in person, on their own records")]
AdminCaller = Annotated[Caller, requires(ADMIN)]
StaffCaller = Annotated[Caller, requires(STAFF)]


#: the default refusal of an action (403)
NOT_ALLOWED = "You are not allowed to do this"


@dataclass(frozen=True)
class Action(Generic[T]):
    """What a loaded record must allow for a route: the check and its words."""

    text: str
    allows: Callable[[T], bool]
    refusal: str = NOT_ALLOWED


def always(text: str) -> Action[Any]:
    """An action every caller passes: the record only has to exist (``text`` says why that is enough)."""
    return Action(text, lambda _: True)


class Judged(Protocol):
    """A loaded record a rule can judge: the caller, and the record as a rule's target."""

    @property
    def caller(self) -> Caller: ...

    @property
    def target(self) -> Target | None: ...


class JudgedRecord(Judged, Protocol):
    """A judged record with an id (to name it in a 404)."""

    @property
    def id(self) -> uuid.UUID: ...


J = TypeVar("J", bound=Judged)
JR = TypeVar("JR", bound=JudgedRecord)


def rule_action(rule: Rule, refusal: str = "", *, text: str | None = None) -> Action[J]:
    """An action judged by ``rule`` on the loaded record's caller and target; refused (403) with
    ``refusal`` (the default words when empty), documented by ``text`` (the rule's words when None)."""

    def allows(loaded: J) -> bool:
        return rule.allows(loaded.caller, loaded.target)

    return Action(text or describe(rule), allows, refusal or NOT_ALLOWED)


def hidden_unless(rule: Rule, noun: str) -> Action[JR]:
    """Passes records ``rule`` allows; any other answers 404, as if it did not exist."""

    def allows(loaded: JR) -> bool:
        if not rule.allows(loaded.caller, loaded.target):
            raise NotFound(f"{noun} {loaded.id} not found")
        return True

    return Action(f"{describe(rule)}; others' answer 404", allows)


class OfRow:
    """A record loaded from the path: its ``row``, and the record id read from it."""

    row: Row

    @property
    def id(self) -> uuid.UUID:
        record_id: uuid.UUID = self.row["id"]
        return record_id


class OfProjectRow(OfRow):
    """A record loaded from the path whose row names its project (``project_id``)."""

    @property
    def project_id(self) -> uuid.UUID:
        project_id: uuid.UUID = self.row["project_id"]
        return project_id


class PathLoader(Generic[T]):
    """Resolves the path parameter ``param`` to a loaded ``T`` (``fetch``: 404 when absent).

    ``loader("manage")`` is the dependency of one action: built once per action, so routes
    share it; its guard words are ``<noun> (from the path): <action's words>``.
    """

    def __init__(
        self,
        param: str,
        noun: str,
        fetch: Callable[[AsyncSession, Caller, uuid.UUID], Awaitable[T]],
        actions: Mapping[str, Action[T]],
    ) -> None:
        self.param = param
        self.noun = noun
        self.fetch = fetch
        self.actions = actions
        self._built: dict[str, Any] = {}

    def __call__(self, action: str) -> Any:
        if action not in self._built:
            self._built[action] = Depends(self._dependency(action, self.actions[action]))
        return self._built[action]

    def _dependency(self, name: str, action: Action[T]) -> Callable[..., Awaitable[T]]:
        param, noun, fetch = self.param, self.noun, self.fetch

        async def load(session: AsyncSession, caller: Caller, **path: str) -> T:
            loaded = await fetch(session, caller, parse_uuid(path[param], f"{noun} id"))
            if not action.allows(loaded):
                raise Forbidden(action.refusal)
            return loaded

        load.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [
                inspect.Parameter("session", inspect.Parameter.KEYWORD_ONLY, annotation=DbSession),
                inspect.Parameter("caller", inspect.Parameter.KEYWORD_ONLY, annotation=CurrentCaller),
                inspect.Parameter(param, inspect.Parameter.KEYWORD_ONLY, annotation=PathId),
            ]
        )
        load.__name__ = f"load_{noun.replace(' ', '_')}_{name}"
        return guard(f"{noun}: {action.text}")(load)


def parse_uuid(value: Any, what: str = "id") -> uuid.UUID:
    """A UUID from a path or body value, or a 400 that names what was expected."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, AttributeError) as exc:
        raise BadRequest(f"Invalid {what}: {str(value)[:60]!r} is not a UUID") from exc


@dataclass(frozen=True)
class Loaded(OfRow):
    """A record loaded from the path, the caller, and the project(s) it belongs to."""

    row: dict[str, Any]
    caller: Caller
    target: Target

    @property
    def project_id(self) -> uuid.UUID | None:
        return next(iter(self.target.project_ids), None)

    @property
    def role(self) -> Role | None:
        """The caller's effective role in the record's project (None outside it)."""
        return self.caller.role_in(self.project_id)


def record_loader(resource: Resource, param: str, noun: str | None = None, **actions: Rule) -> PathLoader[Loaded]:
    """A ``PathLoader`` for a CRUD resource whose actions are access rules, e.g.
    ``record_loader(PROJECTS, "project_id", read=MEMBER, manage=PROJECT_MANAGER)``."""

    checks: dict[str, Action[Loaded]] = {name: rule_action(rule) for name, rule in actions.items()}
    return PathLoader(param, noun or resource.type_name.lower(), fetcher(resource), checks)


#: loads a path record for a loader (404 when absent)
Fetch = Callable[[AsyncSession, Caller, uuid.UUID], Awaitable[Loaded]]


def fetcher(resource: Resource) -> Fetch:
    """Loads a record of ``resource`` (404 when absent) with what its rules need to judge it."""

    async def fetch(session: AsyncSession, caller: Caller, record_id: uuid.UUID) -> Loaded:
        row = await records.fetch_row(session, resource, record_id)
        return Loaded(row, caller, await records.target_of(session, resource, row))

    return fetch
