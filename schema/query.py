"""The root Query type: lookups, lists, search and the named traversals.

The lookups and lists are one line each (schema/lists.py makes them); the compiler knows
them by the `lookup` or `list` their fields carry, not by their names.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from model.graph import Kind
from resolvers import cypher, nodes, revisions, stats, traversals
from schema import changes as change_log
from schema import facts
from schema import traversals as results
from schema.changes import ChangeConnection
from schema.lists import NOT_FOUND_NULL, GraphAtRevision, Id, entity_list, entity_lookup
from schema.pagination import (
    After,
    Before,
    FirstOfList,
    Last,
    connection,
    first_description,
    paging,
)
from schema.permissions import CanRead
from schema.scalars import JSON, PartialDate
from schema.traversals import (
    CoInvestor,
    DepartureConnection,
    Granularity,
    Path,
    PortfolioCompanyConnection,
    PortfolioHire,
    SearchHitConnection,
    TalentFlow,
)
from schema.types import Node
from talentgraph.context import Context

OptionalId = Annotated[strawberry.ID | None, strawberry.argument(description="A slug id, or null.")]
Since = Annotated[
    PartialDate | None, strawberry.argument(description="Start of the window, e.g. `2023`.")
]
Until = Annotated[
    PartialDate | None, strawberry.argument(description="End of the window, e.g. `2024-07`.")
]
SearchFirst = Annotated[
    int | None,
    strawberry.argument(description=first_description(10, "How many hits, from the best")),
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


@strawberry.type
class Query:
    @strawberry.field(
        permission_classes=[CanRead],
        description="How many entities and relationships the graph holds.",
    )
    async def stats(self, info: Info[Context, None]) -> GraphStats:
        return GraphStats(**await stats.graph_stats(info.context.graph))

    @strawberry.field(
        permission_classes=[CanRead],
        description="Anything by id: an entity (a person, company, model, round, source...) "
        "or a fact (an employment, an investment...), as Relay refetches it." + NOT_FOUND_NULL,
    )
    async def node(self, info: Info[Context, None], id: Id) -> Node | None:
        # Only `id`: relay-compiler refuses a `node` field with more arguments, so the graph
        # at a revision is `entity(id:, revision:)` and `nodes(ids:, revision:)`.
        return facts.node(await nodes.node(info.context, id))

    @strawberry.field(
        permission_classes=[CanRead],
        description="Entities and facts by id, in the order asked; null for an id that names "
        "nothing (no error). As many ids as a relationship page may hold.",
    )
    async def nodes(
        self,
        info: Info[Context, None],
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Slug or fact ids.")],
        revision: GraphAtRevision = None,
    ) -> list[Node | None]:
        if revision is None:
            found = await nodes.nodes(info.context, list(ids))
        else:
            found = await revisions.nodes_at(info.context, list(ids), revision)
        return [facts.node(item) for item in found]

    entity = entity_lookup(
        None, "Any entity by id, with the fields every entity has.", revision=True
    )
    person = entity_lookup("Person", "A person by id, e.g. `zhou-chang`.", revision=True)
    company = entity_lookup(
        "Company", "A company, unit, lab or investor by id, e.g. `alibaba-cloud`.", revision=True
    )
    model = entity_lookup("AIModel", "An AI model or release by id, e.g. `tongyi-qianwen`, `m6`.")
    university = entity_lookup("University", "A university by id, e.g. `peking-university`.")

    people = entity_list("Person", "People, by name unless `orderBy` says otherwise.")
    companies = entity_list("Company", "Companies, units, labs and investors, by name.")
    universities = entity_list("University", "Universities, by name.")
    models = entity_list("AIModel", "AI models and releases, by name.")
    products = entity_list("Product", "Products, by name.")
    rounds = entity_list("FundingRound", "Funding rounds, by name.")
    sources = entity_list("Source", "The sources facts cite, by id.")

    @strawberry.field(
        permission_classes=[CanRead],
        description=(
            "Search as you type over names, aliases and Chinese names: whole words, then "
            "prefixes (`Qwe` finds Qwen, `通义` finds 通义千问), then one-typo matches; best first "
            "(by score, then name and id), out of the best 1000 (`totalCount` counts those)."
        ),
    )
    async def search(
        self,
        info: Info[Context, None],
        text: Annotated[
            str, strawberry.argument(description="e.g. `Zhou Chang`, `通义千问`, `Qwen`.")
        ],
        kinds: Annotated[
            list[Kind] | None, strawberry.argument(description="Only these kinds; null: all.")
        ] = None,
        first: SearchFirst = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> SearchHitConnection:
        found = await traversals.search(
            info.context, text, kinds, paging(first, after, last, before)
        )
        return connection(found, results.search_hit)

    # --- Named traversals ---------------------------------------------------------

    @strawberry.field(
        permission_classes=[CanRead],
        description=(
            "Companies the investor backed (through funding rounds; its units count as the "
            "investor) that hired people who had worked at `alumniOf` (default: the investor; "
            "units count) and left before joining. E.g. the startups Alibaba invested in that "
            'hired ex-Alibaba staff: `portfolioAlumniHires(investor: "alibaba-group")`.'
        ),
    )
    async def portfolio_alumni_hires(
        self,
        info: Info[Context, None],
        investor: Id,
        alumni_of: OptionalId = None,
        revision: GraphAtRevision = None,
    ) -> list[PortfolioHire]:
        rows = await traversals.portfolio_alumni_hires(info.context, investor, alumni_of, revision)
        return [results.portfolio_hire(row) for row in rows]

    @strawberry.field(
        permission_classes=[CanRead],
        description=(
            "Moves of people from one company to another (a named company includes its units), "
            "per pair with a count and the people, largest first. The window applies to the "
            "date people joined."
        ),
    )
    async def talent_flows(
        self,
        info: Info[Context, None],
        from_: Annotated[
            strawberry.ID | None,
            strawberry.argument(name="from", description="The company people left, or null."),
        ] = None,
        to: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="The company people joined, or null."),
        ] = None,
        since: Since = None,
        until: Until = None,
        first: Annotated[int, strawberry.argument(description="How many pairs.")] = 50,
        granularity: Annotated[
            Granularity, strawberry.argument(description="How `periods` buckets the moves.")
        ] = Granularity.YEAR,
        revision: GraphAtRevision = None,
    ) -> list[TalentFlow]:
        rows = await traversals.talent_flows(
            info.context,
            from_,
            to,
            since,
            until,
            first,
            granularity is Granularity.QUARTER,
            revision,
        )
        return [results.talent_flow(row) for row in rows]

    @strawberry.field(
        permission_classes=[CanRead],
        description=(
            "People who left a company (its units count), newest first (undated last, then "
            "by name), with where they went. The window applies to the date they left."
        ),
    )
    async def departures(
        self,
        info: Info[Context, None],
        company: Id,
        since: Since = None,
        until: Until = None,
        first: FirstOfList = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        revision: GraphAtRevision = None,
    ) -> DepartureConnection:
        paged = paging(first, after, last, before)
        found = await traversals.departures(info.context, company, since, until, paged, revision)
        return connection(found, results.departure)

    @strawberry.field(
        permission_classes=[CanRead],
        description="Who invested alongside a company (its units count), and in which rounds.",
    )
    async def co_investors(
        self, info: Info[Context, None], company: Id, revision: GraphAtRevision = None
    ) -> list[CoInvestor]:
        rows = await traversals.co_investors(info.context, company, revision)
        return [results.co_investor(row) for row in rows]

    @strawberry.field(
        permission_classes=[CanRead],
        description="The companies an investor (or one of its units) backed, and how; by name.",
    )
    async def portfolio(
        self,
        info: Info[Context, None],
        investor: Id,
        first: FirstOfList = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        revision: GraphAtRevision = None,
    ) -> PortfolioCompanyConnection:
        found = await traversals.portfolio(
            info.context, investor, paging(first, after, last, before), revision
        )
        return connection(found, results.portfolio_company)

    @strawberry.field(
        permission_classes=[CanRead],
        description="How two entities are connected: the shortest paths, each hop with its evidence.",
    )
    async def connections(
        self,
        info: Info[Context, None],
        from_: Annotated[
            strawberry.ID, strawberry.argument(name="from", description="An entity id.")
        ],
        to: Annotated[strawberry.ID, strawberry.argument(description="Another entity id.")],
        max_hops: Annotated[
            int, strawberry.argument(description="The longest path to consider (capped).")
        ] = 4,
        first: Annotated[int, strawberry.argument(description="How many paths.")] = 10,
        revision: GraphAtRevision = None,
    ) -> list[Path]:
        rows = await traversals.connections(info.context, from_, to, max_hops, first, revision)
        return [results.path(row) for row in rows]

    # --- The change log (docs/history.md) -------------------------------------------

    @strawberry.field(
        permission_classes=[CanRead],
        description=(
            "The change log after a sequence number, oldest first: every write, numbered in "
            "commit order. Page on with `after: <the last seq seen>`."
        ),
    )
    async def changes(
        self,
        info: Info[Context, None],
        after: Annotated[
            int, strawberry.argument(description="The last seq already seen (0: from the start).")
        ] = 0,
        first: Annotated[
            int, strawberry.argument(description="How many changes (at most 1000).")
        ] = 100,
        kinds: Annotated[
            list[str] | None,
            strawberry.argument(description="Only changes that touched these types (`Person`...)."),
        ] = None,
        ids: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(description="Only changes that touched these ids."),
        ] = None,
    ) -> ChangeConnection:
        return await change_log.feed(info.context, after, first, kinds, ids)  # type: ignore[arg-type]

    @strawberry.field(
        permission_classes=[CanRead],
        description=(
            "Every recorded change to an entity, fact or merged id, newest first (also the "
            "`history` field of every entity and fact)."
        ),
    )
    async def history(
        self,
        info: Info[Context, None],
        id: Id,
        first: change_log.HistoryFirst = change_log.HISTORY_FIRST,
        after: change_log.HistoryAfter = None,
    ) -> change_log.RevisionConnection:
        return await change_log.history(info.context, id, first, after)

    # --- Cypher for power users -------------------------------------------------

    @strawberry.field(
        description=(
            "Run read-only Cypher (needs the `cypher` scope): the same guard as POST /cypher. "
            "Answers `{columns, rows, truncated}`."
        )
    )
    async def cypher(
        self,
        info: Info[Context, None],
        query: Annotated[str, strawberry.argument(description="A read-only Cypher statement.")],
        params: Annotated[
            JSON | None, strawberry.argument(description="Parameters, as a JSON object.")
        ] = None,
    ) -> JSON:
        return JSON(await cypher.run(info.context, query, params))
