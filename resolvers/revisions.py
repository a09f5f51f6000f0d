"""The graph as recorded at a revision (`entity(id:, revision:)`, `person`, `company`,
and the named traversals' `revision:`).

A thing's state at revision R is the `before` of its first revision after R,
or, when nothing changed it since, what the graph holds now. Entities and the
facts below them (the relationship fields of an entity read at a revision) are
rebuilt so, then filtered, sorted and paged here as cypher/edges_out.cypher does
on the live graph. A named traversal walks the whole graph, so `read_at` puts
those states back in a transaction that is never committed and runs the reviewed
statement there. Loads keep no revisions: what a seed or an import wrote is seen
at every revision (docs/history.md).
"""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any

from model import OUT
from model.graph import FACT_TYPES
from model.kinds import ENTITIES
from resolvers import Record, nodes
from resolvers.cursors import Window
from resolvers.edges import EdgeQuery, key_of
from resolvers.nodes import Page, entity_noun, page
from talentgraph.changelog import REDIRECT, REDIRECTS_TO, decode
from talentgraph.context import Context
from talentgraph.db import Graph, Rows, Tx
from talentgraph.errors import BadInput, NotFound

# The key an entity's map carries when it was read at a revision (schema/records.py).
REVISION = "_revision"


def check_revision(revision: int) -> int:
    if revision < 0:
        raise BadInput(f"`revision` is a change's seq, 0 or more, got {revision}", field="revision")
    return revision


async def read_at(context: Context, revision: int, name: str, **params: Any) -> Rows:
    """The named read statement `name` run over the graph as recorded at `revision`.

    In a write transaction that is never committed: every entity, relationship and
    redirect a later change touched is put back as its first later revision found it
    (or removed, if that revision created it), then the statement runs, and the
    transaction rolls back. At most `revision_max_revisions` revisions are put back,
    so the work (and the write locks held meanwhile) stay bounded. The entities
    answered carry the revision, so the facts read below them are of then too.
    """
    check_revision(revision)
    cap = context.settings.revision_max_revisions

    async def rewound(tx: Tx) -> Rows:
        later = await tx.run("rewind_read", revision=revision, first=cap + 1)
        if len(later) > cap:
            raise BadInput(
                f"revision {revision} is more than {cap} revisions back; at a revision that "
                "old only the lookups answer (`entity`, `person`, `company` with `revision:`)",
                field="revision",
            )
        await _rewind(tx, later)
        return await tx.run(name, **params)

    return _marked(await context.graph.rolled_back(rewound), revision)


async def nodes_at(context: Context, ids: list[str], revision: int) -> list[Record | None]:
    """`nodes(ids:, revision:)`: entities or facts by id, as recorded at `revision`."""
    return await nodes.nodes(context, ids, partial(read_at, context, revision))


async def _rewind(tx: Tx, later: list[dict[str, Any]]) -> None:
    """Put back the state before each thing's first revision in `later` (oldest first)."""
    first: dict[tuple[str, str], dict[str, Any]] = {}
    ends: dict[str, set[tuple[str, str]]] = {}
    for r in later:
        kind = r["type"] if r["type"] == REDIRECT or r["type"] in ENTITIES else "fact"
        if kind == "fact" and r["type"] not in FACT_TYPES:
            raise ValueError(f"a revision of an unknown type: {r['type']!r}")  # never written
        first.setdefault((kind, r["id"]), r)
        if kind == "fact":
            ends.setdefault(r["id"], set()).add((r["from"], r["to"]))
    then = {key: decode(r["before"]) for key, r in first.items()}
    await tx.run(
        "rewind_delete",
        relationships=[{"id": id, "from": a, "to": b} for id, pairs in ends.items() for a, b in pairs],
        redirects=[id for (kind, id), state in then.items() if kind == REDIRECT and state is None],
        nodes=[id for (kind, id), state in then.items() if kind not in ("fact", REDIRECT)
               and state is None],
    )  # fmt: skip
    back = {key: (first[key], state) for key, state in then.items() if state is not None}
    await tx.run(
        "revert_put",
        nodes=[{"id": id, "label": r["type"], "props": state}
               for (kind, id), (r, state) in back.items() if kind not in ("fact", REDIRECT)],
        redirects=[{"id": id, "props": {k: v for k, v in state.items() if k != REDIRECTS_TO},
                    "to": state[REDIRECTS_TO]}
                   for (kind, id), (_, state) in back.items() if kind == REDIRECT],
        relationships=[{"id": id, "type": r["type"], "from": r["from"], "to": r["to"],
                        "props": state}
                       for (kind, id), (r, state) in back.items() if kind == "fact"],
    )  # fmt: skip


def _marked(value: Any, revision: int) -> Any:
    """`value` with every entity map in it carrying `revision` (schema/records.py reads it)."""
    if isinstance(value, list):
        return [_marked(item, revision) for item in value]
    if isinstance(value, dict):
        marked = {key: _marked(item, revision) for key, item in value.items()}
        if isinstance(value.get("label"), list) and "Entity" in value["label"]:
            marked[REVISION] = revision
        return marked
    return value


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


async def entity_at(
    context: Context, id: str, revision: int, kind: str | None = None, field: str = "id"
) -> Record:
    """One entity as recorded at `revision`; NOT_FOUND (on `field`) when it did not exist then."""
    found = (await entities_at(context.graph, [id], check_revision(revision))).get(id)
    if found is None:
        raise NotFound(
            f"no {entity_noun(kind)} had the id {id!r} at revision {revision}", field=field
        )
    if kind is not None and kind not in found["label"]:
        raise NotFound(f"{id!r} was not a {entity_noun(kind)} at revision {revision}", field=field)
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
