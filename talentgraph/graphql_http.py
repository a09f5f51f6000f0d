"""`GET` and `POST /graphql`: GraphQL over HTTP, as the specification and Apollo's clients expect.

- The response is `application/graphql-response+json` when the client accepts it, and
  then a request that never ran (a document that does not parse or validate, variables
  that do not fit) is a 4xx without a `data` entry; `application/json` otherwise, with
  200 for every well-formed request, as legacy clients need.
- Every refusal before GraphQL runs (content type, batch, method, body) is a JSON
  GraphQL error with `extensions.code` and `extensions.rule`.
- Operations come as text, as a trusted document's id, or as an APQ hash
  (talentgraph/persisted.py); a GET may carry a stored document's id even with
  GraphQL over GET off, since it names only what the server already accepted.
- Persisted GET reads answer with an ETag built on the graph's version, and 304
  to a matching If-None-Match without running the query (talentgraph/http_cache.py).
- A batch (a JSON array, for Apollo's BatchHttpLink) runs its operations one after
  another, each through every limit, so one request never holds more than one
  database connection at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from talentgraph import graphiql, http_cache, metrics, subscriptions_http
from talentgraph.auth import authenticate
from talentgraph.context import Context
from talentgraph.errors import HTTP_STATUS, AppError, Code
from talentgraph.graphql_request import (
    GRAPHQL_RESPONSE,
    JSON,
    Operation,
    Refused,
    negotiate,
    parse_get,
    parse_post,
)
from talentgraph.persisted import DocumentRefused, PersistedDocuments
from talentgraph.refusals import graphql_error, refusal_body
from talentgraph.settings import Settings

_NO_STORE = {"cache-control": "private, no-cache, must-revalidate"}


@dataclass
class Outcome:
    """One operation's answer: its body, whether it ran at all, and its headers."""

    body: dict[str, Any]
    ran: bool = True
    status: int = 400  # for a request that never ran, under graphql-response+json
    headers: dict[str, str] = field(default_factory=dict)
    # A subscription's multipart stream (talentgraph/subscriptions_http.py).
    stream: StreamingResponse | None = None


async def graphql(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    if request.method == "GET" and graphiql.wanted(request):
        return graphiql.page(settings)
    media = negotiate(request.headers.get("accept"))
    try:
        if request.method not in ("GET", "POST"):
            raise Refused(405, "method", "send GraphQL with POST (or GET for queries)",
                          headers={"allow": "GET, POST"})  # fmt: skip
        if media is None and subscriptions_http.accepts(request.headers.get("accept")):
            media = JSON  # a subscription's client: refusals as JSON, the stream as multipart
        if media is None:
            raise Refused(406, "accept", f"this endpoint answers {GRAPHQL_RESPONSE} or {JSON}")
        if request.method == "GET":
            operations: Operation | list[Operation] = parse_get(request.query_params.multi_items())
        else:
            operations = parse_post(
                request.headers.get("content-type"),
                await request.body(),
                settings.graphql_batch_max,
            )
        context = request_context(request)
        if isinstance(operations, list):
            outcomes = [await _run(request, context, op, media) for op in operations]
            body = orjson.dumps([_body(o, media) for o in outcomes])
            return Response(body, 200, media_type=_content_type(media))
        outcome = await _run(request, context, operations, media)
        if outcome.stream is not None:
            return outcome.stream
    except Refused as e:
        body = refusal_body("/graphql", str(e.code), e.rule, e.message)
        return Response(body, e.status, e.headers, media_type=_content_type(media or JSON))
    if outcome.status == 304:
        return Response(None, 304, outcome.headers)
    status = 200 if outcome.ran or media == JSON else outcome.status
    body = orjson.dumps(_body(outcome, media))
    return Response(body, status, outcome.headers, media_type=_content_type(media))


def request_context(request: Request) -> Context:
    """What the request's operations get as `info.context`: the graph, settings, and who asks."""
    settings: Settings = request.app.state.settings
    context = Context(
        graph=request.app.state.graph,
        settings=settings,
        feed=getattr(request.app.state, "feed", None),
        client_address=request.client.host if request.client else None,
    )
    try:
        context.principal = authenticate(request.headers.get("authorization"), settings)
    except AppError as e:
        context.auth_error = e  # raised where a scope is checked, on the field's path
    return context


async def _run(request: Request, context: Context, op: Operation, media: str) -> Outcome:
    settings = context.settings
    documents: PersistedDocuments = request.app.state.documents
    get = request.method == "GET"
    try:
        text = documents.text(op)
    except DocumentRefused as e:
        metrics.ERRORS.labels(str(e.code)).inc()
        errors = [graphql_error(str(e.code), "persisted-document", e.message)]
        return Outcome(
            {"errors": errors}, ran=False, status=HTTP_STATUS[e.code], headers=dict(_NO_STORE)
        )
    if get and not documents.known(op) and not settings.graphql_get:
        raise Refused(405, "get-off", "queries over GET are off here: send them with POST, "
                      "or send a persisted document's id", headers={"allow": "POST"})  # fmt: skip
    if subscriptions_http.is_subscription(text, op.operation_name, settings):
        if not subscriptions_http.accepts(request.headers.get("accept")):
            raise Refused(406, "subscription-accept", "a subscription streams: ask for "
                          f"{subscriptions_http.CONTENT_TYPE} (Apollo Client and urql do), "
                          "or subscribe over the WebSocket (graphql-transport-ws)")  # fmt: skip
        documents.remember(op)
        stream = subscriptions_http.response(request, context, text, op.variables,
                                             op.operation_name)  # fmt: skip
        return Outcome({}, stream=stream)
    cache = None
    if get and documents.known(op):
        cache = await http_cache.Conditional.start(request, context, op, text, media)
        if cache.not_modified:
            return Outcome({}, status=304, headers=cache.headers)
    # Subscriptions pass here: the schema's own validation answers for them.
    allowed = {OperationType.QUERY, OperationType.SUBSCRIPTION}
    if not get:
        allowed.add(OperationType.MUTATION)
    try:
        result = await request.app.state.schema.execute(
            text,
            variable_values=op.variables,
            context_value=context,
            operation_name=op.operation_name,
            allowed_operation_types=allowed,
            operation_extensions=op.extensions,
        )
    except InvalidOperationTypeError as e:
        raise Refused(405, "mutation-over-get", "mutations need POST: a GET never changes data",
                      headers={"allow": "POST"}) from e  # fmt: skip
    except (CannotGetOperationTypeError, MissingQueryError) as e:
        reason = e.as_http_error_reason() if isinstance(e, CannotGetOperationTypeError) else ""
        message = reason or "the request has no `query`"
        errors = [graphql_error(str(Code.BAD_USER_INPUT), "operation", message)]
        return Outcome({"errors": errors}, ran=False)
    if _never_ran(result):
        return Outcome(_result(result), ran=False)
    documents.remember(op)
    headers = cache.headers if cache is not None and not result.errors else {}
    return Outcome({"data": result.data, **_result(result)}, headers=headers)


def _never_ran(result: ExecutionResult) -> bool:
    """A request error: no data, and no error on a field's path (parse, validation, variables)."""
    errors: list[GraphQLError] = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


def _result(result: ExecutionResult) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if result.errors:
        body["errors"] = [e.formatted for e in result.errors]
    if result.extensions:
        body["extensions"] = result.extensions
    return body


def _body(outcome: Outcome, media: str) -> dict[str, Any]:
    if media == JSON and not outcome.ran:
        # Legacy application/json clients have always had the entry, null when nothing ran.
        return {"data": None, **outcome.body}
    return outcome.body


def _content_type(media: str) -> str:
    return f"{media}; charset=utf-8"
