"""Every GraphQL error carries `extensions.code`; unexpected ones are masked."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors, ParserCache, SchemaExtension

from talentgraph import metrics
from talentgraph.errors import AppError, Code

log = logging.getLogger("talentgraph.errors")


class ErrorCodes(MaskErrors):
    """Strawberry's MaskErrors, plus a code on every error.

    AppErrors keep their message (it was written for clients); errors raised
    before execution (no path) are the request's own fault (syntax, validation,
    a scalar that does not parse); any other error during execution, ours or
    graphql-core's (a stored value that does not fit its type), is logged and
    masked as INTERNAL.
    """

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = []
        for error in errors:
            original = error.original_error
            if isinstance(original, AppError):
                error.extensions = {**(error.extensions or {}), **original.extensions}
            elif error.path is None:
                # No path: the request itself is wrong (syntax, validation, a bad scalar).
                error.extensions = {**(error.extensions or {}), "code": str(Code.BAD_USER_INPUT)}
            else:
                log.error("unexpected error in %s", error.path, exc_info=original)
                error = self.anonymise_error(error)
                error.extensions = {"code": str(Code.INTERNAL)}
            metrics.ERRORS.labels(error.extensions["code"]).inc()
            processed.append(error)
        return processed


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
