"""The news feed: per project, across the studio, and one entry (what the web app's news page reads)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy import and_

from tenko.core import answers
from tenko.core.db import DbSession
from tenko.core.guard import Anyone, PathId
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.domains.news import service
from tenko.domains.news.service import FeedQuery
from tenko.domains.projects.access import MemberProject
from tenko.domains.tasks.models import TASK

router = api_router(tags=["news"])
NULLABLE_UUID = answers.NULLABLE_UUID
#: a news entry as the web app reads it (``service.present``)
NEWS_ENTRY = answers.object_of(
    {
        "id": answers.UUID,
        "type": answers.type_const("News"),
        "created_at": answers.DATETIME,
        "change": answers.BOOLEAN,
        "author_id": answers.UUID,
        "comment_id": NULLABLE_UUID,
        "task_id": answers.UUID,
        "preview_file_id": NULLABLE_UUID,
        "project_id": answers.UUID,
        "project_name": answers.STRING,
        "task_type_id": answers.UUID,
        "task_entity_id": answers.UUID,
        "task_status_id": NULLABLE_UUID,
        "entity_preview_file_id": NULLABLE_UUID,
        "preview_file_extension": answers.nullable(answers.STRING),
        "preview_file_revision": answers.nullable(answers.INTEGER),
        "full_entity_name": answers.STRING,
        "episode_id": NULLABLE_UUID,
        "person": answers.object_of(
            {
                "id": answers.UUID,
                "first_name": answers.STRING,
                "last_name": answers.STRING,
                "full_name": answers.STRING,
                "has_avatar": answers.BOOLEAN,
                "role": answers.STRING,
            }
        ),
    },
    "NewsEntry",
)
#: a page of the feed, with the whole selection counted per task status id
FEED = answers.object_of(
    {
        **answers.page_schema(NEWS_ENTRY)["properties"],
        "stats": {"type": "object", "description": "number of entries by task status id"},
    },
    "NewsFeed",
)


@router.get(
    "/data/projects/news",
    summary="The news of every open project the caller is in (paginated)",
    **answers.answer(FEED),
)
async def studio_news(request: Request, session: DbSession, caller: Anyone) -> Any:
    """The news of every open project the caller is in (paginated)."""
    query = FeedQuery.parse(request.query_params)
    scope = and_(service.open_projects(), service.visible_news(caller))
    return JSONResponse(await service.feed(session, scope, query))


@router.get(
    "/data/projects/{project_id}/news",
    summary="The news feed of a project (paginated, with stats)",
    **answers.answer(FEED),
)
async def project_news(request: Request, project: MemberProject, session: DbSession) -> Any:
    """The news feed of a project (paginated, with stats)."""
    query = FeedQuery.parse(request.query_params)
    scope = and_(TASK.c.project_id == project.id, service.visible_news(project.caller))
    return JSONResponse(await service.feed(session, scope, query))


@router.get(
    "/data/projects/{project_id}/news/{news_id}", summary="One news entry of a project", **answers.answer(NEWS_ENTRY)
)
async def project_news_entry(news_id: PathId, project: MemberProject, session: DbSession) -> Any:
    """One news entry of a project."""
    return JSONResponse(await service.one_news(session, project.caller, project.id, news_id))
