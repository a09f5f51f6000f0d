"""The traversal tests: ids and caps common to the traversals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from tests.graphql import error

# The queries, data beside the tests (ids_and_caps.yaml).
CASES: dict[str, list[Any]] = yaml.safe_load(
    (Path(__file__).parent / "ids_and_caps.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("query", CASES["not_found"])
def test_traversal_given_a_person_id_is_not_found(client: TestClient, query: str) -> None:
    err = error(client, query)
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert "'alice'" in err["message"]


def test_traversal_given_a_person_id_says_what_it_is(client: TestClient) -> None:
    err = error(client, '{ portfolio(investor: "alice") { totalCount } }')
    assert "is a person, not a company" in err["message"]


@pytest.mark.parametrize("query", CASES["over_the_cap"])
def test_traversal_first_outside_the_cap(client: TestClient, query: str) -> None:
    err = error(client, query)
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
    assert err["extensions"]["field"] == "first"
