"""CRUD declarations: persons, departments, studios, organisations, day offs, salary scales."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.access import ADMIN, ANYONE, STUDIO_MANAGER, Caller, ColumnIs, Policy, Role, own
from tenko.core.errors import BadRequest, Forbidden, validation_error
from tenko.core.listing import coerce
from tenko.core.resource import Relation, Resource, Row, WriteContext, table_of
from tenko.domains.people.models import PERSON, DayOff, DepartmentLink, Person, SalaryScale

#: never in any answer
PERSON_SECRETS = frozenset(
    {
        "password",
        "totp_secret",
        "email_otp_secret",
        "fido_credentials",
        "otp_recovery_codes",
        "jti",
        "login_failed_attemps",
        "last_login_failed",
        "oidc_issuer",
        "oidc_subject",
        "saml_issuer",
        "saml_subject",
    }
)
#: what everyone sees of every person (permissions.md: "minimal"): enough to name, show and
#: group people; the rest of the record is for admins and the person themself
PERSON_MINIMAL = frozenset(
    {
        "id",
        "first_name",
        "last_name",
        "has_avatar",
        "active",
        "archived",
        "role",
        "position",
        "seniority",
        "studio_id",
        "is_bot",
        "is_guest",
        "created_at",
        "updated_at",
    }
)
#: the columns a minimal record leaves out (computed keys like ``departments`` stay)
PERSON_PRIVATE = frozenset(column.name for column in PERSON.columns) - PERSON_MINIMAL - PERSON_SECRETS
#: what a person may change in their own profile (never their role or status)
SELF_EDITABLE = frozenset(
    {
        "first_name",
        "last_name",
        "phone",
        "timezone",
        "locale",
        "use_12_hour_clock",
        "display_date_format",
        "desktop_login",
        "notifications_enabled",
        "notifications_slack_enabled",
        "notifications_slack_userid",
        "notifications_mattermost_enabled",
        "notifications_mattermost_userid",
        "notifications_discord_enabled",
        "notifications_discord_userid",
        "data",
    }
)


def full_name(row: Row) -> str:
    return f"{row.get('first_name') or ''} {row.get('last_name') or ''}".strip()


def sees_full_person(caller: Caller, person_id: Any, *, managers: bool = False) -> bool:
    """Admins and the person themself see a whole record; managers too where ``managers`` says so
    (permissions.md: a single GET and the user context, not lists)."""
    return caller.is_admin or person_id == caller.id or (managers and caller.role is Role.MANAGER)


def present_persons(caller: Caller, rows: list[Row], *, managers: bool = False) -> None:
    """The one person-visibility rule: ``full_name`` on every row, other people cut to the minimal record."""
    for row in rows:
        if "first_name" in row or "last_name" in row:
            row["full_name"] = full_name(row)
        if not sees_full_person(caller, row.get("id"), managers=managers):
            for key in PERSON_PRIVATE:
                row.pop(key, None)


async def add_full_name(_: AsyncSession, caller: Caller, rows: list[Row]) -> None:
    """Every answer of persons (lists, embedded people): :func:`present_persons`."""
    present_persons(caller, rows)


async def complete_for_managers(session: AsyncSession, caller: Caller, rows: list[Row]) -> None:
    """A single person read by a manager is whole: put back what the list rule cut (one query)."""
    if caller.role is not Role.MANAGER:
        return
    cut = [row["id"] for row in rows if not sees_full_person(caller, row["id"])]
    if not cut:
        return
    columns = [column for column in PERSON.columns if column.name in PERSON_PRIVATE]
    statement = select(PERSON.c.id, *columns).where(PERSON.c.id.in_(cut))
    private = {values["id"]: values for values in (await session.execute(statement)).mappings()}
    for row in rows:
        row.update(private.get(row["id"], {}))


async def guard_person_update(context: WriteContext) -> None:
    """A person edits their own profile fields only; role, status and the rest are for admins."""
    caller, values = context.caller, context.values
    if caller.is_admin:
        if context.current and context.current["id"] == caller.id:
            if values.get("role", Role.ADMIN) != Role.ADMIN:
                raise BadRequest("You cannot remove your own admin role")
            if values.get("active") is False or values.get("archived") is True:
                raise BadRequest("You cannot disable or archive your own account")
        return
    # what comes back unchanged (the web app's profile form sends the role, status and e-mail it
    # read) is ignored, as the reference ignores it; a change stays refused
    current = context.current or {}
    for key in [key for key in values if key not in SELF_EDITABLE and key in current]:
        if values[key] == current[key]:
            del values[key]
    refused = sorted(key for key in values if key not in SELF_EDITABLE)
    if "departments" in context.relations:
        refused.append("departments")
        context.relations.pop("departments")
    if refused:
        raise Forbidden(f"You may not change these fields of a profile: {', '.join(refused)}")


async def hash_new_password(context: WriteContext) -> None:
    from tenko.auth.passwords import hash_password_async, password_problem

    password = context.values.pop("password", None)
    if password is None:
        return
    problem = password_problem(password)
    if problem:
        raise validation_error([{"field": "password", "message": problem}])
    # TENKO_BCRYPT_ROUNDS, which the session dependency puts on the session
    rounds = int(context.session.info.get("bcrypt_rounds", 12))
    context.values["password"] = await hash_password_async(password, rounds)


async def normalise_email(context: WriteContext) -> None:
    email = context.values.get("email")
    if email is None:
        return
    email = email.strip()
    if "@" not in email or email.startswith("@") or email.endswith("@") or " " in email:
        raise validation_error([{"field": "email", "message": "not a valid e-mail address"}])
    context.values["email"] = email


def full_name_filter(values: list[str]) -> ColumnElement[bool]:
    """``?full_name=``: first and last names joined by a space, matched exactly (gazu's
    ``get_person_by_full_name``, as the reference matches it)."""
    joined = PERSON.c.first_name + " " + PERSON.c.last_name
    return joined.in_([coerce(PERSON.c.first_name, value) for value in values])


async def keep_one_admin(context: WriteContext) -> None:
    if context.current and context.current["id"] == context.caller.id:
        raise BadRequest("You cannot delete your own account")


NOT_A_PREVIEW_ACCOUNT = ColumnIs("preview_project_id", None)

PERSONS = Resource(
    name="persons",
    table=table_of(Person),
    type_name="Person",
    # the list leaves out the projects' preview accounts, as the reference does (their names
    # are "Preview <project name>": listing them would tell every project's name to anyone)
    policy=Policy.of(read=ANYONE, write=ADMIN, update=ADMIN | own("id"), list=NOT_A_PREVIEW_ACCOUNT),
    hidden=PERSON_SECRETS,
    # private: a filter on them would let anyone guess the values
    unfilterable=frozenset({"daily_salary", "contract_type", "phone"}),
    private=PERSON_PRIVATE,  # e-mail, presence, two-factor settings...: admins only may filter on them
    relations=(Relation("departments", table_of(DepartmentLink), "person_id", "department_id"),),
    decorate=(add_full_name,),
    detail=(complete_for_managers,),
    update_with_relations=True,
    derived=frozenset({"full_name", "fido_devices"}),
    decorated={"full_name": answers.STRING},
    before_create=(normalise_email, hash_new_password),
    before_update=(guard_person_update, normalise_email),
    before_delete=(keep_one_admin,),
    extra_create_fields={"password": (str | None, None)},
    virtual_filters={"full_name": full_name_filter},
    # the reference's sync mirrors accounts with their password hashes: admins only, on request
    revealed_on_request={"with_pass_hash": ("password", ADMIN)},
)


DAY_OFFS = Resource(
    name="day-offs",
    table=table_of(DayOff),
    type_name="DayOff",
    # each person their own rows (admins all); the list is for admins
    policy=Policy.of(read=own(), write=own(), list=ADMIN),
)
SALARY_SCALES = Resource(
    name="salary-scales",
    table=table_of(SalaryScale),
    type_name="SalaryScale",
    # pay: production managers read a scale, unless their project roles make them less
    paged=False,  # the reference answers the whole scale, whatever ``page``
    policy=Policy.of(read=STUDIO_MANAGER, write=ADMIN, list=ADMIN),
)

RESOURCES = (PERSONS, DAY_OFFS, SALARY_SCALES)
