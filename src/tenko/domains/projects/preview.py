"""The preview account of a project: a guest login a manager hands to an outside reviewer.

It is a person with ``is_guest`` set and ``preview_project_id`` pointing at the project, in the
project's team as a client (so it sees what clients see, and nothing of other projects). Its
password is generated and shown once, in the answer that creates it. ``preview_open_until``
bounds the access: the account's ``expiration_date`` follows it, so logins stop after that day.
A manager opens or closes the account as the web app does, with ``PUT {"is_open": true|false}``:
opened, it may log in for ``OPEN_FOR`` (the reference's hour); closed, its access has expired.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

from fastapi import Request, Response
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from tenko.auth.deps import Context
from tenko.auth.passwords import hash_password
from tenko.core import answers, http
from tenko.core.db import DbSession
from tenko.core.deletion import delete_records
from tenko.core.errors import BadRequest, NotFound
from tenko.core.events import emit_all
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.core.schemas import BodyModel, DateTime_
from tenko.core.types import utc_now
from tenko.domains.people.models import PERSON
from tenko.domains.projects.access import ManagedProject, ProjectAccess
from tenko.domains.projects.models import PROJECT_PERSON_LINK

router = api_router(tags=["projects"])
PATH = "/data/projects/{project_id}/preview-account"
SHOWN = ("id", "email", "full_name", "preview_open_until")
ACCOUNT: dict[str, answers.Schema] = {
    "id": answers.UUID,
    "email": answers.STRING,
    "full_name": answers.STRING,
    "preview_open_until": answers.nullable(answers.DATETIME),
}


#: how long an opened preview account may log in (the reference opens it for an hour)
OPEN_FOR = dt.timedelta(hours=1)


class PreviewWindow(BodyModel):
    preview_open_until: DateTime_ | None = None


class PreviewOpening(BodyModel):
    is_open: bool


async def preview_person(session: AsyncSession, project_id: uuid.UUID) -> dict[str, Any] | None:
    statement = select(PERSON).where(PERSON.c.preview_project_id == project_id)
    row = (await session.execute(statement)).mappings().first()
    return dict(row) if row is not None else None


def shown(person: dict[str, Any]) -> Row:
    row = {key: person.get(key) for key in SHOWN if key != "full_name"}
    row["full_name"] = f"{person['first_name']} {person['last_name']}".strip()
    return row


def expiry_of(until: dt.datetime | None) -> dt.date | None:
    return until.date() if until is not None else None


@router.get(
    PATH,
    summary="Get the preview account of a project (null when it has none)",
    **answers.answer(answers.nullable(answers.object_of(ACCOUNT))),
)
async def get_preview_account(project: ManagedProject, session: DbSession) -> JSONResponse:
    person = await preview_person(session, project.id)
    return JSONResponse(shown(person) if person is not None else None)


@router.post(
    PATH,
    summary="Create the preview account of a project; its password is shown only here",
    status_code=201,
    **answers.shape({**ACCOUNT, "password": answers.STRING}, 201),
)
async def create_preview_account(
    project: ManagedProject, request: Request, session: DbSession, context: Context
) -> JSONResponse:
    values = await http.json_body(request, PreviewWindow)
    if await preview_person(session, project.id) is not None:
        raise BadRequest("This project already has a preview account: update or delete it")
    until = values.get("preview_open_until")
    password = secrets.token_urlsafe(12)
    person_id = uuid.uuid4()
    person = {
        "id": person_id,
        "first_name": "Preview",
        "last_name": str(project.row["name"])[:80],
        "email": f"preview-{person_id.hex[:12]}@preview.invalid",
        "role": "client",
        "is_guest": True,
        "preview_project_id": project.id,
        "preview_opened_at": utc_now(),
        "preview_open_until": until,
        "expiration_date": expiry_of(until),
        "password": await run_in_threadpool(hash_password, password, context.settings.bcrypt_rounds),
    }
    await session.execute(insert(PERSON).values(**person))
    await session.execute(insert(PROJECT_PERSON_LINK).values(project_id=project.id, person_id=person_id, role="client"))
    await _events(session, project, "new", person_id)
    return JSONResponse({**shown(person), "password": password}, status_code=201)


@router.put(PATH, summary="Open (for an hour) or close the preview account of a project", **answers.shape(ACCOUNT))
async def update_preview_account(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
    """``{"is_open": true}`` opens the account for ``OPEN_FOR`` from now; ``false`` closes it."""
    values = await http.json_body(request, PreviewOpening)
    person = await preview_person(session, project.id)
    if person is None:
        raise NotFound("This project has no preview account")
    now = utc_now()
    changes: dict[str, Any] = {"preview_opened_at": None, "preview_open_until": None, "updated_at": now}
    if values["is_open"]:
        changes |= {"preview_opened_at": now, "preview_open_until": now + OPEN_FOR}
    # closed, the account has expired: logins stop at once
    changes["expiration_date"] = expiry_of(changes["preview_open_until"]) or now.date() - dt.timedelta(days=1)
    await session.execute(update(PERSON).where(PERSON.c.id == person["id"]).values(**changes))
    await _events(session, project, "update", person["id"])
    return JSONResponse(shown({**person, **changes}))


@router.delete(PATH, summary="Delete the preview account of a project", **answers.no_content())
async def delete_preview_account(project: ManagedProject, session: DbSession) -> Response:
    person = await preview_person(session, project.id)
    if person is None:
        raise NotFound("This project has no preview account")
    await _events(session, project, "delete", person["id"])
    await session.execute(delete(PROJECT_PERSON_LINK).where(PROJECT_PERSON_LINK.c.person_id == person["id"]))
    # its login logs, notifications... go with it: nothing of a guest is worth keeping
    await delete_records(session, PERSON.metadata, PERSON, [person["id"]], force=True, label="Person")
    return Response(status_code=204)


async def _events(session: AsyncSession, project: ProjectAccess, action: str, person_id: uuid.UUID) -> None:
    """The account's event and the project's, both in the project (its managers read them)."""
    events = [(f"person:{action}", {"person_id": person_id}, project.id)]
    events.append(("project:update", {"project_id": project.id}, project.id))
    await emit_all(session, events, user_id=project.caller.id)
