"""Root lookups: by id, by kind, and full-text search."""

from __future__ import annotations

from dataclasses import dataclass

from model.graph import ENTITY_LABELS, Kind
from resolvers import Record, arguments
from resolvers.arguments import check_first, offset_after, search_text
from talentgraph.context import Context
from talentgraph.errors import BadInput, NotFound


@dataclass(frozen=True)
class Page:
    """One page of a list: its items, how many were skipped before it, and the whole count."""

    items: list[Record]
    skip: int
    total: int


async def entity(
    context: Context, id: str, kind: str | None = None, *, field: str = "id"
) -> Record:
    """One entity by id (or by an id it had before a merge); NOT_FOUND names what was asked."""
    rows = await context.graph.read("entity_by_id", ids=[id])
    if not rows:
        raise NotFound(f"no {entity_noun(kind)} has the id {id!r}", field=field)
    found: Record = rows[0]["node"]
    if kind is not None and kind not in found["label"]:
        actual = entity_noun(next(label for label in found["label"] if label in ENTITY_LABELS))
        raise NotFound(f"{id!r} is a {actual}, not a {entity_noun(kind)}", field=field)
    return found


async def entities(
    context: Context, kind: str, *, first: int, after: str | None, synthetic: bool | None
) -> Page:
    if kind not in ENTITY_LABELS:
        # The schema fixes `kind`; a label reaches Cypher only from the model's list.
        raise BadInput(f"{kind!r} is not a kind of entity", field="kind")
    skip = offset_after(after)
    first = check_first(first, context.settings.max_list_size)
    (row,) = await context.graph.read(
        "entity_list", label=kind, skip=skip, first=first, synthetic=synthetic
    )
    return Page(row["page"], skip, row["total"])


async def search(
    context: Context, text: str, kinds: list[Kind] | None, first: int
) -> list[tuple[Record, float]]:
    words = search_text(text)
    first = check_first(first, context.settings.max_page_size)
    labels = arguments.kinds(kinds)
    rows = await context.graph.read("search", text=words, labels=labels, first=first)
    return [(row["node"], row["score"]) for row in rows]


def entity_noun(kind: str | None) -> str:
    return {"AIModel": "model", "FundingRound": "funding round"}.get(
        kind or "", (kind or "entity").lower()
    )
