"""CRUD declarations: playlists."""

from __future__ import annotations

from tenko.auth.policy import MEMBER, PROJECT_MANAGER, PROJECT_STAFF, Policy, own
from tenko.core.resource import Relation, Resource, table_of
from tenko.core.scope import direct
from tenko.domains.playlists.models import BuildJob, Playlist

PLAYLIST = table_of(Playlist)

PLAYLISTS = Resource(
    name="playlists",
    table=PLAYLIST,
    type_name="Playlist",
    # supervisors create playlists and edit their own; managers edit all of the project's
    policy=Policy.of(
        read=MEMBER,
        write=PROJECT_MANAGER,
        create=PROJECT_STAFF,
        update=PROJECT_MANAGER | (PROJECT_STAFF & own("created_by")),
        delete=PROJECT_MANAGER | (PROJECT_STAFF & own("created_by")),
    ),
    scope=direct(PLAYLIST),
    relations=(Relation("build_jobs", table_of(BuildJob), "playlist_id", "id", writable=False),),
)

RESOURCES = (PLAYLISTS,)
