"""No N+1: the statements sent grow with the query's depth, never with its rows."""

from __future__ import annotations

import asyncio

import neo4j
import pytest
from starlette.testclient import TestClient

from seeds import synthetic
from talentgraph.settings import Settings
from tests.conftest import wipe

DEEP = """
query($first: Int!) {
  people(first: $first) {
    totalCount
    nodes {
      name
      employments(first: 5) {
        nodes {
          role start end
          employer {
            name
            ... on Company {
              rounds(first: 3) {
                nodes { round { name announced investors(first: 3) { nodes { lead investor { name } } } } }
              }
            }
          }
          evidence { confidence sources { title } }
        }
      }
    }
  }
}
"""


@pytest.fixture(scope="module")
def synthetic_graph(driver: neo4j.Driver, settings: Settings) -> None:
    wipe(driver)
    asyncio.run(synthetic.load(settings, 1_200, seed=11, reset=True))


def statements_for(client: TestClient, first: int) -> tuple[int, dict[str, object]]:
    graph = client.app.state.graph  # type: ignore[attr-defined]
    before = graph.statements
    body = client.post("/graphql", json={"query": DEEP, "variables": {"first": first}}).json()
    assert "errors" not in body, body
    return graph.statements - before, body["data"]


def test_deep_query_over_1000_rows_costs_a_statement_per_level(
    synthetic_graph: None, client: TestClient
) -> None:
    few, _ = statements_for(client, 10)
    many, data = statements_for(client, 1_000)
    people = data["people"]["nodes"]  # type: ignore[index]
    assert len(people) == 1_000
    jobs = [job for p in people for job in p["employments"]["nodes"]]
    assert len(jobs) > 1_000
    assert any(job["employer"].get("rounds", {}).get("nodes") for job in jobs)
    # people, employments, rounds, investors, evidence sources: one statement each.
    assert many == few == 5
