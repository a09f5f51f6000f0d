"""Malformed and hostile input: a clear 4xx or a GraphQL error with a code, never a 500,
and the graph exactly as it was. Also the production switches, CORS, request ids,
metrics and logs that operators rely on (docs/operations.md)."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

import schema
from talentgraph.app import create_app
from talentgraph.auth import Scope, new_key
from talentgraph.errors import Code
from talentgraph.logs import JsonFormatter
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
    before = snapshot(driver)
    yield
    assert snapshot(driver) == before, "the request changed the graph"


# -- Clients ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_settings(settings: Settings) -> Settings:
    # One key with the cypher scope, so hostile text reaches the Cypher guard too.
    return settings.model_copy(update={"api_keys": [KEY_ENTRY]})


@pytest.fixture(scope="module")
def api(seeded: neo4j.Driver, base_settings: Settings) -> Iterator[TestClient]:
    """The app over the seed graph; a 500 comes back as a response, not an exception."""
    with TestClient(create_app(base_settings), raise_server_exceptions=False) as c:
        yield c


@contextmanager
def app_with(base: Settings, **update: Any) -> Iterator[TestClient]:
    with TestClient(create_app(base.model_copy(update=update)), raise_server_exceptions=False) as c:
        yield c


def gql(
    client: TestClient, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
) -> dict[str, Any]:
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


# -- Queries over the limits ----------------------------------------------------------


def aliases(n: int) -> str:
    return "{ " + " ".join(f"a{i}: __typename" for i in range(n)) + " }"


def test_2000_aliases_are_refused_with_a_code(api: TestClient, seeded: neo4j.Driver) -> None:
    # At the default limits the token limit answers first (2,000 aliases are 6,000 tokens);
    # whichever limit answers, the refusal must carry a code.
    with unchanged(seeded):
        body = gql(api, aliases(2000))
    assert refused(body)


def test_alias_limit(base_settings: Settings, seeded: neo4j.Driver) -> None:
    # Tokens raised out of the way, so the alias limiter is the one that answers.
    with app_with(base_settings, max_tokens=100_000) as client, unchanged(seeded):
        message = refused(gql(client, aliases(2000)))
        allowed = gql(client, aliases(base_settings.max_aliases))
    assert "2000 aliases" in message
    assert str(base_settings.max_aliases) in message
    assert allowed["data"]["a0"] == "Query"


def test_token_limit(api: TestClient, seeded: neo4j.Driver, base_settings: Settings) -> None:
    # Tokens without aliases: the same field selected over and over.
    query = "{ stats { nodes } " + "__typename " * base_settings.max_tokens + "}"
    with unchanged(seeded):
        body = gql(api, query)
    assert body["data"] is None
    assert f"more than {base_settings.max_tokens} tokens" in body["errors"][0]["message"]


def deep_query(levels: int) -> str:
    """`levels` nested selections: person -> employments -> nodes -> person -> ..."""
    step = "employments(first: 1) { nodes { person { "
    repeats = (levels - 1) // 3
    return '{ person(id: "zhou-chang") { ' + step * repeats + "id" + " } } }" * repeats + " } }"


def test_depth_60_is_refused(api: TestClient, seeded: neo4j.Driver) -> None:
    with unchanged(seeded):
        message = refused(gql(api, deep_query(60)))
    assert "depth" in message


def test_depth_within_the_limit_is_served(api: TestClient, base_settings: Settings) -> None:
    body = gql(api, deep_query(base_settings.max_depth))
    assert body.get("errors") is None, body
    assert body["data"]["person"]["employments"]


@pytest.mark.parametrize(
    "query",
    [
        "{ stats { ...A } } fragment A on GraphStats { nodes ...A }",
        "{ stats { ...A } } fragment A on GraphStats { nodes ...B } fragment B on GraphStats { ...A }",
        "{ stats { ...A } } fragment A on GraphStats { ...B } fragment B on GraphStats { ...C } "
        "fragment C on GraphStats { nodes ...A }",
    ],
    ids=["self", "two", "three"],
)
def test_fragment_cycles_are_refused(api: TestClient, seeded: neo4j.Driver, query: str) -> None:
    with unchanged(seeded):
        body = gql(api, query)
    assert body["data"] is None
    assert set(error_codes(body)) == {"BAD_USER_INPUT"}
    assert "within itself" in body["errors"][0]["message"]


def test_unknown_field_is_named_in_the_error(api: TestClient, seeded: neo4j.Driver) -> None:
    with unchanged(seeded):
        message = refused(gql(api, "{ stats { nodez } }"))
        root = refused(gql(api, '{ personn(id: "zhou-chang") { id } }'))
    # Validation errors stay readable: they name the field (and suggest the right one).
    assert "'nodez'" in message
    assert "'nodes'" in message
    assert "'personn'" in root


def test_unknown_argument_is_named(api: TestClient) -> None:
    message = refused(gql(api, '{ person(id: "zhou-chang", nmae: "x") { id } }'))
    assert "'nmae'" in message


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ('{ people(first: "ten") { totalCount } }', None),
        ("{ people(first: 1.5) { totalCount } }", None),
        ("{ people(first: 99999999999) { totalCount } }", None),
        ("{ person(id: 5.5) { id } }", None),
        ("{ person(id: [1]) { id } }", None),
        ("{ person { id } }", None),
        ("{ search(text: null) { score } }", None),
        ('{ departures(company: "alibaba-group", since: "July") { person { id } } }', None),
        ('{ departures(company: "alibaba-group", since: "2024-13") { person { id } } }', None),
        ('{ companies(first: 1, synthetic: "yes") { totalCount } }', None),
        ("query($f: Int!) { people(first: $f) { totalCount } }", {"f": "ten"}),
        ("query($f: Int!) { people(first: $f) { totalCount } }", {}),
        ("query($id: ID!) { person(id: $id) { id } }", {"id": {"$ne": None}}),
        ("query($id: ID!) { person(id: $id) { id } }", {"id": ["zhou-chang"]}),
        (
            'query($s: PartialDate) { departures(company: "x", since: $s) { person { id } } }',
            {"s": "2024-02-30"},
        ),
    ],
)
def test_wrong_argument_types_are_refused(
    api: TestClient, seeded: neo4j.Driver, query: str, variables: dict[str, Any] | None
) -> None:
    with unchanged(seeded):
        body = gql(api, query, variables)
    assert body["data"] is None
    assert set(error_codes(body)) == {"BAD_USER_INPUT"}


def test_first_over_max_page_size_on_a_relationship(
    api: TestClient, seeded: neo4j.Driver, base_settings: Settings
) -> None:
    over = base_settings.max_page_size + 1
    query = f'{{ person(id: "zhou-chang") {{ employments(first: {over}) {{ totalCount }} }} }}'
    with unchanged(seeded):
        body = gql(api, query)
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}
    assert str(base_settings.max_page_size) in error["message"]


@pytest.mark.parametrize("field", ["people", "companies"])
def test_first_over_max_list_size_on_a_root_list(
    api: TestClient, seeded: neo4j.Driver, base_settings: Settings, field: str
) -> None:
    over = base_settings.max_list_size + 1
    with unchanged(seeded):
        body = gql(api, f"{{ {field}(first: {over}) {{ totalCount }} }}")
        negative = gql(api, f"{{ {field}(first: -1) {{ totalCount }} }}")
    for b in (body, negative):
        (error,) = b["errors"]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}
    assert f"{base_settings.max_list_size}" in body["errors"][0]["message"]


def test_query_over_max_cost_is_refused(
    api: TestClient, seeded: neo4j.Driver, base_settings: Settings
) -> None:
    # Each `first` is within its own cap; the product is far over max_cost.
    query = """{ people(first: 10000) { nodes {
        employments(first: 1000) { nodes { role } } } } }"""
    with unchanged(seeded):
        body = gql(api, query)
    message = refused(body)
    assert "10,010,000" in message
    assert f"{base_settings.max_cost:,}" in message


def test_cost_counts_variables(base_settings: Settings) -> None:
    # The estimate itself (schema/limits.py), read without the extension ordering above.
    from graphql import parse

    from schema.limits import _Estimate

    built = schema.build(base_settings)._schema
    query = (
        "query($n: Int!) { people(first: $n) { nodes { employments(first: 5) { nodes { id } } } } }"
    )
    assert _Estimate(built, parse(query), {"n": 1000}).total(None) == 1000 + 5000
    # Only counted, the employments bring back no items.
    counted = (
        "query($n: Int!) { people(first: $n) { nodes { employments(first: 5) { totalCount } } } }"
    )
    assert _Estimate(built, parse(counted), {"n": 1000}).total(None) == 1000


@pytest.mark.parametrize("query", ["{ stats { ", "{ stats { nodes } }}", "query {"])
def test_syntax_errors_carry_a_code(api: TestClient, query: str) -> None:
    message = refused(gql(api, query))
    assert message.startswith("Syntax Error")


# -- Cursors ----------------------------------------------------------------------------


def cursor(offset: int | str) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


@pytest.mark.parametrize(
    "after", ["not-a-cursor", cursor(-5), cursor("x"), cursor("9" * 5000), "o:1", "=="]
)
def test_bad_cursor_is_refused(api: TestClient, after: str) -> None:
    body = gql(api, "query($a: String) { people(after: $a) { totalCount } }", {"a": after})
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}


@pytest.mark.parametrize(
    "query",
    [
        "query($a: String) { people(after: $a) { totalCount } }",
        'query($a: String) { person(id: "zhou-chang") { employments(after: $a) { totalCount } } }',
    ],
    ids=["root-list", "relationship"],
)
def test_cursor_past_64_bits_is_refused(api: TestClient, seeded: neo4j.Driver, query: str) -> None:
    with unchanged(seeded):
        body = gql(api, query, {"a": cursor(2**63)})
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


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


def _introspection() -> dict[str, Any]:
    built = schema.build(
        Settings(NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="unused", introspection=True)
    )
    return built.introspect()


def root_fields() -> list[dict[str, Any]]:
    """The Query root's fields, as the schema's own introspection lists them.

    Mutations are left out on purpose: for a writer, hostile text is data to store
    (see test_mutations_without_the_write_scope_change_nothing)."""
    intro = _introspection()
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
                f"{{ search(text: {literal}) {{ score }} }}",
                f"{{ departures(company: {literal}) {{ person {{ id }} }} }}",
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
    intro = _introspection()
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


# -- Errors: codes, masking, readability ----------------------------------------------

ERRORING = [
    ('{ person(id: "no-such-person") { id } }', "NOT_FOUND"),
    ('{ company(id: "zhou-chang") { id } }', "NOT_FOUND"),
    ('{ departures(company: "no-such-company") { person { id } } }', "NOT_FOUND"),
    ('{ search(text: "") { score } }', "BAD_USER_INPUT"),
    (
        '{ connections(from: "zhou-chang", to: "moonshot-ai", maxHops: 99) { length } }',
        "BAD_USER_INPUT",
    ),
    ('{ cypher(query: "RETURN 1") }', "UNAUTHENTICATED"),
    ("{ stats { nodez } }", "BAD_USER_INPUT"),
    ("subscription { stats { nodes } }", "BAD_USER_INPUT"),
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


# -- Introspection and GraphiQL: on locally, off in production -------------------------

INTROSPECT = "{ __schema { queryType { name } } }"


def graphiql(client: TestClient) -> bool:
    response = client.get("/graphql", headers={"accept": "text/html"})
    return response.status_code == 200 and "graphiql" in response.text.lower()


def test_introspection_and_graphiql_on_by_default(api: TestClient, base_settings: Settings) -> None:
    assert base_settings.environment == "local"
    assert gql(api, INTROSPECT)["data"]["__schema"]["queryType"]["name"] == "Query"
    assert graphiql(api)


def test_introspection_and_graphiql_off_in_production(
    base_settings: Settings, seeded: neo4j.Driver
) -> None:
    # The test settings meet what production demands: a NEO4J_URI and a real password.
    Settings(
        NEO4J_URI=base_settings.neo4j_uri,
        NEO4J_PASSWORD=base_settings.password(),
        environment="production",
    )
    with app_with(base_settings, environment="production") as client:
        hidden = gql(client, INTROSPECT)
        typename = gql(client, "{ __typename stats { nodes } }")
        page = client.get("/graphql", headers={"accept": "text/html"})
    assert hidden["data"] is None
    assert set(error_codes(hidden)) == {"BAD_USER_INPUT"}
    assert "introspection has been disabled" in hidden["errors"][0]["message"]
    assert typename["data"]["__typename"] == "Query"  # only the schema is hidden
    assert typename["data"]["stats"]["nodes"] > 0
    assert 400 <= page.status_code < 500
    assert "graphiql" not in page.text.lower()


def test_production_switches_can_be_turned_back_on(base_settings: Settings) -> None:
    with app_with(
        base_settings, environment="production", introspection=True, graphiql=True
    ) as client:
        assert gql(client, INTROSPECT)["data"]["__schema"]["queryType"]["name"] == "Query"
        assert graphiql(client)


def test_production_refuses_default_secrets(base_settings: Settings) -> None:
    with pytest.raises(ValueError, match="NEO4J_PASSWORD"):
        Settings(NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="neo4j", environment="production")
    with pytest.raises(ValueError, match="NEO4J_URI"):
        Settings(NEO4J_URI=None, NEO4J_PASSWORD="a-real-one-1234", environment="production")


# -- CORS -----------------------------------------------------------------------------

ALLOWED = "https://app.example.com"


@pytest.fixture(scope="module")
def cors(seeded: neo4j.Driver, base_settings: Settings) -> Iterator[TestClient]:
    with app_with(base_settings, cors_origins=[ALLOWED]) as client:
        yield client


def test_cors_allows_a_listed_origin(cors: TestClient) -> None:
    response = cors.post("/graphql", json=STATS, headers={"origin": ALLOWED})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "x-request-id" in response.headers["access-control-expose-headers"]
    preflight = cors.options(
        "/graphql",
        headers={
            "origin": ALLOWED,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, authorization",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ALLOWED
    allowed_headers = preflight.headers["access-control-allow-headers"].lower()
    assert "content-type" in allowed_headers
    assert "authorization" in allowed_headers


@pytest.mark.parametrize(
    "origin", ["https://evil.example.com", "null", "https://app.example.com.evil.io"]
)
def test_cors_gives_nothing_to_other_origins(cors: TestClient, origin: str) -> None:
    response = cors.post("/graphql", json=STATS, headers={"origin": origin})
    assert "access-control-allow-origin" not in response.headers
    preflight = cors.options(
        "/graphql", headers={"origin": origin, "access-control-request-method": "POST"}
    )
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers


def test_no_cors_by_default(api: TestClient) -> None:
    response = api.post("/graphql", json=STATS, headers={"origin": ALLOWED})
    assert "access-control-allow-origin" not in response.headers


# -- Request ids ------------------------------------------------------------------------


def test_request_id_is_echoed(api: TestClient) -> None:
    response = api.post("/graphql", json=STATS, headers={"x-request-id": "client-chosen-42"})
    assert response.headers["x-request-id"] == "client-chosen-42"


def test_request_id_is_generated(api: TestClient) -> None:
    first = api.post("/graphql", json=STATS).headers["x-request-id"]
    second = api.get("/livez").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_request_id_is_capped(api: TestClient) -> None:
    response = api.get("/livez", headers={"x-request-id": "r" * 500})
    assert response.headers["x-request-id"] == "r" * 64


# -- Metrics and logs -------------------------------------------------------------------


def samples(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def value(
    found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def test_metrics_after_traffic(api: TestClient) -> None:
    before = samples(api)
    gql(api, "query HardeningStats { stats { nodes } }")
    gql(api, 'query HardeningMissing { person(id: "no-such-person") { id } }')
    gql(api, "{ stats { nodez } }")
    api.get("/no/such/path/123")
    after = samples(api)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("talentgraph_requests_total", route="/graphql", status="200") == 3
    assert grew("talentgraph_requests_total", route="other", status="404") == 1
    assert grew("talentgraph_graphql_operation_seconds_count", operation="HardeningStats") == 1
    assert grew("talentgraph_graphql_operation_seconds_count", operation="HardeningMissing") == 1
    assert grew("talentgraph_neo4j_statement_seconds_count", query="graph_stats") == 1
    assert grew("talentgraph_neo4j_statement_seconds_count", query="entity_by_id") == 1
    assert grew("talentgraph_errors_total", code="NOT_FOUND") == 1
    assert grew("talentgraph_errors_total", code="BAD_USER_INPUT") == 1
    # Raw paths never become labels: the metric cannot grow without bound.
    assert not any("/no/such" in str(labels) for _, labels in after)


def test_access_log_is_json_with_the_request_id(
    api: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="talentgraph")
    caplog.handler.setFormatter(JsonFormatter())
    api.post("/graphql", json=STATS, headers={"x-request-id": "log-line-7"})
    lines = [json.loads(line) for line in caplog.text.splitlines()]
    (access,) = [x for x in lines if x["logger"] == "talentgraph.access"]
    assert access["request_id"] == "log-line-7"
    assert access["method"] == "POST"
    assert access["path"] == "/graphql"
    assert access["status"] == 200
    assert isinstance(access["ms"], float)
    assert access["level"] == "info"


def test_json_formatter_outside_a_request() -> None:
    record = logging.LogRecord("talentgraph", logging.WARNING, __file__, 1, "x=%s", ("y",), None)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "x=y"
    assert entry["request_id"] is None
    assert entry["level"] == "warning"
