"""CRUD declarations: schedule items, milestones, production schedule versions."""

from __future__ import annotations

from tenko.core.access import ADMIN, MEMBER, PROJECT_MANAGER, PROJECT_STAFF, Policy
from tenko.core.resource import Relation, Resource, table_of
from tenko.core.scope import direct, via
from tenko.domains.schedules.models import (
    Milestone,
    ProductionScheduleVersion,
    ProductionScheduleVersionTaskLink,
    ProductionScheduleVersionTaskLinkPersonLink,
    ScheduleItem,
)

VERSION = table_of(ProductionScheduleVersion)
VERSION_TASK_LINK = table_of(ProductionScheduleVersionTaskLink)

SCHEDULE_ITEMS = Resource(
    name="schedule-items",
    table=table_of(ScheduleItem),
    type_name="ScheduleItem",
    policy=Policy.of(read=MEMBER, write=PROJECT_MANAGER, list=ADMIN),
    scope=direct(table_of(ScheduleItem)),
)
MILESTONES = Resource(
    name="milestones",
    table=table_of(Milestone),
    type_name="Milestone",
    policy=Policy.of(read=MEMBER, write=PROJECT_MANAGER, list=ADMIN),
    scope=direct(table_of(Milestone)),
)
PRODUCTION_SCHEDULE_VERSIONS = Resource(
    name="production-schedule-versions",
    table=VERSION,
    type_name="ProductionScheduleVersion",
    policy=Policy.of(read=PROJECT_STAFF, write=PROJECT_MANAGER, list=ADMIN),
    scope=direct(VERSION),
)
PRODUCTION_SCHEDULE_VERSION_TASK_LINKS = Resource(
    name="production-schedule-version-task-links",
    table=VERSION_TASK_LINK,
    type_name="ProductionScheduleVersionTaskLink",
    policy=Policy.of(read=PROJECT_STAFF, write=PROJECT_MANAGER, list=ADMIN),
    scope=via(VERSION_TASK_LINK, ("production_schedule_version_id", VERSION.c.id), project=VERSION.c.project_id),
    relations=(
        Relation(
            "assignees",
            table_of(ProductionScheduleVersionTaskLinkPersonLink),
            "production_schedule_version_task_link_id",
            "person_id",
        ),
    ),
)

RESOURCES = (SCHEDULE_ITEMS, MILESTONES, PRODUCTION_SCHEDULE_VERSIONS, PRODUCTION_SCHEDULE_VERSION_TASK_LINKS)
