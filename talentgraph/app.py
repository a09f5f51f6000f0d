"""The Starlette application: routes, lifespan, and the GraphQL endpoint."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from cross_web import HTTPException  # the exception Strawberry's HTTP layer turns into a 4xx
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from strawberry.asgi import GraphQL

import schema
from talentgraph import cypher_api, import_api
from talentgraph.auth import Scope, authenticate, require
from talentgraph.context import Context
from talentgraph.db import Graph
from talentgraph.errors import HTTP_STATUS, AppError, Code
from talentgraph.middleware import RequestMiddleware
from talentgraph.settings import ROOT, Settings, get_settings

log = logging.getLogger("talentgraph")


class GraphQLApp(GraphQL[Context, None]):
    async def get_context(self, request: Any, response: Any) -> Context:
        state = request.app.state
        context = Context(graph=state.graph, settings=state.settings)
        try:
            context.principal = authenticate(request.headers.get("authorization"), state.settings)
        except AppError as e:
            context.auth_error = e
        return context

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        # A body that is not a JSON object (or a batch list) is the client's error: a 400,
        # never Strawberry's plain-text 500.
        try:
            body = orjson.loads(data)
        except orjson.JSONDecodeError as e:
            raise HTTPException(400, "the request body is not valid JSON") from e
        if not isinstance(body, dict | list):
            raise HTTPException(400, "the request body must be a JSON object")
        return body


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


def explorer_routes() -> list[Mount]:
    """The explorer page at /explore, once `make explorer` has built it; the API runs without."""
    if not (EXPLORER_DIST / "index.html").is_file():
        return []
    # html=True serves index.html for /explore/; /explore redirects there, so the
    # page's relative asset and API URLs resolve under the mount.
    return [Mount("/explore", StaticFiles(directory=EXPLORER_DIST, html=True), name="explorer")]


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        graph = Graph(settings)
        app.state.graph = graph
        app.state.settings = settings
        try:
            await graph.apply_schema()
        except AppError:
            # Serve anyway: /readyz says the database is away, and requests
            # recover by themselves once it is back.
            log.warning("Neo4j is unavailable at start; constraints not applied yet")
        yield
        await graph.close()

    graphql = GraphQLApp(
        schema.build(settings),
        graphql_ide="graphiql" if settings.graphiql_on else None,
        allow_queries_via_get=settings.graphql_get,
    )
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/livez", livez),
            Route("/readyz", readyz),
            Route("/metrics", metrics),
            *cypher_api.routes,
            *import_api.routes,
            *explorer_routes(),
        ],
        middleware=[
            Middleware(RequestMiddleware, settings=settings),
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["authorization", "content-type", "x-request-id"],
                expose_headers=["x-request-id"],
            ),
        ],
        lifespan=lifespan,
    )
