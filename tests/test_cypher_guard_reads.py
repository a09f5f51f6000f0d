"""What the Cypher endpoint answers: nodes, relationships, paths and dates, the allowed
procedures, the row cap, and the named queries.
"""

from __future__ import annotations

import neo4j
import pytest
from starlette.testclient import TestClient

from tests import cypher_guard
from tests.conftest import run
from tests.cypher_guard import POWER_KEY, READER_KEY, ROW_CAP, bearer, cypher, snapshot

# The shared module-scoped fixtures (tests/cypher_guard.py), under their names here.
api = cypher_guard.api
graph = cypher_guard.graph


def test_reads_nodes_relationships_paths_and_dates(api: TestClient, graph: neo4j.Driver) -> None:
    (ids,) = run(
        graph,
        "MATCH (p:Person)-[r:WORKED_AT]->(c:Company) "
        "RETURN elementId(p) AS p, elementId(r) AS r, elementId(c) AS c",
    )
    response = cypher(
        api,
        "MATCH path = (p:Person {id: $id})-[r:WORKED_AT]->(c:Company) "
        "RETURN p, r, path, p.born AS born, datetime('2024-07-18T10:30:00Z') AS at, "
        "duration('P1Y2M') AS span, [1, 2.5, null, true] AS list, {k: 'v'} AS map",
        {"id": "zhou-chang"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["columns"] == ["p", "r", "path", "born", "at", "span", "list", "map"]
    assert body["truncated"] is False
    ((p, r, path, born, at, span, values, mapping),) = body["rows"]
    assert p == {
        "id": ids["p"],
        "labels": ["Entity", "Person"],
        "properties": {"id": "zhou-chang", "name": "Zhou Chang", "born": "1990-05-01"},
    }
    assert r == {
        "id": ids["r"],
        "type": "WORKED_AT",
        "start": ids["p"],
        "end": ids["c"],
        "properties": {"role": "lead", "start": "2017"},
    }
    assert [n["id"] for n in path["nodes"]] == [ids["p"], ids["c"]]
    assert path["nodes"][0] == p
    assert path["relationships"] == [r]
    assert born == "1990-05-01"
    assert at.startswith("2024-07-18T10:30:00")
    assert span == "P1Y2M"
    assert values == [1, 2.5, None, True]
    assert mapping == {"k": "v"}


def test_allowed_procedures_run(api: TestClient, graph: neo4j.Driver) -> None:
    run(graph, "CALL db.awaitIndexes(60)")  # the full-text index may still be filling
    response = cypher(api, "CALL db.labels() YIELD label WHERE label STARTS WITH 'P' RETURN label")
    assert response.status_code == 200
    assert ["Person"] in response.json()["rows"]  # the row cap here is 5: ask for few
    response = cypher(
        api,
        "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.id AS id",
        {"q": "Zhou"},
    )
    assert response.status_code == 200
    assert response.json()["rows"] == [["zhou-chang"]]


def test_the_row_cap_truncates(api: TestClient, graph: neo4j.Driver) -> None:
    over = cypher(api, "UNWIND range(1, 1000) AS x RETURN x").json()
    assert over == {"columns": ["x"], "rows": [[x] for x in range(1, ROW_CAP + 1)],
                    "truncated": True}  # fmt: skip
    exact = cypher(api, "UNWIND range(1, $n) AS x RETURN x", {"n": ROW_CAP}).json()
    assert exact["truncated"] is False
    assert len(exact["rows"]) == ROW_CAP


def test_two_statements_per_query_counted(api: TestClient, graph: neo4j.Driver) -> None:
    state = api.app.state  # type: ignore[attr-defined]
    before = state.graph.statements
    assert cypher(api, "RETURN 1 AS one").json()["rows"] == [[1]]
    assert state.graph.statements == before + 2  # the EXPLAIN, then the query


def test_named_queries_listed_and_run_by_name(api: TestClient, graph: neo4j.Driver) -> None:
    listing = api.get("/cypher/queries", headers=bearer(READER_KEY))
    assert listing.status_code == 200
    queries = {q["name"]: q for q in listing.json()["queries"]}
    assert "graph_stats" in queries
    assert queries["graph_stats"]["description"].startswith("How many entities")
    assert "schema" not in queries
    assert "ping" not in queries

    response = api.post("/cypher", json={"name": "graph_stats"}, headers=bearer(POWER_KEY))
    assert response.status_code == 200
    body = response.json()
    stats = dict(zip(body["columns"], body["rows"][0], strict=True))
    assert stats["people"] == 1
    assert stats["companies"] == 2
    assert stats["relationships"] == 2


@pytest.mark.parametrize("name", ["schema", "seed_reset_nodes", "no_such_query"])
def test_only_public_named_queries_run(api: TestClient, graph: neo4j.Driver, name: str) -> None:
    before = snapshot(graph)
    response = api.post("/cypher", json={"name": name}, headers=bearer(POWER_KEY))
    assert snapshot(graph) == before
    assert response.status_code == 400
    assert response.json()["error"]["rule"] == "unknown-query"
