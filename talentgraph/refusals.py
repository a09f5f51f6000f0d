"""The body of a refusal at the HTTP layer, in the shape its route's clients read.

GraphQL clients read `errors[].extensions.code` (Apollo Client, urql and
graphql-request surface it as a GraphQL error); the REST routes (/cypher,
/metrics) keep their documented `{"error": {"code", "rule", "message"}}`, and the
REST routes that raise an `AppError` (/changes, /import) answer it in that shape too.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

from talentgraph import metrics
from talentgraph.errors import HTTP_STATUS, AppError, Code


def graphql_error(code: str, rule: str, message: str) -> dict[str, object]:
    return {"message": message, "extensions": {"code": code, "rule": rule}}


def refusal_body(path: str, code: str, rule: str, message: str) -> bytes:
    metrics.ERRORS.labels(code).inc()
    if path == "/graphql":
        return orjson.dumps({"errors": [graphql_error(code, rule, message)]})
    return orjson.dumps({"error": {"code": code, "rule": rule, "message": message}})


def error_response(error: AppError, **more: Any) -> Response:
    """`{"error": {"code", "message", "field"?, **more}}` with the status of the error's code;
    a missing or unknown key is told how to authenticate (`WWW-Authenticate: Bearer`)."""
    metrics.ERRORS.labels(str(error.code)).inc()
    headers = {"WWW-Authenticate": "Bearer"} if error.code == Code.UNAUTHENTICATED else None
    body: dict[str, Any] = {"code": str(error.code), "message": error.message}
    if error.field:
        body["field"] = error.field
    body.update(more)
    return Response(
        orjson.dumps({"error": body}), HTTP_STATUS[error.code], headers,
        media_type="application/json",
    )  # fmt: skip
