"""Every access rule answers the same for one record (``allows``) and for a list (``where``).

A list and a single GET can never disagree only if, for every rule, the SQL filter selects
exactly the records the record check lets through. Hypothesis generates worlds (projects,
records, callers with global and per-project roles, vendors' assignments) and checks it on a
real SQLite database, for every named rule and their combinations.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Boolean, Column, MetaData, String, Table, Uuid, create_engine, insert, select

from tenko.core.access import (
    ADMIN,
    ALL_ROLES,
    ANYONE,
    CLIENT_MEMBER,
    CONTRIBUTOR,
    MEMBER,
    MEMBER_IF_SCOPED,
    NOBODY,
    PROJECT_MANAGER,
    PROJECT_STAFF,
    STAFF,
    STUDIO_OR_CLIENT,
    Caller,
    ColumnIs,
    Policy,
    Role,
    Rule,
    Target,
    own,
    reaching,
)
from tenko.core.resource import Resource
from tenko.core.scope import direct

METADATA = MetaData()
THING = Table(
    "thing",
    METADATA,
    Column("id", Uuid, primary_key=True),
    Column("project_id", Uuid, nullable=True),
    Column("person_id", Uuid, nullable=True),
    Column("task_id", Uuid, nullable=True),
    Column("for_client", Boolean, nullable=False),
    Column("name", String),
)
RESOURCE = Resource(
    name="things", table=THING, type_name="Thing", policy=Policy.of(ANYONE, ANYONE), scope=direct(THING)
)
PROJECTS = [uuid.UUID(int=i + 1) for i in range(3)]
PEOPLE = [uuid.UUID(int=100 + i) for i in range(3)]
TASKS = [uuid.UUID(int=200 + i) for i in range(4)]

RULES: dict[str, Rule] = {
    "anyone": ANYONE,
    "admin": ADMIN,
    "staff": STAFF,
    "member": MEMBER,
    "member_if_scoped": MEMBER_IF_SCOPED,
    "project_manager": PROJECT_MANAGER,
    "project_staff": PROJECT_STAFF,
    "contributor": CONTRIBUTOR,
    "studio_or_client": STUDIO_OR_CLIENT,
    "reaching_task": reaching("task_id"),
    "own": own("person_id"),
    "for_client": ColumnIs("for_client", True),
    "client_and_for_client": CLIENT_MEMBER & ColumnIs("for_client", True),
    "staff_or_own": STAFF | own("person_id"),
    "nobody": NOBODY,
}

roles = st.sampled_from(sorted(ALL_ROLES))
things = st.lists(
    st.fixed_dictionaries(
        {
            "project_id": st.one_of(st.none(), st.sampled_from(PROJECTS)),
            "person_id": st.one_of(st.none(), st.sampled_from(PEOPLE)),
            "task_id": st.one_of(st.none(), st.sampled_from(TASKS)),
            "for_client": st.booleans(),
        }
    ),
    max_size=12,
)
callers = st.builds(
    lambda person, role, memberships, assigned: _caller(person, role, memberships, assigned),
    st.sampled_from(PEOPLE),
    roles,
    st.dictionaries(st.sampled_from(PROJECTS), roles, max_size=3),
    st.frozensets(st.sampled_from(TASKS), max_size=3),
)


def _caller(
    person: uuid.UUID, role: Role, memberships: dict[uuid.UUID, Role], assigned: frozenset[uuid.UUID]
) -> Caller:
    caller = Caller(id=person, role=role, person={})
    if role is not Role.ADMIN:  # as the people directory loads them: admins need no memberships
        caller.project_roles = {pid: Role.USER if r is Role.ADMIN else r for pid, r in memberships.items()}
        if caller.is_vendor_somewhere:
            caller.assigned_task_ids = assigned
    return caller


@pytest.fixture(scope="module")
def engine() -> Any:
    engine = create_engine("sqlite://")
    METADATA.create_all(engine)
    return engine


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=things, caller=callers, rule_name=st.sampled_from(sorted(RULES)))
def test_record_check_and_list_filter_agree(
    engine: Any, rows: list[dict[str, Any]], caller: Caller, rule_name: str
) -> None:
    rule = RULES[rule_name]
    world = [{"id": uuid.uuid4(), "name": "x", **row} for row in rows]
    with engine.begin() as connection:
        connection.execute(THING.delete())
        if world:
            connection.execute(insert(THING), world)
        listed = set(connection.execute(select(THING.c.id).where(rule.where(caller, RESOURCE))).scalars())
    allowed = set()
    for row in world:
        target = Target(frozenset({row["project_id"]}) if row["project_id"] else frozenset(), row)
        if rule.allows(caller, target):
            allowed.add(row["id"])
    assert listed == allowed, (
        f"{rule_name}: list filter and record check disagree for {caller.role} {caller.project_roles}"
    )


def test_the_agreement_check_can_fail(engine: Any) -> None:
    """A rule whose filter is wider than its record check is caught by the same comparison."""

    class Leaky(Rule):
        needs_target = True

        def allows(self, caller: Caller, target: Target | None) -> bool:
            return MEMBER.allows(caller, target)

        def where(self, caller: Caller, resource: Resource) -> Any:
            return ANYONE.where(caller, resource)

        def describe(self) -> str:
            return "leaky"

    caller = _caller(PEOPLE[0], Role.USER, {PROJECTS[0]: Role.USER}, frozenset())
    row = {"id": uuid.uuid4(), "name": "x", "project_id": PROJECTS[1], "person_id": None, "task_id": None}
    with engine.begin() as connection:
        connection.execute(THING.delete())
        connection.execute(insert(THING), [{**row, "for_client": False}])
        listed = set(connection.execute(select(THING.c.id).where(Leaky().where(caller, RESOURCE))).scalars())
    assert listed == {row["id"]}
    assert not Leaky().allows(caller, Target(frozenset({PROJECTS[1]}), row))


def test_every_rule_describes_itself() -> None:
    for name, rule in RULES.items():
        assert rule.describe(), name
