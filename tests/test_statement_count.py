"""One statement per request on the compiled path; on the reference executor (the
resolvers), the statements grow with the query's depth, never with its rows."""

from __future__ import annotations

import asyncio

import neo4j
import pytest
from starlette.testclient import TestClient

from seeds import synthetic
from talentgraph.app import create_app
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


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "reference"])
def test_deep_query_over_1000_rows(
    synthetic_graph: None, settings: Settings, compiled: bool
) -> None:
    with TestClient(create_app(settings.model_copy(update={"compile_reads": compiled}))) as c:
        few, _ = statements_for(c, 10)
        many, data = statements_for(c, 1_000)
    people = data["people"]["nodes"]  # type: ignore[index]
    assert len(people) == 1_000
    jobs = [job for p in people for job in p["employments"]["nodes"]]
    assert len(jobs) > 1_000
    assert any(job["employer"].get("rounds", {}).get("nodes") for job in jobs)
    # Compiled: one statement. The resolvers: people, employments, rounds, investors and
    # evidence sources, one statement each.
    assert many == few == (1 if compiled else 5)
