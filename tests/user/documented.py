"""The answers as the OpenAPI document declares them: a check that a real answer matches its schema.

The documentation of a route's answer (``core/answers.py``) is written next to the route; this
proves it over HTTP: every key of the answer is declared, every declared required key is there,
and each value has the declared type (``anyOf`` options, nested objects and lists included).
"""

from __future__ import annotations

from typing import Any

from tests.support import Api

SCALARS: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}
_documents: dict[int, dict[str, Any]] = {}


async def document(api: Api) -> dict[str, Any]:
    key = id(api.server)
    if key not in _documents:
        _documents[key] = await api.ok("GET", "/openapi.json")
    return _documents[key]


async def answer_schema(api: Api, method: str, route: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The schema of the success answer of ``METHOD /route`` (the route as declared, without /api)."""
    spec = await document(api)
    operation = spec["paths"]["/api" + route][method.lower()]
    answers = [value for status, value in operation["responses"].items() if str(status).startswith("2")]
    assert answers, f"{method} {route}: no success answer documented"
    schema = answers[0]["content"]["application/json"]["schema"]
    return schema, spec["components"]["schemas"]


def matches(schema: dict[str, Any], value: Any, components: dict[str, Any], where: str) -> None:
    """Assert ``value`` is what ``schema`` declares (an AssertionError names the first mismatch)."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema:
        failures = []
        for option in schema["anyOf"]:
            try:
                matches(option, value, components, where)
                return
            except AssertionError as error:
                failures.append(str(error))
        raise AssertionError(f"{where}: {value!r} matches no option: {failures}")
    kind = schema.get("type")
    if kind is None:
        return  # any JSON value (a free-form ``data`` column)
    if kind == "array":
        assert isinstance(value, list), f"{where}: {value!r} is not a list"
        for index, item in enumerate(value):
            matches(schema.get("items", {}), item, components, f"{where}[{index}]")
    elif kind == "object":
        assert isinstance(value, dict), f"{where}: {value!r} is not an object"
        properties = schema.get("properties")
        if properties is not None and "additionalProperties" not in schema:  # a map documents any key
            undeclared = sorted(set(value) - set(properties))
            assert not undeclared, f"{where}: keys not documented: {undeclared}"
        missing = sorted(set(schema.get("required", [])) - set(value))
        assert not missing, f"{where}: documented keys missing: {missing}"
        for key, item in value.items():
            declared = (properties or {}).get(key, schema.get("additionalProperties"))
            if isinstance(declared, dict):
                matches(declared, item, components, f"{where}.{key}")
        if schema.get("maxProperties") == 0:
            assert value == {}, f"{where}: {value!r} is not empty"
    else:
        expected = SCALARS[kind]
        is_bool = isinstance(value, bool)
        assert isinstance(value, expected) and (kind == "boolean" or not is_bool), f"{where}: {value!r} is not {kind}"
        if "const" in schema:
            assert value == schema["const"], f"{where}: {value!r} is not {schema['const']!r}"


async def assert_documented(
    api: Api, method: str, route: str, url: str, json: Any = None, status: int | None = None
) -> Any:
    """Call ``url`` as ``api`` and check its answer against the documentation of ``route``."""
    answer = await api.ok(method, url, json, status=status)
    schema, components = await answer_schema(api, method, route)
    matches(schema, answer, components, f"{method} {route}")
    return answer
