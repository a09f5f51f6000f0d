"""The Starlette application: its routes, middleware and lifespan (GraphQL: graphql_http.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

import schema
from schema.vocabulary import vocabulary as vocabulary_of
from talentgraph import changes_api, cypher_api, graphiql, import_api, persisted
from talentgraph.auth import Scope, authenticate, require
from talentgraph.changefeed import ChangeFeed
from talentgraph.cors import Cors
from talentgraph.db import Graph
from talentgraph.errors import HTTP_STATUS, AppError, Code
from talentgraph.graphql_http import graphql
from talentgraph.middleware import RequestMiddleware
from talentgraph.settings import ROOT, Settings, get_settings
from talentgraph.subscriptions_ws import SubscriptionsOverWebSocket

log = logging.getLogger("talentgraph")


async def livez(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    graph: Graph = request.app.state.graph
    try:
        # Bounded well under the 2 s a load balancer waits. The ping has a pool of its
        # own, so this measures the database, not the queue for the main pool.
        await asyncio.wait_for(graph.ping(), timeout=1.5)
    except (AppError, TimeoutError) as e:
        reason = e.message if isinstance(e, AppError) else "the database did not answer in time"
        return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
    return JSONResponse({"status": "ok", "database": graph.database})


async def metrics(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    if not settings.metrics_open:
        try:
            require(authenticate(request.headers.get("authorization"), settings), Scope.METRICS)
        except AppError as e:
            headers = {"WWW-Authenticate": "Bearer"} if e.code == Code.UNAUTHENTICATED else None
            return JSONResponse({"error": {"code": str(e.code), "message": e.message}},
                                HTTP_STATUS[e.code], headers)  # fmt: skip
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


EXPLORER_DIST = ROOT / "explorer" / "dist"
VOCABULARY = EXPLORER_DIST / "vocabulary.graphql"  # explorer/src/views/, copied by its build


def explorer_routes() -> list[Route | Mount]:
    """The explorer page at /explore, once `make explorer` has built it; the API runs without."""
    if not (EXPLORER_DIST / "index.html").is_file():
        return []
    # html=True serves index.html for /explore/; /explore redirects there, so the
    # page's relative asset and API URLs resolve under the mount.
    return [
        Route("/explore/vocabulary.json", vocabulary),
        Mount("/explore", StaticFiles(directory=EXPLORER_DIST, html=True), name="explorer"),
    ]


async def vocabulary(request: Request) -> Response:
    """The schema's facts, dated fields and relationship fields the explorer draws.

    vocabulary.graphql's introspection plus the relationship specs (schema/vocabulary.py).
    Run here, past the request rules, because production refuses clients' introspection
    while the explorer, served in production too, needs these few type names; its own
    bundle names as many fields.
    """
    found = getattr(request.app.state, "vocabulary", None)
    if found is None:
        schema = request.app.state.schema._schema
        found = request.app.state.vocabulary = vocabulary_of(schema, VOCABULARY.read_text())
    return JSONResponse(found)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[Mapping[str, object]]:
        graph = Graph(settings)
        app.state.graph = graph
        app.state.settings = settings
        # The process's one tailer of the change log, for every subscriber it serves.
        feed = app.state.feed = ChangeFeed.for_graph(graph, settings)
        feed.start()
        try:
            await graph.apply_schema()
        except AppError:
            # Serve anyway: /readyz says the database is away, and requests
            # recover by themselves once it is back.
            log.warning("Neo4j is unavailable at start; constraints not applied yet")
        # In the lifespan state, where the server's protocol finds it on a graceful stop
        # (talentgraph/server.py), to end the streams before it waits for them.
        yield {"changefeed": feed}
        await feed.close()
        await graph.close()

    # Built before serving: a manifest that cannot be read stops the start.
    documents = persisted.from_settings(settings)
    app = Starlette(
        routes=[
            # Every method: graphql_http answers the others with a JSON 405.
            Route(
                "/graphql", graphql, methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
            ),
            Route("/livez", livez),
            Route("/readyz", readyz),
            Route("/metrics", metrics),
            *cypher_api.routes,
            *import_api.routes,
            *changes_api.routes,
            *explorer_routes(),
            *graphiql.routes(settings),
        ],
        middleware=[
            # Outermost, so that the refusals below it (413, 429...) reach browsers readable.
            Middleware(Cors, settings=settings),
            Middleware(RequestMiddleware, settings=settings),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.schema = schema.build(settings)
    app.state.documents = documents
    # graphql-transport-ws at the same path; GraphQL over HTTP stays graphql_http's.
    ws = SubscriptionsOverWebSocket(app.state, settings)
    app.router.routes.append(WebSocketRoute("/graphql", ws))
    return app
