"""User Cypher, read-only by construction: the guard, the run, and the JSON shapes.

Every layer refuses on its own, so a gap in one is caught by the next
(design.md, "Rules that keep it safe"):
1. the cypher scope;
2. caps on the query's length and tokens and on the parameters' size;
3. rules on the query's tokens (one tokeniser, so comments, strings, quoted
   names and odd whitespace are read the same way by every rule): no USE, no
   administration command, no CALL {} IN TRANSACTIONS, one statement, no LOAD
   CSV; and the costs Neo4j itself cannot bound: nesting that overflows its
   parser, range() inside expressions that it cannot stop at the timeout;
4. EXPLAIN in the same read transaction: the plan may hold no writing, loading
   or administration operator and no procedure off the allowlist, and the
   query type must be "r";
5. the run itself, on the power-user pool (Graph.power_user_read): an explicit
   read transaction (never auto-commit, never a retrying managed one) with a
   timeout and a deadline, rows streamed until the row or byte cap, and always
   rolled back.
The query text is sent as given; only "EXPLAIN " is ever put in front of it.
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import neo4j
import orjson
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

from talentgraph import metrics
from talentgraph.auth import Principal, Scope, require
from talentgraph.cypher_text import check_text
from talentgraph.db import Graph
from talentgraph.errors import AppError, Code, Refused
from talentgraph.queries import QUERIES, Query
from talentgraph.settings import Settings

_RULE_BY_CODE = {
    Code.UNAUTHENTICATED: "api-key",
    Code.FORBIDDEN: "scope",
    Code.TIMEOUT: "timeout",
    Code.DATABASE_UNAVAILABLE: "database-unavailable",
}


def rule_of(error: AppError) -> str:
    """The short rule id a refusal reports beside its code."""
    if isinstance(error, Refused):
        return error.rule
    return _RULE_BY_CODE.get(error.code, "invalid-request")


@dataclass(frozen=True)
class CypherResult:
    columns: list[str]
    rows: list[list[Any]]  # already JSON-ready (see to_json)
    truncated: bool


def public_queries() -> list[Query]:
    return [q for q in QUERIES.values() if q.public]


async def run_guarded(
    graph: Graph,
    principal: Principal | None,
    *,
    query: str | None = None,
    name: str | None = None,
    params: dict[str, Any] | None,
    settings: Settings,
) -> CypherResult:
    """Run user Cypher (text, or a public named query) through every layer of the guard."""
    require(principal, Scope.CYPHER)
    text = _statement(query, name)
    params = params or {}
    check_text(text, params, settings)

    async def work(tx: neo4j.AsyncTransaction) -> CypherResult:
        graph.statements += 1
        explained = await tx.run("EXPLAIN " + text, params)
        check_plan(await explained.consume(), settings)
        return await _fetch(tx, text, params, graph, name or "user_cypher", settings)

    return await graph.power_user_read(
        work, timeout=settings.cypher_timeout_seconds, fetch_size=_FETCH_SIZE
    )


# Records per round trip: few, so that rows are counted against the byte cap
# before many more arrive (the driver decodes a whole batch at once).
_FETCH_SIZE = 20


def _statement(query: str | None, name: str | None) -> str:
    if query is not None and name is None:
        return query
    if name is not None and query is None:
        named = QUERIES.get(name)
        if named is None or not named.public:
            raise Refused("unknown-query", f"there is no public named query {name!r}")
        return named.text
    raise Refused("query-or-name", "send either a query or the name of a named query")


# Plan operators that write, load, administer or commit on their own, by name
# prefix (the plan calls them e.g. "SetProperty@neo4j"); the first match names
# the rule, so schema commands come before the "Create" of writes. FOREACH only
# ever holds updating clauses, so every Foreach writes.
_REFUSED_OPERATORS = (
    ("CreateIndex", "admin-command"),
    ("CreateConstraint", "admin-command"),
    ("DoNothingIfExists", "admin-command"),
    ("Drop", "admin-command"),
    ("Show", "admin-command"),
    ("Terminate", "admin-command"),
    ("AdministrationCommand", "admin-command"),
    ("TransactionForeach", "call-in-transactions"),
    ("TransactionApply", "call-in-transactions"),
    ("LoadCSV", "load-csv"),
    ("Create", "write-query"),
    ("Merge", "write-query"),
    ("LockingMerge", "write-query"),
    ("Delete", "write-query"),
    ("DetachDelete", "write-query"),
    ("Set", "write-query"),
    ("Remove", "write-query"),
    ("Foreach", "write-query"),
)
_REFUSED_MESSAGES = {
    "write-query": "the query would change the graph; this endpoint is read-only",
    "call-in-transactions": "CALL { ... } IN TRANSACTIONS commits as it goes; it is not allowed",
    "load-csv": "LOAD CSV reads files and URLs; it is not allowed",
    "admin-command": "administration and schema commands are not allowed",
}
_PROCEDURE = re.compile(r"\s*([\w.]+)\s*\(")


def check_plan(summary: neo4j.ResultSummary, settings: Settings) -> None:
    """Refuse what the EXPLAIN plan shows the query would do."""
    if summary.plan is None:
        raise Refused("explain", "the database gave no plan for the query")
    # The plan first: it names the operator or procedure at fault, which tells
    # the user more than the query type does.
    for operator, details in _operators(summary.plan):
        if operator == "ProcedureCall":
            procedure = _PROCEDURE.match(details)
            if procedure is None or procedure[1] not in settings.cypher_procedures:
                called = procedure[1] if procedure else "an unknown procedure"
                raise Refused(
                    "procedure-not-allowed",
                    f"{called} is not on the allowlist ({', '.join(settings.cypher_procedures)})",
                )
        for prefix, rule in _REFUSED_OPERATORS:
            if operator.startswith(prefix):
                raise Refused(rule, _REFUSED_MESSAGES[rule])
    if summary.query_type != "r":
        rule = "admin-command" if summary.query_type == "s" else "write-query"
        raise Refused(rule, _REFUSED_MESSAGES[rule])


def _operators(plan: dict[str, Any]) -> Iterator[tuple[str, str]]:
    operator = str(plan.get("operatorType", "")).partition("@")[0]
    yield operator, str(plan.get("args", {}).get("Details", ""))
    for child in plan.get("children", []):
        yield from _operators(child)


async def _fetch(
    tx: neo4j.AsyncTransaction,
    text: str,
    params: dict[str, Any],
    graph: Graph,
    label: str,
    settings: Settings,
) -> CypherResult:
    """The rows as they stream in, until the row cap or the byte cap; the rest is discarded.

    Each row is measured as the JSON it will be sent as; the caller's rollback
    then tells Neo4j to drop what is left, which stops the query at once.
    """
    graph.statements += 1
    started = time.perf_counter()
    try:
        result = await tx.run(text, params)
        rows: list[list[Any]] = []
        size = 1  # the rows as one JSON list: "[" and "]", less the last row's comma
        async for record in result:
            if len(rows) == settings.cypher_row_cap:
                return CypherResult(list(result.keys()), rows, truncated=True)
            row = [to_json(v) for v in record.values()]
            size += len(orjson.dumps(row)) + 1  # and the comma between rows
            if size > settings.cypher_max_answer_bytes:
                return CypherResult(list(result.keys()), rows, truncated=True)
            rows.append(row)
        return CypherResult(list(result.keys()), rows, truncated=False)
    finally:
        metrics.STATEMENT_SECONDS.labels(label).observe(time.perf_counter() - started)


def to_json(value: Any) -> Any:
    """A driver value as plain JSON: graph entities as maps, temporal values as ISO strings."""
    match value:
        case Node():
            return {
                "id": value.element_id,
                "labels": sorted(value.labels),
                "properties": {k: to_json(v) for k, v in value.items()},
            }
        case Relationship():
            start, end = value.nodes
            return {
                "id": value.element_id,
                "type": value.type,
                "start": start.element_id if start else None,
                "end": end.element_id if end else None,
                "properties": {k: to_json(v) for k, v in value.items()},
            }
        case Path():
            return {
                "nodes": [to_json(n) for n in value.nodes],
                "relationships": [to_json(r) for r in value.relationships],
            }
        case Date() | DateTime() | Time() | Duration():
            return value.iso_format()
        case Point():
            return {"srid": value.srid, "coordinates": list(value)}
        case bytes():
            return base64.b64encode(value).decode()
        case list():
            return [to_json(v) for v in value]
        case dict():
            return {k: to_json(v) for k, v in value.items()}
        case _:
            return value
