"""The Cypher endpoint for power users: `POST /cypher` and `GET /cypher/queries`.

Answers are JSON; every refusal is `{"error": {"code", "rule", "message"}}` with
the code's HTTP status. The guard itself lives in cypher_guard.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from talentgraph import metrics
from talentgraph.auth import Scope, authenticate, require
from talentgraph.cypher_guard import Refused, public_queries, rule_of, run_guarded
from talentgraph.errors import HTTP_STATUS, AppError, Code
from talentgraph.settings import Settings

_BODY_KEYS = {"query", "name", "params"}
_BODY_SHAPE = 'send {"query": "...", "params": {...}} or {"name": "...", "params": {...}}'


async def cypher(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    try:
        principal = authenticate(request.headers.get("authorization"), settings)
        body = await _body(request)
        result = await run_guarded(
            request.app.state.graph,
            principal,
            query=body.get("query"),
            name=body.get("name"),
            params=body.get("params"),
            settings=settings,
        )
    except AppError as e:
        return _error(e)
    return _json({"columns": result.columns, "rows": result.rows, "truncated": result.truncated})


async def named_queries(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    try:
        require(authenticate(request.headers.get("authorization"), settings), Scope.READ)
    except AppError as e:
        return _error(e)
    return _json(
        {
            "queries": [
                {
                    "name": q.name,
                    "description": q.description,
                    "params": [{"name": p, "description": d} for p, d in q.params.items()],
                }
                for q in public_queries()
            ]
        }
    )


async def _body(request: Request) -> dict[str, Any]:
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type != "application/json":
        raise Refused("content-type", "send the body as application/json")
    # RequestMiddleware has capped the body's size; the exact caps on the query
    # and its parameters apply once it is parsed.
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError as e:
        raise Refused("invalid-json", "the body is not valid JSON") from e
    if not isinstance(body, dict) or not body.keys() <= _BODY_KEYS:
        raise Refused("invalid-body", _BODY_SHAPE)
    query, name, params = body.get("query"), body.get("name"), body.get("params")
    if not (
        isinstance(query, str | None)
        and isinstance(name, str | None)
        and isinstance(params, dict | None)
    ):
        raise Refused("invalid-body", _BODY_SHAPE)
    return body


def _error(error: AppError) -> Response:
    metrics.ERRORS.labels(str(error.code)).inc()
    headers = {"WWW-Authenticate": "Bearer"} if error.code == Code.UNAUTHENTICATED else None
    body = {"error": {"code": str(error.code), "rule": rule_of(error), "message": error.message}}
    return _json(body, HTTP_STATUS[error.code], headers)


def _json(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(content), status, headers, media_type="application/json")


routes = [
    Route("/cypher", cypher, methods=["POST"]),
    Route("/cypher/queries", named_queries, methods=["GET"]),
]
