"""One page of one relationship for every parent of a level, in one statement."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from model import OUT, Relation
from model.graph import FACT_TYPES
from resolvers import Record
from resolvers.arguments import edge_filters
from resolvers.cursors import Window, window
from resolvers.nodes import Page, page
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
    paging: dict[str, Any],
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
    size = 2 if sort == "NAME" else 3
    asked = window(paging, size, 20, max_page_size)
    # The statement reads keys of three parts; by name the first is unused.
    # Tuples: equal queries share a batch, so the query is hashable.
    pad = (lambda key: None if key is None else (None, *key)) if size == 2 else _tuple
    params = {
        "count": asked.count,
        "limit": asked.limit,
        "backward": asked.backward,
        "after": pad(asked.after),
        "before": pad(asked.before),
        "sort": sort,
        **edge_filters(current=current, since=since, until=until, as_of=as_of, role=role),
    }
    statement = "edges_out" if relation.direction == OUT else "edges_in"
    return EdgeQuery(statement, relation.rel_type, tuple(sorted(params.items())))


async def pages(context: Context, query: EdgeQuery, ids: list[str]) -> list[Page]:
    """The page of `query` below each parent id, in the order of `ids`.

    Each page's items are maps `{rel, node}`: the fact's properties and the other end."""
    params: dict[str, Any] = {k: list(v) if isinstance(v, tuple) else v for k, v in query.params}
    # The values that may be null or are lists go in one map: one plan per type
    # (cypher/edges_in.cypher).
    plain = {k: params[k] for k in ("count", "limit", "backward", "sort")}
    args = {"ids": ids, **{k: v for k, v in params.items() if k not in plain}}
    rows = await context.graph.read(query.statement, type=query.rel_type, args=args, **plain)
    by_id = {row["id"]: row for row in rows}
    asked = Window(params["count"], params["backward"], params["after"], params["before"])
    key = key_of(params["sort"])
    return [
        page(by_id[i]["page"], asked, by_id[i]["beyond"], by_id[i]["total"], key)
        if i in by_id
        else page([], asked, False, 0, key)
        for i in ids
    ]


def key_of(sort: str) -> Callable[[Record], list[Any]]:
    """How an item's cursor key is read in a list sorted by `sort`."""
    return _name_key if sort == "NAME" else _start_key


def _tuple(key: list[Any] | None) -> tuple[Any, ...] | None:
    return None if key is None else tuple(key)


def _name_key(item: Record) -> list[Any]:
    """A fact's place in a list by the other end's name, as its cursor holds it."""
    return [item["node"].get("name"), item["rel"]["id"]]


def _start_key(item: Record) -> list[Any]:
    """A fact's place in a list by start, as its cursor holds it: the fact's own start,
    or for funding the round's announcement (as the statement sorts)."""
    start = item["rel"].get("startMin")
    if start is None:
        start = item["node"].get("announcedMin")
    return [start, *_name_key(item)]
