"""CRUD declarations: plugins (admins) and custom actions."""

from __future__ import annotations

from tenko.core.access import ADMIN, Policy
from tenko.core.resource import Resource, table_of
from tenko.domains.people.resources import reference
from tenko.domains.plugins.models import CustomAction, Plugin

PLUGINS = Resource(
    name="plugins", table=table_of(Plugin), type_name="Plugin", policy=Policy.of(read=ADMIN, write=ADMIN)
)
CUSTOM_ACTIONS = reference("custom-actions", CustomAction, "CustomAction")

RESOURCES = (PLUGINS, CUSTOM_ACTIONS)
