"""CRUD declarations: the event log (admins; managers read their projects' events)."""

from __future__ import annotations

from tenko.core.access import ADMIN, PROJECT_MANAGER, Policy
from tenko.core.resource import Resource, table_of
from tenko.core.scope import direct
from tenko.domains.events.models import ApiEvent

EVENTS = Resource(
    name="events",
    table=table_of(ApiEvent),
    type_name="ApiEvent",
    policy=Policy.of(read=PROJECT_MANAGER, write=ADMIN, list=ADMIN),
    scope=direct(table_of(ApiEvent)),
    event="api-event",
)

RESOURCES = (EVENTS,)
