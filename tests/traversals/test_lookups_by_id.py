"""The traversal tests: lookups by id."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.graphql import error


@pytest.mark.parametrize(
    ("field", "noun"), [("person", "person"), ("company", "company"), ("model", "model")]
)
def test_lookup_unknown_id(client: TestClient, field: str, noun: str) -> None:
    err = error(client, f'{{ {field}(id: "nope") {{ id }} }}')
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert err["message"] == f"no {noun} has the id 'nope'"
    assert err["path"] == [field]


def test_node_unknown_id(client: TestClient) -> None:
    err = error(client, '{ node(id: "nope") { id } }')
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert "'nope'" in err["message"]


def test_person_given_a_company_id_says_what_it_is(client: TestClient) -> None:
    err = error(client, '{ person(id: "big-group") { id } }')
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert err["message"] == "'big-group' is a company, not a person"
    err = error(client, '{ company(id: "alice") { id } }')
    assert err["message"] == "'alice' is a person, not a company"
