"""Server information: API root, health, public configuration, usage statistics."""

from __future__ import annotations

from typing import Any

from fastapi.responses import PlainTextResponse
from sqlalchemy import func, select, text

from tenko.auth.deps import Context
from tenko.core import answers
from tenko.core.db import DbSession
from tenko.core.guard import PUBLIC, AdminCaller
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.domains.comments.models import Comment
from tenko.domains.previews.models import PreviewFile

router = api_router(tags=["index"])
#: health and configuration are read before anyone signs in
PUBLIC_ROUTE: dict[str, Any] = {"dependencies": [PUBLIC]}
# The reference release whose routes, keys and answers tenko reproduces (see docs/compatibility.md).
ZOU_COMPATIBLE_VERSION = "1.0.97"

HEALTH = answers.shape(
    {
        "name": answers.STRING,
        "version": answers.STRING,
        **{
            key: answers.BOOLEAN
            for key in (
                "database-up",
                "key-value-store-up",
                "event-stream-up",
                "job-queue-up",
                "indexer-up",
            )
        },
    },
    title="Health",
)
CONFIG = answers.shape(
    {
        "crisp_token": answers.STRING,
        "dark_theme_by_default": answers.BOOLEAN,
        "default_locale": answers.STRING,
        "default_timezone": answers.STRING,
        "enforce_2fa": answers.BOOLEAN,
        "indexer_configured": answers.BOOLEAN,
        "is_self_hosted": answers.BOOLEAN,
        "movie_highdef_bitrate": answers.INTEGER,
        "movie_lowdef_bitrate": answers.INTEGER,
        "oidc_enabled": answers.BOOLEAN,
        "oidc_idp_name": answers.STRING,
        "preview_accounts_enabled": answers.BOOLEAN,
        "saml_enabled": answers.BOOLEAN,
        "saml_idp_name": answers.STRING,
    },
    title="Configuration",
)


# gazu's host_is_up sends HEAD to the API root without a trailing slash and wants a 200, not a redirect
@router.api_route("", methods=["GET", "HEAD"], include_in_schema=False, **PUBLIC_ROUTE)
@router.head("/", include_in_schema=False, **PUBLIC_ROUTE)
@router.get(
    "/",
    summary="API name and version",
    **answers.shape(
        {"api": answers.STRING, "version": answers.STRING, "server": answers.STRING, "server_version": answers.STRING}
    ),
    **PUBLIC_ROUTE,
)
async def index(context: Context) -> JSONResponse:
    # Clients identify a Kitsu server by "api": "Zou" and gate features on its version, so the
    # root names the reference release whose contract tenko keeps; tenko's own name and version
    # ride along in extra keys.
    return JSONResponse(
        {
            "api": "Zou",
            "version": ZOU_COMPATIBLE_VERSION,
            "server": "tenko",
            "server_version": context.settings.version,
        }
    )


async def health(session: Any, context: Any) -> dict[str, Any]:
    try:
        await session.execute(text("SELECT 1"))
        database_up = True
    except Exception:
        database_up = False
    redis_up = False
    if context.events.redis is not None:
        try:
            redis_up = bool(await context.events.redis.ping())
        except Exception:
            redis_up = False
    return {
        "name": context.settings.app_name,
        "version": context.settings.version,
        "database-up": database_up,
        "key-value-store-up": redis_up if context.events.redis is not None else True,
        "event-stream-up": True,
        "job-queue-up": True,
        "indexer-up": False,
    }


@router.get("/status", summary="Health of the server and of the services it depends on", **HEALTH, **PUBLIC_ROUTE)
async def status(session: DbSession, context: Context) -> JSONResponse:
    return JSONResponse(await health(session, context))


@router.get(
    "/status.txt",
    summary="Health as plain text, for monitoring tools",
    response_class=PlainTextResponse,
    **PUBLIC_ROUTE,
)
async def status_text(session: DbSession, context: Context) -> PlainTextResponse:
    values = await health(session, context)
    lines = [
        f"{key}: {'up' if value is True else 'down' if value is False else value}" for key, value in values.items()
    ]
    return PlainTextResponse("\n".join(lines) + "\n")


@router.get("/config", summary="The public configuration the web app reads before login", **CONFIG, **PUBLIC_ROUTE)
async def config(context: Context) -> JSONResponse:
    settings = context.settings
    return JSONResponse(
        {
            "crisp_token": settings.crisp_token,
            "dark_theme_by_default": settings.dark_theme_by_default,
            "default_locale": settings.default_locale,
            "default_timezone": settings.default_timezone,
            "enforce_2fa": settings.enforce_2fa,
            "indexer_configured": False,
            "is_self_hosted": settings.is_self_hosted,
            "movie_highdef_bitrate": settings.movie_highdef_bitrate,
            "movie_lowdef_bitrate": settings.movie_lowdef_bitrate,
            "oidc_enabled": False,
            "oidc_idp_name": "",
            "preview_accounts_enabled": False,
            "saml_enabled": False,
            "saml_idp_name": "",
        }
    )


@router.get(
    "/stats",
    summary="Counts of comments and previews (admins)",
    **answers.shape(
        {
            key: answers.INTEGER
            for key in (
                "number_of_comments",
                "number_of_video_previews",
                "number_of_picture_previews",
                "number_of_model_previews",
            )
        }
    ),
)
async def stats(session: DbSession, caller: AdminCaller) -> JSONResponse:
    preview = PreviewFile.__table__
    comments = (await session.execute(select(func.count()).select_from(Comment.__table__))).scalar() or 0
    by_extension = select(preview.c.extension, func.count()).group_by(preview.c.extension)
    counts = {extension: number for extension, number in (await session.execute(by_extension)).all()}
    movies = sum(n for ext, n in counts.items() if ext in ("mp4", "mov", "webm", "avi", "mkv"))
    pictures = sum(n for ext, n in counts.items() if ext in ("png", "jpg", "jpeg", "gif", "webp", "tif", "tiff"))
    models = sum(n for ext, n in counts.items() if ext in ("glb", "gltf", "obj", "fbx", "usdz"))
    return JSONResponse(
        {
            "number_of_comments": comments,
            "number_of_video_previews": movies,
            "number_of_picture_previews": pictures,
            "number_of_model_previews": models,
        }
    )
