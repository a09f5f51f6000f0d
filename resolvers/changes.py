"""Reading the change log: the feed of changes after a sequence number, and an id's history.

Plain records, as the other resolvers answer them: a change is a dict with
`seq`, `at` (a timezone-aware datetime), `by`, `operation`, `ids`, `kinds`,
`counts` (a dict or None), `reverts` and `revisions`; a revision is a dict with
`id`, `seq`, `kind`, `before`, `after` (plain JSON objects or None) and `sources`
(ids). `changes_after` is shared with the subscriptions' tailer, which calls it
with a `Graph` (see /work/wt/CHANGELOG-CONTRACT.md).
"""

from __future__ import annotations

import json
from typing import Any

from resolvers import Record
from resolvers.arguments import check_first
from talentgraph.context import Context
from talentgraph.db import Graph
from talentgraph.errors import BadInput

# The most changes one read answers (the `changes` query, GET /changes, the tailer).
MAX_CHANGES = 1_000
# The most kinds or ids a filter may name.
MAX_FILTER = 100


def _graph(source: Context | Graph) -> Graph:
    return source.graph if isinstance(source, Context) else source


def check_filters(
    after: int, first: int, kinds: list[str] | None, ids: list[str] | None
) -> tuple[list[str] | None, list[str] | None]:
    """Refuse a bad `after`, `first`, `kinds` or `ids`; empty filters mean none."""
    if after < 0:
        raise BadInput(f"`after` is a sequence number, 0 or more, got {after}", field="after")
    check_first(first, MAX_CHANGES)
    for name, given in (("kinds", kinds), ("ids", ids)):
        if given is not None and len(given) > MAX_FILTER:
            raise BadInput(f"`{name}` may name at most {MAX_FILTER} values", field=name)
    return kinds or None, ids or None


async def changes_after(
    source: Context | Graph,
    after: int,
    first: int,
    kinds: list[str] | None = None,
    ids: list[str] | None = None,
) -> list[Record]:
    """The changes with seq > `after`, oldest first, at most `first`, filtered by the
    API types (`kinds`) or the ids they touched (`ids`)."""
    kinds, ids = check_filters(after, first, kinds, ids)
    return await read_after(_graph(source), after, first, kinds, ids)


async def read_after(
    graph: Graph, after: int, first: int, kinds: list[str] | None, ids: list[str] | None
) -> list[Record]:
    """changes_after without the checks, for callers that checked (and read one more)."""
    rows = await graph.read("changes_after", after=after, first=first, kinds=kinds, ids=ids)
    return [change(row["change"]) for row in rows]


def change(row: Record) -> Record:
    """A Change as Neo4j returned it, as the plain record the API answers."""
    return {
        "seq": row["seq"],
        "at": row["at"].to_native(),
        "by": row.get("by"),
        "operation": row["operation"],
        "ids": row.get("ids") or [],
        "kinds": row.get("kinds") or [],
        "counts": json.loads(row["counts"]) if row.get("counts") else None,
        "reverts": row.get("reverts"),
        "revisions": [revision(r) for r in row.get("revisions") or []],
    }


def revision(row: Record, change: Record | None = None) -> Record:
    """A Revision as the API answers it; with its change's `at`, `by`, `operation`, `reverts`."""
    record: Record = {
        "id": row["id"],
        "seq": row["seq"],
        "kind": row["kind"],
        "before": _json(row.get("before")),
        "after": _json(row.get("after")),
        "sources": row.get("sources") or [],
    }
    if change is not None:
        record.update(
            at=change["at"].to_native(),
            by=change.get("by"),
            operation=change["operation"],
            reverts=change.get("reverts"),
        )
    return record


def _json(text: str | None) -> Any:
    return json.loads(text) if text is not None else None


def _before_seq(after: str | None) -> int:
    """The seq a history page starts below: `after` is the cursor of the last item seen."""
    if after is None:
        return 2**62
    if not after.isdigit() or len(after) > 18:
        raise BadInput("`after` is not a cursor this API gave out", field="after")
    return int(after)


async def history(
    context: Context, id: str, first: int, after: str | None
) -> tuple[list[Record], int, bool]:
    """An id's revisions, newest first: a page of them, the total, and whether more follow."""
    check_first(first, context.settings.max_page_size)
    (row,) = await context.graph.read("history", id=id, before=_before_seq(after), limit=first + 1)
    items = [revision(r["revision"], r["change"]) for r in row["page"]]
    return items[:first], row["total"], len(items) > first
