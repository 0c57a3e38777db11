"""Department routes beyond the CRUD: its persons, and the hardware and software it is equipped with.

The equipment lists are for admins and production managers (budgets use them); admins change them.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import Table, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.auth.deps import Context, CurrentCaller, DbSession
from tenko.auth.policy import Caller, Role
from tenko.core import records
from tenko.core.errors import Forbidden, NotFound, validation_error
from tenko.core.events import events_of
from tenko.core.jsonutil import JSONResponse
from tenko.core.listing import attach_relations, to_rows
from tenko.core.resource import Row, table_of
from tenko.domains.files.models import HardwareItem, HardwareItemDepartmentLink, Software, SoftwareDepartmentLink
from tenko.domains.people.models import DepartmentLink, Person
from tenko.domains.people.resources import DEPARTMENTS, PERSONS

router = APIRouter(tags=["departments"])
PERSON = table_of(Person)
MEMBERS = table_of(DepartmentLink)
HARDWARE = table_of(HardwareItem)
HARDWARE_LINK = table_of(HardwareItemDepartmentLink)
SOFTWARE = table_of(Software)
SOFTWARE_LINK = table_of(SoftwareDepartmentLink)
#: (equipment table, link table, link column, JSON type, link JSON type)
EQUIPMENT = {
    "hardware-items": (HARDWARE, HARDWARE_LINK, "hardware_item_id", "HardwareItem", "HardwareItemDepartmentLink"),
    "software-licenses": (SOFTWARE, SOFTWARE_LINK, "software_id", "Software", "SoftwareDepartmentLink"),
}


class HardwareBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hardware_item_id: uuid.UUID


class SoftwareBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    software_id: uuid.UUID


def require_staff(caller: Caller) -> None:
    if caller.role not in (Role.ADMIN, Role.MANAGER):
        raise Forbidden("Only admins and production managers may see the equipment of departments")


def require_admin(caller: Caller) -> None:
    if not caller.is_admin:
        raise Forbidden("Only studio admins may change the equipment of departments")


async def department_id_of(session: AsyncSession, raw_id: str) -> uuid.UUID:
    row = await records.fetch_row(session, DEPARTMENTS, records.parse_id(raw_id, "department id"))
    department_id: uuid.UUID = row["id"]
    return department_id


async def equipment_by_department(session: AsyncSession, kind: str) -> dict[str, list[Row]]:
    table, link, column, type_name, _ = EQUIPMENT[kind]
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
    table, link, column, type_name, _ = EQUIPMENT[kind]
    item_id = records.parse_id(raw_id, column.replace("_", " "))
    statement = (
        select(table)
        .join(link, link.c[column] == table.c.id)
        .where(link.c.department_id == department_id, table.c.id == item_id)
    )
    row = (await session.execute(statement)).mappings().first()
    if row is None:
        raise NotFound(f"This department has no {type_name} {item_id}")
    return dict(row, type=type_name)


async def add_link(session: AsyncSession, caller: Caller, kind: str, department_id: uuid.UUID, item_id: Any) -> Row:
    table, link, column, _, link_type = EQUIPMENT[kind]
    if (await session.execute(select(table.c.id).where(table.c.id == item_id))).first() is None:
        raise validation_error(
            [{"field": column, "message": f"no {table.name} with id {item_id}"}], "Unknown reference"
        )
    where = link.c.department_id == department_id, link.c[column] == item_id
    if (await session.execute(select(link.c.id).where(*where))).first() is None:
        await session.execute(link.insert().values(department_id=department_id, **{column: item_id}))
        await department_event(session, caller, department_id)
    row = (await session.execute(select(link).where(*where))).mappings().one()
    return dict(row, type=link_type)


async def remove_link(
    session: AsyncSession, caller: Caller, link: Table, column: str, department_id: uuid.UUID, raw_id: str
) -> None:
    item_id = records.parse_id(raw_id, column.replace("_", " "))
    result = await session.execute(delete(link).where(link.c.department_id == department_id, link.c[column] == item_id))
    if not getattr(result, "rowcount", 0):
        raise NotFound("This item is not linked to this department")
    await department_event(session, caller, department_id)


async def department_event(session: AsyncSession, caller: Caller, department_id: uuid.UUID) -> None:
    bus = events_of(session)
    if bus is not None:
        await bus.record(session, "department:update", {"department_id": department_id}, user_id=caller.id)


@router.get("/data/departments/hardware-items", summary="The hardware items of every department, by department")
async def all_hardware(session: DbSession, caller: CurrentCaller) -> JSONResponse:
    require_staff(caller)
    return JSONResponse(await equipment_by_department(session, "hardware-items"))


@router.get("/data/departments/software-licenses", summary="The software licenses of every department, by department")
async def all_software(session: DbSession, caller: CurrentCaller) -> JSONResponse:
    require_staff(caller)
    return JSONResponse(await equipment_by_department(session, "software-licenses"))


@router.get("/data/departments/{department_id}/persons", summary="List the persons of a department")
async def department_persons(department_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    found = await department_id_of(session, department_id)
    statement = (
        select(*PERSONS.visible_columns)
        .join(MEMBERS, MEMBERS.c.person_id == PERSON.c.id)
        .where(MEMBERS.c.department_id == found)
        .order_by(PERSON.c.first_name, PERSON.c.last_name, PERSON.c.id)
    )
    rows = to_rows(PERSONS, await session.execute(statement))
    await records.present(session, PERSONS, caller, rows, detail=False)
    await attach_relations(session, PERSONS, rows)
    return JSONResponse(rows)


@router.post(
    "/data/departments/{department_id}/hardware-items",
    summary="Equip a department with a hardware item",
    status_code=201,
)
async def link_hardware(
    department_id: str, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    require_admin(caller)
    found = await department_id_of(session, department_id)
    body = records.validate(HardwareBody, await records.read_json_object(request, context.settings.max_body_bytes))
    return JSONResponse(
        await add_link(session, caller, "hardware-items", found, body["hardware_item_id"]), status_code=201
    )


@router.get(
    "/data/departments/{department_id}/hardware-items/{hardware_item_id}", summary="Get a hardware item of a department"
)
async def get_hardware(
    department_id: str, hardware_item_id: str, session: DbSession, caller: CurrentCaller
) -> JSONResponse:
    require_staff(caller)
    found = await department_id_of(session, department_id)
    return JSONResponse(await linked_item(session, "hardware-items", found, hardware_item_id))


@router.delete(
    "/data/departments/{department_id}/hardware-items/{hardware_item_id}",
    summary="Remove a hardware item from a department",
    status_code=204,
)
async def unlink_hardware(
    department_id: str, hardware_item_id: str, session: DbSession, caller: CurrentCaller
) -> Response:
    require_admin(caller)
    found = await department_id_of(session, department_id)
    await remove_link(session, caller, HARDWARE_LINK, "hardware_item_id", found, hardware_item_id)
    return Response(status_code=204)


@router.post(
    "/data/departments/{department_id}/software-licenses",
    summary="Equip a department with a software license",
    status_code=201,
)
async def link_software(
    department_id: str, request: Request, session: DbSession, caller: CurrentCaller, context: Context
) -> JSONResponse:
    require_admin(caller)
    found = await department_id_of(session, department_id)
    body = records.validate(SoftwareBody, await records.read_json_object(request, context.settings.max_body_bytes))
    return JSONResponse(
        await add_link(session, caller, "software-licenses", found, body["software_id"]), status_code=201
    )


@router.get(
    "/data/departments/{department_id}/software-licenses/{software_id}",
    summary="Get a software license of a department",
)
async def get_software(department_id: str, software_id: str, session: DbSession, caller: CurrentCaller) -> JSONResponse:
    require_staff(caller)
    found = await department_id_of(session, department_id)
    return JSONResponse(await linked_item(session, "software-licenses", found, software_id))


@router.delete(
    "/data/departments/{department_id}/software-licenses/{software_id}",
    summary="Remove a software license from a department",
    status_code=204,
)
async def unlink_software(department_id: str, software_id: str, session: DbSession, caller: CurrentCaller) -> Response:
    require_admin(caller)
    found = await department_id_of(session, department_id)
    await remove_link(session, caller, SOFTWARE_LINK, "software_id", found, software_id)
    return Response(status_code=204)
