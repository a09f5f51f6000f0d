"""Prometheus metrics, served at /metrics."""

from __future__ import annotations

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
