"""Generated `where`, `orderBy` and `aggregate`, on the hand-made graph of test_navigation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.conftest import counts
from tests.graphql import data, error, load_graph
from tests.navigation import GRAPH


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings, driver: neo4j.Driver
) -> Iterator[TestClient]:
    load_graph(Path(tmp_path_factory.mktemp("filters")), GRAPH, settings, driver)
    with TestClient(create_app(settings)) as c:
        yield c


def people(client: TestClient, where: str, **variables: object) -> list[str]:
    declare = "($w: PersonWhere)" if where == "$w" else ""
    query = f"query{declare} {{ people(where: {where}) {{ nodes {{ id }} }} }}"
    return [n["id"] for n in data(client, query, **variables)["people"]["nodes"]]


def test_text_operators(client: TestClient) -> None:
    assert people(client, '{name: {startsWith: "A"}}') == ["ann"]
    assert people(client, '{name: {in: ["Ben", "Cat", "Nobody"]}}') == ["ben", "cat"]
    assert people(client, '{nameZh: {eq: "安"}}') == ["ann"]


def test_relationship_quantifiers(client: TestClient) -> None:
    ended_at_acme = '{employments: {some: {employer: {id: {eq: "acme"}}, ended: {eq: true}}}}'
    assert people(client, ended_at_acme) == ["ann", "ben", "dan", "fay"]
    only_acme = '{employments: {all: {employer: {id: {eq: "acme"}}}}}'
    assert people(client, only_acme) == ["cat", "dan", "eve", "fay", "gus"]
    never_uni = '{employments: {none: {employer: {id: {eq: "uni"}}}}, foundings: {some: {}}}'
    assert people(client, never_uni) == ["ann"]


def test_and_or_not(client: TestClient) -> None:
    where = '{OR: [{name: {eq: "Ann"}}, {name: {eq: "Gus"}}], NOT: {id: {eq: "gus"}}}'
    assert people(client, where) == ["ann"]
    assert people(client, '{AND: [{name: {startsWith: "A"}}, {name: {startsWith: "B"}}]}') == []


def test_partial_dates_may_overlap(client: TestClient) -> None:
    query = """query($w: EmploymentWhere) { company(id: "acme") {
        employments(first: 20, where: $w, sort: START_ASC) { nodes { id } } } }"""

    def spells(where: dict[str, object]) -> list[str]:
        nodes = data(client, query, w=where)["company"]["employments"]["nodes"]
        return [n["id"].split(":")[1] for n in nodes]

    assert spells({"start": {"eq": "2020"}}) == ["eve"]
    assert spells({"start": {"lt": "2016-06"}}) == ["ann", "ben", "cat"]
    # "2021-06" may be on or after 2021-06-30; "2020" may not.
    assert spells({"start": {"gte": "2021-06-30"}}) == ["fay", "ann", "gus"]
    assert spells({"end": {"lte": "2019"}, "role": {"contains": "INTERN"}}) == ["dan"]


def test_order_by_any_field(client: TestClient) -> None:
    query = "{ companies(orderBy: [{founded: DESC}], first: 4) { nodes { id founded } } }"
    nodes = data(client, query)["companies"]["nodes"]
    # Founded years newest first; companies with no date come last.
    assert [n["id"] for n in nodes] == ["newco", "acme-cloud", "acme", "acme-lab"]
    query = """{ person(id: "ann") { employments(orderBy: [{role: ASC}]) { nodes { role } } } }"""
    roles = [n["role"] for n in data(client, query)["person"]["employments"]["nodes"]]
    assert roles == ["advisor", "engineer", "founding engineer"]


def test_order_by_item_names_one_field(client: TestClient) -> None:
    found = error(client, "{ people(orderBy: [{name: ASC, born: DESC}]) { totalCount } }")
    assert found["extensions"] == {"code": "BAD_USER_INPUT", "field": "orderBy"}
    assert "orderBy[0]" in found["message"]


def test_aggregates(client: TestClient) -> None:
    query = """{ company(id: "acme") { employments { aggregate {
        count min { start role } max { end start } } } }
      rounds { aggregate { count sum { amount } avg { amount } max { announced } } } }"""
    got = data(client, query)
    assert got["company"]["employments"]["aggregate"] == {
        "count": 8,
        "min": {"start": "2010", "role": "CTO"},
        "max": {"end": "2024-07", "start": "2024-07"},
    }
    assert got["rounds"]["aggregate"] == {
        "count": 2,
        "sum": {"amount": 10_000_000.0},
        "avg": {"amount": 10_000_000.0},
        "max": {"announced": "2023-07"},
    }


def test_aggregate_follows_the_filter_not_the_page(client: TestClient) -> None:
    query = """{ people(first: 1, where: {name: {in: ["Ann", "Ben", "Cat"]}}) {
        totalCount aggregate { count } nodes { id } } }"""
    assert data(client, query)["people"] == {
        "totalCount": 3,
        "aggregate": {"count": 3},
        "nodes": [{"id": "ann"}],
    }


def test_filters_from_variables_of_any_shape(client: TestClient) -> None:
    # One document, different filter shapes: each gets its own compiled statement.
    assert people(client, "$w", w={"name": {"eq": "Ben"}}) == ["ben"]
    assert people(client, "$w", w={"name": {"startsWith": "C"}}) == ["cat"]
    assert people(client, "$w", w={"OR": [{"id": {"eq": "dan"}}, {"id": {"eq": "eve"}}]}) == [
        "dan",
        "eve",
    ]
    assert people(client, "$w", w=None) == ["ann", "ben", "cat", "dan", "eve", "fay", "gus"]


def test_one_statement_for_filters_sorts_and_aggregates(client: TestClient) -> None:
    graph = client.app.state.graph  # type: ignore[attr-defined]
    before = graph.statements
    data(
        client,
        """{ people(where: {employments: {some: {ended: {eq: true}}}}, orderBy: [{name: DESC}]) {
            aggregate { count } nodes { id employments(where: {role: {contains: "e"}}) {
              aggregate { count min { start } } nodes { role employer { id } } } } }
           companies { totalCount } rounds { aggregate { sum { amount } } } }""",
    )
    assert graph.statements - before == 1


@pytest.mark.parametrize(
    "text", ["' OR 1=1 //", "}) MATCH (n) DETACH DELETE n //", "`x`", "$w0", "\\u0000"]
)
def test_filter_values_are_only_values(client: TestClient, driver: neo4j.Driver, text: str) -> None:
    before = counts(driver)
    assert people(client, "$w", w={"name": {"contains": text}}) == []
    assert counts(driver) == before


def test_the_reference_executor_says_filters_need_the_compiler(
    settings: Settings, client: TestClient
) -> None:
    reference = settings.model_copy(update={"compile_reads": False})
    with TestClient(create_app(reference)) as c:
        found = error(c, '{ people(where: {name: {eq: "Ann"}}) { totalCount } }')
    assert found["extensions"] == {"code": "BAD_USER_INPUT", "field": "where"}


def test_past_the_subquery_cap_fields_run_through_the_resolvers(
    settings: Settings, client: TestClient
) -> None:
    query = (
        "{ "
        + " ".join(
            f'p{i}: person(id: "ann") {{ employments {{ nodes {{ employer {{ name }} }} }} }}'
            for i in range(3)
        )
        + " }"
    )
    capped = settings.model_copy(update={"compile_max_subqueries": 4})
    with TestClient(create_app(capped)) as c:
        graph = c.app.state.graph  # type: ignore[attr-defined]
        before = graph.statements
        answer = c.post("/graphql", json={"query": query}).content
        # Two fields in one statement; the third through its resolvers (lookup, edges).
        assert graph.statements - before == 3
    assert answer == client.post("/graphql", json={"query": query}).content
