"""The error codes every client sees in `extensions.code` (and in REST bodies)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Code(StrEnum):
    BAD_USER_INPUT = "BAD_USER_INPUT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"
    TIMEOUT = "TIMEOUT"
    RATE_LIMITED = "RATE_LIMITED"
    INTERNAL = "INTERNAL"
    # A revert that later changes stand in the way of (writes/revert.py).
    CONFLICT = "CONFLICT"
    # Persisted operations (talentgraph/persisted.py): the codes Apollo's clients act on.
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
    PERSISTED_QUERY_NOT_IN_LIST = "PERSISTED_QUERY_NOT_IN_LIST"
    # A subscriber that fell too far behind the change log: resume from `extensions.after`.
    SLOW_CONSUMER = "SLOW_CONSUMER"


HTTP_STATUS = {
    Code.BAD_USER_INPUT: 400,
    Code.UNAUTHENTICATED: 401,
    Code.FORBIDDEN: 403,
    Code.NOT_FOUND: 404,
    Code.DATABASE_UNAVAILABLE: 503,
    Code.TIMEOUT: 504,
    Code.RATE_LIMITED: 429,
    Code.INTERNAL: 500,
    Code.CONFLICT: 409,
    Code.PERSISTED_QUERY_NOT_FOUND: 404,
    Code.PERSISTED_QUERY_NOT_SUPPORTED: 400,
    Code.PERSISTED_QUERY_NOT_IN_LIST: 403,
    Code.SLOW_CONSUMER: 503,
}


class AppError(Exception):
    """An error whose message is safe to show to the client.

    `details` (keyword arguments a subclass passes up) become both attributes and entries of
    `extensions` next to `code` and `field`, so every error that says more (the rule that
    refused, the cursor to resume from) says it the same way; an empty list or None is left out.
    """

    code = Code.INTERNAL

    def __init__(
        self, message: str, *, field: str | None = None, code: Code | None = None, **details: Any
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code
        self.details = details
        vars(self).update(details)

    @property
    def extensions(self) -> dict[str, Any]:
        ext: dict[str, Any] = {"code": str(self.code)}
        if self.field:
            ext["field"] = self.field
        ext.update((k, v) for k, v in self.details.items() if v is not None and v != [])
        return ext


class BadInput(AppError):
    code = Code.BAD_USER_INPUT


class NotFound(AppError):
    code = Code.NOT_FOUND


class Unauthenticated(AppError):
    code = Code.UNAUTHENTICATED


class Forbidden(AppError):
    code = Code.FORBIDDEN


class Conflict(AppError):
    """Refused because of what happened since; `laterChanges`: the changes in the way, by seq."""

    code = Code.CONFLICT
    laterChanges: list[int]

    def __init__(self, message: str, *, field: str | None = None, later: list[int] = ()):  # type: ignore[assignment]
        super().__init__(message, field=field, laterChanges=list(later))


class DatabaseUnavailable(AppError):
    code = Code.DATABASE_UNAVAILABLE


class QueryTimeout(AppError):
    code = Code.TIMEOUT


class Refused(BadInput):
    """A query the guard will not run; `rule` names the rule that refused it."""

    rule: str

    def __init__(self, rule: str, message: str):
        super().__init__(f"refused by rule {rule}: {message}", rule=rule)


class LimitReached(AppError):
    """Too many open streams (subscriptions per key, per connection): `rule` names the limit."""

    code = Code.RATE_LIMITED
    rule: str

    def __init__(self, rule: str, message: str):
        super().__init__(message, rule=rule)


class SlowConsumer(AppError):
    """A subscriber ended for falling behind; `after` is the cursor to subscribe again from."""

    code = Code.SLOW_CONSUMER
    after: int

    def __init__(self, message: str, after: int):
        super().__init__(message, after=after)
