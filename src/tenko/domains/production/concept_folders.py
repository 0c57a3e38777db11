"""Concept folders: the folders a project's concepts are sorted in, and moving concepts between them.

A folder is an entity of the ``ConceptFolder`` entity type (a breakdown kind, never an asset
type); a concept sits in a folder through its ``parent_id``. Folders are flat (no folder in a
folder). Writes go through the entity service, so permissions, name rules and the
``concept-folder:new|update|delete`` events are those of every other kind.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Request, Response
from pydantic import Field
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, http, records
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, NotFound
from tenko.core.guard import body_references
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.resource import Row
from tenko.core.schemas import BodyModel, json_schema_of
from tenko.core.types import new_id, utc_now
from tenko.domains.entities import service
from tenko.domains.entities.access import LoadedEntity, entity_loader
from tenko.domains.entities.models import ENTITY
from tenko.domains.entities.service import kind_condition, kind_resource
from tenko.domains.entities.shapes import written
from tenko.domains.production import reads as service_reads
from tenko.domains.production import schemas
from tenko.domains.projects.access import ManagedProject, MemberProject
from tenko.domains.studio.kinds import CONCEPT, CONCEPT_FOLDER
from tenko.domains.studio.models import ENTITY_TYPE

router = api_router(tags=["concepts"])
FOLDERS = kind_resource(CONCEPT_FOLDER)
MAX_MOVED = 10_000
FOLDER_LOADER = entity_loader(CONCEPT_FOLDER, "concept_folder_id")
EditableFolder = Annotated[LoadedEntity, FOLDER_LOADER("update")]
DeletableFolder = Annotated[LoadedEntity, FOLDER_LOADER("delete")]


class MoveConceptsBody(BodyModel):
    """What the web app sends: the concepts and their new folder (null: out of any folder)."""

    concept_ids: list[uuid.UUID] = Field(max_length=MAX_MOVED)
    concept_folder_id: uuid.UUID | None = None


async def ensure_folder_type(session: AsyncSession) -> None:
    """Databases initialised before concept folders existed get their entity type on first use."""
    found = select(ENTITY_TYPE.c.id).where(ENTITY_TYPE.c.name == CONCEPT_FOLDER.entity_type)
    if (await session.execute(found)).first() is None:
        now = utc_now()
        values = {"id": new_id(), "name": CONCEPT_FOLDER.entity_type, "created_at": now, "updated_at": now}
        await session.execute(insert(ENTITY_TYPE).values(values))


def refuse_nesting(body: dict[str, Any]) -> None:
    if body.get("parent_id") is not None:
        raise BadRequest("parent_id: concept folders cannot be nested")


async def folder_of_project(session: AsyncSession, folder_id: uuid.UUID, project_id: uuid.UUID) -> None:
    statement = select(ENTITY.c.project_id).where(ENTITY.c.id == folder_id, kind_condition(CONCEPT_FOLDER))
    if (await session.execute(statement)).scalar() != project_id:
        raise NotFound(f"Concept folder {folder_id} not found in this project")


async def move_concepts(
    session: AsyncSession, caller: Caller, project_id: uuid.UUID, concept_ids: list[uuid.UUID], folder: uuid.UUID | None
) -> list[uuid.UUID]:
    """Put the concepts in the folder in one statement (all of them or none) and record ``concept:update``."""
    if folder is not None:
        await folder_of_project(session, folder, project_id)
    wanted = list(dict.fromkeys(concept_ids))
    if not wanted:
        return []
    statement = select(ENTITY.c.id).where(
        ENTITY.c.id.in_(wanted), ENTITY.c.project_id == project_id, kind_condition(CONCEPT)
    )
    found = set((await session.execute(statement)).scalars())
    if missing := [str(concept_id) for concept_id in wanted if concept_id not in found]:
        raise NotFound(f"Not concepts of this project: {', '.join(missing[:20])}")
    moved = update(ENTITY).where(ENTITY.c.id.in_(wanted)).values(parent_id=folder, updated_at=utc_now())
    await session.execute(moved)
    concepts = kind_resource(CONCEPT)
    for concept_id in wanted:
        await records.record_event(session, concepts, caller, "update", {"id": concept_id, "project_id": project_id})
    return wanted


async def empty_folder(session: AsyncSession, caller: Caller, folder: Row) -> None:
    """Hand a folder's concepts back to the project root before the folder goes."""
    inside = select(ENTITY.c.id).where(ENTITY.c.parent_id == folder["id"], kind_condition(CONCEPT))
    concept_ids = list((await session.execute(inside)).scalars())
    if concept_ids:
        await move_concepts(session, caller, folder["project_id"], concept_ids, None)


@router.get(
    "/data/projects/{project_id}/concept-folders",
    summary="List a project's concept folders",
    **schemas.many_entities(CONCEPT_FOLDER),
)
async def list_folders(project: MemberProject, request: Request, session: DbSession) -> JSONResponse:
    """List a project's concept folders."""
    condition = (ENTITY.c.project_id == project.id,)
    rows = await service_reads.list_entities(
        session, project.caller, CONCEPT_FOLDER, request.query_params, conditions=condition, pages=False
    )
    return JSONResponse(rows)


@router.post(
    "/data/projects/{project_id}/concept-folders",
    summary="Create a concept folder in a project",
    status_code=201,
    openapi_extra={"requestBody": json_schema_of(FOLDERS.create_model)},
    dependencies=body_references(FOLDERS),
    **schemas.written_entity(CONCEPT_FOLDER, 201),
)
async def create_folder(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
    """Create a concept folder in a project."""
    body = await http.json_object(request)
    refuse_nesting(body)
    await ensure_folder_type(session)
    row = await service.create_entity(session, project.caller, CONCEPT_FOLDER, project.id, body)
    return JSONResponse(written(CONCEPT_FOLDER, row), status_code=201)


@router.put(
    "/data/concept-folders/{concept_folder_id}",
    summary="Rename a concept folder",
    openapi_extra={"requestBody": json_schema_of(FOLDERS.update_model)},
    dependencies=body_references(FOLDERS),
    **schemas.written_entity(CONCEPT_FOLDER),
)
async def update_folder(folder: EditableFolder, request: Request, session: DbSession) -> JSONResponse:
    """Rename a concept folder."""
    body = await http.json_object(request)
    refuse_nesting(body)
    row = await service.update_loaded(session, folder.caller, CONCEPT_FOLDER, folder.row, body)
    return JSONResponse(written(CONCEPT_FOLDER, row))


@router.delete(
    "/data/concept-folders/{concept_folder_id}",
    summary="Delete a concept folder (its concepts go back to the project root)",
    **answers.no_content(),
)
async def delete_folder(folder: DeletableFolder, session: DbSession) -> Response:
    """Delete a concept folder (its concepts go back to the project root)."""
    await empty_folder(session, folder.caller, folder.row)
    await service.remove_entity(session, folder.caller, CONCEPT_FOLDER, folder.row, force=False)
    return Response(status_code=204)


@router.post(
    "/actions/projects/{project_id}/move-concepts",
    summary="Move concepts into a concept folder (concept_folder_id null: out of any folder)",
    openapi_extra={"requestBody": json_schema_of(MoveConceptsBody)},
    **answers.answer(answers.ID_LIST, 200, "The ids of the concepts moved"),
)
async def move_concepts_route(project: ManagedProject, request: Request, session: DbSession) -> JSONResponse:
    """Move concepts into a concept folder (concept_folder_id null: out of any folder)."""
    body = await http.json_body(request, MoveConceptsBody)
    moved = await move_concepts(session, project.caller, project.id, body["concept_ids"], body.get("concept_folder_id"))
    return JSONResponse(moved)
