"""The news feed: per project, across the studio, and one entry (what the web app's news page reads)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import and_

from tenko.core.db import DbSession
from tenko.core.guard import CurrentCaller
from tenko.core.jsonutil import JSONResponse
from tenko.domains.news import service
from tenko.domains.news.service import TASK, FeedQuery
from tenko.domains.projects.access import MemberProject

router = APIRouter(tags=["news"])


@router.get("/data/projects/news", summary="The news of every open project the caller is in (paginated)")
async def studio_news(request: Request, session: DbSession, caller: CurrentCaller) -> Any:
    """The news of every open project the caller is in (paginated)."""
    query = FeedQuery.parse(request.query_params)
    scope = and_(service.open_projects(), service.visible_news(caller))
    return JSONResponse(await service.feed(session, scope, query))


@router.get("/data/projects/{project_id}/news", summary="The news feed of a project (paginated, with stats)")
async def project_news(request: Request, project: MemberProject, session: DbSession) -> Any:
    """The news feed of a project (paginated, with stats)."""
    query = FeedQuery.parse(request.query_params)
    scope = and_(TASK.c.project_id == project.id, service.visible_news(project.caller))
    return JSONResponse(await service.feed(session, scope, query))


@router.get("/data/projects/{project_id}/news/{news_id}", summary="One news entry of a project")
async def project_news_entry(news_id: str, project: MemberProject, session: DbSession) -> Any:
    """One news entry of a project."""
    return JSONResponse(await service.one_news(session, project.caller, project.id, news_id))
