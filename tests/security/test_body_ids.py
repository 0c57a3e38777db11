"""Ids in bodies are judged like path ids: another project's id is refused (issue 14).

For every CRUD resource whose records live in a project, each body key that names a record of a
project-scoped table (foreign keys, ``refers_to`` columns, writable relations) is sent with an id
of another project, on a create and on an update: refused with a 400 naming the key, nothing
written; then the same request with an id of the record's own project is accepted. The admin
sends them (every access rule lets the admin through), so only the body check can refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tenko.api import CRUD_RESOURCES, REFERABLE
from tenko.core.guard import BODY_CHECK
from tenko.core.references import Reference, references_of
from tenko.core.resource import Resource
from tests.entities.factory import new_episode
from tests.security.factory import BUILDERS, Place, record_in
from tests.support import Api, new_project

RESOURCES = {resource.name: resource for resource in CRUD_RESOURCES}
#: body keys whose record must be of a given kind (an asset's episode is its ``source_id``)
KIND_MAKERS = {("entities", "source_id"): new_episode}


def scoped_target(reference: Reference) -> Resource | None:
    """The resource of the first project-scoped table a reference may name (None: studio data)."""
    for target in reference.targets:
        owner = REFERABLE.resource_of(target.table)
        if owner is not None and owner.scope is not None:
            return owner
    return None


def cases() -> list[tuple[str, str]]:
    found = []
    for resource in CRUD_RESOURCES:
        if resource.scope is None:
            continue
        found += [(resource.name, ref.label) for ref in references_of(resource) if scoped_target(ref) is not None]
    return found


CASES = cases()


@dataclass
class Two:
    admin: Api
    mine: Place
    theirs: Place


@pytest.fixture(scope="module")
async def two(admin: Api) -> Two:
    return Two(admin, Place(admin, await new_project(admin)), Place(admin, await new_project(admin)))


def reference_named(resource: Resource, field: str) -> Reference:
    return next(ref for ref in references_of(resource) if ref.label == field)


async def an_id(place: Place, resource: Resource, field: str) -> Any:
    """A fresh record of the place's project for this body key, as the key holds it (an id, a list)."""
    reference = reference_named(resource, field)
    maker = KIND_MAKERS.get((resource.name, field))
    if maker is not None:
        record = await maker(place.admin, place.project)
    else:
        target = scoped_target(reference)
        assert target is not None
        record = await record_in(place, target.name, place.admin.id)
    if reference.item_key is not None:  # a JSON list of items naming records (a playlist's shots)
        return [{reference.item_key: record["id"]}]
    return record["id"] if reference.is_column else [record["id"]]


async def total(admin: Api, name: str) -> int:
    return int((await admin.ok("GET", f"/data/{name}?page=1&limit=1"))["total"])


def refused_naming(response: Any, field: str) -> bool:
    return bool(response.status_code == 400 and field in response.json()["message"])


def test_the_cases_cover_the_findings() -> None:
    """The keys the issue names are among the cases (the list is built from the models)."""
    named = {
        ("notifications", "comment_id"),
        ("notifications", "playlist_id"),
        ("tasks", "entity_id"),
        ("output-files", "source_file_id"),
        ("comments", "previews"),
        ("comments", "preview_file_id"),
        ("playlists", "episode_id"),
        ("playlists", "shots[].preview_file_id"),
        ("schedule-items", "object_id"),
        ("working-files", "task_id"),
        ("tasks", "last_preview_file_id"),
        ("entities", "preview_file_id"),
    }
    assert named <= set(CASES), named - set(CASES)
    assert len(CASES) >= 40


async def test_the_check_is_declared_policy(admin: Api) -> None:
    """Every generic write whose body may name a record shows the check in its ``x-policy``."""
    paths = (await admin.ok("GET", "/openapi.json"))["paths"]

    def body_check(method: str, path: str) -> str:
        policy = str(paths[path][method]["x-policy"])
        assert BODY_CHECK in policy, (method, path, policy)
        return policy.split(BODY_CHECK, 1)[1]

    for name, field in CASES:
        if name != "entities":  # entity writes are the hand-written routes of each kind
            assert field in body_check("post", f"/api/data/{name}") and "another project" in body_check(
                "put", f"/api/data/{name}/{{instance_id}}"
            )
    assert "preview_file_id" in body_check("put", "/api/data/shots/{shot_id}")
    assert "entity_concept_links" in body_check("put", "/api/data/entities/{instance_id}")
    shared = "entity_out_id may also name another project's record whose is_shared is true"
    assert shared in body_check("post", "/api/data/entity-links")


@pytest.mark.parametrize(("name", "field"), CASES)
async def test_another_projects_id_in_a_body_is_refused(two: Two, name: str, field: str) -> None:
    resource, admin = RESOURCES[name], two.admin
    key = reference_named(resource, field).field  # the body key (``shots`` for shots[].entity_id)
    assert resource.scope is not None
    # a create: any key but the one that places the record (a new project has none yet)
    if key != resource.scope.entry_column and name != "projects":
        body = await BUILDERS[name](two.mine, admin.id)
        foreign = await an_id(two.theirs, resource, field)
        count = await total(admin, name)
        refused = await admin.post(f"/data/{name}", json={**body, key: foreign})
        assert refused_naming(refused, field), refused.text
        assert await total(admin, name) == count
        created = await admin.ok("POST", f"/data/{name}", {**body, key: await an_id(two.mine, resource, field)})
        assert created["id"]
    # an update: any key, the one that places the record included (a record does not move)
    record = await record_in(two.mine, name, admin.id)
    path = f"/data/{name}/{record['id']}"
    foreign = await an_id(two.theirs, resource, field)
    before = await admin.ok("GET", path)
    refused = await admin.put(path, json={key: foreign})
    assert refused_naming(refused, field), refused.text
    assert await admin.ok("GET", path) == before
    accepted = await admin.ok("PUT", path, {key: await an_id(two.mine, resource, field)})
    assert accepted["id"] == record["id"]
