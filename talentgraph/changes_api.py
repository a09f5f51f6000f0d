"""`GET /changes`: the change log as JSON lines, for scripts (read scope).

The same feed as the `changes` query (resolvers/changes.py), with the same
filters as query parameters: `after` (a seq, default 0), `first` (default 100,
at most 1000), `kinds` and `ids` (repeated, or comma-separated). One change per
line, oldest first; a script pages on with `after=<the last seq it read>`.
A refusal is one JSON object `{"error": {code, message, field}}` with its status.
"""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from resolvers import changes
from talentgraph.auth import Scope, authenticate, require
from talentgraph.errors import AppError, BadInput
from talentgraph.refusals import error_response
from talentgraph.settings import Settings

MEDIA_TYPE = "application/jsonl"


def _int(request: Request, name: str, default: int) -> int:
    text = request.query_params.get(name)
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        raise BadInput(f"`{name}` is a whole number, got {text[:40]!r}", field=name) from None


def _list(request: Request, name: str) -> list[str] | None:
    values = [v for given in request.query_params.getlist(name) for v in given.split(",") if v]
    return values or None


async def list_changes(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    try:
        require(authenticate(request.headers.get("authorization"), settings), Scope.READ)
        found = await changes.changes_after(
            request.app.state.graph,
            _int(request, "after", 0),
            _int(request, "first", 100),
            _list(request, "kinds"),
            _list(request, "ids"),
        )
    except AppError as e:
        return error_response(e)
    body = b"".join(orjson.dumps(change) + b"\n" for change in found)
    return Response(body, media_type=MEDIA_TYPE)


routes = [Route("/changes", list_changes, methods=["GET"])]
