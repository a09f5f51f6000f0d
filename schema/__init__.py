"""The GraphQL schema: types, inputs and root operations. No database code here."""

from __future__ import annotations

from functools import partial
from typing import Any

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from schema import traversals, types
from schema.execution import CompilingExecutor
from schema.extensions import ErrorCodes, OperationMetrics, ParseOnceCache
from schema.glossary import describe
from schema.limits import CostLimiter
from schema.mutation import Mutation
from schema.query import GraphStats, Query, SearchHit
from schema.scalars import SCALARS
from schema.types import ENTITY_TYPES
from talentgraph.settings import Settings

describe(
    [
        *vars(types).values(),
        *vars(traversals).values(),
        GraphStats,
        SearchHit,
        ENTITY_TYPES["Source"],
    ]
)


def build(settings: Settings) -> strawberry.Schema:
    """The schema with the limits the settings ask for.

    Extensions are passed as classes or factories: Strawberry makes fresh
    instances per operation, so no state leaks between requests.
    """
    rules = [
        *QueryDepthLimiter(max_depth=settings.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    extensions: list[type[SchemaExtension] | partial[Any]] = [
        OperationMetrics,
        ParseOnceCache,
        ValidationCache,
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        # Rules built once: a factory would make new rule classes per request, and
        # ValidationCache, which keys on them, would never hit.
        partial(AddValidationRules, rules),
        partial(CostLimiter, max_cost=settings.max_cost),
        ErrorCodes,
    ]
    if not settings.introspection_on:
        extensions.append(DisableIntrospection)
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        # Interface members reached only through `Entity` must still be in the schema.
        types=list(ENTITY_TYPES.values()),
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALARS),
        execution_context_class=CompilingExecutor,
    )
