"""How `talentgraph serve` runs uvicorn: its options, and the bounds uvicorn lacks.

uvicorn closes idle keep-alive connections, but it waits for a request's line and
headers without a time limit, and its httptools parser (the fast one, which
uvicorn[standard] brings) buffers them without a size limit (`h11_max_incomplete_event_size`
bounds only the pure-Python h11 parser). A client sending its headers a byte at a
time (slowloris), or never ending them, would hold a connection, and memory, for
good. HeadBoundedProtocol adds both bounds to the httptools protocol.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from talentgraph.settings import Settings

_REASONS = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}


class HeadBoundedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a time and a size limit on each request's head.

    The head (request line and headers) must arrive within `head_timeout` seconds of
    the connection opening or of the request's first byte, and in at most
    `max_head_bytes` (counted as read, so one read may pass it before the check).
    """

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        max_head_bytes: int,
        head_timeout: float,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.max_head_bytes = max_head_bytes
        self.head_timeout = head_timeout
        # Between a request's end (or the connection's start) and the next head's end,
        # the bytes read are head bytes. A read that ends one body and starts the next
        # head goes uncounted, which only shifts the cap by one read.
        self._in_head = False
        self._head_bytes = 0
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._in_head = True
        self._start_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def shutdown(self) -> None:
        """A graceful stop: uvicorn waits for responses in progress, and a subscription's
        stream never ends by itself. The change feed ends them all (each with its closing
        boundary), so the stop takes a moment, not `timeout_graceful_shutdown`."""
        feed = self.app_state.get("changefeed")
        if feed is not None:
            feed.shutdown()
        super().shutdown()

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)
        if self._in_head and self._head_bytes > self.max_head_bytes:
            self._refuse(431)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        # The clock runs from a request's first byte; idle time before it is the
        # keep-alive timeout's business.
        self._start_head_timer()

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._head_bytes = 0
        self._stop_head_timer()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head = True

    def _start_head_timer(self) -> None:
        self._stop_head_timer()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self._in_head:
            self._refuse(408)

    def _refuse(self, status: int) -> None:
        self._stop_head_timer()
        self._in_head = False
        if self.transport.is_closing():
            return
        self.transport.write(
            b"HTTP/1.1 %d %s\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            % (status, _REASONS[status])
        )
        self.transport.close()


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The keyword arguments for uvicorn.run/uvicorn.Config that carry the HTTP bounds."""
    return {
        # A partial of a module-level class, so it pickles into the worker processes.
        "http": partial(
            HeadBoundedProtocol,
            max_head_bytes=settings.max_header_bytes,
            head_timeout=settings.header_timeout_seconds,
        ),
        "timeout_keep_alive": settings.keep_alive_seconds,
        "limit_concurrency": settings.max_connections,
        "backlog": settings.backlog,
    }
