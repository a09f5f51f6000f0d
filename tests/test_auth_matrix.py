"""Who may do what: every kind of caller against a query, a mutation and POST /cypher.

Callers: no key, a key the service does not know, and one key per scope
(read, write, cypher, metrics), each holding only that scope. Without a key (or with a
bad one) the answer is UNAUTHENTICATED, with a key lacking the scope
FORBIDDEN, and anonymous_read opens queries, never writes or Cypher.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.auth import Scope, new_key
from talentgraph.settings import Settings
from tests.conftest import run, wipe

KEYS = {scope: new_key(f"{scope}-key", [scope]) for scope in Scope}
HEADERS: dict[str, dict[str, str]] = {
    "none": {},
    "bad": {"authorization": "Bearer not-a-key-anyone-was-given"},
    **{str(scope): {"authorization": f"Bearer {key}"} for scope, (key, _) in KEYS.items()},
}
CALLERS = list(HEADERS)

QUERY = "{ stats { nodes } }"
MUTATION = """mutation {
  upsertSource(input: {id: "matrix-source", title: "Matrix", publisher: "Test"}) {
    source { id }
  }
}"""
OK = "ok"
# What each caller gets; a query also succeeds without a key when anonymous_read is on.
EXPECTED = {
    "query": {"none": "UNAUTHENTICATED", "bad": "UNAUTHENTICATED", "read": OK,
              "write": "FORBIDDEN", "cypher": "FORBIDDEN", "metrics": "FORBIDDEN"},
    "mutation": {"none": "UNAUTHENTICATED", "bad": "UNAUTHENTICATED", "read": "FORBIDDEN",
                 "write": OK, "cypher": "FORBIDDEN", "metrics": "FORBIDDEN"},
    "cypher": {"none": "UNAUTHENTICATED", "bad": "UNAUTHENTICATED", "read": "FORBIDDEN",
               "write": "FORBIDDEN", "cypher": OK, "metrics": "FORBIDDEN"},
}  # fmt: skip
STATUS = {OK: 200, "UNAUTHENTICATED": 401, "FORBIDDEN": 403}


@pytest.fixture(scope="module")
def empty(driver: neo4j.Driver) -> neo4j.Driver:
    wipe(driver)
    return driver


@pytest.fixture(scope="module", params=[True, False], ids=["anonymous-read", "no-anonymous"])
def client(
    request: pytest.FixtureRequest, settings: Settings, empty: neo4j.Driver
) -> Iterator[TestClient]:
    entries = [entry for _, entry in KEYS.values()]
    app_settings = settings.model_copy(
        update={"api_keys": entries, "anonymous_read": request.param}
    )
    with TestClient(create_app(app_settings)) as c:
        yield c


def expected(operation: str, caller: str, client: TestClient) -> str:
    anonymous_read: bool = client.app.state.settings.anonymous_read  # type: ignore[attr-defined]
    if operation == "query" and caller == "none" and anonymous_read:
        return OK
    return EXPECTED[operation][caller]


def outcome(body: dict[str, Any]) -> str:
    if body.get("errors"):
        code: str = body["errors"][0]["extensions"]["code"]
        return code
    return OK


@pytest.mark.parametrize("caller", CALLERS)
def test_a_query(client: TestClient, caller: str) -> None:
    response = client.post("/graphql", json={"query": QUERY}, headers=HEADERS[caller])
    assert outcome(response.json()) == expected("query", caller, client)


@pytest.mark.parametrize("caller", CALLERS)
def test_a_mutation(client: TestClient, empty: neo4j.Driver, caller: str) -> None:
    response = client.post("/graphql", json={"query": MUTATION}, headers=HEADERS[caller])
    want = expected("mutation", caller, client)
    body = response.json()
    assert outcome(body) == want
    written = run(empty, "MATCH (s:Source {id: 'matrix-source'}) RETURN s.writtenBy AS by")
    if want == OK:
        assert body["data"] == {"upsertSource": {"source": {"id": "matrix-source"}}}
        assert written == [{"by": "write-key"}]
    else:
        assert body["data"] is None
        # Refused before the resolver ran: nothing written by this caller.
        assert written in ([], [{"by": "write-key"}])


@pytest.mark.parametrize("caller", CALLERS)
def test_the_cypher_endpoint(client: TestClient, caller: str) -> None:
    response = client.post("/cypher", json={"query": "RETURN 1 AS one"}, headers=HEADERS[caller])
    want = expected("cypher", caller, client)
    assert response.status_code == STATUS[want]
    if want == OK:
        assert response.json()["rows"] == [[1]]
    else:
        assert response.json()["error"]["code"] == want


def test_a_refused_mutation_writes_nothing(client: TestClient, empty: neo4j.Driver) -> None:
    mutation = MUTATION.replace("matrix-source", "refused-source")
    for caller in ("none", "bad", "read", "cypher"):
        body = client.post("/graphql", json={"query": mutation}, headers=HEADERS[caller]).json()
        assert outcome(body) in {"UNAUTHENTICATED", "FORBIDDEN"}
    assert run(empty, "MATCH (s {id: 'refused-source'}) RETURN s") == []
