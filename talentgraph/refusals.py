"""The body of a refusal at the HTTP layer, in the shape its route's clients read.

GraphQL clients read `errors[].extensions.code` (Apollo Client, urql and
graphql-request surface it as a GraphQL error); the REST routes (/cypher,
/metrics) keep their documented `{"error": {"code", "rule", "message"}}`.
"""

from __future__ import annotations

import orjson

from talentgraph import metrics


def graphql_error(code: str, rule: str, message: str) -> dict[str, object]:
    return {"message": message, "extensions": {"code": code, "rule": rule}}


def refusal_body(path: str, code: str, rule: str, message: str) -> bytes:
    metrics.ERRORS.labels(code).inc()
    if path == "/graphql":
        return orjson.dumps({"errors": [graphql_error(code, rule, message)]})
    return orjson.dumps({"error": {"code": code, "rule": rule, "message": message}})
