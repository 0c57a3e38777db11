"""The caller's desktop logins (the desktop app records one at each start): their presence."""

from __future__ import annotations

from fastapi import Request

from tenko.core import answers, http
from tenko.core.db import DbSession
from tenko.core.guard import Myself
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.domains.timesheets.desktop_logs import DESKTOP_LOG_ROW, desktop_logs, log_desktop_login

router = api_router(tags=["user"])


@router.get(
    "/data/user/desktop-login-logs",
    summary="The caller's desktop logins, newest first",
    **answers.answer(answers.list_of(DESKTOP_LOG_ROW)),
)
async def user_desktop_logs(session: DbSession, caller: Myself) -> JSONResponse:
    """The caller's desktop logins, newest first."""
    return JSONResponse(await desktop_logs(session, caller.id))


@router.post(
    "/data/user/desktop-login-logs",
    summary="Record a desktop login of the caller",
    status_code=201,
    **answers.answer(DESKTOP_LOG_ROW, 201),
)
async def add_user_desktop_log(request: Request, session: DbSession, caller: Myself) -> JSONResponse:
    """Record a desktop login of the caller."""
    body = await http.json_object(request, optional=True)
    return JSONResponse(await log_desktop_login(session, caller.id, body), status_code=201)
