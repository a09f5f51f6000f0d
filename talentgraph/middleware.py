"""What every request goes through: an id, a size cap, an access log line, metrics."""

from __future__ import annotations

import logging
import time
import uuid

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from talentgraph import metrics
from talentgraph.errors import Code
from talentgraph.logs import request_id

log = logging.getLogger("talentgraph.access")


class RequestMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware): it must not buffer responses or break streaming."""

    def __init__(self, app: ASGIApp, max_body_bytes: int):
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        rid = headers.get(b"x-request-id", b"").decode("latin-1")[:64] or uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            body = await self._read_capped(receive, headers)
            if body is None:
                await _too_large(send_with_id, self.max_body_bytes)
                return
            await self.app(scope, _replay(body, receive), send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route(scope)
            metrics.REQUESTS.labels(route, str(status)).inc()
            log.info(
                "%s %s %s", scope["method"], scope["path"], status,
                extra={"fields": {"method": scope["method"], "path": scope["path"],
                                  "status": status, "ms": round(elapsed * 1000, 1)}},
            )  # fmt: skip
            request_id.reset(token)

    async def _read_capped(self, receive: Receive, headers: dict[bytes, bytes]) -> bytes | None:
        """The whole body, or None past the cap; bodies here are small JSON documents."""
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            return None
        chunks = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, then the real channel (where a disconnect will show)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _too_large(send: Send, limit: int) -> None:
    body = orjson.dumps({"error": {"code": str(Code.BAD_USER_INPUT), "rule": "too-large",
                                   "message": f"the request body is over {limit:,} bytes"}})  # fmt: skip
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json")]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


def _route(scope: Scope) -> str:
    # Label by known routes only: raw paths would let clients grow the metric without bound.
    path = scope["path"]
    for known in ("/graphql", "/cypher/queries", "/cypher", "/livez", "/readyz", "/metrics"):
        if path == known:
            return known
    return "/explore" if path.startswith("/explore") else "other"
