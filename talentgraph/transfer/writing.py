"""The import's one write transaction: the only place `talentgraph import` and
`POST /import` write to the graph.

`write` runs everything a plan writes in a single transaction (all or nothing),
in batched UNWIND statements, each node and relationship stamped with
`writtenAt` (the transaction's time) and `writtenBy` (who imported: see
`talentgraph/transfer/importer.py`), as the mutations stamp theirs. Something
else that must happen with every import belongs in `_work`, inside the same
transaction, as the import's one change in the change log does.

The plan rests on what was read before the transaction began, so the statements
check that it still holds: a relationship planned as new that another writer has
created since (its type's uniqueness constraint on `id` refuses it), or an entity or
relationship that has gone, refuses the whole import (and the transaction rolls back).
So does a problem found in a part planned while the parts before it were written.
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterable, AsyncIterator, Iterator
from typing import Any

from neo4j.exceptions import ConstraintError

from talentgraph import changelog
from talentgraph.db import Graph, Tx
from talentgraph.errors import BadInput
from talentgraph.progress import Progress, Show
from talentgraph.transfer.plan import Plan

# Rows per statement. Larger batches send fewer statements; beyond a few thousand
# rows the time per row hardly changes (docs/benchmarks.md, imports at scale).
BATCH = 10_000
_CHANGED = (
    "the graph changed during the import (another writer {what}); nothing was written: "
    "run the import again"
)


async def write(
    graph: Graph, parts: AsyncIterable[Plan], *, expected: int, by: str, timeout: float | None,
    show: Show,
) -> Plan:  # fmt: skip
    """Write the parts' created and changed rows in one transaction, stamped `by`, and
    return the whole plan. `expected` estimates the rows to write, for the progress bar."""
    with show("import", expected) as progress:
        plan = await graph.transaction(lambda tx: _work(tx, parts, by, progress), timeout=timeout)
    if plan.writes():
        await graph.resample_indexes()
    return plan


async def _work(tx: Tx, parts: AsyncIterable[Plan], by: str, progress: Progress) -> Plan:
    """Each part's nodes first (relationships match their ends), then its relationships
    and redirects; last the import's one change in the change log (counts, no
    revisions). The statements are pipelined (Tx.pipelined): the next is made ready,
    and the next part planned, while Neo4j writes the one before.

    Iterating `parts` again plans again: when Neo4j retries the transaction, the driver
    runs this function again, and it must not count the first attempt's parts."""
    plan = Plan()
    try:
        async for name, sent, (row,) in tx.pipelined(_statements(parts, plan, by)):
            if row["written"] != len(sent["rows"]):
                raise BadInput(_CHANGED.format(what=_SHORT[name]))
            progress.advance(len(sent["rows"]))
    except ConstraintError as error:  # a fact's id, unique per type (schema.cypher)
        raise BadInput(_CHANGED.format(what="added some of its facts")) from error
    progress.total(plan.writes())
    if plan.writes():
        counts = {"records": plan.records, "created": len(plan.created),
                  "changed": len(plan.changed)}  # fmt: skip
        kinds = plan.rows.kinds() | {row["type"] for row in plan.new_relationships}
        await changelog.append_load(tx, operation="import", counts=counts, kinds=kinds, by=by)
    return plan


# What another writer did when a statement wrote fewer rows than it was sent.
_SHORT = {
    "transfer_upsert_nodes": "removed some of the entities it changes",
    "transfer_update_relationships": "removed some of the facts it changes",
    "transfer_create_relationships": "removed entities its facts connect",
    "transfer_create_redirects": "changed the ids its redirects name",
}


async def _statements(
    parts: AsyncIterable[Plan], plan: Plan, by: str
) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """The statements that write each part, in batches; each part is added to `plan`."""
    async for part in parts:
        plan.add(part)
        for name, rows in (
            ("transfer_upsert_nodes", wire(part.rows.nodes)),
            ("transfer_update_relationships", wire(part.rows.relationships)),
            ("transfer_create_relationships", wire(part.new_relationships, created=True)),
            ("transfer_create_redirects", part.redirects),
        ):
            for batch in _chunks(rows):
                yield name, {"rows": batch, "by": by}


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
