"""Structured JSON logs, one object a line, each with the request id it belongs to."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import orjson

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # The middleware writes one access line per request, with its id; uvicorn's is redundant.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers = [handler]
        logging.getLogger(name).propagate = False


class RateLimitedLogger:
    """A logger that writes at most `per_second` lines a second and counts the rest.

    A flood of bad requests must cost the log a few lines a second, not a line
    per request (7,900 scanner requests once wrote 327 MB in two minutes). The
    lines held back are not lost without trace: the first line let through in a
    later second is preceded by one warning, "suppressed K messages", so at most
    `per_second + 1` lines a second reach the handlers.
    """

    def __init__(
        self, logger: logging.Logger, per_second: int, clock: Callable[[], float] = time.monotonic
    ):
        self.logger = logger
        self.per_second = per_second
        self._clock = clock
        self._lock = threading.Lock()  # resolvers may log from worker threads
        self._second: int | None = None
        self._written = 0
        self._suppressed = 0

    def log(self, level: int, msg: str, *args: object, **kwargs: Any) -> None:
        if not self.logger.isEnabledFor(level):
            return
        with self._lock:
            second = int(self._clock())
            suppressed = 0
            if second != self._second:
                self._second, self._written = second, 0
                suppressed, self._suppressed = self._suppressed, 0
            allowed = self._written < self.per_second
            if allowed:
                self._written += 1
            else:
                self._suppressed += 1
        if suppressed:
            self.logger.warning(
                "suppressed %d messages over the limit of %d a second",
                suppressed,
                self.per_second,
                extra={"fields": {"suppressed": suppressed}},
            )
        if allowed:
            # Report the caller's line, not this method's.
            self.logger.log(level, msg, *args, stacklevel=2, **kwargs)


def excerpt(text: str, limit: int) -> str:
    """At most `limit` characters of client-supplied text, marked when cut."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"
