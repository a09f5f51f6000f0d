"""What every request goes through: an id, an access log line, metrics, and the caps
on its headers, its rate and its body (size and read time)."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from talentgraph import metrics
from talentgraph.errors import Code
from talentgraph.logs import request_id
from talentgraph.ratelimit import RateLimiter
from talentgraph.refusals import refusal_body
from talentgraph.settings import Settings

log = logging.getLogger("talentgraph.access")


class RequestMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware): it must not buffer responses or break streaming."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.max_body_bytes = settings.max_body_bytes
        self.import_max_body_bytes = settings.import_max_body_bytes
        self.max_header_bytes = settings.max_header_bytes
        self.body_timeout = settings.body_timeout_seconds
        self.limiter = RateLimiter(settings) if settings.rate_limit else None

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
            # The server (talentgraph serve) caps the raw header bytes as they arrive;
            # this holds under any other server too.
            if sum(len(k) + len(v) for k, v in scope["headers"]) > self.max_header_bytes:
                await _refuse(scope, send_with_id, 431, "headers-too-large",
                              f"the request headers are over {self.max_header_bytes:,} bytes")  # fmt: skip
                return
            if self.limiter is not None and scope["path"] not in UNLIMITED:
                address = scope["client"][0] if scope.get("client") else "unknown"
                authorization = headers.get(b"authorization")
                limited = self.limiter.check(
                    authorization.decode("latin-1") if authorization is not None else None, address
                )
                if limited is not None:
                    await _rate_limited(scope, send_with_id, limited.who, limited.retry_after)
                    return
            cap = self.import_max_body_bytes if scope["path"] == "/import" else self.max_body_bytes
            try:
                async with asyncio.timeout(self.body_timeout):
                    body = await self._read_capped(receive, headers, cap)
            except TimeoutError:
                await _refuse(scope, send_with_id, 408, "body-timeout",
                              f"the request body did not arrive within {self.body_timeout:g} s")  # fmt: skip
                return
            if body is None:
                await _refuse(scope, send_with_id, 413, "too-large",
                              f"the request body is over {cap:,} bytes")  # fmt: skip
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

    async def _read_capped(
        self, receive: Receive, headers: dict[bytes, bytes], cap: int
    ) -> bytes | None:
        """The whole body, or None past the cap; bodies are JSON documents, or an import."""
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > cap:
            return None
        chunks = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > cap:
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


# Probes must see the process and the database, never a client's exhausted bucket.
UNLIMITED = frozenset({"/livez", "/readyz"})


async def _refuse(scope: Scope, send: Send, status: int, rule: str, message: str) -> None:
    """A refusal before the app ran; the connection closes, as the body may be unread."""
    body = refusal_body(scope["path"], str(Code.BAD_USER_INPUT), rule, message)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"connection", b"close")]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


async def _rate_limited(scope: Scope, send: Send, who: str, retry_after: int) -> None:
    message = (f"too many requests for this {'API key' if who == 'key' else 'client address'}; "
               f"retry after {retry_after} s")  # fmt: skip
    body = refusal_body(scope["path"], str(Code.RATE_LIMITED), "rate-limit", message)
    await send({"type": "http.response.start", "status": 429,
                "headers": [(b"content-type", b"application/json"),
                            (b"retry-after", str(retry_after).encode())]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


def _route(scope: Scope) -> str:
    # Label by known routes only: raw paths would let clients grow the metric without bound.
    path = scope["path"]
    for known in (
        "/graphql",
        "/cypher/queries",
        "/cypher",
        "/import",
        "/livez",
        "/readyz",
        "/metrics",
    ):
        if path == known:
            return known
    return "/explore" if path.startswith("/explore") else "other"
