"""Person actions beyond the CRUD: departments, avatar, two-factor reset, invitation and password link.

These change someone's account: they are for studio admins (``PersonLoader("manage_account")``).
"""

from __future__ import annotations

import logging
import uuid
from typing import Annotated
from urllib.parse import quote

from fastapi import Request, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, update

from tenko.auth.deps import AppContext, Context
from tenko.core import answers, http, records
from tenko.core.atomic import conflict_insert
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, NotFound
from tenko.core.guard import Loaded, PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.domains.people.access import PersonLoader
from tenko.domains.people.avatars import changed, clear_avatar_of
from tenko.domains.people.models import DEPARTMENT_LINK
from tenko.domains.people.resources import PERSONS, full_name
from tenko.domains.people.service_mail import send_mail
from tenko.domains.studio.resources import DEPARTMENTS

logger = logging.getLogger(__name__)

router = api_router(tags=["persons"])
PERSON = PERSONS.table
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
#: a person whose account the caller may change: studio admins only
AccountOf = Annotated[Loaded, PersonLoader("manage_account")]
#: a person as a single GET answers it
SUCCESS = answers.shape({"success": answers.BOOLEAN})


class DepartmentBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    department_id: uuid.UUID


@router.post(
    "/actions/persons/{person_id}/departments/add",
    summary="Add a person to a department",
    status_code=201,
    **answers.one(PERSONS, 201),
)
async def add_department(person: AccountOf, request: Request, session: DbSession) -> JSONResponse:
    """Add a person to a department."""
    department_id = (await http.json_body(request, DepartmentBody))["department_id"]
    await records.fetch_row(session, DEPARTMENTS, department_id)
    link = conflict_insert(session, DEPARTMENT_LINK).values(person_id=person.id, department_id=department_id)
    await session.execute(link.on_conflict_do_nothing())  # already in it (maybe by a racing call): no change
    return JSONResponse(await changed(session, person.caller, person.id), status_code=201)


@router.delete(
    "/actions/persons/{person_id}/departments/{department_id}",
    summary="Remove a person from a department",
    **answers.no_content(),
)
async def remove_department(person: AccountOf, department_id: PathId, session: DbSession) -> Response:
    """Remove a person from a department."""
    found = parse_uuid(department_id, "department id")
    link = (DEPARTMENT_LINK.c.person_id == person.id) & (DEPARTMENT_LINK.c.department_id == found)
    result = await session.execute(delete(DEPARTMENT_LINK).where(link))
    if not getattr(result, "rowcount", 0):
        raise NotFound("This person is not in this department")
    await changed(session, person.caller, person.id)
    return Response(status_code=204)


@router.delete("/actions/persons/{person_id}/clear-avatar", summary="Remove a person's avatar", **answers.no_content())
async def clear_avatar(person: AccountOf, session: DbSession) -> Response:
    """Remove a person's avatar."""
    await clear_avatar_of(session, person.caller, person.id)
    return Response(status_code=204)


@router.delete(
    "/actions/persons/{person_id}/disable-two-factor-authentication",
    summary="Turn off every two-factor method of a person (a lost device)",
    **SUCCESS,
)
async def disable_two_factor(person: AccountOf, session: DbSession) -> JSONResponse:
    """Turn off every two-factor method of a person (a lost device)."""
    await session.execute(update(PERSON).where(PERSON.c.id == person.id).values(**TWO_FACTOR_RESET))
    await changed(session, person.caller, person.id)
    return JSONResponse({"success": True})


def reset_link(context: AppContext, person: Row) -> str:
    """A link to the web app's password form, carrying a signed token only this person's reset accepts."""
    token = context.tokens.issue(person["id"], RESET_TOKEN_KIND)
    base = context.settings.public_url.rstrip("/")
    return f"{base}/reset-change-password/{token}?email={quote(person.get('email') or '')}"


@router.post(
    "/actions/persons/{person_id}/reset-password-link",
    summary="A link for a person to set a new password",
    **answers.shape({"reset_password_link": answers.STRING}),
)
async def reset_password_link(person: AccountOf, context: Context) -> JSONResponse:
    """A link for a person to set a new password."""
    return JSONResponse({"reset_password_link": reset_link(context, person.row)})


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


@router.get(
    "/actions/persons/{person_id}/invite",
    summary="Send a person an invitation e-mail",
    **answers.shape({"success": answers.BOOLEAN, "message": answers.STRING}),
)
async def invite(account: AccountOf, context: Context) -> JSONResponse:
    """Send a person an invitation e-mail."""
    person = account.row
    if not person.get("email"):
        raise BadRequest("This person has no e-mail address")
    if person.get("is_bot"):
        raise BadRequest("A bot cannot be invited")
    if not context.settings.smtp_host:
        # The reference answers 200 on a mail-less install, and the web app's invite button
        # treats anything else as broken: say plainly that nothing was sent, and log it.
        logger.warning("No invitation sent to %s: no mail server is configured (SMTP_HOST)", person["email"])
        return JSONResponse(
            {"success": False, "message": "No mail server is configured (SMTP_HOST): no invitation was sent"}
        )
    subject, text = invitation(context, person)
    await send_mail(context.settings, person["email"], subject, text)
    return JSONResponse({"success": True, "message": f"Invitation sent to {person['email']}"})
