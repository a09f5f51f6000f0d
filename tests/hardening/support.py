"""What the hardening tests share: the cypher key, the graph check, and GraphQL over HTTP."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
from starlette.testclient import TestClient

import schema
from talentgraph.app import create_app
from talentgraph.auth import Scope, new_key
from talentgraph.errors import Code
from talentgraph.settings import Settings
from tests.conftest import counts, run

CODES = {str(code) for code in Code}
# What hostile text in an argument may lead to: refused, or simply not found.
HARMLESS = {"BAD_USER_INPUT", "NOT_FOUND"}
STATS = {"query": "{ stats { nodes } }"}
KEY, KEY_ENTRY = new_key("hardening", [Scope.READ, Scope.CYPHER])
CYPHER_KEY = {"authorization": f"Bearer {KEY}"}

# -- The graph must not change --------------------------------------------------------


def snapshot(driver: neo4j.Driver) -> tuple[tuple[int, int], str]:
    """Counts, plus a digest of every node, relationship, constraint and index."""
    nodes = run(driver, "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = run(
        driver,
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, properties(r) AS props, b.id AS b",
    )
    schema_items = run(driver, "SHOW INDEXES YIELD name, labelsOrTypes, properties")
    rows = sorted(repr(sorted(row.items())) for row in [*nodes, *rels, *schema_items])
    return counts(driver), hashlib.sha256("\n".join(rows).encode()).hexdigest()


@contextmanager
def unchanged(driver: neo4j.Driver) -> Iterator[None]:
    """Fails if the graph after the block is not the graph before it."""
    before = snapshot(driver)
    yield
    assert snapshot(driver) == before, "the request changed the graph"


# -- Clients ------------------------------------------------------------------------


@contextmanager
def app_with(base: Settings, **update: Any) -> Iterator[TestClient]:
    """A client of the app built with `update` over `base`; a 500 comes back as a response."""
    with TestClient(create_app(base.model_copy(update=update)), raise_server_exceptions=False) as c:
        yield c


def gql(
    client: TestClient, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
) -> dict[str, Any]:
    """The body of a POST /graphql, which must have been answered with 200."""
    response = client.post("/graphql", json={"query": query, "variables": variables}, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


def error_codes(body: dict[str, Any]) -> list[str]:
    """The codes of a response's errors; every error must have one."""
    errors = body.get("errors") or []
    for error in errors:
        code = (error.get("extensions") or {}).get("code")
        assert code in CODES, f"an error without a known extensions.code: {error}"
    return [e["extensions"]["code"] for e in errors]


def refused(body: dict[str, Any], code: str = "BAD_USER_INPUT") -> str:
    """The single message of a response refused with `code`."""
    assert body.get("data") is None, body
    assert error_codes(body) == [code], body
    return str(body["errors"][0]["message"])


def introspection() -> dict[str, Any]:
    """The schema's own introspection, built without a database (for parametrizing)."""
    built = schema.build(
        Settings(NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="unused", introspection=True)
    )
    return built.introspect()
