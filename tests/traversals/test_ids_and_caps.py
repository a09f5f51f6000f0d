"""The traversal tests: ids and caps common to the traversals."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.graphql import error


@pytest.mark.parametrize(
    "query",
    [
        '{ portfolioAlumniHires(investor: "alice") { company { id } } }',
        '{ portfolioAlumniHires(investor: "big-group", alumniOf: "alice") { company { id } } }',
        '{ talentFlows(from: "alice") { count } }',
        '{ departures(company: "alice") { nodes { person { id } } } }',
        '{ coInvestors(company: "alice") { count } }',
        '{ portfolio(investor: "alice") { nodes { company { id } } } }',
    ],
)
def test_traversal_given_a_person_id_is_not_found(client: TestClient, query: str) -> None:
    err = error(client, query)
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert "'alice'" in err["message"]


def test_traversal_given_a_person_id_says_what_it_is(client: TestClient) -> None:
    err = error(client, '{ portfolio(investor: "alice") { totalCount } }')
    assert "is a person, not a company" in err["message"]


@pytest.mark.parametrize(
    "query",
    [
        "{ talentFlows(first: 1001) { count } }",
        "{ talentFlows(first: -1) { count } }",
        '{ connections(from: "ivy", to: "big-group", first: 1001) { length } }',
        '{ search(text: "Big", first: 1001) { nodes { score } } }',
        '{ departures(company: "big-group", first: 1001) { totalCount } }',
        '{ portfolio(investor: "big-group", first: 1001) { totalCount } }',
        "{ talentFlows { moves(first: 1001) { totalCount } } }",
    ],
)
def test_traversal_first_outside_the_cap(client: TestClient, query: str) -> None:
    err = error(client, query)
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
    assert err["extensions"]["field"] == "first"
