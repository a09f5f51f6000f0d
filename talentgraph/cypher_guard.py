"""User Cypher, read-only by construction: the guard, the run, and the JSON shapes.

Every layer refuses on its own, so a gap in one is caught by the next
(design.md, "Rules that keep it safe"):
1. the cypher scope;
2. caps on the query's length and on the parameters' size;
3. rules on the text, once comments, strings and quoted names are blanked out:
   no USE, no administration command, no CALL {} IN TRANSACTIONS, one statement,
   no LOAD CSV;
4. EXPLAIN in the same read transaction: the plan may hold no writing, loading
   or administration operator and no procedure off the allowlist, and the
   query type must be "r";
5. the run itself: an explicit read transaction (never auto-commit, never a
   retrying managed one) with a timeout, at most row_cap + 1 records fetched,
   and always rolled back.
The query text is sent as given; only "EXPLAIN " is ever put in front of it.
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import neo4j
import orjson
from neo4j.exceptions import ClientError, DriverError, Neo4jError, TransientError
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

from talentgraph import metrics
from talentgraph.auth import Principal, Scope, require
from talentgraph.db import UNAVAILABLE, Graph
from talentgraph.errors import AppError, BadInput, Code, DatabaseUnavailable, QueryTimeout
from talentgraph.queries import QUERIES, Query
from talentgraph.settings import Settings


class Refused(BadInput):
    """A query the guard will not run; `rule` names the rule that refused it."""

    def __init__(self, rule: str, message: str):
        super().__init__(f"refused by rule {rule}: {message}")
        self.rule = rule

    @property
    def extensions(self) -> dict[str, str]:
        return {**super().extensions, "rule": self.rule}


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
    with _translated(settings):
        async with graph.driver.session(
            database=graph.database,
            default_access_mode=neo4j.READ_ACCESS,
            # One batch holds everything we keep, plus the record that tells truncation.
            fetch_size=settings.cypher_row_cap + 1,
        ) as session:
            tx = await session.begin_transaction(timeout=settings.cypher_timeout_seconds)
            try:
                graph.statements += 1
                explained = await tx.run("EXPLAIN " + text, params)
                check_plan(await explained.consume(), settings)
                return await _fetch(tx, text, params, graph, name or "user_cypher", settings)
            finally:
                await tx.close()  # never committed, so this rolls back


def _statement(query: str | None, name: str | None) -> str:
    if query is not None and name is None:
        return query
    if name is not None and query is None:
        named = QUERIES.get(name)
        if named is None or not named.public:
            raise Refused("unknown-query", f"there is no public named query {name!r}")
        return named.text
    raise Refused("query-or-name", "send either a query or the name of a named query")


# Comments, string literals and `quoted names`, in the order Cypher reads them:
# the leftmost match wins, so a "//" inside a string stays part of the string.
_LITERALS = re.compile(
    r"""
      //[^\n]*
    | /\*.*?(?:\*/|\Z)
    | '(?:[^'\\]|\\.)*(?:'|\Z)
    | "(?:[^"\\]|\\.)*(?:"|\Z)
    | `(?:[^`]|``)*(?:`|\Z)
    """,
    re.VERBOSE | re.DOTALL,
)
# A keyword, not a property key, label or parameter that happens to share its name.
_KW = r"(?<![\w.:$])"
_ADMIN_OBJECTS = (
    r"(?:USERS?|ROLES?|DATABASES?|ALIAS(?:ES)?|SERVERS?|PRIVILEGES?|TRANSACTIONS?"
    r"|INDEX(?:ES)?|CONSTRAINTS?|PROCEDURES?|FUNCTIONS?|SETTINGS?)"
)
_TEXT_RULES = [
    (
        "use-clause",
        re.compile(_KW + r"USE\s+\w", re.IGNORECASE),
        "USE picks another database; queries run on the service's database only",
    ),
    (
        "admin-command",
        re.compile(
            _KW + r"(?:CREATE|DROP|ALTER|RENAME|GRANT|DENY|REVOKE|SHOW|TERMINATE|START|STOP)"
            r"\s+(?:\w+\s+){0,3}?" + _ADMIN_OBJECTS + r"\b"
            r"|\A\s*(?:GRANT|DENY|REVOKE)\b",
            re.IGNORECASE,
        ),
        "administration commands (users, roles, databases, indexes, constraints, "
        "transactions, settings) are not allowed",
    ),
    (
        "call-in-transactions",
        re.compile(r"\}\s*IN\s+(?:\S+\s+)?(?:CONCURRENT\s+)?TRANSACTIONS\b", re.IGNORECASE),
        "CALL { ... } IN TRANSACTIONS commits as it goes; it is not allowed",
    ),
    (
        "load-csv",
        re.compile(_KW + r"LOAD\s+CSV\b", re.IGNORECASE),
        "LOAD CSV reads files and URLs; it is not allowed",
    ),
]


def check_text(text: str, params: dict[str, Any], settings: Settings) -> None:
    """The rules that need no database: caps, then what the text says."""
    if len(text) > settings.cypher_max_length:
        raise Refused(
            "too-long", f"the query is longer than {settings.cypher_max_length} characters"
        )
    if not text.strip():
        raise Refused("empty-query", "the query is empty")
    try:
        size = len(orjson.dumps(params))
    except TypeError as e:
        raise Refused("params-invalid", "the parameters must be JSON values") from e
    if size > settings.cypher_max_params_bytes:
        raise Refused(
            "params-too-large",
            f"the parameters take more than {settings.cypher_max_params_bytes} bytes as JSON",
        )
    code = _LITERALS.sub(_blank, text)
    if ";" in code.rstrip().removesuffix(";"):
        raise Refused("multiple-statements", "send one statement at a time")
    for rule, pattern, message in _TEXT_RULES:
        if pattern.search(code):
            raise Refused(rule, message)


def _blank(match: re.Match[str]) -> str:
    # Keep a token where a value or a name was, so that words do not run together.
    return " " if match.group().startswith("/") else " _ "


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
    graph.statements += 1
    started = time.perf_counter()
    try:
        result = await tx.run(text, params)
        rows: list[list[Any]] = []
        async for record in result:
            if len(rows) == settings.cypher_row_cap:
                return CypherResult(list(result.keys()), rows, truncated=True)
            rows.append([to_json(v) for v in record.values()])
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


@contextmanager
def _translated(settings: Settings) -> Iterator[None]:
    """Driver failures as the errors clients are promised, without server internals."""
    try:
        yield
    except Neo4jError as e:
        code = e.code or ""
        if "TransactionTimedOut" in code:
            raise QueryTimeout(
                f"refused by rule timeout: the query ran past its "
                f"{settings.cypher_timeout_seconds:g} s limit"
            ) from e
        if "OutOfMemory" in code:
            raise Refused("memory", "the query needs more memory than a transaction may use") from e
        if isinstance(e, TransientError):
            raise DatabaseUnavailable("the database could not run the query now; try again") from e
        if not isinstance(e, ClientError):
            raise  # the server's own fault: a masked 500, never its details
        if code.startswith("Neo.ClientError.Statement."):
            # About the user's own query (syntax, types, missing parameters): the
            # first line says what and where; the rest only repeats the query.
            rule = "syntax" if code.endswith("SyntaxError") else "query-error"
            raise Refused(rule, (e.message or code).splitlines()[0][:300]) from e
        raise Refused("query-error", f"the database refused the query ({code})") from e
    except UNAVAILABLE as e:
        raise DatabaseUnavailable("the database is unavailable; try again shortly") from e
    except DriverError as e:
        if "defunct" in str(e).lower():
            raise DatabaseUnavailable("the database is unavailable; try again shortly") from e
        raise
