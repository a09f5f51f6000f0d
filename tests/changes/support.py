"""What the change-log tests share: the log's queries and a snapshot of the graph without it."""

from __future__ import annotations

from typing import Any

import neo4j

from tests.conftest import run

CHANGES = """query($after: Int, $first: Int, $kinds: [String!], $ids: [ID!]) {
  changes(after: $after, first: $first, kinds: $kinds, ids: $ids) {
    nodes { seq by operation ids kinds counts reverts
            revisions { id seq kind before after sourceIds } }
    pageInfo { hasNextPage endCursor }
  }
}"""
REVERT = """mutation($id: Int!) {
  revertChange(id: $id) { reverted change { seq operation reverts ids } }
}"""
HISTORY = """query($id: ID!, $first: Int, $after: String) {
  history(id: $id, first: $first, after: $after) {
    totalCount
    edges { cursor node { seq kind operation by before after } }
    pageInfo { hasNextPage endCursor }
  }
}"""

_LOG = "n:Change OR n:Revision OR n:ChangeCounter"


def world(driver: neo4j.Driver) -> list[Any]:
    """Every node and relationship but the change log's, by what they are (not element ids:
    a revert recreates a merged entity as a new node), with labels or type and properties."""
    nodes = run(
        driver,
        f"MATCH (n) WHERE NOT ({_LOG}) "
        "RETURN coalesce(n.id, '') AS id, labels(n) AS labels, properties(n) AS props",
    )
    rels = run(
        driver,
        "MATCH (a)-[r]->(b) WHERE NOT r:TOUCHED "
        "RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props",
    )
    for row in nodes:
        row["labels"] = sorted(row["labels"])
    for row in nodes + rels:
        row["props"] = sorted(row["props"].items())
    return sorted(map(repr, nodes)) + sorted(map(repr, rels))


def last_seq(driver: neo4j.Driver) -> int:
    rows = run(driver, "MATCH (c:ChangeCounter) RETURN c.seq AS seq")
    return int(rows[0]["seq"]) if rows else 0  # type: ignore[call-overload]
