"""The root Query type."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers import stats
from talentgraph.context import Context


@strawberry.type(description="How much the graph holds.")
class GraphStats:
    nodes: int = strawberry.field(description="Entities of every kind, sources included.")
    relationships: int = strawberry.field(description="Relationships of every type.")
    sources: int = strawberry.field(description="Sources that facts cite.")
    people: int
    companies: int
    models: int
    rounds: int = strawberry.field(description="Funding rounds.")


@strawberry.type
class Query:
    @strawberry.field(description="How many entities and relationships the graph holds.")
    async def stats(self, info: Info[Context, None]) -> GraphStats:
        return GraphStats(**await stats.graph_stats(info.context.graph))
