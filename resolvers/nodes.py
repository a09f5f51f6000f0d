"""Root lookups: by id, by kind, and full-text search."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from compiler.arguments import check_first, offset_after, search_text
from resolvers import convert
from resolvers.pagination import connection
from schema.connections import Connection
from schema.types import ENTITY_TYPES, Entity
from talentgraph.context import Context
from talentgraph.errors import NotFound

ALLOWED_LABELS = frozenset(ENTITY_TYPES)


async def entity(
    info: Info[Context, None], id: str, kind: str | None = None, *, field: str = "id"
) -> Entity:
    """One entity by id (or by an id it had before a merge); NOT_FOUND names what was asked."""
    rows = await info.context.graph.read("entity_by_id", ids=[id])
    if not rows:
        raise NotFound(f"no {_noun(kind)} has the id {id!r}", field=field)
    found = convert.entity(rows[0]["node"])
    if kind is not None and not isinstance(found, ENTITY_TYPES[kind]):
        actual = _noun(type(found).__name__)
        raise NotFound(f"{id!r} is a {actual}, not a {_noun(kind)}", field=field)
    return found


async def entities(
    info: Info[Context, None], kind: str, *, first: int, after: str | None, synthetic: bool | None
) -> Connection[Any]:
    assert kind in ALLOWED_LABELS  # fixed by the schema, not users
    context = info.context
    skip = offset_after(after)
    first = check_first(first, context.settings.max_list_size)
    (row,) = await context.graph.read(
        "entity_list", label=kind, skip=skip, first=first, synthetic=synthetic
    )
    return connection([convert.entity(n) for n in row["page"]], skip, row["total"])


async def search(
    info: Info[Context, None], text: str, kinds: list[str] | None, first: int
) -> list[tuple[Entity, float]]:
    words = search_text(text)
    first = check_first(first, info.context.settings.max_page_size)
    rows = await info.context.graph.read("search", text=words, labels=kinds, first=first)
    return [(convert.entity(row["node"]), row["score"]) for row in rows]


def _noun(kind: str | None) -> str:
    return {"AIModel": "model", "FundingRound": "funding round"}.get(
        kind or "", (kind or "entity").lower()
    )
