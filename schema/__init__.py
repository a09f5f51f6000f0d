"""The GraphQL schema: types, inputs and root operations. No database code here."""

from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig

from schema import traversals, types
from schema.extensions import ErrorCodes
from schema.glossary import describe
from schema.query import GraphStats, Query, SearchHit
from schema.scalars import SCALARS
from schema.types import ENTITY_TYPES

describe(
    [*vars(types).values(), *vars(traversals).values(), GraphStats, SearchHit, ENTITY_TYPES["Source"]]
)

schema = strawberry.Schema(
    query=Query,
    # Interface members reached only through `Entity` must still be in the schema.
    types=list(ENTITY_TYPES.values()),
    extensions=[ErrorCodes],
    config=StrawberryConfig(scalar_map=SCALARS),
)
