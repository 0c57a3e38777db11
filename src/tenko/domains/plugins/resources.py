"""CRUD declarations: plugins (admins) and custom actions."""

from __future__ import annotations

from tenko.core.access import ADMIN, Policy
from tenko.core.resource import Resource, table_of
from tenko.domains.plugins.models import Plugin

PLUGINS = Resource(
    name="plugins", table=table_of(Plugin), type_name="Plugin", policy=Policy.of(read=ADMIN, write=ADMIN)
)

RESOURCES = (PLUGINS,)
