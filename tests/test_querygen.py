"""The query generator on its own (no Neo4j): deterministic, and every query it makes is
valid and within the service's limits, so a generator bug shows here, not as a mismatch."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLSchema,
    OperationDefinitionNode,
    parse,
    specified_rules,
    validate,
)
from graphql.execution.values import get_variable_values
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter

import schema
from resolvers.cursors import encode
from schema.limits import _Estimate
from talentgraph.settings import Settings
from tests.differential_graphs import GRAPHS
from tests.querygen import MAX_DEPTH, ROOT_FIELDS, GeneratedQuery, Universe, generate

SETTINGS = Settings()
COUNT = 250  # per graph, each validated
SAMPLE = 1_000  # per graph, only looked at: rare features need a bigger sample


@pytest.fixture(scope="module")
def graphql_schema() -> GraphQLSchema:
    return schema.build(SETTINGS)._schema


@pytest.fixture(scope="module")
def universes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Universe]:
    directory: Path = tmp_path_factory.mktemp("graphs")
    return {
        g.name: Universe.of(
            g.model(directory), [encode([f"name {i}", f"id-{i}"]) for i in range(3)], g.merges
        )
        for g in GRAPHS
    }


@pytest.fixture(scope="module")
def queries(graphql_schema: GraphQLSchema, universes: dict[str, Universe]) -> list[GeneratedQuery]:
    return [q for u in universes.values() for q in generate(graphql_schema, u, 1, COUNT)]


def test_a_seed_gives_the_same_queries_every_time(
    graphql_schema: GraphQLSchema, universes: dict[str, Universe]
) -> None:
    universe = universes["edge-cases"]
    first = generate(graphql_schema, universe, 42, 50)
    assert generate(graphql_schema, universe, 42, 50) == first
    # Query i depends on (seed, i) alone: a failure is reproduced by its number.
    assert generate(graphql_schema, universe, 42, 60)[:50] == first
    assert generate(graphql_schema, universe, 43, 50) != first


def test_every_generated_query_is_valid_and_within_the_limits(
    graphql_schema: GraphQLSchema, queries: list[GeneratedQuery]
) -> None:
    rules = [
        *specified_rules,
        *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
        *MaxAliasesLimiter(max_alias_count=SETTINGS.max_aliases).validation_rules,
    ]
    for query in queries:
        assert len(query.query) < SETTINGS.max_body_bytes // 2, query
        document = parse(query.query, max_tokens=SETTINGS.max_tokens)
        errors = validate(graphql_schema, document, rules)
        assert not errors, (query, errors)
        cost = _Estimate(graphql_schema, document, query.variables).total(query.operation_name)
        assert cost <= SETTINGS.max_cost, (query, cost)
        (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        coerced = get_variable_values(
            graphql_schema, operation.variable_definitions or (), query.variables
        )
        # Only a malformed date, planted on purpose, may fail as a variable.
        failed = isinstance(coerced, list)  # graphql-core answers a list of errors
        assert failed == (query.planted == "a malformed date"), (query, coerced)


def test_the_queries_use_what_the_compiler_must_handle(
    graphql_schema: GraphQLSchema, universes: dict[str, Universe]
) -> None:
    queries = [q for u in universes.values() for q in generate(graphql_schema, u, 1, SAMPLE)]
    seen: collections.Counter[str] = collections.Counter()
    for query in queries:
        text = query.query
        document = parse(text)
        fragments = [d for d in document.definitions if isinstance(d, FragmentDefinitionNode)]
        features = {
            "a named fragment": bool(fragments),
            "a fragment spread twice": any(text.count(f"...{f.name.value}") > 1 for f in fragments),
            "a fragment on Entity": "on Entity" in text,
            "a fragment on Fact": "on Fact" in text,
            "an inline fragment on a concrete type": bool(re.search(r"\.\.\. on (Person|Company|Employment)\b", text)),
            "an inline fragment without a type": "... @" in text,
            "__typename": "__typename" in text,
            "an alias": bool(re.search(r"\b\w+\d+: \w+", text)),
            "@include": "@include" in text,
            "@skip": "@skip" in text,
            "a directive on a variable": bool(re.search(r"@(include|skip)\(if: \$", text)),
            "a variable with a default": bool(re.search(r"\$v\d+: [\w!\[\]]+ = ", text)),
            "a variable left to its default": any(f"${v}" in text and v not in query.variables for v in re.findall(r"\$(v\d+): \w+ = ", text)),
            "a variable with a value": bool(query.variables),
            "a named operation": query.operation_name is not None,
            "several root fields": len(operation_fields(document)) > 1,
            "a planted mistake": query.planted is not None,
        }  # fmt: skip
        seen.update(name for name, present in features.items() if present)
        seen.update(f"root {name}" for name in operation_fields(document))
        if query.planted:
            seen[f"planted: {query.planted}"] += 1
    wanted = [
        "a named fragment", "a fragment spread twice", "a fragment on Entity", "a fragment on Fact",
        "an inline fragment on a concrete type", "an inline fragment without a type", "__typename",
        "an alias", "@include", "@skip", "a directive on a variable", "a variable with a default",
        "a variable left to its default", "a variable with a value", "a named operation",
        "several root fields", "a planted mistake",
        *(f"root {name}" for name in ROOT_FIELDS),
        "planted: an unknown id", "planted: an id of another kind", "planted: a negative `first`",
        "planted: a cursor the API never gave out", "planted: a malformed date",
        "planted: empty search text", "planted: `maxHops` out of range",
    ]  # fmt: skip
    missing = [name for name in wanted if seen[name] == 0]
    assert not missing, f"no generated query has: {missing}"
    # The same field twice, with other arguments under another name.
    assert seen["an alias"] > len(queries) // 10


def test_queries_reach_the_full_depth(
    graphql_schema: GraphQLSchema, queries: list[GeneratedQuery]
) -> None:
    too_shallow = [QueryDepthLimiter(max_depth=MAX_DEPTH - 1).validation_rules[0]]
    deep = [q for q in queries if validate(graphql_schema, parse(q.query), too_shallow)]
    assert len(deep) > len(queries) // 20


def operation_fields(document: DocumentNode) -> list[str]:
    """The root fields a query asks for (generated queries put no fragment at the root)."""
    (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return [s.name.value for s in operation.selection_set.selections if isinstance(s, FieldNode)]
