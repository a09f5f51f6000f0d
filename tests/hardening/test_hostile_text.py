"""Hostile text in every string and ID argument of every root field, and the Cypher guard."""

from __future__ import annotations

import json
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from tests.hardening.support import (
    CYPHER_KEY,
    HARMLESS,
    error_codes,
    gql,
    introspection,
    refused,
    unchanged,
)

# -- Hostile text in every string and ID argument of every root field -------------------

INJECTIONS = [
    '"}) DETACH DELETE n //',
    "' OR 1=1 --",
    "}",
    "{",
    "\u0000",
    "x\u0000y",
    "\\",
    "`",
    "$id",
    "*",
    "name:* OR id:*",
    "",
    "   ",
    "MATCH (n) DETACH DELETE n",
    "alibaba-group'}) MATCH (n) DETACH DELETE n RETURN 1 //",
    'RETURN 1 UNION CALL dbms.security.createUser("x", "y", false)',
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    "a" * 10_001,
    "周畅 通义千问 阿里巴巴",
    "周" * 5_000,
    "🙂\u2028\ufeff",
]
# Valid values for the arguments not under test, by name (else by type).
VALID: dict[str, Any] = {
    "id": "zhou-chang",
    "investor": "alibaba-group",
    "company": "alibaba-group",
    "alumniOf": "alibaba-group",
    "from": "zhou-chang",
    "to": "moonshot-ai",
    "text": "Qwen",
    "query": "RETURN 1 AS one",
}
VALID_BY_TYPE = {
    "ID": "alibaba-group",
    "String": "x",
    "Int": 1,
    "Boolean": True,
    "PartialDate": "2020",
}
# Scalars whose values are text: hostile strings go into each of them.
TEXT_SCALARS = {"String", "ID", "PartialDate"}


def _type_name(ref: dict[str, Any]) -> str:
    if ref["kind"] == "NON_NULL":
        return _type_name(ref["ofType"]) + "!"
    if ref["kind"] == "LIST":
        return "[" + _type_name(ref["ofType"]) + "]"
    return str(ref["name"])


def _named(ref: dict[str, Any]) -> dict[str, Any]:
    return _named(ref["ofType"]) if ref.get("ofType") else ref


def root_fields() -> list[dict[str, Any]]:
    """The Query root's fields, as the schema's own introspection lists them.

    Mutations are left out on purpose: for a writer, hostile text is data to store
    (see test_mutations_without_the_write_scope_change_nothing)."""
    intro = introspection()
    query_type = intro["__schema"]["queryType"]["name"]
    (root,) = (t for t in intro["__schema"]["types"] if t["name"] == query_type)
    return list(root["fields"])


def text_arguments() -> list[tuple[dict[str, Any], str]]:
    return [
        (field, arg["name"])
        for field in root_fields()
        for arg in field["args"]
        if _named(arg["type"])["name"] in TEXT_SCALARS
    ]


def injection_request(field: dict[str, Any], target: str, payload: str) -> dict[str, Any]:
    """A query for `field` with `payload` in argument `target`, the others filled validly."""
    declared, used, variables = [], [], {}
    for arg in field["args"]:
        name, type_ = arg["name"], arg["type"]
        if name == target:
            variables[name] = payload
        elif type_["kind"] == "NON_NULL" and arg["defaultValue"] is None:
            variables[name] = VALID.get(name, VALID_BY_TYPE.get(_named(type_)["name"]))
        else:
            continue
        declared.append(f"${name}: {_type_name(type_)}")
        used.append(f"{name}: ${name}")
    kind = _named(field["type"])["kind"]
    selection = " { __typename }" if kind in {"OBJECT", "INTERFACE", "UNION"} else ""
    query = (
        f"query Injection({', '.join(declared)}) "
        f"{{ {field['name']}({', '.join(used)}){selection} }}"
    )
    return {"query": query, "variables": variables}


TEXT_ARGUMENTS = text_arguments()


def test_every_root_field_is_enumerated(api: TestClient) -> None:
    """The fields enumerated here are the ones a client sees over HTTP."""
    body = gql(api, "{ __schema { queryType { fields { name args { name } } } } }")
    served = {f["name"] for f in body["data"]["__schema"]["queryType"]["fields"]}
    assert served == {f["name"] for f in root_fields()}
    assert len(TEXT_ARGUMENTS) >= 15  # every lookup, traversal, list cursor and search


@pytest.mark.parametrize(
    ("field", "argument"),
    TEXT_ARGUMENTS,
    ids=[f"{f['name']}.{a}" for f, a in TEXT_ARGUMENTS],
)
def test_hostile_text_in_every_argument(
    api: TestClient, seeded: neo4j.Driver, field: dict[str, Any], argument: str
) -> None:
    problems = []
    with unchanged(seeded):
        for payload in INJECTIONS:
            request = injection_request(field, argument, payload)
            # The key with the cypher scope, so the `cypher` field's guard sees the text.
            response = api.post("/graphql", json=request, headers=CYPHER_KEY)
            shown = payload if len(payload) < 40 else payload[:20] + f"...({len(payload)})"
            if response.status_code != 200:
                problems.append(f"{shown!r}: HTTP {response.status_code} {response.text[:200]}")
                continue
            body = response.json()
            codes = {(e.get("extensions") or {}).get("code") for e in body.get("errors") or []}
            if not (codes <= HARMLESS) or (not codes and body.get("data") is None):
                problems.append(f"{shown!r}: {codes or 'no data'} {body.get('errors')}")
    assert not problems, "\n".join(problems)


def test_hostile_text_as_inline_literals(api: TestClient, seeded: neo4j.Driver) -> None:
    """The same text written into the document (GraphQL string escapes), not as variables."""
    with unchanged(seeded):
        for payload in INJECTIONS:
            literal = json.dumps(payload)  # a JSON string is a valid GraphQL string literal
            for query in (
                f"{{ person(id: {literal}) {{ id }} }}",
                f"{{ search(text: {literal}) {{ nodes {{ score }} }} }}",
                f"{{ departures(company: {literal}) {{ nodes {{ person {{ id }} }} }} }}",
            ):
                body = gql(api, query)
                assert set(error_codes(body)) <= HARMLESS, (payload[:40], body)


def test_injection_reads_nothing_extra(api: TestClient) -> None:
    """A quote in an id is part of the id: no other node matches, nothing is listed
    (the lookup is nullable: its field is null, with NOT_FOUND on its path)."""
    for payload in ("zhou-chang' OR 1=1 //", 'zhou-chang"}) RETURN n //', "zhou-chang\u0000"):
        body = gql(api, "query($id: ID!) { person(id: $id) { id } }", {"id": payload})
        assert body["data"] == {"person": None}, body
        assert error_codes(body) == ["NOT_FOUND"], body
        assert body["errors"][0]["message"] == f"no person has the id {payload!r}"


def test_cypher_guard_refuses_writes_with_a_key(api: TestClient, seeded: neo4j.Driver) -> None:
    with unchanged(seeded):
        for statement in (
            "MATCH (n) DETACH DELETE n",
            "CREATE (:Person {id: 'x'})",
            "CALL { CREATE (n) } IN TRANSACTIONS",
            "DROP INDEX entity_search",
        ):
            body = gql(
                api,
                "query($q: String!) { cypher(query: $q) }",
                {"q": statement},
                headers=CYPHER_KEY,
            )
            assert refused(body).startswith("refused by rule"), body
