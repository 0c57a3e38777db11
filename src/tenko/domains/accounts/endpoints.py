"""The /auth routes: log in (JSON or form), who am I, refresh, log out, passwords, register."""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request

from tenko.auth.deps import ACCESS_COOKIE, REFRESH_COOKIE, AppContext, Context, Resolver, bearer_token
from tenko.auth.passwords import verify_password_async
from tenko.auth.tokens import TokenClaims
from tenko.core import answers, http
from tenko.core.access import Caller, Role
from tenko.core.db import DbSession
from tenko.core.errors import BadRequest, Unauthorized, validation_error
from tenko.core.guard import PUBLIC, AdminCaller, Anyone, Myself, PathId, guard_text, parse_uuid
from tenko.core.http import API_PREFIX, api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.records import create, fetch_row
from tenko.domains.accounts import service
from tenko.domains.people.resources import PERSONS
from tenko.domains.studio.resources import ORGANISATIONS

router = api_router(tags=["auth"])
#: where the browser sends the refresh cookie: the one route that reads it
REFRESH_PATH = API_PREFIX + "/auth/refresh-token"
USER = answers.record_schema(PERSONS)
ORGANISATION = answers.record_schema(ORGANISATIONS)
#: a password change ends the person's other sessions; one's own goes on with new tokens
OWN_PASSWORD_CHANGED = answers.shape(
    {
        "success": answers.BOOLEAN,
        "sessions_ended": answers.BOOLEAN,
        "access_token": answers.STRING,
        "refresh_token": answers.STRING,
    }
)
PASSWORD_SET = answers.shape({"success": answers.BOOLEAN, "sessions_ended": answers.BOOLEAN})


async def read_credentials(request: Request) -> dict[str, Any]:
    """A JSON or form-encoded body (the seed documents log in with ``curl -d email=...``)."""
    content_type = request.headers.get("content-type", "")
    if "application/x-www-form-urlencoded" in content_type or "multipart/form-data" in content_type:
        form = await http.form_data(request)  # refuses NUL characters in the fields
        return {key: value for key, value in form.items() if isinstance(value, str)}
    body = await http.json_object(request, optional=True)
    if problems := http.nul_problems(body):  # no e-mail or password holds a NUL character
        raise validation_error(problems)
    return body


#: what names a browser in a User-Agent (the web app, the Kitsu desktop app built on Chromium);
#: "Mozilla/5.0" alone is not enough: scripts and crawlers send it too
BROWSER_AGENT = re.compile(r"\b(Firefox|FxiOS|Chrome|Chromium|CriOS|Safari|Edge?|OPR|Opera|SamsungBrowser)/|\bMSIE ")


def is_browser(request: Request) -> bool:
    return BROWSER_AGENT.search(request.headers.get("user-agent", "")) is not None


def login_origin(request: Request) -> str:
    return "web" if is_browser(request) else "script"


def client_address(request: Request) -> str:
    """The socket peer, or what the trusted proxies saw (``TENKO_TRUSTED_PROXIES``, in app.py)."""
    return request.client.host if request.client else "unknown"


def set_auth_cookies(
    request: Request, response: JSONResponse, context: AppContext, access: str, refresh: str | None
) -> None:
    """The web app's cookies, for browsers only: a script holds its tokens itself, and a cookie
    would keep its session signed in after it drops them. The access cookie goes to every path
    (the API and the event stream); the refresh cookie only to the route that takes it."""
    if not is_browser(request):
        return
    settings = context.settings
    common: dict[str, Any] = {"httponly": True, "samesite": "lax", "secure": settings.cookie_secure}
    response.set_cookie(ACCESS_COOKIE, access, max_age=settings.access_token_minutes * 60, path="/", **common)
    if refresh is not None:
        max_age = settings.refresh_token_days * 86400
        response.set_cookie(REFRESH_COOKIE, refresh, max_age=max_age, path=REFRESH_PATH, **common)


@router.post(
    "/auth/login",
    summary="Log in with e-mail (or desktop login) and password",
    dependencies=[PUBLIC],
    **answers.shape(
        {
            "login": answers.BOOLEAN,
            "user": USER,
            "organisation": ORGANISATION,
            "access_token": answers.STRING,
            "refresh_token": answers.STRING,
        }
    ),
)
async def login(request: Request, session: DbSession, context: Context) -> JSONResponse:
    """Returns the user, the organisation and an access and a refresh token; also sets them as
    cookies for a browser. Repeated failures are refused for a while (see ``auth/throttle.py``)."""
    body = await read_credentials(request)
    email, password = body.get("email"), body.get("password")
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        return JSONResponse({"login": False, "message": "E-mail and password are required"}, status_code=400)
    address = client_address(request)
    try:
        person = await service.check_credentials(
            session, email, password, throttle=context.throttle, address=address, rounds=context.settings.bcrypt_rounds
        )
    except service.LoginRefused as refused:
        return JSONResponse({"login": False, "message": refused.message, **refused.flags}, status_code=400)
    await service.record_login(session, person["id"], login_origin(request), address)
    caller = Caller(id=person["id"], role=Role(person["role"]), person=person)
    access, refresh = context.tokens.issue_pair(person["id"])
    body_out = {
        "login": True,
        "user": await service.person_json(session, caller, person["id"]),
        "organisation": await service.organisation_json(session, caller),
        "access_token": access,
        "refresh_token": refresh,
    }
    response = JSONResponse(body_out)
    set_auth_cookies(request, response, context, access, refresh)
    return response


@router.get(
    "/auth/authenticated",
    summary="The logged-in user and organisation",
    **answers.shape(
        {
            "authenticated": answers.BOOLEAN,
            "user": answers.record_schema(PERSONS, {"fido_devices": answers.list_of(answers.OBJECT)}),
            "organisation": ORGANISATION,
        }
    ),
)
async def authenticated(session: DbSession, caller: Anyone) -> JSONResponse:
    """Whoever the access token (header or cookie) designates; 401 when there is none."""
    user = await service.person_json(session, caller, caller.id)
    user["fido_devices"] = []
    organisation = await service.organisation_json(session, caller)
    return JSONResponse({"authenticated": True, "user": user, "organisation": organisation})


def refresh_claims(request: Request, context: AppContext) -> TokenClaims:
    token = bearer_token(request, REFRESH_COOKIE)
    if not token:
        raise Unauthorized("Missing refresh token")
    return context.tokens.decode(token, "refresh")


@router.get(
    "/auth/refresh-token",
    summary="A new access token from a refresh token",
    dependencies=[guard_text("anyone holding a valid refresh token")],
    **answers.shape({"access_token": answers.STRING}),
)
async def refresh_token(request: Request, session: DbSession, context: Context, resolver: Resolver) -> JSONResponse:
    """Takes the refresh token from the Authorization header (gazu) or its cookie (the web app)."""
    claims = refresh_claims(request, context)
    caller = await resolver.caller_for(session, claims)
    access = context.tokens.issue(caller.id, "access", claims.session)
    response = JSONResponse({"access_token": access})
    set_auth_cookies(request, response, context, access, None)
    return response


@router.get(
    "/auth/logout",
    summary="Log out: the token is revoked server-side and the cookies cleared",
    **answers.shape({"logout": answers.BOOLEAN}),
)
async def logout(request: Request, session: DbSession, context: Context, caller: Anyone) -> JSONResponse:
    """Revokes the whole login of the access token (its refresh token with it) and clears the cookies."""
    await service.revoke(session, context.tokens, request.state.claims)
    response = JSONResponse({"logout": True})
    response.delete_cookie(ACCESS_COOKIE, path="/")
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_PATH)
    return response


@router.post(
    "/auth/change-password",
    summary="Change one's own password (the current one is required); the other sessions end",
    **OWN_PASSWORD_CHANGED,
)
async def change_password(request: Request, session: DbSession, context: Context, caller: Myself) -> JSONResponse:
    """Body: ``old_password``, ``password``, ``password_2``."""
    body = await read_credentials(request)
    old = body.get("old_password")
    if not isinstance(old, str) or not await verify_password_async(old, caller.person.get("password")):
        raise BadRequest("The current password is wrong")
    password = service.check_new_password(body.get("password"), body.get("password_2"))
    await service.set_password(session, caller.id, password, context.settings.bcrypt_rounds)
    # every other session ends; this one goes on with new tokens (the answer and the cookies)
    await service.end_sessions(session, context.tokens, caller.id)
    access, refresh = context.tokens.issue_pair(caller.id)
    response = JSONResponse({"success": True, "sessions_ended": True, "access_token": access, "refresh_token": refresh})
    set_auth_cookies(request, response, context, access, refresh)
    return response


@router.post(
    "/actions/persons/{person_id}/change-password",
    summary="An admin sets another person's password; that person's sessions end",
    **PASSWORD_SET,
)
async def set_person_password(
    person_id: PathId, request: Request, session: DbSession, context: Context, caller: AdminCaller
) -> JSONResponse:
    """Body: ``password``, ``password_2``; admins only."""
    person = await fetch_row(session, PERSONS, parse_uuid(person_id, "person id"))
    body = await read_credentials(request)
    password = service.check_new_password(body.get("password"), body.get("password_2"))
    await service.set_password(session, person["id"], password, context.settings.bcrypt_rounds)
    await service.end_sessions(session, context.tokens, person["id"])  # whoever held them is signed out
    return JSONResponse({"success": True, "sessions_ended": True})


@router.post(
    "/auth/register",
    summary="Self-registration as an artist (disabled unless TENKO_REGISTRATION_ENABLED)",
    dependencies=[PUBLIC],
    status_code=201,
    **answers.shape({"registration_success": answers.BOOLEAN, "user": USER}, 201),
)
async def register(request: Request, session: DbSession, context: Context) -> JSONResponse:
    """Body: ``email``, ``first_name``, ``last_name``, ``password``, ``password_2``; the role is always ``user``."""
    if not context.settings.registration_enabled:
        raise BadRequest("Registration is disabled on this server")
    body = await read_credentials(request)
    values = {key: body.get(key) for key in ("email", "first_name", "last_name")}
    for key, value in values.items():
        if not isinstance(value, str) or not value.strip():
            raise BadRequest(f"{key} is required")
    password = service.check_new_password(body.get("password"), body.get("password_2"))
    if await service.email_taken(session, str(values["email"])):
        raise BadRequest("A person with this e-mail already exists")
    person = await create(
        session, PERSONS, service.registration_author(), {**values, "role": "user", "password": password}
    )
    return JSONResponse({"registration_success": True, "user": person}, status_code=201)
