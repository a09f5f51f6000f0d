"""Malformed HTTP requests, batching, GET, and mutations without the write scope."""

from __future__ import annotations

import json
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.settings import Settings
from tests.hardening.support import (
    CYPHER_KEY,
    STATS,
    app_with,
    error_codes,
    gql,
    introspection,
    unchanged,
)

# -- Malformed HTTP requests ----------------------------------------------------------

JSON = {"content-type": "application/json"}
MALFORMED = [
    pytest.param(b"{not json", JSON, id="invalid-json"),
    pytest.param(b"", JSON, id="empty-body"),
    pytest.param(
        b'{"query": "{ stats { nodes } }"}', {"content-type": "text/plain"}, id="wrong-content-type"
    ),
    pytest.param(b'{"query": "{ stats { nodes } }"}', {}, id="no-content-type"),
    pytest.param(
        b"query=%7B+stats+%7B+nodes+%7D+%7D",
        {"content-type": "application/x-www-form-urlencoded"},
        id="form",
    ),
    pytest.param(
        b"--x\r\n\r\n--x--", {"content-type": "multipart/form-data; boundary=x"}, id="multipart"
    ),
    pytest.param(b'[{"query": "{ stats { nodes } }"}]', JSON, id="batch"),
    pytest.param(b"[]", JSON, id="empty-batch"),
    pytest.param(b"{}", JSON, id="no-query"),
    pytest.param(b'{"query": 5}', JSON, id="query-not-a-string"),
    pytest.param(
        b'{"query": "{ stats { nodes } }", "variables": [1]}', JSON, id="variables-not-an-object"
    ),
    pytest.param(
        b'{"query": "{ stats { nodes } }", "extensions": "x"}', JSON, id="extensions-not-an-object"
    ),
]
MALFORMED += [
    pytest.param(b'"hello"', JSON, id="json-string"),
    pytest.param(b"5", JSON, id="json-number"),
    pytest.param(b"null", JSON, id="json-null"),
    pytest.param(b'{"query": "\xff"}', JSON, id="not-utf8"),
]


@pytest.mark.parametrize(("body", "headers"), MALFORMED)
def test_malformed_request_is_a_clear_4xx(
    api: TestClient, seeded: neo4j.Driver, body: bytes, headers: dict[str, str]
) -> None:
    with unchanged(seeded):
        response = api.post("/graphql", content=body, headers=headers)
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert response.text.strip(), "a refusal says why"
    assert response.headers["x-request-id"]


def test_an_unknown_operation_name_is_a_request_error(api: TestClient) -> None:
    """Well-formed, so GraphQL over HTTP answers it: 200 in application/json, for legacy
    clients, and 400 without `data` in application/graphql-response+json."""
    body = {"query": "{ stats { nodes } }", "operationName": "Nope"}
    legacy = api.post("/graphql", json=body)
    modern = api.post(
        "/graphql", json=body, headers={"accept": "application/graphql-response+json"}
    )
    assert legacy.status_code == 200
    assert legacy.json()["data"] is None
    assert modern.status_code == 400
    assert "data" not in modern.json()
    for response in (legacy, modern):
        (error,) = response.json()["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "Nope" in error["message"]


def test_batching_is_refused_and_says_so(api: TestClient) -> None:
    response = api.post("/graphql", json=[STATS, STATS])
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "rule": "batching-off"}
    assert "batching is off" in error["message"]


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_oversized_body_is_413_json(
    api: TestClient, seeded: neo4j.Driver, base_settings: Settings, chunked: bool
) -> None:
    limit = base_settings.max_body_bytes
    body = json.dumps({"query": "{ stats { nodes } }", "pad": "x" * limit}).encode()
    # Without a Content-Length the cap must hold while the body streams in.
    content: Any = (
        iter([body[i : i + 8192] for i in range(0, len(body), 8192)]) if chunked else body
    )
    with unchanged(seeded):
        response = api.post("/graphql", content=content, headers=JSON)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/json")
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "rule": "too-large"}
    assert f"{limit:,}" in error["message"]
    assert response.headers["x-request-id"]


def test_a_body_just_under_the_cap_is_served(api: TestClient, base_settings: Settings) -> None:
    envelope = len(json.dumps({"query": "{ stats { nodes } }", "pad": ""}).encode())
    pad = "x" * (base_settings.max_body_bytes - envelope)
    response = api.post("/graphql", json={"query": "{ stats { nodes } }", "pad": pad})
    assert response.status_code == 200
    assert response.json()["data"]["stats"]["nodes"] > 0


# -- GET, mutations and batching ------------------------------------------------------


def test_get_query_refused_while_graphql_get_is_off(
    api: TestClient, seeded: neo4j.Driver, base_settings: Settings
) -> None:
    assert base_settings.graphql_get is False  # the default
    with unchanged(seeded):
        for accept in ("application/json", "text/html"):
            response = api.get("/graphql", params=STATS, headers={"accept": accept})
            assert 400 <= response.status_code < 500, response.text
            assert "data" not in response.text


def test_get_query_served_when_configured(base_settings: Settings) -> None:
    with app_with(base_settings, graphql_get=True) as client:
        response = client.get("/graphql", params=STATS)
    assert response.status_code == 200
    assert response.json()["data"]["stats"]["nodes"] > 0


def test_no_mutation_over_get(base_settings: Settings, seeded: neo4j.Driver) -> None:
    with app_with(base_settings, graphql_get=True) as client, unchanged(seeded):
        intro = client.get(
            "/graphql", params={"query": "{ __schema { mutationType { name fields { name } } } }"}
        )
        mutation_type = intro.json()["data"]["__schema"]["mutationType"]
        # A real mutation field where the schema has one; else any mutation document.
        field = mutation_type["fields"][0]["name"] if mutation_type else "__typename"
        response = client.get("/graphql", params={"query": f"mutation {{ {field} }}"})
    assert 400 <= response.status_code < 500, response.text
    assert "mutation" in response.text.lower()


def mutation_fields() -> list[str]:
    intro = introspection()
    mutation_type = intro["__schema"]["mutationType"]
    if mutation_type is None:
        return []
    (root,) = (t for t in intro["__schema"]["types"] if t["name"] == mutation_type["name"])
    return [f["name"] for f in root["fields"]]


@pytest.mark.parametrize(
    "field", mutation_fields() or [pytest.param("none", marks=pytest.mark.skip)]
)
@pytest.mark.parametrize("who", ["anonymous", "read-and-cypher-key"])
def test_mutations_without_the_write_scope_change_nothing(
    api: TestClient, seeded: neo4j.Driver, field: str, who: str
) -> None:
    """Hostile text in mutation inputs is legitimate data for a writer (their own tests
    cover it); without the write scope every mutation must be refused, with a code."""
    headers = CYPHER_KEY if who != "anonymous" else {}
    attempts = [
        f"mutation {{ {field}(input: {{}}) {{ __typename }} }}",
        f'mutation {{ {field}(input: {{id: "\\"}}) DETACH DELETE n //"}}) {{ __typename }} }}',
    ]
    with unchanged(seeded):
        for query in attempts:
            body = gql(api, query, headers=headers)
            assert body.get("data") is None, body
            assert set(error_codes(body)) <= {"BAD_USER_INPUT", "UNAUTHENTICATED", "FORBIDDEN"}
