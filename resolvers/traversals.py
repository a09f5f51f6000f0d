"""The named traversals: one reviewed statement each, whatever is selected below them.

Each answers the statement's row as Neo4j returned it, after checking that the
ids it names exist (NOT_FOUND on the argument otherwise); schema/traversals.py
turns the row into the API's result types. With a `revision`, the statement runs
over the graph as the change log recorded it then (resolvers/revisions.py).
"""

from __future__ import annotations

from typing import Any

from model.graph import Kind
from resolvers import Record, arguments, nodes, ordered, revisions
from resolvers.arguments import check_first, search_text
from resolvers.nodes import Page
from talentgraph.context import Context
from talentgraph.dates import PartialDate
from talentgraph.db import Rows
from talentgraph.errors import BadInput


async def portfolio_alumni_hires(
    context: Context, investor: str, alumni_of: str | None, revision: int | None = None
) -> list[Record]:
    (row,) = await _read(
        context, revision, "portfolio_alumni_hires", investor=investor, alumniOf=alumni_of
    )
    await _found(context, revision, row["investorFound"], investor, "investor")
    await _found(context, revision, row["alumniOfFound"], alumni_of or investor, "alumniOf")
    results: list[Record] = row["results"]
    return results


async def talent_flows(
    context: Context,
    from_: str | None,
    to: str | None,
    since: PartialDate | None,
    until: PartialDate | None,
    first: int,
    quarterly: bool,
    revision: int | None = None,
) -> list[Record]:
    (row,) = await _read(
        context,
        revision,
        "talent_flows",
        **{"from": from_, "to": to},
        first=check_first(first, context.settings.max_page_size),
        **_window(since, until),
        quarterly=quarterly,
    )
    await _found(context, revision, row["fromFound"], from_, "from")
    await _found(context, revision, row["toFound"], to, "to")
    flows: list[Record] = row["flows"]
    return flows


async def departures(
    context: Context,
    company: str,
    since: PartialDate | None,
    until: PartialDate | None,
    paging: dict[str, Any],
    revision: int | None = None,
) -> Page:
    """A page of departures (`paging`: first, after, last, before), newest first."""
    asked = ordered.checked(paging, ordered.DEPARTURES, 100, context.settings.max_page_size)
    (row,) = await _read(context, revision, "departures", company=company, **_window(since, until))
    await _found(context, revision, row["found"], company, "company")
    return ordered.cut(row["departures"], ordered.DEPARTURES, asked)


async def co_investors(context: Context, company: str, revision: int | None = None) -> list[Record]:
    (row,) = await _read(context, revision, "co_investors", company=company)
    await _found(context, revision, row["found"], company, "company")
    found: list[Record] = row["coInvestors"]
    return found


async def portfolio(
    context: Context, investor: str, paging: dict[str, Any], revision: int | None = None
) -> Page:
    """A page of an investor's portfolio, by company name."""
    asked = ordered.checked(paging, ordered.PORTFOLIO, 100, context.settings.max_page_size)
    (row,) = await _read(context, revision, "portfolio", investor=investor)
    await _found(context, revision, row["found"], investor, "investor")
    return ordered.cut(row["portfolio"], ordered.PORTFOLIO, asked)


async def search(
    context: Context, text: str, kinds: list[Kind] | None, paging: dict[str, Any]
) -> Page:
    """A page of the hits, best first, out of the best `SEARCH_DEPTH` (see ordered.py)."""
    asked = ordered.checked(paging, ordered.SEARCH, 10, context.settings.max_page_size)
    words = search_text(text)
    labels = arguments.kinds(kinds)
    rows = await context.graph.read("search", text=words, labels=labels, first=SEARCH_DEPTH)
    return ordered.cut(rows, ordered.SEARCH, asked)


SEARCH_DEPTH = 1_000
"""How many hits a search ranks and counts (`totalCount`): the best thousand. Lucene
scores every match of a word as short as `a`; the pages come from the best of them."""


async def connections(
    context: Context, from_: str, to: str, max_hops: int, first: int, revision: int | None = None
) -> list[Record]:
    cap = context.settings.max_hops
    if not 1 <= max_hops <= cap:
        raise BadInput(f"`maxHops` must be between 1 and {cap}, got {max_hops}", field="maxHops")
    if from_ == to:
        raise BadInput("`from` and `to` are the same entity", field="to")
    (row,) = await _read(
        context,
        revision,
        "connections",
        **{"from": from_, "to": to},
        maxHops=max_hops,
        first=check_first(first, context.settings.max_page_size),
    )
    await _found(context, revision, row["fromFound"], from_, "from", None)
    await _found(context, revision, row["toFound"], to, "to", None)
    paths: list[Record] = row["paths"]
    return paths


def _window(since: PartialDate | None, until: PartialDate | None) -> dict[str, Any]:
    return {
        "sinceMin": since.earliest if since else None,
        "untilMax": until.latest if until else None,
    }


async def _read(context: Context, revision: int | None, name: str, **params: Any) -> Rows:
    """The named statement over the live graph, or over the graph at `revision`."""
    if revision is None:
        return await context.graph.read(name, **params)
    return await revisions.read_at(context, revision, name, **params)


async def _found(
    context: Context,
    revision: int | None,
    found: bool,
    id: str | None,
    field: str,
    kind: str | None = "Company",
) -> None:
    if not found:
        # Only on the error path: one more lookup to say what the id is (or was) instead.
        if revision is None:
            await nodes.entity(context, id or "", kind, field=field)
        else:
            await revisions.entity_at(context, id or "", revision, kind, field=field)
