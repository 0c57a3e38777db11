"""The with-tasks bulk reads of the breakdown pages: every entity of a kind with its tasks.

Each answers in a constant number of SQL statements whatever the size of the production,
streamed out as rows are encoded (see ``output`` for the formats).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Query
from starlette.responses import StreamingResponse

from tenko.auth.deps import Context
from tenko.core import answers
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.guard import Anyone
from tenko.core.http import api_router
from tenko.core.listing import parse_bool
from tenko.domains.entities.access import EntityInTeam, team_entity_loader
from tenko.domains.entities.models import ENTITY, ENTITY_LINK
from tenko.domains.production.with_tasks.output import FORMATS_DOC, NDJSON, listing_response
from tenko.domains.production.with_tasks.rows import LINKED, LISTINGS, Listing
from tenko.domains.production.with_tasks.stream import TASK_FIELDS, conditions_for
from tenko.domains.production.with_tasks.visibility import project_visibility, visibility
from tenko.domains.studio.kinds import ASSET, CONCEPT, EDIT, EPISODE, SCENE, SEQUENCE, SHOT, Kind

router = api_router(tags=["breakdown"])
Handler = TypeVar("Handler", bound=Callable[..., Any])

ProjectId = Annotated[str | None, Query(description="Only the entities of this project")]
EpisodeId = Annotated[
    str | None, Query(description="`<episode id>`, `main` (entities outside every episode) or `all` (default)")
]
Stream = Annotated[str | None, Query(description="`true`: NDJSON, a header line then one entity per line")]
Compact = Annotated[str | None, Query(description="`true`: rows as positional arrays, field names given once")]
DESCRIPTION = "Every entity of the kind with its tasks, for the pages of the web app.\n\n" + FORMATS_DOC
#: the entities cast in an entity: any project member passes, vendors then see the rows of their tasks
LinkedFrom = Annotated[EntityInTeam, team_entity_loader("entity_id")("team")]


def responses(listing: Listing) -> dict[int | str, dict[str, Any]]:
    """The plain and compact JSON forms (``output``), and the NDJSON stream as text lines."""
    values = answers.list_of({})
    task = answers.object_of({key: {} for key in TASK_FIELDS})
    row = answers.object_of({**{key: {} for key in listing.fields}, "tasks": answers.list_of(task)})
    compact = answers.object_of(
        {
            "type": answers.type_const(listing.type_name),
            "compact": answers.BOOLEAN,
            f"{listing.noun}_fields": answers.list_of(answers.STRING),
            "task_fields": answers.list_of(answers.STRING),
            "data": answers.list_of(values),
        }
    )
    lines = {"type": "string", "description": "A header object, then one entity per line"}
    content = {"application/json": {"schema": {"anyOf": [answers.list_of(row), compact]}}, NDJSON: {"schema": lines}}
    return {200: {"description": f"The {listing.noun}s with their tasks", "content": content}}


async def with_tasks(
    session: DbSession,
    context: Context,
    caller: Caller,
    listing: Listing,
    project_id: str | None,
    episode_id: str | None,
    stream: str | None,
    compact: str | None,
) -> StreamingResponse:
    ndjson, positional = parse_bool(stream), parse_bool(compact)
    episode = listing.episode_condition(episode_id)
    # the reference answers an outsider's asset listing with a 200: here, an empty one
    view = await visibility(session, caller, project_id, outsider_sees_nothing=listing is LISTINGS[ASSET.route])
    conditions = conditions_for(listing, view, [episode] if episode is not None else [])
    return listing_response(context.db, listing, view, conditions, positional, ndjson)


def _route(path: str, summary: str, listing: Listing) -> Callable[[Handler], Handler]:
    return router.get(
        path,
        summary=summary,
        description=DESCRIPTION,
        response_class=StreamingResponse,
        responses=responses(listing),
    )


def _kind_listing_route(kind: Kind) -> None:
    """Register ``GET /data/<kind route>/with-tasks`` for one kind (the seven share everything else)."""
    listing = LISTINGS[kind.route]

    async def endpoint(
        session: DbSession, context: Context, caller: Anyone, project_id: ProjectId = None,
        episode_id: EpisodeId = None, stream: Stream = None, compact: Compact = None,
    ) -> StreamingResponse:  # fmt: skip
        return await with_tasks(session, context, caller, listing, project_id, episode_id, stream, compact)

    endpoint.__name__ = f"{kind.route}_with_tasks"
    _route(f"/data/{kind.route}/with-tasks", f"All {kind.route} with their tasks", listing)(endpoint)


# /data/shots/with-tasks, /data/assets/with-tasks, /data/sequences/with-tasks, /data/episodes/with-tasks,
# /data/scenes/with-tasks, /data/edits/with-tasks, /data/concepts/with-tasks
for _kind in (SHOT, ASSET, SEQUENCE, EPISODE, SCENE, EDIT, CONCEPT):
    _kind_listing_route(_kind)


@_route(
    "/data/entities/{entity_id}/entities-linked/with-tasks", "The entities cast in an entity, with their tasks", LINKED
)
async def entities_linked_with_tasks(
    entity: LinkedFrom, context: Context, stream: Stream = None, compact: Compact = None
) -> StreamingResponse:
    """The entities cast in an entity, with their tasks."""
    view = project_visibility(entity.caller, entity.project_id)
    linked = ENTITY.c.id.in_(
        ENTITY_LINK.select()
        .with_only_columns(ENTITY_LINK.c.entity_out_id)
        .where(ENTITY_LINK.c.entity_in_id == entity.id)
    )
    conditions = conditions_for(LINKED, view, [linked], kind=False)
    return listing_response(context.db, LINKED, view, conditions, parse_bool(compact), parse_bool(stream))
