"""CRUD declarations: schedule items, milestones, production schedule versions."""

from __future__ import annotations

from tenko.core.access import ADMIN, MEMBER, PROJECT_MANAGER, PROJECT_STAFF, Policy
from tenko.core.resource import Relation, Resource, table_of
from tenko.core.scope import direct, via
from tenko.domains.schedules.models import (
    PRODUCTION_SCHEDULE_VERSION,
    PRODUCTION_SCHEDULE_VERSION_TASK_LINK,
    Milestone,
    ProductionScheduleVersionTaskLinkPersonLink,
    ScheduleItem,
)

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
    table=PRODUCTION_SCHEDULE_VERSION,
    type_name="ProductionScheduleVersion",
    policy=Policy.of(read=PROJECT_STAFF, write=PROJECT_MANAGER, list=ADMIN),
    scope=direct(PRODUCTION_SCHEDULE_VERSION),
)
PRODUCTION_SCHEDULE_VERSION_TASK_LINKS = Resource(
    name="production-schedule-version-task-links",
    table=PRODUCTION_SCHEDULE_VERSION_TASK_LINK,
    type_name="ProductionScheduleVersionTaskLink",
    policy=Policy.of(read=PROJECT_STAFF, write=PROJECT_MANAGER, list=ADMIN),
    scope=via(
        PRODUCTION_SCHEDULE_VERSION_TASK_LINK,
        ("production_schedule_version_id", PRODUCTION_SCHEDULE_VERSION.c.id),
        project=PRODUCTION_SCHEDULE_VERSION.c.project_id,
    ),
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
