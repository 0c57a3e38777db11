"""A project's playlists and build jobs as the reference's sync reads them (admins, as the reference)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Request
from sqlalchemy import select

from tenko.core import answers
from tenko.core.crud import list_records
from tenko.core.db import DbSession
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import typed_rows
from tenko.domains.playlists.models import BUILD_JOB, PLAYLIST
from tenko.domains.playlists.resources import PLAYLISTS
from tenko.domains.projects.access import ProjectAccess, ProjectLoader

router = api_router(tags=["playlists"])
#: a project whose whole playlist history only studio admins read, as in the reference
AdminProject = Annotated[ProjectAccess, ProjectLoader("admin")]
BUILD_JOBS = answers.answer(
    answers.list_of(
        answers.object_of(
            {
                **{key: answers.UUID for key in ("id", "playlist_id")},
                **{key: answers.nullable(answers.STRING) for key in ("status", "job_type", "message")},
                **{key: answers.nullable(answers.DATETIME) for key in ("created_at", "updated_at", "ended_at")},
                "type": answers.type_const("BuildJob"),
            },
            "BuildJob",
        )
    )
)


@router.get(
    "/data/projects/{project_id}/playlists/all",
    summary="Every playlist of a project, with its build jobs",
    **answers.many_or_page(PLAYLISTS),
)
async def all_project_playlists(project: AdminProject, request: Request, session: DbSession) -> JSONResponse:
    """Every playlist of a project with its shots and build jobs; filtered and paged as
    ``/data/playlists`` (the reference's sync reads it page by page)."""
    rows = await list_records(
        session, PLAYLISTS, project.caller, request, where=[PLAYLIST.c.project_id == project.id], relations=True
    )
    return JSONResponse(rows)


@router.get("/data/projects/{project_id}/build-jobs", summary="The build jobs of a project's playlists", **BUILD_JOBS)
async def project_build_jobs(project: AdminProject, session: DbSession) -> JSONResponse:
    """The build jobs of a project's playlists, oldest first."""
    playlists = select(PLAYLIST.c.id).where(PLAYLIST.c.project_id == project.id)
    statement = (
        select(BUILD_JOB).where(BUILD_JOB.c.playlist_id.in_(playlists)).order_by(BUILD_JOB.c.created_at, BUILD_JOB.c.id)
    )
    return JSONResponse(typed_rows(await session.execute(statement), "BuildJob"))
