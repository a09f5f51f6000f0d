"""The import's one write transaction: the only place `talentgraph import` and
`POST /import` write to the graph.

`write` runs everything a plan writes in a single transaction (all or nothing),
in batched UNWIND statements, each node and relationship stamped with
`writtenAt` (the transaction's time) and `writtenBy` (who imported: see
`talentgraph/transfer/importer.py`), as the mutations stamp theirs. Something
else that must happen with every import belongs in `_work`, inside the same
transaction, as the import's one change in the change log does.

The plan was read before the transaction began, so the statements check that it
still holds: a relationship planned as new that another writer has created since
(its type's uniqueness constraint on `id` refuses it), or an entity or relationship
that has gone, refuses the whole import (and the transaction rolls back).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from neo4j.exceptions import ConstraintError

from talentgraph import changelog
from talentgraph.db import Graph, Tx
from talentgraph.errors import BadInput
from talentgraph.progress import Progress, Show

if TYPE_CHECKING:
    from talentgraph.transfer.importer import Plan

# Rows per statement. Larger batches send fewer statements; beyond a few thousand
# rows the time per row hardly changes (docs/benchmarks.md, imports at scale).
BATCH = 10_000
_CHANGED = (
    "the graph changed during the import (another writer {what}); nothing was written: "
    "run the import again"
)


async def write(graph: Graph, plan: Plan, *, by: str, timeout: float | None, show: Show) -> None:
    """Write the plan's created and changed rows in one transaction, stamped `by`."""
    with show("import", plan.writes()) as progress:
        await graph.transaction(lambda tx: _work(tx, plan, by, progress), timeout=timeout)
    await graph.resample_indexes()


async def _work(tx: Tx, plan: Plan, by: str, progress: Progress) -> None:
    """Nodes first (relationships match their ends), then relationships, then redirects,
    then the import's one change in the change log (counts, no revisions). Each kind's
    batches are pipelined (Tx.pipelined): the next batch is made ready while Neo4j
    writes the one before."""
    nodes = ({"rows": wire(b), "by": by} for b in _chunks(plan.rows.nodes))
    async for sent, _ in tx.pipelined("transfer_upsert_nodes", nodes):
        progress.advance(len(sent["rows"]))
    changed = ({"rows": wire(b), "by": by} for b in _chunks(plan.rows.relationships))
    async for sent, (row,) in tx.pipelined("transfer_update_relationships", changed):
        if row["written"] != len(sent["rows"]):
            raise BadInput(_CHANGED.format(what="removed some of the facts it changes"))
        progress.advance(len(sent["rows"]))
    created = ({"rows": wire(b, created=True), "by": by} for b in _chunks(plan.new_relationships))
    try:
        async for sent, (row,) in tx.pipelined("transfer_create_relationships", created):
            if row["matched"] != len(sent["rows"]):
                raise BadInput(_CHANGED.format(what="removed entities its facts connect"))
            progress.advance(len(sent["rows"]))
    except ConstraintError as error:  # a fact's id, unique per type (schema.cypher)
        raise BadInput(_CHANGED.format(what="added some of its facts")) from error
    moves = ({"rows": b, "by": by} for b in _chunks(plan.redirects))
    async for sent, (row,) in tx.pipelined("transfer_create_redirects", moves):
        if row["written"] != len(sent["rows"]):
            raise BadInput(_CHANGED.format(what="changed the ids its redirects name"))
        progress.advance(len(sent["rows"]))
    counts = {"records": plan.records, "created": len(plan.created), "changed": len(plan.changed)}
    kinds = plan.rows.kinds() | {row["type"] for row in plan.new_relationships}
    await changelog.append_load(tx, operation="import", counts=counts, kinds=kinds, by=by)


def wire(rows: list[dict[str, Any]], *, created: bool = False) -> list[dict[str, Any]]:
    """Rows as sent: date properties moved to `dates` as ISO text, for the statement to make
    dates again (the driver packs a date value in Python, several times slower).

    A null property removes a stored one, so an update sends it; something `created` has
    none to remove: leaving its nulls out spares the create and its commit the work
    (docs/benchmarks.md, imports at scale)."""
    sent = []
    for row in rows:
        props, dates = {}, {}
        for key, value in row["props"].items():
            if value is None and created:
                continue
            if isinstance(value, datetime.date):
                dates[key] = value.isoformat()
            else:
                props[key] = value
        sent.append({**row, "props": props, "dates": dates})
    return sent


def _chunks(items: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(items), BATCH):
        yield items[i : i + BATCH]
