"""What a GraphQL-over-HTTP request asks for, read from GET parameters or a POST body.

Pure functions: they take the method, headers and body, and either return the
operations to run or raise `Refused`, which the endpoint turns into a GraphQL
error with `extensions.code` and the right status (graphql_http.py). The rules
are the GraphQL over HTTP specification's (https://graphql.github.io/graphql-over-http/).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from talentgraph.errors import Code

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


class Refused(Exception):
    """A request refused before any GraphQL ran: status, code, the rule it broke, why."""

    def __init__(
        self,
        status: int,
        rule: str,
        message: str,
        *,
        code: Code = Code.BAD_USER_INPUT,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.rule = rule
        self.message = message
        self.code = code
        self.headers = headers or {}


@dataclass(frozen=True)
class Operation:
    """One operation of a request: its text (or the id of a persisted one) and inputs."""

    query: str | None
    variables: dict[str, Any] | None = None
    operation_name: str | None = None
    extensions: dict[str, Any] = field(default_factory=dict)
    # A trusted document's id (`documentId`, or Relay's `doc_id`/`id`).
    document_id: str | None = None

    @property
    def apq_hash(self) -> str | None:
        """The sha256 of Apollo's automatic persisted query extension, when sent."""
        persisted = self.extensions.get("persistedQuery")
        if not isinstance(persisted, dict):
            return None
        digest = persisted.get("sha256Hash")
        return digest if isinstance(digest, str) else None


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header, or None when none is acceptable.

    No Accept header (or */*) means application/json, as the specification asks
    of servers while legacy clients remain; application/graphql-response+json wins
    whenever the client lists it with a quality of at least that of JSON.
    """
    if not accept:
        return JSON
    best: tuple[float, bool, str] | None = None
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        offered = _OFFERED.get(media.lower())
        quality = _quality(params)
        if offered is None or quality <= 0:
            continue
        # At equal quality the graphql-response type wins, then the first listed.
        rank = (quality, offered == GRAPHQL_RESPONSE)
        if best is None or rank > best[:2]:
            best = (quality, offered == GRAPHQL_RESPONSE, offered)
    return best[2] if best is not None else None


_OFFERED = {GRAPHQL_RESPONSE: GRAPHQL_RESPONSE, JSON: JSON, "application/*": JSON, "*/*": JSON}


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def parse_get(params: list[tuple[str, str]]) -> Operation:
    """A GET request's operation: `query`, `operationName`, and JSON-encoded
    `variables` and `extensions`, or a persisted document's id."""
    values = dict(params)
    body: dict[str, Any] = {k: values[k] for k in ("query", "operationName", "documentId",
                                                   "doc_id", "id") if k in values}  # fmt: skip
    for name in ("variables", "extensions"):
        text = values.get(name)
        if text:
            try:
                body[name] = orjson.loads(text)
            except orjson.JSONDecodeError as e:
                raise Refused(400, "not-json", f"the `{name}` parameter is not valid JSON") from e
    return operation(body)


def parse_post(
    content_type: str | None, body: bytes, max_batch: int
) -> list[Operation] | Operation:
    """A POST body's operation, or its operations when it is a batch (a JSON array)."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media not in (JSON, GRAPHQL_RESPONSE):
        raise Refused(
            415,
            "content-type",
            f"send the request as {JSON} (the Content-Type was {media or 'missing'})",
        )
    if not body.strip():
        raise Refused(400, "empty-body", 'the request body is empty; send {"query": "..."}')
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as e:
        raise Refused(400, "not-json", "the request body is not valid JSON") from e
    if isinstance(data, list):
        if max_batch <= 0:
            raise Refused(400, "batching-off", "batching is off: send one operation per request")
        if not data:
            raise Refused(400, "empty-batch", "the batch holds no operation")
        if len(data) > max_batch:
            raise Refused(400, "batch-too-large",
                          f"the batch holds {len(data)} operations, over the limit of {max_batch}")  # fmt: skip
        return [operation(item, index) for index, item in enumerate(data)]
    return operation(data)


def operation(body: object, index: int | None = None) -> Operation:
    """One operation from its JSON object, each parameter checked for its type."""
    where = f"operation {index} of the batch: " if index is not None else ""
    if not isinstance(body, dict):
        raise Refused(400, "not-an-object", f"{where}send a JSON object with a `query`")
    for name, kinds, wanted in (
        ("query", str, "a string"),
        ("operationName", str, "a string"),
        ("variables", dict, "an object"),
        ("extensions", dict, "an object"),
        ("documentId", str, "a string"),
        ("doc_id", str, "a string"),
        ("id", str, "a string"),
    ):
        value = body.get(name)
        if value is not None and not isinstance(value, kinds):
            raise Refused(400, "parameter-type", f"{where}`{name}` must be {wanted} or null")
    document_id = body.get("documentId") or body.get("doc_id") or body.get("id")
    result = Operation(
        query=body.get("query"),
        variables=body.get("variables"),
        operation_name=body.get("operationName"),
        extensions=body.get("extensions") or {},
        document_id=document_id,
    )
    if result.query is None and result.document_id is None and result.apq_hash is None:
        raise Refused(400, "missing-query", f"{where}the request has no `query`")
    return result
