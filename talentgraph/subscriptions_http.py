"""Subscriptions over plain HTTP: multipart responses, as Apollo Client and urql read them.

A `POST /graphql` whose operation is a subscription answers
`multipart/mixed; boundary="graphql"; subscriptionSpec="1.0"` and streams one part per
result, `{"payload": <the GraphQL result>}`, an empty `{}` part every
`subscription_heartbeat_seconds` (so proxies and the server itself notice a client
gone), and the closing boundary when the stream ends (the subscription's end, or the
server stopping). This is Apollo's multipart subscription protocol: Apollo Client's
HttpLink speaks it with no extra link, and urql's fetchExchange reads it
(`fetchSubscriptions: true`); graphql-sse would need a client library in Apollo.

urql, though, reads an empty heartbeat part as a result (it fails on one before the
first change, and repeats the last change on each later one), and it asks for
`text/event-stream` first. A client that lists `text/event-stream` before
`multipart/mixed` gets the same stream as server-sent events, the graphql-sse
"distinct connections" wire format (`event: next`, `event: complete`, comments as
heartbeats), which urql reads as it should.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any, TypeGuard

import orjson
from graphql import GraphQLError, OperationType, get_operation_ast, parse
from starlette.requests import Request
from starlette.responses import StreamingResponse
from strawberry.http.streaming import merge_stream_with_heartbeat

from talentgraph.context import Context
from talentgraph.settings import Settings

BOUNDARY = "graphql"
CONTENT_TYPE = f'multipart/mixed; boundary="{BOUNDARY}"; subscriptionSpec="1.0"'
_PART = f"\r\n--{BOUNDARY}\r\ncontent-type: application/json; charset=utf-8\r\n\r\n"
_END = f"\r\n--{BOUNDARY}--\r\n"


def is_subscription(
    text: str | None, operation_name: str | None, settings: Settings
) -> TypeGuard[str]:
    """Whether the document's operation is a subscription (False if it does not parse:
    the usual path then reports the syntax error); True says `text` is a document."""
    if not text or "subscription" not in text:
        return False
    try:
        document = parse(text, max_tokens=settings.max_tokens)
    except GraphQLError:
        return False
    operation = get_operation_ast(document, operation_name)
    return operation is not None and operation.operation == OperationType.SUBSCRIPTION


def accepts(accept: str | None) -> bool:
    return negotiate(accept) is not None


def negotiate(accept: str | None) -> str | None:
    """The stream the client reads, "multipart" or "sse", by the order it lists them:
    Apollo Client names the multipart subscription spec; urql lists
    `text/event-stream, multipart/mixed`."""
    for item in (accept or "").split(","):
        media, *params = (part.strip() for part in item.split(";"))
        media = media.lower()
        if media == "text/event-stream":
            return "sse"
        if media != "multipart/mixed":
            continue
        values = dict(p.partition("=")[::2] for p in params)
        spec = values.get("subscriptionSpec", values.get("subscriptionspec", "1.0")).strip("\"'")
        if spec.startswith("1.") and values.get("boundary", BOUNDARY).strip("\"'") == BOUNDARY:
            return "multipart"
    return None


def response(request: Request, context: Context, text: str, variables: dict[str, Any] | None,
             operation_name: str | None) -> StreamingResponse:  # fmt: skip
    """The streaming answer to one subscription."""
    schema = request.app.state.schema
    settings = context.settings
    sse = negotiate(request.headers.get("accept")) == "sse"

    async def parts() -> AsyncGenerator[str, None]:
        results = await schema.subscribe(
            text, variable_values=variables, context_value=context,
            operation_name=operation_name,
        )  # fmt: skip
        async for result in results:
            body: dict[str, Any] = {"data": result.data}
            if result.errors:
                body["errors"] = [e.formatted for e in result.errors]
            if result.extensions:
                body["extensions"] = result.extensions
            yield _event(body) if sse else _part({"payload": body})
        yield "event: complete\ndata:\n\n" if sse else _END

    stream = merge_stream_with_heartbeat(
        parts,
        (lambda: ":\n\n") if sse else (lambda: _part({})),
        interval=settings.subscription_heartbeat_seconds,
        send_initial_heartbeat=True,
    )
    return StreamingResponse(
        _encoded(stream()),
        200,
        headers={"cache-control": "no-cache, no-store", "x-accel-buffering": "no"},
        media_type="text/event-stream" if sse else CONTENT_TYPE,
    )


def _event(body: dict[str, Any]) -> str:
    return "event: next\ndata: " + orjson.dumps(body).decode() + "\n\n"


def _part(body: dict[str, Any]) -> str:
    return _PART + orjson.dumps(body).decode()


async def _encoded(stream: AsyncIterator[str]) -> AsyncIterator[bytes]:
    async for chunk in stream:
        yield chunk.encode()
