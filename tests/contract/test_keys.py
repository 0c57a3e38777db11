"""The key comparison of the contract test names what differs, and only that."""

from __future__ import annotations

from tests.contract.keys import Difference, differences, is_empty

SHAPE = {"id": "uuid", "name": "str", "tasks": [{"id": "uuid", "name": "str"}], "data": {"frame_in": "int"}}
ID = "5f0c1f3e-8f6d-4a55-9c1e-3b8f2b0e9a11"


def test_missing_and_extra_keys_are_named_where_they_are() -> None:
    answer = {"id": ID, "label": "x", "tasks": [{"id": ID, "name": "a", "extra": 1}], "data": {}}
    assert differences(SHAPE, answer) == [
        Difference("", frozenset({"name"}), frozenset({"label"})),
        Difference(".tasks[]", extra=frozenset({"extra"})),
    ]


def test_the_same_keys_and_free_values_pass() -> None:
    answer: dict[str, object] = {"id": ID, "name": None, "tasks": [], "data": {"custom": 1}}
    assert differences(SHAPE, answer) == []
    assert differences([SHAPE], [answer, answer]) == []


def test_maps_by_id_compare_their_items() -> None:
    shape = {"<uuid>": [{"asset_id": "uuid"}], "total": "float"}
    assert differences(shape, {ID: [{"asset_id": ID}], "total": 2.0}) == []
    assert differences(shape, {ID: [{"asset_id": ID, "name": "x"}], "total": 2.0}) == [
        Difference(".<uuid>[]", extra=frozenset({"name"}))
    ]
    assert differences(shape, {"other": 1, "total": 2.0}) == [Difference("", extra=frozenset({"other"}))]


def test_another_container_and_an_empty_answer_are_told() -> None:
    assert differences([SHAPE], {"data": []})[0].problem
    assert is_empty([SHAPE], []) and is_empty({"<uuid>": [SHAPE]}, {})
    assert not is_empty([SHAPE], [{"id": ID}]) and not is_empty(["uuid"], [])
