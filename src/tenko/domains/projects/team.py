"""The team of a project: who is in it and with which per-project role."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import Request, Response
from sqlalchemy import delete, select, update

from tenko.core import answers, http, records
from tenko.core.answers import NULLABLE_STRING
from tenko.core.atomic import conflict_insert
from tenko.core.db import DbSession
from tenko.core.guard import PathId, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.links import existing_id, not_linked
from tenko.core.listing import attach_relations, to_rows
from tenko.core.schemas import BodyModel
from tenko.domains.people.models import PERSON
from tenko.domains.people.resources import PERSONS
from tenko.domains.projects.access import ManagedProject, MemberProject, project_updated
from tenko.domains.projects.models import PROJECT_PERSON_LINK
from tenko.domains.projects.resources import PROJECTS

router = api_router(tags=["projects"])
#: a per-project role; admin is a global role only
TeamRole = Literal["user", "supervisor", "manager", "client", "vendor"]


class NewMember(BodyModel):
    person_id: uuid.UUID
    role: TeamRole | None = None


class MemberRole(BodyModel):
    role: TeamRole | None


@router.get(
    "/data/projects/{project_id}/team",
    summary="List the persons of a project's team",
    **answers.many(PERSONS, extra={"project_role": NULLABLE_STRING}),
)
async def get_team(project: MemberProject, session: DbSession) -> JSONResponse:
    statement = (
        select(*PERSONS.visible_columns, PROJECT_PERSON_LINK.c.role.label("project_role"))
        .join(PROJECT_PERSON_LINK, PROJECT_PERSON_LINK.c.person_id == PERSON.c.id)
        .where(PROJECT_PERSON_LINK.c.project_id == project.id)
        .order_by(PERSON.c.first_name, PERSON.c.last_name, PERSON.c.id)
    )
    rows = to_rows(PERSONS, await session.execute(statement))
    await records.present(session, PERSONS, project.caller, rows, detail=False)
    await attach_relations(session, PERSONS, rows)
    return JSONResponse(rows)


@router.post(
    "/data/projects/{project_id}/team",
    summary="Add a person to a project's team",
    status_code=201,
    **answers.answer(answers.columns_schema(PROJECTS), 201),
)
async def add_member(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
    values = await http.json_body(request, NewMember)
    person_id = values["person_id"]
    await existing_id(session, PERSON, person_id, "person_id")
    # one statement, so that adding someone twice at once keeps one link (a given role wins)
    statement = conflict_insert(session, PROJECT_PERSON_LINK).values(
        project_id=project.id, person_id=person_id, role=values.get("role")
    )
    keys = [PROJECT_PERSON_LINK.c.project_id, PROJECT_PERSON_LINK.c.person_id]
    if "role" in values:
        await session.execute(statement.on_conflict_do_update(index_elements=keys, set_={"role": values["role"]}))
    else:
        await session.execute(statement.on_conflict_do_nothing(index_elements=keys))
    row = await project_updated(session, project.caller, project.id)
    return JSONResponse(row, status_code=201)


@router.put(
    "/data/projects/{project_id}/team/{person_id}",
    summary="Set the role of a team member in this project",
    **answers.shape({"project_id": answers.UUID, "person_id": answers.UUID, "role": NULLABLE_STRING}),
)
async def set_member_role(
    project: ManagedProject, person_id: PathId, request: Request, session: DbSession
) -> JSONResponse:
    member_id = parse_uuid(person_id, "person id")
    values = await http.json_body(request, MemberRole)
    link = PROJECT_PERSON_LINK.c.project_id == project.id, PROJECT_PERSON_LINK.c.person_id == member_id
    result = await session.execute(update(PROJECT_PERSON_LINK).where(*link).values(role=values["role"]))
    if not getattr(result, "rowcount", 0):
        raise not_linked("person")
    await project_updated(session, project.caller, project.id)
    return JSONResponse({"project_id": project.id, "person_id": member_id, "role": values["role"]})


@router.delete(
    "/data/projects/{project_id}/team/{person_id}",
    summary="Remove a person from a project's team",
    **answers.no_content(),
)
async def remove_member(project: ManagedProject, person_id: PathId, session: DbSession) -> Response:
    member_id = parse_uuid(person_id, "person id")
    result = await session.execute(
        delete(PROJECT_PERSON_LINK).where(
            PROJECT_PERSON_LINK.c.project_id == project.id, PROJECT_PERSON_LINK.c.person_id == member_id
        )
    )
    if not getattr(result, "rowcount", 0):
        raise not_linked("person")
    await project_updated(session, project.caller, project.id)
    return Response(status_code=204)
