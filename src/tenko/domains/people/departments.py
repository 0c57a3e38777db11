"""Department routes beyond the CRUD: its persons, and the hardware and software it is equipped with.

The equipment lists are for admins and production managers (budgets use them); admins change them.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Annotated, Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers, records
from tenko.core.access import Caller
from tenko.core.db import DbSession
from tenko.core.errors import NotFound
from tenko.core.events import emit
from tenko.core.guard import Loaded, PathId, StaffCaller, parse_uuid
from tenko.core.http import api_router
from tenko.core.jsonutil import JSONResponse
from tenko.core.link_routes import link_routes, typed
from tenko.core.listing import attach_relations, to_rows
from tenko.core.resource import Row
from tenko.domains.people.access import DepartmentLoader
from tenko.domains.people.models import DEPARTMENT_LINK, PERSON
from tenko.domains.people.resources import PERSONS
from tenko.domains.studio.models import (
    HARDWARE_ITEM,
    HARDWARE_ITEM_DEPARTMENT_LINK,
    SOFTWARE,
    SOFTWARE_DEPARTMENT_LINK,
)
from tenko.domains.studio.resources import HARDWARE_ITEMS, SOFTWARES

router = api_router(tags=["departments"])
#: (equipment table, link table, link column, JSON type)
EQUIPMENT = {
    "hardware-items": (HARDWARE_ITEM, HARDWARE_ITEM_DEPARTMENT_LINK, "hardware_item_id", "HardwareItem"),
    "software-licenses": (SOFTWARE, SOFTWARE_DEPARTMENT_LINK, "software_id", "Software"),
}


#: a department whose equipment the caller may see: admins and production managers
EquipmentOf = Annotated[Loaded, DepartmentLoader("see_equipment")]
HARDWARE_ITEM_ANSWER = answers.record_schema(HARDWARE_ITEMS)
SOFTWARE_ANSWER = answers.record_schema(SOFTWARES)


def by_department(item: answers.Schema, title: str) -> dict[str, Any]:
    """The answer of an equipment overview: department id -> the items it is equipped with."""
    schema = {answers.COMPONENT: title, "type": "object", "additionalProperties": answers.list_of(item)}
    return answers.answer(schema)


async def equipment_by_department(session: AsyncSession, kind: str) -> dict[str, list[Row]]:
    table, link, column, type_name = EQUIPMENT[kind]
    statement = (
        select(link.c.department_id, table)
        .join(table, table.c.id == link.c[column])
        .order_by(link.c.department_id, table.c.name)
    )
    grouped: dict[str, list[Row]] = {}
    for row in (await session.execute(statement)).mappings():
        item = dict(row, type=type_name)
        grouped.setdefault(str(item.pop("department_id")), []).append(item)
    return grouped


async def linked_item(session: AsyncSession, kind: str, department_id: uuid.UUID, raw_id: str) -> Row:
    table, link, column, type_name = EQUIPMENT[kind]
    item_id = parse_uuid(raw_id, column.replace("_", " "))
    statement = (
        select(table)
        .join(link, link.c[column] == table.c.id)
        .where(link.c.department_id == department_id, table.c.id == item_id)
    )
    row = (await session.execute(statement)).mappings().first()
    if row is None:
        raise NotFound(f"This department has no {type_name} {item_id}")
    return dict(row, type=type_name)


async def equipment_changed(session: AsyncSession, department: Loaded, created: bool) -> None:
    if created:  # adding equipment the department already has changes nothing
        await department_event(session, department.caller, department.id)


async def department_event(session: AsyncSession, caller: Caller, department_id: uuid.UUID) -> None:
    await emit(session, "department:update", {"department_id": department_id}, user_id=caller.id)


#: the equipment routes of a department: admins change it; adding answers the link
equipment_links = partial(
    link_routes,
    router,
    parent="department_id",
    write=DepartmentLoader("equip").dependency,
    changed=equipment_changed,
    answer="link",
)


@router.get(
    "/data/departments/hardware-items",
    summary="The hardware items of every department, by department",
    **by_department(HARDWARE_ITEM_ANSWER, "HardwareItemsByDepartment"),
)
async def all_hardware(session: DbSession, caller: StaffCaller) -> JSONResponse:
    """The hardware items of every department, by department."""
    return JSONResponse(await equipment_by_department(session, "hardware-items"))


@router.get(
    "/data/departments/software-licenses",
    summary="The software licenses of every department, by department",
    **by_department(SOFTWARE_ANSWER, "SoftwareLicensesByDepartment"),
)
async def all_software(session: DbSession, caller: StaffCaller) -> JSONResponse:
    """The software licenses of every department, by department."""
    return JSONResponse(await equipment_by_department(session, "software-licenses"))


@router.get(
    "/data/departments/{department_id}/persons",
    summary="List the persons of a department",
    **answers.many(PERSONS),
)
async def department_persons(
    department: Annotated[Loaded, DepartmentLoader("read")], session: DbSession
) -> JSONResponse:
    """List the persons of a department (whole records for admins, minimal ones for others)."""
    statement = (
        select(*PERSONS.visible_columns)
        .join(DEPARTMENT_LINK, DEPARTMENT_LINK.c.person_id == PERSON.c.id)
        .where(DEPARTMENT_LINK.c.department_id == department.id)
        .order_by(PERSON.c.first_name, PERSON.c.last_name, PERSON.c.id)
    )
    rows = to_rows(PERSONS, await session.execute(statement))
    await records.present(session, PERSONS, department.caller, rows, detail=False)
    await attach_relations(session, PERSONS, rows)
    return JSONResponse(rows)


equipment_links(
    "/data/departments/{department_id}/hardware-items",
    HARDWARE_ITEM_DEPARTMENT_LINK,
    HARDWARE_ITEM,
    column="hardware_item_id",
    present=typed("HardwareItemDepartmentLink"),
    shown=answers.table_schema(HARDWARE_ITEM_DEPARTMENT_LINK, "HardwareItemDepartmentLink"),
    names={
        "add": ("link_hardware", "Equip a department with a hardware item"),
        "remove": ("unlink_hardware", "Remove a hardware item from a department"),
    },
)


@router.get(
    "/data/departments/{department_id}/hardware-items/{hardware_item_id}",
    summary="Get a hardware item of a department",
    **answers.answer(HARDWARE_ITEM_ANSWER),
)
async def get_hardware(department: EquipmentOf, hardware_item_id: PathId, session: DbSession) -> JSONResponse:
    """Get a hardware item of a department."""
    return JSONResponse(await linked_item(session, "hardware-items", department.id, hardware_item_id))


equipment_links(
    "/data/departments/{department_id}/software-licenses",
    SOFTWARE_DEPARTMENT_LINK,
    SOFTWARE,
    column="software_id",
    present=typed("SoftwareDepartmentLink"),
    shown=answers.table_schema(SOFTWARE_DEPARTMENT_LINK, "SoftwareDepartmentLink"),
    names={
        "add": ("link_software", "Equip a department with a software license"),
        "remove": ("unlink_software", "Remove a software license from a department"),
    },
)


@router.get(
    "/data/departments/{department_id}/software-licenses/{software_id}",
    summary="Get a software license of a department",
    **answers.answer(SOFTWARE_ANSWER),
)
async def get_software(department: EquipmentOf, software_id: PathId, session: DbSession) -> JSONResponse:
    """Get a software license of a department."""
    return JSONResponse(await linked_item(session, "software-licenses", department.id, software_id))
