"""Queries over the limits (aliases, tokens, depth, page sizes, cost) and bad cursors."""

from __future__ import annotations

import base64
import json
from typing import Any

import neo4j
import pytest
from graphql import parse
from starlette.testclient import TestClient

import schema
from schema.limits import _Estimate
from talentgraph.settings import Settings
from tests.hardening.support import (
    app_with,
    error_codes,
    gql,
    refused,
    unchanged,
)

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
        ("{ search(text: null) { nodes { score } } }", None),
        (
            '{ departures(company: "alibaba-group", since: "July") { nodes { person { id } } } }',
            None,
        ),
        (
            '{ departures(company: "alibaba-group", since: "2024-13") { nodes { person { id } } } }',
            None,
        ),
        ('{ companies(first: 1, synthetic: "yes") { totalCount } }', None),
        ("query($f: Int!) { people(first: $f) { totalCount } }", {"f": "ten"}),
        ("query($f: Int!) { people(first: $f) { totalCount } }", {}),
        ("query($id: ID!) { person(id: $id) { id } }", {"id": {"$ne": None}}),
        ("query($id: ID!) { person(id: $id) { id } }", {"id": ["zhou-chang"]}),
        (
            'query($s: PartialDate) { departures(company: "x", since: $s) { nodes { person { id } } } }',
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


def test_cost_bounds_the_traversal_connections(base_settings: Settings) -> None:
    # departures, portfolio, search and a flow's moves page like every connection: their
    # `first`/`last` (or the default page: 100 at the root, 20 below) count.
    built = schema.build(base_settings)._schema
    query = (
        '{ departures(company: "x", last: 300) { nodes { person { id } } } '
        'search(text: "x") { nodes { score } } '
        "talentFlows(first: 10) { moves(first: 50) { nodes { period } } } "
        'portfolio(investor: "x") { totalCount } }'
    )
    assert _Estimate(built, parse(query), {}).total(None) == 300 + 100 + 10 + 10 * 50


@pytest.mark.parametrize("query", ["{ stats { ", "{ stats { nodes } }}", "query {"])
def test_syntax_errors_carry_a_code(api: TestClient, query: str) -> None:
    message = refused(gql(api, query))
    assert message.startswith("Syntax Error")


# -- Cursors ----------------------------------------------------------------------------


def cursor(key: object) -> str:
    """A cursor as the API makes them (base64 of the JSON sort key), holding `key`."""
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


@pytest.mark.parametrize(
    "after",
    [
        "not-a-cursor",
        cursor(-5),  # not a key
        cursor(["x"]),  # one key too few
        cursor(["Zhou Chang", "zhou-chang", "x"]),  # one too many
        cursor(["Zhou Chang", 5]),  # the id is not text
        cursor([{"x": 1}, "zhou-chang"]),  # no such value
        cursor(["9" * 5000, "x"]),  # too long
        base64.urlsafe_b64encode(b"o:1").decode(),  # an offset, as cursors used to be
        "o:1",
        "==",
    ],
)
def test_bad_cursor_is_refused(api: TestClient, after: str) -> None:
    body = gql(api, "query($a: String) { people(after: $a) { totalCount } }", {"a": after})
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}


def keys(query: str) -> int:
    """How many keys the list's cursors hold: a relationship by start three, people two."""
    return 3 if "employments" in query else 2


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
        body = gql(api, query, {"a": cursor([2**63, *[None] * (keys(query) - 2), "x"])})
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
