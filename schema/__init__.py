"""The GraphQL schema: types, inputs and root operations. No database code here."""

from __future__ import annotations

from functools import partial
from typing import Any

import strawberry
from graphql import ASTValidationRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig

from schema import facts, traversals, types
from schema.execution import CompilingExecutor, QuietCompilingExecutor
from schema.extensions import (
    CachedValidation,
    ErrorCodes,
    OperationMetrics,
    ParseOnceCache,
    Schema,
)
from schema.glossary import describe
from schema.limits import RequestLimits, document_limits, id_length_limit
from schema.mutation import Mutation
from schema.query import GraphStats, Query
from schema.scalars import SCALARS
from schema.subscription import Subscription
from schema.types import ENTITY_TYPES
from talentgraph.settings import Settings

describe(
    [
        *vars(types).values(),
        *facts.FACT_TYPES.values(),
        *vars(traversals).values(),
        GraphStats,
        ENTITY_TYPES["Source"],
    ]
)


def build(settings: Settings) -> strawberry.Schema:
    """The schema with the limits the settings ask for.

    Extensions are passed as classes or factories: Strawberry makes fresh
    instances per operation, so no state leaks between requests. Every check
    on a request is linear in its size (schema/limits.py): the token cap is
    enforced by graphql-core's parser as it reads (MaxTokensLimiter passes it
    as a parse option), the shape of the document by one validation rule that
    visits each fragment once, and the cost once the variables are known.
    """
    hide_suggestions = not settings.introspection_on
    rules: list[type[ASTValidationRule]] = [
        document_limits(
            max_depth=settings.max_depth,
            max_aliases=settings.max_aliases,
            max_fields=settings.max_fields,
            max_spreads=settings.max_fragment_spreads,
        ),
        id_length_limit(settings.max_id_length),
    ]
    extensions: list[type[SchemaExtension] | partial[Any]] = [
        OperationMetrics,
        ParseOnceCache,
        partial(CachedValidation, hide_suggestions=hide_suggestions),
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        # Rules built once: a factory would make new rule classes per request, and
        # the validation cache, which keys on them, would never hit.
        partial(AddValidationRules, rules),
        partial(RequestLimits, max_cost=settings.max_cost, max_id_length=settings.max_id_length),
        ErrorCodes,
    ]
    if not settings.introspection_on:
        extensions.append(DisableIntrospection)
    return Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        # Interface members reached only through `Entity` must still be in the schema.
        types=list(ENTITY_TYPES.values()),
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALARS),
        execution_context_class=QuietCompilingExecutor if hide_suggestions else CompilingExecutor,
        excerpt_chars=settings.log_excerpt_chars,
        lines_per_second=settings.log_lines_per_second,
    )
