"""The root Query type: lookups, lists, search, the named traversals, the change log
and Cypher.

Every root field is one line: what it answers, its arguments (a table, as in
schema/arguments.py) and the function that answers them, whose docstring is the
field's description. The lookups and lists are made by schema/lists.py; the compiler
knows them by the `lookup` or `list` their fields carry, not by their names.

No `from __future__ import annotations` here: the tables' annotations must be real objects.
"""

from collections.abc import Sequence
from typing import Any

import strawberry
from strawberry.permission import BasePermission
from strawberry.types import Info

from model.graph import Kind
from resolvers import cypher, nodes, revisions, stats, traversals
from schema import changes as change_log
from schema import facts
from schema import traversals as results
from schema.arguments import PAGE, REQUIRED, Arguments, Run, argument, resolver
from schema.changes import ChangeConnection
from schema.lists import NOT_FOUND_NULL, GraphAtRevision, Id, entity_list, entity_lookup
from schema.pagination import FirstOfList, connection, first_description, paging
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

Args = dict[str, Any]


# The arguments, each declared once; a field's table names the ones it takes, in order.
ID: Arguments = {"id": (Id, REQUIRED)}
COMPANY: Arguments = {"company": (Id, REQUIRED)}
INVESTOR: Arguments = {"investor": (Id, REQUIRED)}
REVISION: Arguments = {"revision": (GraphAtRevision, None)}
LIST_PAGE: Arguments = {**PAGE, "first": (FirstOfList, None)}  # 100 by default
DATES: Arguments = {
    "since": (argument(PartialDate | None, "Start of the window, e.g. `2023`."), None),
    "until": (argument(PartialDate | None, "End of the window, e.g. `2024-07`."), None),
}
NODES: Arguments = {
    "ids": (argument(list[strawberry.ID], "Slug or fact ids."), REQUIRED),
    **REVISION,
}
SEARCH: Arguments = {
    "text": (argument(str, "e.g. `Zhou Chang`, `通义千问`, `Qwen`."), REQUIRED),
    "kinds": (argument(list[Kind] | None, "Only these kinds; null: all."), None),
    **PAGE,
    "first": (argument(int | None, first_description(10, "How many hits, from the best")), None),
}
ALUMNI_HIRES: Arguments = {
    **INVESTOR,
    "alumni_of": (argument(strawberry.ID | None, "A slug id, or null."), None),
    **REVISION,
}
FLOWS: Arguments = {
    "from_": (argument(strawberry.ID | None, "The company people left, or null.", "from"), None),
    "to": (argument(strawberry.ID | None, "The company people joined, or null."), None),
    **DATES,
    "first": (argument(int, "How many pairs."), 50),
    "granularity": (argument(Granularity, "How `periods` buckets the moves."), Granularity.YEAR),
    **REVISION,
}
DEPARTURES: Arguments = {**COMPANY, **DATES, **LIST_PAGE, **REVISION}
PORTFOLIO: Arguments = {**INVESTOR, **LIST_PAGE, **REVISION}
PATHS: Arguments = {
    "from_": (argument(strawberry.ID, "An entity id.", "from"), REQUIRED),
    "to": (argument(strawberry.ID, "Another entity id."), REQUIRED),
    "max_hops": (argument(int, "The longest path to consider (capped)."), 4),
    "first": (argument(int, "How many paths."), 10),
    **REVISION,
}
CHANGES: Arguments = {
    "after": (argument(int, "The last seq already seen (0: from the start)."), 0),
    "first": (argument(int, "How many changes (at most 1000)."), 100),
    "kinds": (
        argument(list[str] | None, "Only changes that touched these types (`Person`...)."),
        None,
    ),
    "ids": (argument(list[strawberry.ID] | None, "Only changes that touched these ids."), None),
}
HISTORY: Arguments = {
    **ID,
    "first": (change_log.HistoryFirst, change_log.HISTORY_FIRST),
    "after": (change_log.HistoryAfter, None),
}
CYPHER: Arguments = {
    "query": (argument(str, "A read-only Cypher statement."), REQUIRED),
    "params": (argument(JSON | None, "Parameters, as a JSON object."), None),
}


def _root(
    returns: Any,
    arguments: Arguments,
    run: Run,
    more: str = "",
    permissions: Sequence[type[BasePermission]] = (CanRead,),
) -> Any:
    """The root field answering `returns` through `run`, described by its docstring (and
    `more`); a key with the read scope may ask it unless `permissions` says otherwise."""
    description = " ".join((run.__doc__ or "").split()) + more
    return strawberry.field(resolver=resolver(arguments, run, returns),
                            permission_classes=list(permissions), description=description)  # fmt: skip


def _page(args: Args) -> Args:
    return paging(args["first"], args["after"], args["last"], args["before"])


@strawberry.type(description="How much the graph holds.")
class GraphStats:
    nodes: int = strawberry.field(description="Entities of every kind, sources included.")
    relationships: int = strawberry.field(description="Relationships of every type.")
    sources: int = strawberry.field(description="Sources that facts cite.")
    people: int
    companies: int
    models: int
    rounds: int = strawberry.field(description="Funding rounds.")


async def _stats(root: Any, info: Info[Context, None], args: Args) -> GraphStats:
    """How many entities and relationships the graph holds."""
    return GraphStats(**await stats.graph_stats(info.context.graph))


async def _node(root: Any, info: Info[Context, None], args: Args) -> Any:
    """Anything by id: an entity (a person, company, model, round, source...) or a fact
    (an employment, an investment...), as Relay refetches it."""
    # Only `id`: relay-compiler refuses a `node` field with more arguments, so the graph
    # at a revision is `entity(id:, revision:)` and `nodes(ids:, revision:)`.
    return facts.node(await nodes.node(info.context, args["id"]))


async def _nodes(root: Any, info: Info[Context, None], args: Args) -> Any:
    """Entities and facts by id, in the order asked; null for an id that names nothing
    (no error). As many ids as a relationship page may hold."""
    ids, revision = list(args["ids"]), args["revision"]
    if revision is None:
        found = await nodes.nodes(info.context, ids)
    else:
        found = await revisions.nodes_at(info.context, ids, revision)
    return [facts.node(item) for item in found]


async def _search(root: Any, info: Info[Context, None], args: Args) -> Any:
    """Search as you type over names, aliases and Chinese names: whole words, then
    prefixes (`Qwe` finds Qwen, `通义` finds 通义千问), then one-typo matches; best first
    (by score, then name and id), out of the best 1000 (`totalCount` counts those)."""
    found = await traversals.search(info.context, args["text"], args["kinds"], _page(args))
    return connection(found, results.search_hit)


async def _portfolio_alumni_hires(root: Any, info: Info[Context, None], args: Args) -> Any:
    """Companies the investor backed (through funding rounds; its units count as the
    investor) that hired people who had worked at `alumniOf` (default: the investor;
    units count) and left before joining. E.g. the startups Alibaba invested in that
    hired ex-Alibaba staff: `portfolioAlumniHires(investor: "alibaba-group")`."""
    rows = await traversals.portfolio_alumni_hires(
        info.context, args["investor"], args["alumni_of"], args["revision"]
    )
    return [results.portfolio_hire(row) for row in rows]


async def _talent_flows(root: Any, info: Info[Context, None], args: Args) -> Any:
    """Moves of people from one company to another (a named company includes its units),
    per pair with a count and the people, largest first. The window applies to the date
    people joined."""
    quarterly = args["granularity"] is Granularity.QUARTER
    rows = await traversals.talent_flows(info.context, args["from_"], args["to"], args["since"],
                                         args["until"], args["first"], quarterly, args["revision"])  # fmt: skip
    return [results.talent_flow(row) for row in rows]


async def _departures(root: Any, info: Info[Context, None], args: Args) -> Any:
    """People who left a company (its units count), newest first (undated last, then by
    name), with where they went. The window applies to the date they left."""
    found = await traversals.departures(info.context, args["company"], args["since"],
                                        args["until"], _page(args), args["revision"])  # fmt: skip
    return connection(found, results.departure)


async def _co_investors(root: Any, info: Info[Context, None], args: Args) -> Any:
    """Who invested alongside a company (its units count), and in which rounds."""
    rows = await traversals.co_investors(info.context, args["company"], args["revision"])
    return [results.co_investor(row) for row in rows]


async def _portfolio(root: Any, info: Info[Context, None], args: Args) -> Any:
    """The companies an investor (or one of its units) backed, and how; by name."""
    found = await traversals.portfolio(
        info.context, args["investor"], _page(args), args["revision"]
    )
    return connection(found, results.portfolio_company)


async def _connections(root: Any, info: Info[Context, None], args: Args) -> Any:
    """How two entities are connected: the shortest paths, each hop with its evidence."""
    rows = await traversals.connections(info.context, args["from_"], args["to"],
                                        args["max_hops"], args["first"], args["revision"])  # fmt: skip
    return [results.path(row) for row in rows]


async def _changes(root: Any, info: Info[Context, None], args: Args) -> Any:
    """The change log after a sequence number, oldest first: every write, numbered in
    commit order. Page on with `after: <the last seq seen>`."""
    return await change_log.feed(info.context, args["after"], args["first"], args["kinds"],
                                 args["ids"])  # fmt: skip


async def _history(root: Any, info: Info[Context, None], args: Args) -> Any:
    """Every recorded change to an entity, fact or merged id, newest first (also the
    `history` field of every entity and fact)."""
    return await change_log.history(info.context, args["id"], args["first"], args["after"])


async def _cypher(root: Any, info: Info[Context, None], args: Args) -> Any:
    """Run read-only Cypher (needs the `cypher` scope): the same guard as POST /cypher.
    Answers `{columns, rows, truncated}`."""
    return JSON(await cypher.run(info.context, args["query"], args["params"]))


@strawberry.type
class Query:
    stats = _root(GraphStats, {}, _stats)
    node = _root(Node | None, ID, _node, NOT_FOUND_NULL)
    nodes = _root(list[Node | None], NODES, _nodes)

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

    search = _root(SearchHitConnection, SEARCH, _search)

    # --- Named traversals ---------------------------------------------------------
    portfolio_alumni_hires = _root(list[PortfolioHire], ALUMNI_HIRES, _portfolio_alumni_hires)
    talent_flows = _root(list[TalentFlow], FLOWS, _talent_flows)
    departures = _root(DepartureConnection, DEPARTURES, _departures)
    co_investors = _root(list[CoInvestor], {**COMPANY, **REVISION}, _co_investors)
    portfolio = _root(PortfolioCompanyConnection, PORTFOLIO, _portfolio)
    connections = _root(list[Path], PATHS, _connections)

    # --- The change log (docs/history.md) -------------------------------------------
    changes = _root(ChangeConnection, CHANGES, _changes)
    history = _root(change_log.RevisionConnection, HISTORY, _history)

    # --- Cypher for power users: the scope is checked by the guard, not here ----------
    cypher = _root(JSON, CYPHER, _cypher, permissions=())
