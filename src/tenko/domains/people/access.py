"""Who may read or change whose records in the people domain, declared once as loaders and reaches.

A person's time sheet, days off, presence and quotas are their own; admins and production
managers oversee them (managers only the time spent on their projects' tasks); admins change
accounts and equip departments. Routes name the action (``PersonLoader("see_time")``), so the
check runs before the handler (404 for an unknown person, 403 for a refused caller) and the
OpenAPI ``x-policy`` says who passes.
"""

from __future__ import annotations

from tenko.core.access import ADMIN, ANYONE, STAFF, STUDIO_MANAGER, own
from tenko.core.guard import Loaded, PathLoader, fetcher, rule_action
from tenko.domains.people.resources import PERSONS
from tenko.domains.studio.resources import DEPARTMENTS

#: the person themself (admins pass every rule)
THEMSELF = own("id")
#: the person themself, or studio staff (admins and production managers)
THEMSELF_OR_STAFF = THEMSELF | STAFF
#: the person themself, or the studio's managers whose project roles do not make them less
THEMSELF_OR_STUDIO_MANAGER = THEMSELF | STUDIO_MANAGER


PersonLoader = PathLoader(
    "person_id",
    "person",
    fetcher(PERSONS),
    {
        "see_time": rule_action(THEMSELF_OR_STAFF, "You may read only your own time sheets"),
        "see_days_off": rule_action(THEMSELF, "You may read only your own days off"),
        # presence and quotas are people's, studio-wide: a manager a project role makes an artist
        # everywhere does not oversee them (quotas then show only the tasks of projects they manage)
        "see_presence": rule_action(
            THEMSELF_OR_STUDIO_MANAGER, "Only admins and production managers may read the presence of others"
        ),
        "see_quotas": rule_action(
            THEMSELF_OR_STUDIO_MANAGER, "Only admins and production managers may read the quotas of others"
        ),
        "log_presence": rule_action(THEMSELF, "You may record only your own desktop logins"),
        "manage_account": rule_action(ADMIN, "Only studio admins may change the accounts of others"),
    },
)

DepartmentLoader = PathLoader(
    "department_id",
    "department",
    fetcher(DEPARTMENTS),
    {
        "read": rule_action(ANYONE, "You may not read this department"),
        "see_equipment": rule_action(STAFF, "Only admins and production managers may see the equipment of departments"),
        "equip": rule_action(ADMIN, "Only studio admins may change the equipment of departments"),
    },
)


def is_themself(person: Loaded) -> bool:
    return bool(person.id == person.caller.id)
