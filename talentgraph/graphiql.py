"""GraphiQL on `GET /graphql`, from the bundle `make graphiql` builds (graphiql/dist).

The page and its scripts come from this service only: GraphiQL, its explorer
plugin and their editor are bundled from the npm lock file at build time, so
the IDE works where no CDN can be reached.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from talentgraph.errors import Code
from talentgraph.refusals import refusal_body
from talentgraph.settings import ROOT, Settings

GRAPHIQL_DIST = ROOT / "graphiql" / "dist"
# Parameters that make a GET an operation rather than a visit to the IDE.
_OPERATION_PARAMS = ("query", "documentId", "doc_id", "id", "extensions")


def wanted(request: Request) -> bool:
    """A browser opening /graphql (HTML accepted, no operation), not a client's query."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not any(p in request.query_params for p in _OPERATION_PARAMS)


def page(settings: Settings) -> Response:
    if not settings.graphiql_on:
        message = "the in-browser IDE is switched off here; send queries with POST"
        return _not_found("ide-off", message)
    index = GRAPHIQL_DIST / "index.html"
    if not index.is_file():
        return _not_found("ide-not-built", "the IDE is not built: run `make graphiql`")
    # no-cache: the page names its bundle, which changes with every build.
    return FileResponse(index, headers={"cache-control": "no-cache"})


def routes(settings: Settings) -> list[Mount]:
    """The bundle's scripts and styles at /graphiql/, when it is built and switched on."""
    if not settings.graphiql_on or not GRAPHIQL_DIST.is_dir():
        return []
    return [Mount("/graphiql", StaticFiles(directory=GRAPHIQL_DIST), name="graphiql")]


def _not_found(rule: str, message: str) -> Response:
    body = refusal_body("/graphql", str(Code.NOT_FOUND), rule, message)
    return Response(body, 404, media_type="application/json")
