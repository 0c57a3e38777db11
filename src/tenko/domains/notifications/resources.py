"""CRUD declarations: notifications (each person's own) and news entries."""

from __future__ import annotations

from tenko.core.access import ADMIN, MEMBER_IF_SCOPED, ColumnIs, Policy, own, reaching
from tenko.core.resource import Resource, table_of
from tenko.core.scope import via
from tenko.domains.notifications.models import News, Notification
from tenko.domains.tasks.models import TASK

NOTIFICATIONS = Resource(
    name="notifications",
    table=table_of(Notification),
    type_name="Notification",
    # one's own notifications, and only about projects one is still in and tasks one reads now
    policy=Policy.of(
        read=own() & MEMBER_IF_SCOPED & (ColumnIs("task_id", None) | reaching("task_id")),
        write=ADMIN,
        update=own() & MEMBER_IF_SCOPED,
        delete=own() & MEMBER_IF_SCOPED,
        list=ADMIN,
    ),
    scope=via(table_of(Notification), ("task_id", TASK.c.id), project=TASK.c.project_id),
    type_column_key="notification_type",
)
NEWS = Resource(
    name="news",
    table=table_of(News),
    type_name="News",
    policy=Policy.of(read=reaching("task_id"), write=ADMIN, list=ADMIN),
    scope=via(table_of(News), ("task_id", TASK.c.id), project=TASK.c.project_id),
)

RESOURCES = (NOTIFICATIONS, NEWS)
