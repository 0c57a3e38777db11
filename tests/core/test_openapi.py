"""The served OpenAPI document: valid 3.1, a policy on every operation, the answers that happen."""

from __future__ import annotations

import re
from typing import Any

from openapi_spec_validator import validate

from tests.conftest import Backend

METHODS = ("get", "post", "put", "patch", "delete")


async def document(server: Backend) -> dict[str, Any]:
    response = await server.http.get("/api/openapi.json")
    assert response.status_code == 200
    doc: dict[str, Any] = response.json()
    return doc


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m, p, op) for p, item in doc["paths"].items() for m, op in item.items() if m in METHODS]


async def test_the_document_is_valid_openapi_31(server: Backend) -> None:
    doc = await document(server)
    assert doc["openapi"].startswith("3.1")
    validate(doc)


async def test_every_operation_declares_who_may_call_it(server: Backend) -> None:
    ops = operations(await document(server))
    assert len(ops) > 500
    missing = [f"{m.upper()} {p}" for m, p, op in ops if not op.get("x-policy")]
    assert not missing, missing


async def test_no_operation_advertises_a_422_and_errors_are_documented(server: Backend) -> None:
    for method, path, op in operations(await document(server)):
        responses = op["responses"]
        assert "422" not in responses, f"{method} {path}"
        assert "400" in responses, f"{method} {path}"
        public = op["security"] == []
        assert public or {"401", "403"} <= set(responses), f"{method} {path}"
        if "{" in path:
            assert "404" in responses, f"{method} {path}"


async def test_signed_in_operations_declare_the_security_schemes(server: Backend) -> None:
    doc = await document(server)
    assert set(doc["components"]["securitySchemes"]) == {"bearer", "cookie"}
    public = {f"{m.upper()} {p}" for m, p, op in operations(doc) if op["security"] == []}
    assert "POST /api/auth/login" in public
    assert "GET /api/data/tasks/{instance_id}" not in public
    assert all(
        doc["paths"][p.split(" ", 1)[1]][p.split(" ", 1)[0].lower()]["x-policy"].startswith("public") for p in public
    )


async def test_id_path_parameters_are_documented_as_uuids(server: Backend) -> None:
    plain = []
    for method, path, op in operations(await document(server)):
        for parameter in op.get("parameters", []):
            name = parameter["name"]
            is_id = parameter["in"] == "path" and (name == "id" or name.endswith("_id"))
            if is_id and parameter["schema"].get("format") != "uuid":
                plain.append(f"{method.upper()} {path} {name}")
    assert not plain, plain


async def test_most_answers_are_documented_with_their_fields(server: Backend) -> None:
    doc = await document(server)
    schemas = doc["components"]["schemas"]

    def fields(schema: dict[str, Any], depth: int = 0) -> bool:
        while "$ref" in schema and depth < 10:
            schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
            depth += 1
        if schema.get("properties"):
            return True
        nested = [schema.get("items"), *schema.get("anyOf", []), *schema.get("oneOf", [])]
        return any(isinstance(s, dict) and fields(s, depth + 1) for s in nested)

    ops = operations(doc)
    documented = 0
    for _, _, op in ops:
        answers = {k: v for k, v in op["responses"].items() if k.startswith("2")}
        contents = [c for a in answers.values() for c in a.get("content", {}).items()]
        if "204" in answers or any("json" not in t or fields(c.get("schema", {})) for t, c in contents):
            documented += 1
    assert documented / len(ops) >= 0.9, f"{documented} of {len(ops)} operations document their answer"


def test_path_templates_name_their_parameters_once() -> None:
    assert re.findall(r"\{([^}:]+)", "/a/{x_id}/b/{y_id:uuid}") == ["x_id", "y_id"]
