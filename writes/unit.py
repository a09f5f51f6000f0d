"""The unit of work: one mutation's transaction, the only part of writes/ that runs statements.

It locks before it reads (write_lock, write_lock_facts), so concurrent writers
of one entity take turns, and it writes a node or relationship only when the
pure comparison in writes/stored.py says its properties change. Whatever it
writes it notes in its `log` (before and after), which the transaction appends
to the change log last (talentgraph/changelog.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from talentgraph.changelog import Log
from talentgraph.db import Tx
from talentgraph.errors import BadInput, NotFound
from writes import stored
from writes.errors import refuse
from writes.patch import Ref, union
from writes.specs import EDGE_TYPES, ENTITIES
from writes.stored import Node, Props

_LABELS = frozenset(ENTITIES)


def checked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Relationship rows whose types are on the allowlist; anything else is a bug, refused."""
    for row in rows:
        if row["type"] not in EDGE_TYPES:
            raise ValueError(f"not a writable relationship type: {row['type']!r}")
    return rows


class Unit:
    """The statements one mutation runs, and whether any of them changed the graph."""

    def __init__(self, tx: Tx, by: str):
        self.tx = tx
        self.by = by
        self.changed = False
        self.log = Log()
        # Set by a revert: the seq of the change it undoes (its change's `reverts`).
        self.reverts: int | None = None
        # The seq of the transaction's change, once appended (None: nothing changed).
        self.seq: int | None = None
        # Ids claimed by this transaction for new entities: they had no state before.
        self._new: set[str] = set()

    async def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return await self.tx.run(name, **params)

    async def resolve(self, refs: list[Ref]) -> dict[str, Node]:
        """Lock the entities the input names (raw id -> node); refuse unknown or wrong kinds."""
        ids = sorted({ref.id for ref in refs})
        if not ids:
            return {}
        rows = await self.tx.run("write_lock", ids=ids)
        found = {row["id"]: stored.node_of(row, _LABELS) for row in rows if row["resolved"]}
        for ref in refs:
            node = found.get(ref.id)
            expected = " or ".join(ref.kinds)
            if node is None:
                hint = f" (expected a {expected})" if expected else ""
                raise refuse(NotFound, f"{ref.id!r} is not a known id{hint}", field=ref.path)
            if ref.kinds and node.kind not in ref.kinds:
                raise refuse(
                    BadInput,
                    f"{ref.id!r} is of kind {node.kind}, expected {expected}",
                    field=ref.path,
                )
        return found

    async def target(self, kind: str, id: str, path: str) -> Node:
        """Lock the entity being written (following a merge's redirect); claim a new id."""
        rows = await self.tx.run("write_lock", ids=[id])
        if rows[0]["resolved"] is None:
            rows = await self.tx.run("write_claim", id=id)
        node = stored.node_of(rows[0], _LABELS)
        if node.kind is None:
            self._new.add(node.id)
        if node.kind is not None and node.kind != kind:
            raise refuse(BadInput, f"{id!r} is already the id of a {node.kind}", field=path)
        return node

    async def edges(self, pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, Any]]:
        """Lock and read the relationships between pairs of (locked) entities, by fact id."""
        wanted = [{"from": a, "to": b} for a, b in sorted(set(pairs))]
        if not wanted:
            return {}
        rows = await self.tx.run("write_lock_facts", pairs=wanted, types=sorted(EDGE_TYPES))
        return {row["props"]["id"]: row for row in rows if "id" in row["props"]}

    async def put_node(
        self, kind: str, row_props: Props, id: str, current: Props, extras: Props | None = None
    ) -> Props:
        """Write a node's properties if they change; `extras`: others' properties to keep too."""
        owns = stored.owned(ENTITIES[kind].record)
        desired = stored.desired(row_props, id, {**(extras or {}), **current}, owns)
        if current and stored.same(current, desired):
            return {**current, "label": ["Entity", kind]}
        (row,) = await self.tx.run("write_node", id=id, label=kind, props=desired, by=self.by)
        self.changed = True
        self.log.node(kind, id, None if id in self._new else current, row["node"])
        return row["node"]

    async def put_edges(
        self, rows: list[dict[str, Any]], current: dict[str, dict[str, Any]]
    ) -> dict[str, Props]:
        """Write the relationship rows that change something; answer every row's properties."""
        answer: dict[str, Props] = {}
        changed = []
        for row in checked(rows):
            before = current.get(row["id"], {}).get("props")
            props = dict(row["props"])
            if before and before.get("sources"):
                props["sources"] = union(before["sources"], props.get("sources") or [])
            desired = stored.desired(props, row["id"], before, stored.owned_edge(row["type"]))
            if before and stored.same(before, desired):
                answer[row["id"]] = before
            else:
                changed.append({**row, "props": desired})
        if changed:
            await self._write_edges(changed, current, answer)
        return answer

    async def put_moved(
        self, rows: list[dict[str, Any]], current: dict[str, dict[str, Any]]
    ) -> None:
        """Write relationships whatever they held before (a merge re-ends them); `current`:
        what the kept entity held under those ids, by fact id."""
        if rows:
            await self._write_edges(checked(rows), current, {})

    async def _write_edges(
        self, rows: list[dict[str, Any]], current: dict[str, dict[str, Any]], answer: Props
    ) -> None:
        by_id = {row["id"]: row for row in rows}
        for written in await self.tx.run("write_relationships", rows=rows, by=self.by):
            row = by_id[written["id"]]
            before = current.get(row["id"], {}).get("props")
            self.log.relationship(row["type"], row["from"], row["to"], before, written["props"])
            answer[written["id"]] = written["props"]
        self.changed = True
