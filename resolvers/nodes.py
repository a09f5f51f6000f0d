"""Root lookups: by id, by kind, and full-text search."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from model.graph import ENTITY_LABELS
from resolvers import Record
from resolvers.cursors import Window, window
from talentgraph.context import Context
from talentgraph.db import Rows
from talentgraph.errors import BadInput, NotFound


@dataclass(frozen=True)
class Page:
    """One page of a list: its items with their sort keys (for cursors), whether items
    lie before and after it, and the whole count."""

    items: list[Record]
    keys: list[list[Any]]
    has_previous: bool
    has_next: bool
    total: int


def page(
    fetched: list[Any], window: Window, beyond: bool, total: int, key: Callable[[Any], list[Any]]
) -> Page:
    """A page from the items a statement fetched in list order (one more than asked, if
    there are), and whether any item lies beyond the cursor it started from."""
    more = len(fetched) > window.count
    start = max(len(fetched) - window.count, 0)  # backwards: the last `count` of them
    items = fetched[start:] if window.backward else fetched[: window.count]
    previous, following = (more, beyond) if window.backward else (beyond, more)
    return Page(items, [key(i) for i in items], previous, following, total)


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


async def node(context: Context, id: str) -> Record:
    """An entity or a fact by id (facts as {type, rel, start, end}); NOT_FOUND otherwise."""
    (found,) = await nodes(context, [id])
    if found is None:
        raise NotFound(f"no entity or fact has the id {id!r}", field="id")
    return found


async def nodes(
    context: Context, ids: list[str], read: Callable[..., Awaitable[Rows]] | None = None
) -> list[Record | None]:
    """Entities or facts by id, in the order asked; None where an id names nothing.
    `read` runs the named statements (default: on the live graph; revisions.nodes_at
    runs them on the graph at a revision)."""
    check_ids(ids, context.settings.max_page_size)
    read = read or context.graph.read
    found: dict[str, Record] = {}
    if ids:
        for row in await read("entity_by_id", ids=ids):
            found[row["id"]] = row["node"]
        rest = [i for i in dict.fromkeys(ids) if i not in found]
        if rest:
            for row in await read("fact_by_id", ids=rest):
                found[row["id"]] = {k: row[k] for k in ("type", "rel", "start", "end")}
    return [found.get(i) for i in ids]


def check_ids(ids: list[str], cap: int) -> list[str]:
    """`nodes(ids:)` takes as many ids as a relationship page holds items (each id is
    capped in length by the schema's limits, as `node`'s is)."""
    if len(ids) > cap:
        raise BadInput(f"`ids` holds at most {cap} ids, got {len(ids)}", field="ids")
    return ids


async def entities(
    context: Context, kind: str, *, paging: dict[str, Any], synthetic: bool | None
) -> Page:
    """A page of entities of one kind; `paging` holds first, after, last and before."""
    if kind not in ENTITY_LABELS:
        # The schema fixes `kind`; a label reaches Cypher only from the model's list.
        raise BadInput(f"{kind!r} is not a kind of entity", field="kind")
    asked = window(paging, 1 if kind == "Source" else 2, 100, context.settings.max_list_size)

    async def read(flip: bool, limit: int, **cursors: Any) -> tuple[list[Record], int]:
        # The values that may be null go in one map: one plan (cypher/entity_list.cypher).
        (row,) = await context.graph.read(
            "entity_list", label=kind, backward=asked.backward, flip=flip, limit=limit,
            args={"synthetic": synthetic, **cursors},
        )  # fmt: skip
        found = row["page"][::-1] if asked.backward else row["page"]
        return found, row["total"]

    fetched, total = await read(False, asked.limit, after=asked.after, before=asked.before)
    beyond = False
    if asked.lead is not None:
        # Is anything not past the cursor the page starts from? One entity tells.
        side = "before" if asked.backward else "after"
        found, _ = await read(True, 1, **{"after": None, "before": None, side: asked.lead})
        beyond = bool(found)
    return page(fetched, asked, beyond, total, entity_key)


def entity_key(item: Record) -> list[Any]:
    """An entity's place in a list by name (Sources: by id), as its cursor holds it."""
    return [item["id"]] if "Source" in item["label"] else [item.get("name"), item["id"]]


def entity_noun(kind: str | None) -> str:
    return {"AIModel": "model", "FundingRound": "funding round"}.get(
        kind or "", (kind or "entity").lower()
    )
