"""The root Query type: lookups, lists, search and the named traversals."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers import nodes, stats
from schema.connections import Connection
from schema.types import AIModel, Company, Entity, Person, University
from talentgraph.context import Context

Id = Annotated[strawberry.ID, strawberry.argument(description="A slug id, e.g. `zhou-chang`.")]
ListFirst = Annotated[int, strawberry.argument(description="Page size; over the cap is an error.")]
After = Annotated[
    str | None, strawberry.argument(description="The cursor of the item to continue after.")
]
Synthetic = Annotated[
    bool | None,
    strawberry.argument(description="null: all; false: real entities only; true: generated only."),
]


@strawberry.type(description="How much the graph holds.")
class GraphStats:
    nodes: int = strawberry.field(description="Entities of every kind, sources included.")
    relationships: int = strawberry.field(description="Relationships of every type.")
    sources: int = strawberry.field(description="Sources that facts cite.")
    people: int
    companies: int
    models: int
    rounds: int = strawberry.field(description="Funding rounds.")


@strawberry.type(description="A full-text hit.")
class SearchHit:
    node: Entity
    score: float = strawberry.field(description="Lucene relevance; higher is better.")




@strawberry.type
class Query:
    @strawberry.field(description="How many entities and relationships the graph holds.")
    async def stats(self, info: Info[Context, None]) -> GraphStats:
        return GraphStats(**await stats.graph_stats(info.context.graph))

    @strawberry.field(description="Any entity by id (a person, company, model, round, source...).")
    async def node(self, info: Info[Context, None], id: Id) -> Entity:
        return await nodes.entity(info, id)

    @strawberry.field(description="A person by id, e.g. `zhou-chang`.")
    async def person(self, info: Info[Context, None], id: Id) -> Person:
        return await nodes.entity(info, id, "Person")  # type: ignore[return-value]

    @strawberry.field(description="A company, unit, lab or investor by id, e.g. `alibaba-cloud`.")
    async def company(self, info: Info[Context, None], id: Id) -> Company:
        return await nodes.entity(info, id, "Company")  # type: ignore[return-value]

    @strawberry.field(description="An AI model or release by id, e.g. `tongyi-qianwen`, `m6`.")
    async def model(self, info: Info[Context, None], id: Id) -> AIModel:
        return await nodes.entity(info, id, "AIModel")  # type: ignore[return-value]

    @strawberry.field(description="A university by id, e.g. `peking-university`.")
    async def university(self, info: Info[Context, None], id: Id) -> University:
        return await nodes.entity(info, id, "University")  # type: ignore[return-value]

    @strawberry.field(description="People by name.")
    async def people(
        self, info: Info[Context, None], first: ListFirst = 100, after: After = None,
        synthetic: Synthetic = None,
    ) -> Connection[Person]:  # fmt: skip
        return await nodes.entities(info, "Person", first=first, after=after, synthetic=synthetic)

    @strawberry.field(description="Companies, units, labs and investors by name.")
    async def companies(
        self, info: Info[Context, None], first: ListFirst = 100, after: After = None,
        synthetic: Synthetic = None,
    ) -> Connection[Company]:  # fmt: skip
        return await nodes.entities(info, "Company", first=first, after=after, synthetic=synthetic)

    @strawberry.field(
        description="Full-text search over names, aliases and Chinese names, best first."
    )
    async def search(
        self,
        info: Info[Context, None],
        text: Annotated[str, strawberry.argument(description="e.g. `Zhou Chang`, `通义千问`, `Qwen`.")],
        first: Annotated[int, strawberry.argument(description="How many hits.")] = 10,
    ) -> list[SearchHit]:
        hits = await nodes.search(info, text, None, first)
        return [SearchHit(node=node, score=score) for node, score in hits]
