"""One page of one relationship for every parent of a level, in one statement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model import OUT, Relation
from model.graph import FACT_TYPES
from resolvers.arguments import check_first, edge_filters, offset_after
from resolvers.nodes import Page
from talentgraph.context import Context
from talentgraph.dates import PartialDate
from talentgraph.errors import BadInput

SORTS = ("START_DESC", "START_ASC", "NAME")


@dataclass(frozen=True)
class EdgeQuery:
    """A checked request for pages of one relationship: equal queries share one batch."""

    statement: str
    rel_type: str
    params: tuple[tuple[str, Any], ...]


def edge_query(
    relation: Relation,
    *,
    first: int,
    after: str | None,
    sort: str,
    max_page_size: int,
    current: bool | None = None,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    as_of: PartialDate | None = None,
    role: str | None = None,
) -> EdgeQuery:
    # The schema fixes both; checked all the same, since the type reaches Cypher text.
    if relation.rel_type not in FACT_TYPES or sort not in SORTS:
        raise BadInput(f"no such relationship page: {relation.rel_type} by {sort}")
    params = {
        "first": check_first(first, max_page_size),
        "skip": offset_after(after),
        "sort": sort,
        **edge_filters(current=current, since=since, until=until, as_of=as_of, role=role),
    }
    statement = "edges_out" if relation.direction == OUT else "edges_in"
    return EdgeQuery(statement, relation.rel_type, tuple(sorted(params.items())))


async def pages(context: Context, query: EdgeQuery, ids: list[str]) -> list[Page]:
    """The page of `query` below each parent id, in the order of `ids`.

    Each page's items are maps `{rel, node}`: the fact's properties and the other end."""
    params = dict(query.params)
    rows = await context.graph.read(query.statement, ids=ids, type=query.rel_type, **params)
    by_id = {row["id"]: row for row in rows}
    return [
        Page(by_id[i]["page"], params["skip"], by_id[i]["total"])
        if i in by_id
        else Page([], params["skip"], 0)
        for i in ids
    ]
