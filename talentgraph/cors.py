"""CORS for browser frontends: the configured origins, Apollo's client headers, JSON refusals.

Starlette's CORSMiddleware does the work; this adds what frontends need from it:
the headers Apollo Client sends (its client name and version, and the
preflight-forcing header Apollo Server's CSRF protection asks for), and a
refused preflight answered as a GraphQL error with a code, not plain text.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp

from talentgraph.errors import Code
from talentgraph.refusals import refusal_body
from talentgraph.settings import Settings

ALLOWED_HEADERS = [
    "authorization",
    "content-type",
    "x-request-id",
    # Apollo Client: its name and version, for per-client metrics in Apollo's tools.
    "apollographql-client-name",
    "apollographql-client-version",
    # Sent by Apollo Client (and asked for by Apollo Server) to force a preflight.
    "apollo-require-preflight",
    "x-apollo-operation-name",
]


class Cors(CORSMiddleware):
    def __init__(self, app: ASGIApp, settings: Settings):
        super().__init__(
            app,
            allow_origins=settings.cors_allowed_origins,
            allow_methods=["GET", "POST"],
            allow_headers=ALLOWED_HEADERS,
            expose_headers=["x-request-id", "retry-after", "etag"],
            max_age=600,
        )

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        # Starlette says which part it refused ("Disallowed CORS origin, headers").
        refused = bytes(response.body).decode().removeprefix("Disallowed CORS ")
        message = f"this cross-origin request is not allowed (its {refused})"
        body = refusal_body("/graphql", str(Code.BAD_USER_INPUT), "cors", message)
        headers = {k: v for k, v in response.headers.items() if k != "content-length"}
        headers.pop("content-type", None)
        return Response(body, 400, headers, media_type="application/json")
