"""The graph as recorded at a revision (`entity(id:, revision:)`, `person`, `company`).

A thing's state at revision R is the `before` of its first revision after R,
or, when nothing changed it since, what the graph holds now. Entities and the
facts below them (the relationship fields of an entity read at a revision) are
rebuilt so, then filtered, sorted and paged here as cypher/edges_out.cypher does
on the live graph. Loads keep no revisions: what a seed or an import wrote is
seen at every revision (docs/history.md).
"""

from __future__ import annotations

import datetime
from typing import Any

from model import OUT
from resolvers import Record
from resolvers.cursors import Window
from resolvers.edges import EdgeQuery, key_of
from resolvers.nodes import Page, entity_noun, page
from talentgraph.changelog import REDIRECTS_TO, decode
from talentgraph.context import Context
from talentgraph.db import Graph
from talentgraph.errors import BadInput, NotFound


def check_revision(revision: int) -> int:
    if revision < 0:
        raise BadInput(f"`revision` is a change's seq, 0 or more, got {revision}", field="revision")
    return revision


def _labelled(type_: str, state: dict[str, Any]) -> Record:
    return {**state, "label": ["Entity", type_]}


async def entities_at(graph: Graph, ids: list[str], revision: int) -> dict[str, Record]:
    """The entities `ids` name as they were at `revision` (a merged id: the one it went into)."""
    found: dict[str, Record] = {}
    targets: dict[str, str] = {}
    for row in await graph.read("entities_at", ids=sorted(set(ids)), revision=revision):
        if row["next"]:
            (later,) = row["next"]
            state = decode(later["before"])
            if state is not None:
                found[row["id"]] = _labelled(later["type"], state)
                continue
        elif row["current"] is not None:
            found[row["id"]] = row["current"]
            continue
        target = row["redirect"]
        if row["nextRedirect"]:
            (later,) = row["nextRedirect"]
            before = decode(later["before"])
            target = before[REDIRECTS_TO] if before else None
        if target is not None:
            targets[row["id"]] = target
    if targets:
        kept = await entities_at(graph, list(targets.values()), revision)
        found.update((id, kept[t]) for id, t in targets.items() if t in kept)
    return found


async def entity_at(context: Context, id: str, revision: int, kind: str | None = None) -> Record:
    """One entity as recorded at `revision`; NOT_FOUND when it did not exist then."""
    found = (await entities_at(context.graph, [id], check_revision(revision))).get(id)
    if found is None:
        raise NotFound(
            f"no {entity_noun(kind)} had the id {id!r} at revision {revision}", field="id"
        )
    if kind is not None and kind not in found["label"]:
        raise NotFound(f"{id!r} was not a {entity_noun(kind)} at revision {revision}", field="id")
    return found


def _day(value: Any) -> datetime.date | None:
    return value.to_native() if hasattr(value, "to_native") else value


def _edges_at(row: dict[str, Any]) -> dict[str, tuple[dict[str, Any], str]]:
    """One parent's edges at the revision: fact id -> (properties, the other end's id)."""
    edges = {e["id"]: (e["rel"], e["other"]) for e in row["current"]}
    first: dict[str, dict[str, Any]] = {}
    for later in row["later"]:
        if later["id"] not in first or later["seq"] < first[later["id"]]["seq"]:
            first[later["id"]] = later
    for id, later in first.items():
        state = decode(later["before"])
        if state is None:
            edges.pop(id, None)
        else:
            edges[id] = (state, later["other"])
    return edges


def _page(items: list[Record], p: dict[str, Any]) -> Page:
    """The page of a listing read at a revision (in its order) that the query's window asks
    for: after its `after` item or before its `before` (a cursor names its item by id, last
    in its key), `count` items from the start, or backward from the end."""
    asked = Window(p["count"], p["backward"], p["after"], p["before"])
    ids = [item["rel"]["id"] for item in items]

    def at(cursor: Any, default: int) -> int:
        return ids.index(cursor[-1]) if cursor is not None and cursor[-1] in ids else default

    start = at(asked.after, -1) + 1
    stop = at(asked.before, len(items))
    chosen = items[start:stop]
    fetched = chosen[-asked.limit :] if asked.backward else chosen[: asked.limit]
    beyond = stop < len(items) if asked.backward else start > 0
    return page(fetched, asked, beyond, len(items), key_of(p["sort"]))


def _keep(rel: dict[str, Any], node: Record, p: dict[str, Any]) -> bool:
    """cypher/edges_out.cypher's filters, on one edge."""
    from_min = _day(rel.get("startMin") or node.get("announcedMin"))
    end_max = _day(rel.get("endMax"))
    ended = rel.get("ended")
    ended = end_max is not None if ended is None else ended
    role = p["role"]
    return (
        (p["current"] is None or ended == (not p["current"]))
        and (role is None or (rel.get("role") is not None and role.lower() in rel["role"].lower()))
        and (p["untilMax"] is None or from_min is None or from_min <= p["untilMax"])
        and (p["sinceMin"] is None or not ended or end_max is None or end_max >= p["sinceMin"])
        and (p["asOfMax"] is None or from_min is None or from_min <= p["asOfMax"])
        and (p["asOfMin"] is None or not ended or end_max is None or end_max >= p["asOfMin"])
    )  # fmt: skip


def _sorted(items: list[Record], sort: str) -> list[Record]:
    """cypher/edges_out.cypher's order: by start (undated last) or name, then name, then id."""

    def start(item: Record) -> datetime.date | None:
        return _day(item["rel"].get("startMin") or item["node"].get("announcedMin"))

    items = sorted(items, key=lambda i: (i["node"].get("name") or "", i["rel"]["id"]))
    if sort == "NAME":
        return items
    dated = [i for i in items if start(i) is not None]
    dated.sort(key=start, reverse=sort == "START_DESC")  # type: ignore[arg-type]
    return dated + [i for i in items if start(i) is None]


async def pages_at(context: Context, query: EdgeQuery, revision: int, ids: list[str]) -> list[Page]:
    """`query`'s page below each parent id, as recorded at `revision` (see edges.pages)."""
    p = dict(query.params)
    rows = await context.graph.read(
        "edges_at", ids=ids, type=query.rel_type, out=query.statement == f"edges_{OUT}",
        revision=revision,
    )  # fmt: skip
    edges = {row["id"]: _edges_at(row) for row in rows}
    others = {other for found in edges.values() for _, other in found.values()}
    nodes = await entities_at(context.graph, list(others), revision)
    pages = []
    for id in ids:
        items = [
            {"rel": rel, "node": nodes[other]}
            for rel, other in edges.get(id, {}).values()
            if other in nodes and _keep(rel, nodes[other], p)
        ]
        pages.append(_page(_sorted(items, p["sort"]), p))
    return pages
