"""The compiled read path answers exactly as the reference executor does, byte for byte.

Two apps over one Neo4j, alike but for `compile_reads`: true (each request compiled into
one Cypher statement) and false (every field through its Strawberry resolver, the
reference). The queries of docs/queries.md (on the seed graph they are written for) and
2,000 queries generated at random from the schema (tests/querygen.py), shared out over
the graphs of tests/differential_graphs.py, go to both; the status codes and the
response bodies must be identical, down to key order, number formatting and messages.

The reference answers are also held to what the generator meant: a query with a
planted mistake gets an error (never INTERNAL), a query without one gets none, and
only a malformed variable may fail before execution (every generated query passes
validation and the limits).

TALENTGRAPH_DIFF_QUERIES (generated queries in all, default 2,000) and
TALENTGRAPH_DIFF_SEED (default 20240718) make longer or other runs; a failure names the
graph, the seed and the query's number, which `tests.querygen.generate` reproduces alone.
"""

from __future__ import annotations

import asyncio
import difflib
import json
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx2
import neo4j
import pytest
from graphql import ArgumentNode, FieldNode, Visitor, parse, visit
from starlette.applications import Starlette

import schema
from talentgraph.app import create_app
from talentgraph.auth import Scope, new_key
from talentgraph.queries import QUERIES as CYPHER
from talentgraph.settings import Settings
from tests.conftest import run
from tests.differential_graphs import GRAPHS, Graph, load
from tests.querygen import COMPILED_ONLY, GeneratedQuery, Universe, generate
from tests.test_queries_doc import examples

# When one root field fails, graphql-core stops waiting for its siblings: their resolver
# coroutines are never awaited, which Python reports as warnings when it collects them.
pytestmark = [
    pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
QUERIES = int(os.environ.get("TALENTGRAPH_DIFF_QUERIES") or 2_000)
SEED = int(os.environ.get("TALENTGRAPH_DIFF_SEED") or 20240718)
SEED_GRAPH = next(g for g in GRAPHS if g.yaml is None)
CONCURRENCY = 4
# A loaded machine (2 cores shared by many runs) can push one statement past Neo4j's
# transaction timeout or the pool's wait: such a pair is asked again, not compared.
TRANSIENT = ("TIMEOUT", "DATABASE_UNAVAILABLE")
TRIES = 3  # query pairs in flight: Neo4j works while Python executes the other path
WRITE_KEY, WRITER = new_key("differential-tests", [Scope.READ, Scope.WRITE])
MERGE = (
    "mutation($keep: ID!, $remove: ID!) { mergeEntities(keep: $keep, remove: $remove) { changed } }"
)
# Cursors as the API gives them out (of lists and of relationships by start and by name),
# and fact ids, harvested from its own answers.
FACTS = "edges { cursor node { id } }"
CURSORS = f"""{{
  people(first: 3) {{ edges {{ cursor node {{ employments(first: 3) {{ {FACTS} }}
                                           contributions(first: 2) {{ {FACTS} }} }} }} }}
  companies(first: 3) {{ edges {{ cursor node {{ models(first: 2) {{ {FACTS} }}
                                              rounds(first: 2) {{ {FACTS} }} }} }} }}
  sources(first: 2) {{ edges {{ cursor }} }}
}}"""


def _harvest(value: Any, cursors: set[str], facts: set[str]) -> None:
    if isinstance(value, dict):
        if "cursor" in value:
            cursors.add(value["cursor"])
        node = value.get("node")
        if isinstance(node, dict) and "id" in node:
            facts.add(node["id"])
        for child in value.values():
            _harvest(child, cursors, facts)
    elif isinstance(value, list):
        for child in value:
            _harvest(child, cursors, facts)


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


@dataclass(frozen=True)
class Loaded:
    graph: Graph
    universe: Universe
    queries: list[GeneratedQuery]


@pytest.fixture(scope="module")
def apps(settings: Settings) -> tuple[Starlette, Starlette]:
    """(compiled, reference): one app per setting for the whole module."""
    base = settings.model_copy(update={"api_keys": [WRITER], "anonymous_read": True})
    return (
        create_app(base.model_copy(update={"compile_reads": True})),
        create_app(base.model_copy(update={"compile_reads": False})),
    )


@asynccontextmanager
async def clients(apps: tuple[Starlette, ...]) -> AsyncIterator[list[httpx2.AsyncClient]]:
    async with (
        apps[0].router.lifespan_context(apps[0]),
        apps[1].router.lifespan_context(apps[1]),
        httpx2.AsyncClient(transport=httpx2.ASGITransport(app=apps[0]), base_url="http://t") as a,
        httpx2.AsyncClient(transport=httpx2.ASGITransport(app=apps[1]), base_url="http://t") as b,
    ):
        yield [a, b]


@pytest.fixture(scope="module", params=GRAPHS, ids=[g.name for g in GRAPHS])
def loaded(
    request: pytest.FixtureRequest,
    apps: tuple[Starlette, Starlette],
    settings: Settings,
    driver: neo4j.Driver,
    tmp_path_factory: pytest.TempPathFactory,
) -> Loaded:
    graph: Graph = request.param
    directory = tmp_path_factory.mktemp(graph.name)
    load(graph.files(directory), settings)
    run(driver, "CALL db.awaitIndexes(60)")  # the full-text index, for search
    run(driver, "MATCH (n:Entity) WHERE n.id IN $ids SET n.synthetic = true", ids=graph.synthetic)

    async def prepare() -> tuple[list[str], list[str]]:
        async with clients(apps) as (_, reference):
            headers = {"authorization": f"Bearer {WRITE_KEY}"}
            for keep, remove in graph.merges:
                body = {"query": MERGE, "variables": {"keep": keep, "remove": remove}}
                merged = (await reference.post("/graphql", json=body, headers=headers)).json()
                assert merged == {"data": {"mergeEntities": {"changed": True}}}, merged
            answer = (await reference.post("/graphql", json={"query": CURSORS})).json()["data"]
            cursors: set[str] = set()
            facts: set[str] = set()
            _harvest(answer, cursors, facts)
            return sorted(cursors), sorted(facts)

    cursors, facts = asyncio.run(prepare())
    fresh_search_index(driver)
    universe = Universe.of(graph.model(directory), cursors, graph.merges, facts)
    queries = generate(schema.build(settings)._schema, universe, SEED, round(QUERIES * graph.share))
    return Loaded(graph, universe, queries)


def fresh_search_index(driver: neo4j.Driver) -> None:
    """Build the full-text index anew, so that search scores hold still while pairs are asked.

    Deleted nodes (the graph loaded before, the merges) count in the index's
    statistics until Lucene merges its segments, in the background; such a merge
    between the two answers of a pair moved every score of one (CI, stop 26). An
    index built from the graph as it stands has no deleted nodes, and no write
    follows.
    """
    statements = CYPHER["schema"].text.split(";")
    create = next(s for s in statements if "CREATE FULLTEXT INDEX entity_names" in s)
    run(driver, "DROP INDEX entity_names")
    run(driver, create)
    run(driver, "CALL db.awaitIndexes(60)")


def _transient(answer: Answer) -> bool:
    return any(f'"code":"{code}"'.encode() in answer.body for code in TRANSIENT)


async def _ask(client: httpx2.AsyncClient, body: dict[str, Any]) -> Answer:
    response = await client.post("/graphql", json=body)
    return Answer(response.status_code, response.content)


async def answers(
    apps: tuple[Starlette, Starlette], bodies: list[dict[str, Any]]
) -> list[tuple[Answer, Answer]]:
    """(compiled, reference) answers to each body, a few pairs at a time."""
    async with clients(apps) as (compiled, reference):
        gate = asyncio.Semaphore(CONCURRENCY)

        async def pair(body: dict[str, Any]) -> tuple[Answer, Answer]:
            async with gate:
                for _ in range(TRIES):
                    first, second = await asyncio.gather(
                        _ask(compiled, body), _ask(reference, body)
                    )
                    if not (_transient(first) or _transient(second)):
                        break
                return first, second

        return list(await asyncio.gather(*(pair(body) for body in bodies)))


def mismatch(name: str, body: dict[str, Any], compiled: Answer, reference: Answer) -> str:
    """What differs, with the request, short enough to read in a test report."""

    def pretty(answer: Answer) -> list[str]:
        try:
            text = json.dumps(json.loads(answer.body), indent=1, ensure_ascii=False)
        except ValueError:
            text = answer.body.decode(errors="replace")
        return [f"status {answer.status}", *text.splitlines()]

    diff = list(
        difflib.unified_diff(
            pretty(reference), pretty(compiled), "reference", "compiled", n=2, lineterm=""
        )
    )
    if len(diff) <= 2:
        diff = ["(the same JSON, written differently)", f"reference: {reference.body[:300]!r}",
                f"compiled:  {compiled.body[:300]!r}"]  # fmt: skip
    elif len(diff) > 40:
        diff = [*diff[:40], f"... {len(diff) - 40} more diff lines",
                f"reference: {reference.body[:400]!r}", f"compiled:  {compiled.body[:400]!r}"]  # fmt: skip
    return "\n".join(
        [f"--- {name}", f"query: {body['query']}", f"variables: {json.dumps(body.get('variables'))}",
         f"operationName: {body.get('operationName')}", *diff]
    )  # fmt: skip


def expectation(query: GeneratedQuery, reference: Answer) -> str | None:
    """Why the reference answer is not what the generator meant, or None."""
    answer = json.loads(reference.body)
    errors = answer.get("errors") or []
    codes = [e.get("extensions", {}).get("code") for e in errors]
    if "INTERNAL" in codes:
        return "the reference path failed with INTERNAL (a bug)"
    if query.planted is None and errors:
        return "an error where the query is valid"
    if query.planted is not None and not errors:
        return f"no error, although the query has {query.planted}"
    early = [e for e in errors if "path" not in e]
    if early and query.planted != "a malformed date":
        return "refused before execution: the generator made an invalid query"
    return None


def compiled_only(query: str) -> bool:
    """Whether a query uses a field or argument that only the compiled path answers."""
    names = _Names()
    visit(parse(query), names)
    return bool(names.seen & COMPILED_ONLY)


class _Names(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def enter_field(self, node: FieldNode, *_: object) -> None:
        self.seen.add(node.name.value)

    def enter_argument(self, node: ArgumentNode, *_: object) -> None:
        self.seen.add(node.name.value)


def report(graph: Graph, failures: list[str], total: int) -> str:
    shown = "\n\n".join(failures[:5])
    return (
        f"{len(failures)} of {total} queries on the {graph.name!r} graph (seed {SEED}):\n\n{shown}"
    )


@pytest.fixture(autouse=True)
def quiet(caplog: pytest.LogCaptureFixture) -> None:
    # Strawberry logs every error with its traceback; formatting thousands of them for the
    # capture would cost more than the queries. Failures carry the answers instead.
    caplog.set_level(logging.CRITICAL, logger="strawberry.execution")


# On the seed graph only: it is the graph they are written for; elsewhere their ids name
# nothing, and of several failing root fields the reference reports whichever fails first.
@pytest.mark.parametrize("loaded", [SEED_GRAPH], ids=[SEED_GRAPH.name], indirect=True)
def test_the_documented_queries_answer_alike(
    loaded: Loaded, apps: tuple[Starlette, Starlette]
) -> None:
    # Filters, sorts and aggregates exist only on the compiled path (the reference refuses
    # them); tests/test_filters.py checks those answers.
    documented = [e for e in examples() if not compiled_only(e[1])]
    bodies = [{"query": query} for _, query, _ in documented]
    results = asyncio.run(answers(apps, bodies))
    failures = [
        mismatch(f"docs/queries.md {name}", body, compiled, reference)
        for (name, _, _), body, (compiled, reference) in zip(
            documented, bodies, results, strict=True
        )
        if compiled != reference
    ]
    assert not failures, report(loaded.graph, failures, len(bodies))


def test_generated_queries_answer_alike(loaded: Loaded, apps: tuple[Starlette, Starlette]) -> None:
    bodies = [query.body() for query in loaded.queries]
    results = asyncio.run(answers(apps, bodies))
    failures = []
    for query, body, (compiled, reference) in zip(loaded.queries, bodies, results, strict=True):
        if compiled != reference:
            failures.append(mismatch(f"query {query.number}", body, compiled, reference))
        elif (why := expectation(query, reference)) is not None:
            failures.append(f"--- query {query.number}: {why}\nquery: {query.query}\n"
                            f"variables: {json.dumps(query.variables)}\nanswer: {reference.body[:500]!r}")  # fmt: skip
    assert not failures, report(loaded.graph, failures, len(bodies))
