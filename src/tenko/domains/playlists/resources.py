"""CRUD declarations: playlists."""

from __future__ import annotations

from tenko.core.access import CLIENT_MEMBER, CONTRIBUTOR, PROJECT_MANAGER, PROJECT_STAFF, ColumnIs, Policy, own
from tenko.core.resource import Relation, Resource, table_of
from tenko.core.scope import direct
from tenko.domains.playlists.models import PLAYLIST, BuildJob

PLAYLISTS = Resource(
    name="playlists",
    table=PLAYLIST,
    type_name="Playlist",
    # supervisors create playlists and edit their own; managers edit all of the project's;
    # clients see the playlists shared with them, vendors none
    policy=Policy.of(
        read=CONTRIBUTOR | (CLIENT_MEMBER & ColumnIs("for_client", True)),
        write=PROJECT_MANAGER,
        create=PROJECT_STAFF,
        update=PROJECT_MANAGER | (PROJECT_STAFF & own("created_by")),
        delete=PROJECT_MANAGER | (PROJECT_STAFF & own("created_by")),
    ),
    scope=direct(PLAYLIST),
    relations=(Relation("build_jobs", table_of(BuildJob), "playlist_id", "id", writable=False),),
)

RESOURCES = (PLAYLISTS,)
