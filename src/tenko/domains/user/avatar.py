"""The caller's avatar: removing it (uploads go through the pictures routes)."""

from __future__ import annotations

from fastapi import Response

from tenko.core import answers
from tenko.core.db import DbSession
from tenko.core.guard import Myself
from tenko.core.http import api_router
from tenko.domains.people.avatars import clear_avatar_of

router = api_router(tags=["user"])


@router.delete("/actions/user/clear-avatar", summary="Remove the caller's avatar", **answers.no_content())
async def clear_own_avatar(session: DbSession, caller: Myself) -> Response:
    """Remove the caller's avatar."""
    await clear_avatar_of(session, caller, caller.id)
    return Response(status_code=204)
