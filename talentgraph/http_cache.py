"""HTTP caching of persisted GET reads: an ETag built on the graph's version, and 304s.

A persisted GET names its document by id, so its URL is short and stable; with
the graph's version (Graph.version: Neo4j's last committed transaction, one
`RETURN 1`) the ETag changes exactly when the answer may have. The version is
read before the query runs: a write landing in between makes the ETag older
than the answer, never newer, so a cache can only revalidate too often.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import orjson
from starlette.requests import Request

from talentgraph.auth import ANONYMOUS, Scope
from talentgraph.context import Context
from talentgraph.errors import AppError
from talentgraph.graphql_request import Operation


@dataclass(frozen=True)
class Conditional:
    """The caching headers of one persisted GET read, and whether its copy is current."""

    headers: dict[str, str]
    not_modified: bool

    @classmethod
    async def start(
        cls, request: Request, context: Context, op: Operation, text: str, media: str
    ) -> Conditional:
        try:
            principal = context.require(Scope.READ)
            version = await context.graph.version()
        except AppError:
            # Not allowed to read, or the database is away: the query's own run says so.
            return cls({}, not_modified=False)
        public = principal is ANONYMOUS
        identity = [version, hashlib.sha256(text.encode()).hexdigest(), op.operation_name,
                    op.variables, media, principal.name]  # fmt: skip
        digest = hashlib.sha256(orjson.dumps(identity, option=orjson.OPT_SORT_KEYS)).hexdigest()
        etag = f'W/"{digest[:32]}"'
        max_age = context.settings.persisted_get_max_age
        headers = {
            "etag": etag,
            # Anonymous answers are the same for everyone; a key's are its own.
            "cache-control": f"public, max-age={max_age}" if public else "private, no-cache",
            "vary": "Accept, Authorization",
        }
        return cls(headers, not_modified=matches(request.headers.get("if-none-match"), etag))


def matches(if_none_match: str | None, etag: str) -> bool:
    """If-None-Match's weak comparison (RFC 9110 13.1.2): opaque tags equal, W/ aside."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    return any(
        tag.strip() == "*" or tag.strip().removeprefix("W/") == wanted
        for tag in if_none_match.split(",")
    )
