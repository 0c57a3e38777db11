"""Person actions beyond the CRUD: departments, avatar, two-factor reset, invitation and password link.

These change someone's account: they are for studio admins.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.deps import AppContext, Context
from tenko.core import http, records
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, Forbidden, NotFound
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.core.model import table_of
from tenko.core.resource import Row
from tenko.domains.people.models import DepartmentLink
from tenko.domains.people.resources import DEPARTMENTS, PERSONS, full_name
from tenko.domains.people.service_mail import send_mail

router = APIRouter(tags=["persons"])
PERSON = PERSONS.table
MEMBERS = table_of(DepartmentLink)
#: what disabling two-factor authentication resets
TWO_FACTOR_RESET = {
    "totp_enabled": False,
    "totp_secret": None,
    "email_otp_enabled": False,
    "email_otp_secret": None,
    "fido_enabled": False,
    "fido_credentials": None,
    "otp_recovery_codes": None,
    "preferred_two_factor_authentication": None,
}
RESET_TOKEN_KIND = "reset-password"


class DepartmentBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    department_id: uuid.UUID


def require_admin(caller: Caller) -> None:
    if not caller.is_admin:
        raise Forbidden("Only studio admins may change the accounts of others")


async def admin_target(session: AsyncSession, caller: Caller, raw_id: str) -> Row:
    require_admin(caller)
    return await records.fetch_row(session, PERSONS, records.parse_id(raw_id, "person id"))


async def changed(session: AsyncSession, caller: Caller, person_id: uuid.UUID) -> Row:
    """The person as a single GET shows it, after recording ``person:update``."""
    row = await records.read_one(session, PERSONS, caller, person_id)
    await records.record_event(session, PERSONS, caller, "update", row)
    return row


@router.post("/actions/persons/{person_id}/departments/add", summary="Add a person to a department", status_code=201)
async def add_department(
    person_id: str, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    """Add a person to a department."""
    person = await admin_target(session, caller, person_id)
    body = await http.json_object(request)
    department_id = http.validate(DepartmentBody, body)["department_id"]
    await records.fetch_row(session, DEPARTMENTS, department_id)
    link = (MEMBERS.c.person_id == person["id"]) & (MEMBERS.c.department_id == department_id)
    if (await session.execute(select(MEMBERS.c.person_id).where(link))).first() is None:
        await session.execute(insert(MEMBERS).values(person_id=person["id"], department_id=department_id))
    return JSONResponse(await changed(session, caller, person["id"]), status_code=201)


@router.delete(
    "/actions/persons/{person_id}/departments/{department_id}",
    summary="Remove a person from a department",
    status_code=204,
)
async def remove_department(person_id: str, department_id: str, session: DbSession, caller: CurrentCaller) -> Response:
    """Remove a person from a department."""
    person = await admin_target(session, caller, person_id)
    found = records.parse_id(department_id, "department id")
    link = (MEMBERS.c.person_id == person["id"]) & (MEMBERS.c.department_id == found)
    result = await session.execute(delete(MEMBERS).where(link))
    if not getattr(result, "rowcount", 0):
        raise NotFound("This person is not in this department")
    await changed(session, caller, person["id"])
    return Response(status_code=204)


async def clear_avatar_of(session: AsyncSession, caller: Caller, person_id: uuid.UUID) -> None:
    await session.execute(update(PERSON).where(PERSON.c.id == person_id).values(has_avatar=False))
    await changed(session, caller, person_id)


@router.delete("/actions/persons/{person_id}/clear-avatar", summary="Remove a person's avatar", status_code=204)
async def clear_avatar(person_id: str, session: DbSession, caller: CurrentCaller) -> Response:
    """Remove a person's avatar."""
    person = await admin_target(session, caller, person_id)
    await clear_avatar_of(session, caller, person["id"])
    return Response(status_code=204)


@router.delete(
    "/actions/persons/{person_id}/disable-two-factor-authentication",
    summary="Turn off every two-factor method of a person (a lost device)",
)
async def disable_two_factor(person_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    """Turn off every two-factor method of a person (a lost device)."""
    person = await admin_target(session, caller, person_id)
    await session.execute(update(PERSON).where(PERSON.c.id == person["id"]).values(**TWO_FACTOR_RESET))
    await changed(session, caller, person["id"])
    return JSONResponse({"success": True})


def reset_link(context: AppContext, person: Row) -> str:
    """A link to the web app's password form, carrying a signed token only this person's reset accepts."""
    token = context.tokens.issue(person["id"], RESET_TOKEN_KIND)
    base = context.settings.public_url.rstrip("/")
    return f"{base}/reset-change-password/{token}?email={quote(person.get('email') or '')}"


@router.post("/actions/persons/{person_id}/reset-password-link", summary="A link for a person to set a new password")
async def reset_password_link(
    person_id: str, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    """A link for a person to set a new password."""
    person = await admin_target(session, caller, person_id)
    return JSONResponse({"reset_password_link": reset_link(context, person)})


def invitation(context: AppContext, person: Row) -> tuple[str, str]:
    name = context.settings.app_name
    subject = f"You are invited to {name}"
    text = (
        f"Hello {full_name(person) or person['email']},\n\n"
        f"You have been invited to join {name}, where your studio tracks its productions.\n"
        f"Your login is {person['email']}. Choose your password here:\n\n{reset_link(context, person)}\n\n"
        f"Then log in at {context.settings.public_url.rstrip('/')}\n"
    )
    return subject, text


@router.get("/actions/persons/{person_id}/invite", summary="Send a person an invitation e-mail")
async def invite(person_id: str, session: DbSession, caller: CurrentCaller, context: Context) -> JSONResponse:
    """Send a person an invitation e-mail."""
    person = await admin_target(session, caller, person_id)
    if not person.get("email"):
        raise BadRequest("This person has no e-mail address")
    if person.get("is_bot"):
        raise BadRequest("A bot cannot be invited")
    subject, text = invitation(context, person)
    await send_mail(context.settings, person["email"], subject, text)
    return JSONResponse({"success": True, "message": f"Invitation sent to {person['email']}"})
