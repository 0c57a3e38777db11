"""Department routes: its persons, and the hardware items and software licenses it is equipped with."""

from __future__ import annotations

from typing import Any

from tests.conftest import Backend
from tests.projects.shapes import like
from tests.projects.support import events_named, statements_of
from tests.support import Api, new_person, unique_name


async def department(admin: Api) -> dict[str, Any]:
    return await admin.ok("POST", "/data/departments", {"name": unique_name("dep"), "color": "#123456"})  # type: ignore[no-any-return]


async def hardware(admin: Api) -> dict[str, Any]:
    name = unique_name("hw")
    return await admin.ok("POST", "/data/hardware-items", {"name": name, "short_name": name[:20]})  # type: ignore[no-any-return]


async def software(admin: Api) -> dict[str, Any]:
    name = unique_name("sw")
    body = {"name": name, "short_name": name[:20], "file_extension": "ma"}
    return await admin.ok("POST", "/data/softwares", body)  # type: ignore[no-any-return]


async def test_persons_of_a_department(admin: Api, people: dict[str, Api], server: Backend) -> None:
    dep = await department(admin)
    members = [await new_person(admin, "user") for _ in range(2)]
    for member in members:
        await admin.ok("PUT", f"/data/persons/{member.id}", {"departments": [dep["id"]]})
    path = f"/data/departments/{dep['id']}/persons"
    listed = await people["outsider"].ok("GET", path)  # the studio's people are visible to all
    like("GET /data/departments/{department_id}/persons", await admin.ok("GET", path))
    assert {p["id"] for p in listed} == {m.id for m in members}
    assert all(p["departments"] == [dep["id"]] for p in listed)
    assert all("daily_salary" not in p and "password" not in p for p in listed)  # private for artists
    small = await statements_of(server, admin, path)
    for _ in range(3):
        extra = await new_person(admin, "user")
        await admin.ok("PUT", f"/data/persons/{extra.id}", {"departments": [dep["id"]]})
    assert await statements_of(server, admin, path) == small
    assert (await admin.get("/data/departments/00000000-0000-0000-0000-000000000005/persons")).status_code == 404


async def test_hardware_and_software_links(admin: Api, people: dict[str, Api], server: Backend) -> None:
    dep = await department(admin)
    item, license_ = await hardware(admin), await software(admin)
    link = await admin.ok("POST", f"/data/departments/{dep['id']}/hardware-items", {"hardware_item_id": item["id"]})
    like("POST /data/departments/{department_id}/hardware-items", link)
    link = await admin.ok("POST", f"/data/departments/{dep['id']}/software-licenses", {"software_id": license_["id"]})
    like("POST /data/departments/{department_id}/software-licenses", link)
    assert await events_named(server, "department:update") >= 2
    manager = people["outsider_manager"]
    all_hardware = await manager.ok("GET", "/data/departments/hardware-items")
    like("GET /data/departments/hardware-items", all_hardware)
    assert [h["id"] for h in all_hardware[dep["id"]]] == [item["id"]]
    all_software = await manager.ok("GET", "/data/departments/software-licenses")
    like("GET /data/departments/software-licenses", all_software)
    assert [s["id"] for s in all_software[dep["id"]]] == [license_["id"]]
    one = await manager.ok("GET", f"/data/departments/{dep['id']}/software-licenses/{license_['id']}")
    like("GET /data/departments/{department_id}/software-licenses/{software_id}", one)
    assert (await manager.ok("GET", f"/data/departments/{dep['id']}/hardware-items/{item['id']}"))["id"] == item["id"]
    other = await hardware(admin)
    assert (await admin.get(f"/data/departments/{dep['id']}/hardware-items/{other['id']}")).status_code == 404
    await admin.ok("DELETE", f"/data/departments/{dep['id']}/hardware-items/{item['id']}")
    await admin.ok("DELETE", f"/data/departments/{dep['id']}/software-licenses/{license_['id']}")
    assert dep["id"] not in await admin.ok("GET", "/data/departments/hardware-items")
    assert (await admin.delete(f"/data/departments/{dep['id']}/software-licenses/{license_['id']}")).status_code == 404


async def test_equipment_refusals_and_bad_bodies(admin: Api, people: dict[str, Api]) -> None:
    dep, item = await department(admin), await hardware(admin)
    for caller in (people["artist"], people["supervisor"], people["client"]):
        assert (await caller.get("/data/departments/hardware-items")).status_code == 403
        assert (await caller.get("/data/departments/software-licenses")).status_code == 403
        assert (await caller.get(f"/data/departments/{dep['id']}/hardware-items/{item['id']}")).status_code == 403
    for caller in (people["artist"], people["outsider_manager"]):
        response = await caller.post(
            f"/data/departments/{dep['id']}/hardware-items", json={"hardware_item_id": item["id"]}
        )
        assert response.status_code == 403
        assert (await caller.delete(f"/data/departments/{dep['id']}/hardware-items/{item['id']}")).status_code == 403
    path = f"/data/departments/{dep['id']}/hardware-items"
    for body in ({}, {"hardware_item_id": "x"}, {"hardware_item_id": "00000000-0000-0000-0000-000000000006"}):
        assert (await admin.post(path, json=body)).status_code == 400
    assert (
        await admin.post("/data/departments/not-an-id/hardware-items", json={"hardware_item_id": item["id"]})
    ).status_code == 400
