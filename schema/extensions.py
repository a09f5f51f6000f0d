"""Every GraphQL error carries `extensions.code` and is logged at a level its code deserves.

Unexpected errors are masked and logged with their traceback; the client's own
errors (bad input, unknown ids, auth) are logged at info, cut short and at a
bounded rate, since anyone can send as many as they like. With introspection
off, no error hints at the schema ("Did you mean ...?").
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import validate
from graphql.error import GraphQLError
from strawberry.extensions import ParserCache, SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule
from strawberry.types import ExecutionContext

from talentgraph import metrics
from talentgraph.errors import AppError, Code
from talentgraph.logs import RateLimitedLogger, excerpt

# Server-side conditions the client cannot fix, but that need no traceback either.
_OUTAGES = {Code.DATABASE_UNAVAILABLE, Code.TIMEOUT}


def error_code(error: GraphQLError) -> Code:
    """What an error is, as the client will be told: its own code, or one by where it arose."""
    original = error.original_error
    if isinstance(original, AppError):
        return original.code
    if error.path is None:
        # No path: the request itself is wrong (syntax, validation, a bad scalar).
        return Code.BAD_USER_INPUT
    return Code.INTERNAL


class ErrorCodes(SchemaExtension):
    """A code on every error, and unexpected errors masked.

    AppErrors keep their message (it was written for clients); errors raised
    before execution (no path) are the request's own fault (syntax, validation,
    a scalar that does not parse); any other error during execution, ours or
    graphql-core's (a stored value that does not fit its type), is masked as
    INTERNAL (Schema.process_errors has logged it already).
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [coded(error) for error in result.errors]

    def on_stream_result(self, result: Any) -> Iterator[None]:
        # Each result a subscription streams, its refusals and its end (SLOW_CONSUMER).
        if result.errors:
            result.errors = [coded(error) for error in result.errors]
        yield


def coded(error: GraphQLError) -> GraphQLError:
    """The error as the client sees it: with its code, and masked if it is unexpected."""
    code = error_code(error)
    if isinstance(error.original_error, AppError):
        error.extensions = {**(error.extensions or {}), **error.original_error.extensions}
    elif code is Code.INTERNAL:
        error = GraphQLError(
            "Unexpected error.",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": str(code)},
        )
    else:
        error.extensions = {**(error.extensions or {}), "code": str(code)}
    metrics.ERRORS.labels(str(code)).inc()
    return error


class Schema(strawberry.Schema):
    """Strawberry's Schema, logging errors through its public `process_errors` hook.

    Strawberry's own hook logs every error, the client's included, at `error`
    level with the traceback and the query text around it; a scanner's requests
    filled hundreds of megabytes a minute that way.
    """

    def __init__(self, *args: Any, excerpt_chars: int, lines_per_second: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.excerpt_chars = excerpt_chars
        self.internal_log = RateLimitedLogger(
            logging.getLogger("talentgraph.errors"), lines_per_second
        )
        self.client_log = RateLimitedLogger(
            logging.getLogger("talentgraph.rejected"), lines_per_second
        )

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            code = error_code(error)
            if code is Code.INTERNAL:
                self.internal_log.log(
                    logging.ERROR,
                    "unexpected error in %s",
                    error.path,
                    exc_info=error.original_error,
                )
                continue
            fields = {"code": str(code)}
            if execution_context is not None:
                fields["operation"] = excerpt(execution_context.operation_name or "", 64)
                fields["query"] = excerpt(execution_context.query or "", self.excerpt_chars)
            self.client_log.log(
                logging.WARNING if code in _OUTAGES else logging.INFO,
                "%s: %s",
                code,
                excerpt(error.message, self.excerpt_chars),
                extra={"fields": fields},
            )


class QuietExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor with graphql-core's `hide_suggestions` on.

    A variable holding an unknown enum value or input field is refused without
    naming the ones that exist, which would give the schema away.
    """

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        return super().build(*args, **{**kwargs, "hide_suggestions": True})


class CachedValidation(SchemaExtension):
    """Strawberry's ValidationCache, with graphql-core's `hide_suggestions` when asked.

    Unknown fields, arguments and types are refused either way; hiding the
    suggestions keeps a client without introspection from recovering the
    schema one "Did you mean ...?" at a time.
    """

    def __init__(self, hide_suggestions: bool):
        self.hide_suggestions = hide_suggestions

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is None:
            raise RuntimeError("validation ran before the document was parsed")
        # Keyed by the query's text, not its document: hashing a document walks all of it.
        key = (context.query, tuple(context.validation_rules), self.hide_suggestions)
        errors = _VALIDATED.get(key)
        if errors is None:
            # The rules Strawberry's own validation adds for its Maybe and @oneOf inputs.
            every = (*key[1], MaybeNullValidationRule, OneOfInputValidationRule)
            errors = validate(
                context.schema._schema,
                context.graphql_document,
                every,
                hide_suggestions=self.hide_suggestions,
            )
            _VALIDATED[key] = errors
            if len(_VALIDATED) > _MAX_VALIDATED:
                _VALIDATED.popitem(last=False)
        else:
            _VALIDATED.move_to_end(key)
        context.pre_execution_errors = errors
        yield


# Bounded, as Strawberry's is: unique query texts must not grow memory without limit.
_VALIDATED: OrderedDict[tuple[Any, ...], list[GraphQLError]] = OrderedDict()
_MAX_VALIDATED = 128


class OperationMetrics(SchemaExtension):
    """Latency per operation name, for the names the settings know (metrics.operation_label).

    The settings come with the request's context; without one (a direct
    `schema.execute`) only unnamed operations keep their label.
    """

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        settings = getattr(self.execution_context.context, "settings", None)
        known = settings.known_operations if settings is not None else frozenset()
        label = metrics.operation_label(self.execution_context.operation_name, known)
        metrics.OPERATION_SECONDS.labels(label).observe(time.perf_counter() - started)


class ParseOnceCache(ParserCache):
    """Strawberry's ParserCache, minus one flaw: a document that does not parse.

    ParserCache parses inside its hook, where a syntax (or token limit) error
    escapes Strawberry's own handling and so ErrorCodes. Left unparsed here,
    Strawberry parses it again where such errors are reported properly.
    """

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        with contextlib.suppress(GraphQLError):
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        yield
