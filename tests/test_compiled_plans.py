"""Compiled statements start from an id's index seek or a label, never from a scan of all.

The plan tree shows the top of each statement; the relationship fields inside it are
subquery expressions that Neo4j plans apart ("nested plans", not in the tree), so for
those the rule is checked on the text the compiler wrote: every MATCH in a subquery
starts from a node bound outside it, or from an id.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from graphql import parse
from graphql.execution.collect_fields import FragmentDetails, collect_fields
from graphql.execution.values import get_variable_values

import schema as schema_package
from compiler.compile import Compiler
from compiler.plan import Plan
from resolvers.cursors import encode
from seeds import synthetic
from talentgraph.settings import Settings
from tests.conftest import wipe
from tests.plans import plan_of, refusals

NESTED = "a nested plan hides its operators"

QUERIES: dict[str, tuple[str, str, set[str]]] = {
    # name: (query, anchor, labels a label-anchored statement may read)
    "person and its facts": (
        """{ person(id: "syn-person-3") { name employments(first: 5, current: false) {
            totalCount nodes { role employer { name ... on Company { rounds { nodes {
            round { name investors { nodes { investor { name } } } } } } } }
            evidence { sources { title } } } } } }""",
        "id",
        set(),
    ),
    "any entity": ('{ entity(id: "syn-group-0") { __typename id name } }', "id", set()),
    "a page by name": (
        "{ people(first: 20) { totalCount nodes { id name } } }",
        "label",
        {"Person"},
    ),
    "a page by name from a cursor, backwards": (
        f"""{{ people(last: 20, before: "{encode(["Person 50", "syn-person-50"])}") {{
            totalCount pageInfo {{ hasNextPage hasPreviousPage }} edges {{ cursor }} }} }}""",
        "label",
        {"Person"},
    ),
    "facts and entities by id": (
        """{ node(id: "WORKED_AT:syn-person-1:syn-startup-0") { id ... on Employment { role } }
             nodes(ids: ["syn-group-0", "no-such-id"]) { id } }""",
        "id",
        set(),
    ),
    "a filtered, sorted list": (
        """{ rounds(first: 5, where: {amount: {gte: 1}}, orderBy: [{announced: DESC}]) {
            aggregate { count sum { amount } } nodes { name } } }""",
        "label",
        {"FundingRound"},
    ),
    "a traversal": (
        """{ departures(company: "syn-group-0") { totalCount nodes { person { name
            employments(first: 2) { nodes { role } } } left { end } } } }""",
        "id",
        set(),
    ),
}


@pytest.fixture(scope="module")
def graph(driver: neo4j.Driver, settings: Settings) -> Iterator[neo4j.Driver]:
    wipe(driver)
    asyncio.run(synthetic.load(settings, 300, seed=5, reset=True))
    return driver


def compiled(query: str, settings: Settings) -> tuple[Plan, dict[str, Any]]:
    schema = schema_package.build(settings)._schema
    document = parse(query)
    (operation,) = document.definitions
    variables = get_variable_values(schema, (), {})
    assert not isinstance(variables, list)
    root = schema.query_type
    assert root is not None
    fields = collect_fields(schema, {}, variables, root, operation).grouped_field_set  # type: ignore[arg-type]
    frags: dict[str, FragmentDetails] = {}
    plan = Compiler(schema, frags, variables, operation).plan(root, fields)  # type: ignore[arg-type]
    assert len(plan.fields) == len(fields), "every root field compiles"
    return plan, plan.parameters(variables, settings)


@pytest.mark.parametrize("name", list(QUERIES))
def test_compiled_statements_are_anchored(
    graph: neo4j.Driver, settings: Settings, name: str
) -> None:
    query, anchor, labels = QUERIES[name]
    plan, params = compiled(query, settings)
    found = plan_of(graph, plan.text, params)
    bad = [r for r in refusals(found, anchor, labels or None) if NESTED not in r]  # type: ignore[arg-type]
    assert not bad, bad
    assert_subqueries_anchored(plan.text, labels)


def assert_subqueries_anchored(text: str, labels: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Every MATCH inside a subquery expression starts from a node bound before it, by
    an id, or (a root list's page, count or aggregate) from one of `labels`."""
    for match in re.finditer(
        r"(COLLECT|COUNT|EXISTS) \{\s*(?:UNWIND [^\n]*? AS (\w+) )?MATCH \((\w+)", text
    ):
        start = match.group(3)
        bound = re.search(rf"\b{start}\b", text[: match.start()]) is not None
        rest = text[match.start(3) - 1 :]
        by_id = re.match(rf"\({start}:\w+ \{{id: ", rest) is not None
        by_label = any(rest.startswith(f"({start}:{label})") for label in labels)
        assert bound or by_id or by_label, (
            f"a subquery starts from {start}, bound nowhere before it: "
            f"{text[match.start() : match.start() + 200]}"
        )


def test_the_anchor_check_catches_an_unanchored_subquery() -> None:
    with pytest.raises(AssertionError, match="bound nowhere"):
        assert_subqueries_anchored("RETURN COLLECT { MATCH (x9)-[r:WORKED_AT]->(m) RETURN m }")
    assert_subqueries_anchored("MATCH (n1:Person) RETURN COLLECT { MATCH (n1)-[r]->(m) RETURN m }")
