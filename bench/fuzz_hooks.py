"""Schemathesis hooks for ``bench/fuzz.py``: real ids of the seeded production in paths, queries and bodies.

Loaded by schemathesis (``SCHEMATHESIS_HOOKS=bench/fuzz_hooks.py``), never by tenko. The ids come
from the JSON file named by ``TENKO_FUZZ_IDS``: ``{"collections": {"projects": [...], ...},
"parameters": {"project_id": [...], ...}}``. Each id parameter gets either the generated value or
one of the real ids, so that the fuzzer reaches the code behind the "not found" answers.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import schemathesis
from hypothesis import strategies as st

with open(os.environ["TENKO_FUZZ_IDS"], encoding="utf-8") as source:
    IDS: dict[str, dict[str, list[str]]] = json.load(source)
#: the collection segment before an ``{instance_id}``-like parameter: /data/projects/{instance_id}
BEFORE = re.compile(r"/([a-z-]+)/\{(\w+)\}")


def real_ids(path: str, name: str) -> list[str]:
    if name in IDS["parameters"]:
        return IDS["parameters"][name]
    for collection, parameter in BEFORE.findall(path):
        if parameter == name:
            return IDS["collections"].get(collection, [])
    return []


def with_real_ids(values: dict[str, Any] | None, path: str) -> Any:
    if not isinstance(values, dict):
        return st.just(values)
    strategies = {}
    for name, value in values.items():
        ids = real_ids(path, name) if name.endswith("id") else []
        strategies[name] = st.sampled_from(ids) | st.just(value) if ids else st.just(value)
    return st.fixed_dictionaries(strategies)


@schemathesis.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
    return with_real_ids(path_parameters, context.operation.path)


@schemathesis.hook
def flatmap_query(context: Any, query: dict[str, Any] | None) -> Any:
    return with_real_ids(query, context.operation.path)


@schemathesis.hook
def flatmap_body(context: Any, body: Any) -> Any:
    return with_real_ids(body, context.operation.path)
