"""What the mutation tests share: the write key, the mutations, and reading the graph back."""

from __future__ import annotations

from typing import Any

import neo4j
from starlette.testclient import TestClient

from talentgraph.auth import Scope, new_key
from tests.conftest import run
from tests.graphql import post

WRITE_KEY, WRITER = new_key("test-writer", [Scope.READ, Scope.WRITE])
# The client fixture sends them with every request, as a writer's client would.
WRITER_HEADERS = {"authorization": f"Bearer {WRITE_KEY}"}


def error(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    """The first error of a request refused whole: no data comes with it."""
    body = post(client, query, **variables)
    assert body["data"] is None, body
    errors: list[dict[str, Any]] = body.get("errors") or []
    assert errors, body
    return errors[0]


def snapshot(driver: neo4j.Driver) -> list[Any]:
    """Every node and relationship with its labels or type and all its properties."""
    nodes = run(
        driver,
        "MATCH (n) RETURN elementId(n) AS key, labels(n) AS labels, properties(n) AS props",
    )
    rels = run(
        driver,
        "MATCH (a)-[r]->(b) RETURN elementId(r) AS key, type(r) AS type, elementId(a) AS a, "
        "elementId(b) AS b, properties(r) AS props",
    )
    return sorted(nodes + rels, key=lambda row: str(row["key"]))


def _only(driver: neo4j.Driver, query: str, id: str) -> dict[str, Any] | None:
    """The one row `query` finds for `id`, or None."""
    rows = run(driver, query, id=id)
    assert len(rows) <= 1, rows
    return rows[0] if rows else None


def node(driver: neo4j.Driver, id: str) -> dict[str, Any] | None:
    """The stored properties and labels of the entity `id`, or None."""
    row = _only(driver, "MATCH (n:Entity {id: $id}) RETURN properties(n) AS p, labels(n) AS l", id)
    return None if row is None else {**row["p"], "labels": row["l"]}


def edge(driver: neo4j.Driver, id: str) -> dict[str, Any] | None:
    """The stored properties, type and ends of the fact `id`, or None."""
    row = _only(
        driver,
        "MATCH (a)-[r {id: $id}]->(b) RETURN properties(r) AS p, type(r) AS t, a.id AS a, b.id AS b",
        id,
    )
    return None if row is None else {**row["p"], "type": row["t"], "from": row["a"], "to": row["b"]}


def write(field: str, input_type: str, payload: str) -> str:
    """The mutation `field(input: $input)` with `changed` and the written `payload`."""
    return (
        f"mutation($input: {input_type}!) {{\n  {field}(input: $input) {{ changed {payload} }}\n}}"
    )


UPSERT_SOURCE = write(
    "upsertSource", "SourceInput", "source { id title publisher url published reliability }"
)
UPSERT_PERSON = write(
    "upsertPerson",
    "PersonInput",
    """person {
    id name nameZh aliases born bornPlace note
    evidence { confidence sources { id } disputes { field value } } }""",
)
UPSERT_COMPANY = write("upsertCompany", "CompanyInput", "company { id name kind founded hq }")
UPSERT_UNIVERSITY = write("upsertUniversity", "UniversityInput", "university { id name city }")
UPSERT_MODEL = write(
    "upsertModel",
    "ModelInput",
    """model {
    id name released parameters versionOf { nodes { family { id } } } }""",
)
UPSERT_PRODUCT = write("upsertProduct", "ProductInput", "product { id name launched }")
UPSERT_ROUND = write(
    "upsertFundingRound",
    "FundingRoundInput",
    """round {
    id name series announced amount currency
    raisedBy { nodes { company { id } } }
    investors(sort: NAME) { totalCount nodes { lead investor { id } evidence { sources { id } } } } }""",
)
RECORD_EMPLOYMENT = write(
    "recordEmployment",
    "EmploymentInput",
    """employment {
    id role start end ended person { id } employer { id } evidence { sources { id } } }""",
)
END_EMPLOYMENT = write("endEmployment", "EndEmploymentInput", "employment { id start end ended }")
MERGE = """mutation($keep: ID!, $remove: ID!) {
  mergeEntities(keep: $keep, remove: $remove) {
    changed moved combined dropped redirected entity { id name aliases }
  }
}"""
