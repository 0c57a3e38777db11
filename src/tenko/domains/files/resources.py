"""CRUD declarations: working files, output files and their reference data, softwares, hardware."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tenko.core import answers
from tenko.core.access import PROJECT_MANAGER, Caller, Policy, reaching
from tenko.core.resource import Relation, Resource, Row
from tenko.core.scope import via
from tenko.domains.entities.models import ENTITY
from tenko.domains.files.models import OUTPUT_FILE, WORKING_FILE


async def embed_source_file(session: AsyncSession, _: Caller, rows: list[Row]) -> None:
    """An output file carries the working file it was made from (shapes.json, lists included)."""
    ids = {row["source_file_id"] for row in rows if row.get("source_file_id")}
    sources: dict[uuid.UUID, Row] = {}
    if ids:
        for source in (await session.execute(select(WORKING_FILE).where(WORKING_FILE.c.id.in_(ids)))).mappings():
            sources[source["id"]] = dict(source, type="WorkingFile")
    for row in rows:
        if "source_file_id" in row:
            row["source_file"] = sources.get(row["source_file_id"])


WORKING_FILES = Resource(
    name="working-files",
    table=WORKING_FILE,
    type_name="WorkingFile",
    policy=Policy.of(read=reaching("entity_id", entity=True), write=PROJECT_MANAGER),
    scope=via(WORKING_FILE, ("entity_id", ENTITY.c.id), project=ENTITY.c.project_id),
    relations=(Relation("outputs", OUTPUT_FILE, "source_file_id", "id", writable=False),),
)
OUTPUT_FILES = Resource(
    name="output-files",
    table=OUTPUT_FILE,
    type_name="OutputFile",
    policy=Policy.of(read=reaching("entity_id", entity=True), write=PROJECT_MANAGER),
    scope=via(OUTPUT_FILE, ("entity_id", ENTITY.c.id), project=ENTITY.c.project_id),
    decorate=(embed_source_file,),
    derived=frozenset({"source_file"}),
    decorated={"source_file": answers.nullable(answers.OBJECT)},
)

RESOURCES = (WORKING_FILES, OUTPUT_FILES)
