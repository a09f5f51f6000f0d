"""The HTTP surface of the foundation: health, readiness, GraphQL, GraphiQL."""

from __future__ import annotations

import time

import neo4j
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.conftest import run


def test_livez_needs_no_database(client: TestClient) -> None:
    assert client.get("/livez").json() == {"status": "ok"}


def test_readyz_checks_bolt(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["database"] == "neo4j"


def test_graphql_reads_from_neo4j(client: TestClient, empty_graph: neo4j.Driver) -> None:
    run(empty_graph, "CREATE (:Entity:Person {id: 'p1', name: 'P'}), (:Entity:Source {id: 's1'})")
    response = client.post("/graphql", json={"query": "{ stats { nodes people sources } }"})
    assert response.json() == {"data": {"stats": {"nodes": 1 + 1, "people": 1, "sources": 1}}}


def test_graphiql_on_get(client: TestClient) -> None:
    response = client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


def test_readyz_answers_503_fast_when_neo4j_is_away(settings: Settings) -> None:
    # Nothing listens on port 1: the same as a stopped Neo4j, as the driver sees it.
    away = settings.model_copy(update={"neo4j_uri": "bolt://127.0.0.1:1"})
    with TestClient(create_app(away)) as c:
        started = time.monotonic()
        response = c.get("/readyz")
        elapsed = time.monotonic() - started
        assert response.status_code == 503
        assert "unavailable" in response.json()["reason"]
        assert elapsed < 2.0, "readiness must answer within the 2 s a probe waits"
        assert c.get("/livez").status_code == 200
