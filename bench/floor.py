"""The floor of one HTTP request on this stack: person(id) without GraphQL.

An ASGI app that reads the request's `variables.id`, runs the raw twin's statement
(cypher/entity_by_id.cypher) through the async driver as the app reads (auto-commit,
notifications off), and answers `{"data": {"person": {...}}}` with orjson. It does
nothing else: no GraphQL parsing, validation or limits, no keys, no middleware, no
metrics. Served by uvicorn with the app's loop and parser (uvloop, httptools), in its
own process, as bare ASGI (`bare`) and as one Starlette route (`starlette`).

bench/request_cost.py times it beside the raw driver and the app: the ratio of this
floor to the raw driver is what any server on uvicorn pays for HTTP alone, the part
of the person(id) target (1.3x the raw driver) no work in the app can remove.
Run: `python -m bench.floor bare|starlette PORT` (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD
and NEO4J_DATABASE, default neo4j, from the environment).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import neo4j
import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench.cases import PERSON_FIELDS
from talentgraph.queries import QUERIES

STATEMENT = QUERIES["entity_by_id"].text
# The API's defaults for a person's list and flag (schema/: aliases [], synthetic false).
DEFAULTS = {"aliases": [], "synthetic": False}
_driver: neo4j.AsyncDriver | None = None


def _graph() -> neo4j.AsyncDriver:
    global _driver
    if _driver is None:  # made in the server's own event loop, on the first request
        env = os.environ
        _driver = neo4j.AsyncGraphDatabase.driver(
            env["NEO4J_URI"],
            auth=(env["NEO4J_USER"], env["NEO4J_PASSWORD"]),
            notifications_min_severity="OFF",
        )
    return _driver


async def answer(body: bytes) -> bytes:
    """The person(id) response for a GraphQL request body, as the API gives it."""
    id_ = orjson.loads(body)["variables"]["id"]
    database = os.environ.get("NEO4J_DATABASE", "neo4j")  # named, as the app names it
    async with _graph().session(
        database=database, default_access_mode=neo4j.READ_ACCESS
    ) as session:
        rows = await (await session.run(STATEMENT, ids=[id_])).data()
    node: dict[str, Any] = rows[0]["node"] if rows else {}
    person = {f: node.get(f, DEFAULTS.get(f)) for f in PERSON_FIELDS.split()} if rows else None
    return orjson.dumps({"data": {"person": person}})


async def bare(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """person(id) as a bare ASGI callable: the least a server on uvicorn can do."""
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    if scope["path"] == "/readyz":
        out = b"{}"
    else:
        out = await answer(body)
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(out))]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": out})


async def _route(request: Request) -> Response:
    return Response(await answer(await request.body()), media_type="application/json")


async def _ready(request: Request) -> Response:
    return JSONResponse({})


starlette = Starlette(
    routes=[Route("/graphql", _route, methods=["POST"]), Route("/readyz", _ready)]
)


def main() -> None:
    app: Any = {"bare": bare, "starlette": starlette}[sys.argv[1]]
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning",
                access_log=False)  # fmt: skip


if __name__ == "__main__":
    main()
