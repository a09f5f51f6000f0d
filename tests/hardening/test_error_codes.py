"""Every error carries a code; unexpected ones are masked for the client and logged."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.logs import JsonFormatter
from tests.conftest import run
from tests.hardening.support import (
    error_codes,
    gql,
    refused,
)

# -- Errors: codes, masking, readability ----------------------------------------------

ERRORING = [
    ('{ person(id: "no-such-person") { id } }', "NOT_FOUND"),
    ('{ company(id: "zhou-chang") { id } }', "NOT_FOUND"),
    ('{ departures(company: "no-such-company") { nodes { person { id } } } }', "NOT_FOUND"),
    ('{ search(text: "") { nodes { score } } }', "BAD_USER_INPUT"),
    (
        '{ connections(from: "zhou-chang", to: "moonshot-ai", maxHops: 99) { length } }',
        "BAD_USER_INPUT",
    ),
    ('{ cypher(query: "RETURN 1") }', "UNAUTHENTICATED"),
    ("{ stats { nodez } }", "BAD_USER_INPUT"),
    ("{ __schema { nope } }", "BAD_USER_INPUT"),
]


@pytest.mark.parametrize(("query", "code"), ERRORING)
def test_every_error_carries_a_code(api: TestClient, query: str, code: str) -> None:
    body = gql(api, query)
    assert error_codes(body) == [code], body


def test_bad_authorization_is_unauthenticated(api: TestClient) -> None:
    body = gql(api, "{ stats { nodes } }", headers={"authorization": "Bearer nope"})
    assert "not valid" in refused(body, "UNAUTHENTICATED")


@pytest.fixture
def broken_node(seeded: neo4j.Driver) -> Iterator[str]:
    """A node the loader would never write (a person without a name): a server-side fault."""
    run(seeded, "CREATE (:Entity:Person {id: 'hardening-broken'})")
    yield "hardening-broken"
    run(seeded, "MATCH (n {id: 'hardening-broken'}) DETACH DELETE n")


def test_unexpected_errors_are_masked_and_logged(
    api: TestClient, broken_node: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="talentgraph")
    caplog.handler.setFormatter(JsonFormatter())
    body = gql(
        api,
        f'{{ person(id: "{broken_node}") {{ id name }} }}',
        headers={"x-request-id": "masked-1"},
    )
    (error,) = body["errors"]
    assert error["message"] == "Unexpected error."
    assert error["extensions"] == {"code": "INTERNAL"}
    assert "Traceback" not in json.dumps(body)
    # The operator sees what the client does not, under the same request id.
    lines = [json.loads(line) for line in caplog.text.splitlines()]
    logged = [x for x in lines if x["logger"] == "talentgraph.errors"]
    assert logged, lines
    assert logged[0]["request_id"] == "masked-1"
    assert logged[0]["level"] == "error"
    assert "Traceback" in logged[0]["error"]


def test_result_coercion_faults_are_internal(api: TestClient, seeded: neo4j.Driver) -> None:
    run(seeded, "CREATE (:Entity:Person {id: 'hardening-aliases', name: 'A', aliases: 5})")
    try:
        body = gql(api, '{ person(id: "hardening-aliases") { aliases } }')
    finally:
        run(seeded, "MATCH (n {id: 'hardening-aliases'}) DETACH DELETE n")
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "INTERNAL"
    assert error["message"] == "Unexpected error."
