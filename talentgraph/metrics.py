"""Prometheus metrics, served at /metrics."""

from __future__ import annotations

from collections.abc import Set

from prometheus_client import Counter, Histogram

REQUESTS = Counter(
    "talentgraph_requests_total", "HTTP requests by route and status", ["route", "status"]
)
OPERATION_SECONDS = Histogram(
    "talentgraph_graphql_operation_seconds", "GraphQL operation latency", ["operation"]
)
STATEMENT_SECONDS = Histogram(
    "talentgraph_neo4j_statement_seconds", "Neo4j statement latency by named query", ["query"]
)
ERRORS = Counter("talentgraph_errors_total", "Errors returned to clients by code", ["code"])


def operation_label(name: str | None, known: Set[str] | None) -> str:
    """The `operation` label for a client's operation name: a known one, or "other".

    Names are the client's choice, and every label value is a new series kept for the
    life of the process; `known` None (local runs) takes every name, cut to 64 characters.
    """
    if name is None:
        return "anonymous"
    if known is None:
        return name[:64]
    return name if name in known else "other"
