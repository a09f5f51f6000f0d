"""The change log: what each writing transaction touched, appended in that transaction.

Every writer (the mutations in writes/, the seed loader, the importer) ends its
transaction with `append` (or `append_load`), which takes the one
`(:ChangeCounter)` node's write lock, bumps its `seq` and creates the
`(:Change)` with its `(:Revision)`s (cypher/change_append.cypher). The lock is
held to commit, so sequence numbers follow commit order, and a rolled-back write
leaves neither a record nor a gap. The contract readers rely on is
/work/wt/CHANGELOG-CONTRACT.md (docs/history.md for users).

A revision keeps a node's or relationship's whole property map before and after,
as JSON. Neo4j's temporal values become ISO text there; `decode` turns them back
by the property's name (the `<field>Min`/`<field>Max` dates of partial dates, the
`writtenAt` stamp), so a revert writes back exactly what was stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import neo4j.time

from model.graph import FACT_TYPE_NAMES
from talentgraph.db import Tx

Props = dict[str, Any]

REDIRECT = "Redirect"
# The pseudo-property a Redirect's state keeps its target in.
REDIRECTS_TO = "redirectsTo"
# The labels of the log itself: no reader of the graph's facts may see them.
LABELS = ("Change", "Revision", "ChangeCounter")


def _dated(key: str) -> bool:
    return key.endswith(("Min", "Max"))


def _plain(key: str, value: Any) -> Any:
    if isinstance(value, neo4j.time.DateTime):
        if key != "writtenAt":
            raise ValueError(f"a date-time in {key!r}: the change log cannot restore it")
        return value.iso_format()
    if isinstance(value, neo4j.time.Date):
        if not _dated(key):
            raise ValueError(f"a date in {key!r}: the change log cannot restore it")
        return value.iso_format()
    return value


def encode(props: Props | None) -> str | None:
    """A property map as the JSON a revision keeps (keys sorted: equal maps, equal text)."""
    if props is None:
        return None
    plain = {k: _plain(k, v) for k, v in props.items() if v is not None}
    return json.dumps(plain, ensure_ascii=False, sort_keys=True)


def decode(text: str | None) -> Props | None:
    """A revision's JSON back as the property map Neo4j stored (temporal values typed)."""
    if text is None:
        return None
    props: Props = json.loads(text)
    for key, value in props.items():
        if isinstance(value, str) and key == "writtenAt":
            props[key] = neo4j.time.DateTime.from_iso_format(value)
        elif isinstance(value, str) and _dated(key):
            props[key] = neo4j.time.Date.from_iso_format(value)
    return props


def kind_of(type_: str) -> str:
    """The API's type name for a label or relationship type (`WORKED_AT` -> Employment)."""
    return FACT_TYPE_NAMES.get(type_, type_)


@dataclass
class Revision:
    """One node or relationship a transaction touched: its state before and after.

    `type`: its label, relationship type or `Redirect`; `ends`: a relationship's
    (from, to) ids, fixed for its id (a fact's id names its type and ends).
    """

    id: str
    type: str
    before: Props | None
    after: Props | None
    ends: tuple[str, str] | None = None

    def row(self) -> Props:
        """The parameters cypher/change_append.cypher creates the Revision from."""
        state = self.after if self.after is not None else self.before
        sources = (state or {}).get("sources") or []
        return {
            "id": self.id, "kind": kind_of(self.type), "type": self.type,
            "before": encode(self.before), "after": encode(self.after),
            "sources": list(sources),
            "from": self.ends[0] if self.ends else None,
            "to": self.ends[1] if self.ends else None,
        }  # fmt: skip


def _state(props: Props | None) -> Props | None:
    if props is None:
        return None
    return {k: v for k, v in props.items() if k != "label" and v is not None}


class Log:
    """What one transaction touched, by id: the first state before, the last after.

    Keyed by id and type: a merge deletes an entity and leaves a Redirect of its id.
    """

    def __init__(self) -> None:
        self._touched: dict[tuple[str, str], Revision] = {}

    def touch(
        self,
        id: str,
        type_: str,
        before: Props | None,
        after: Props | None,
        ends: tuple[str, str] | None = None,
    ) -> None:
        known = self._touched.get((id, type_))
        if known is None:
            self._touched[id, type_] = Revision(id, type_, _state(before), _state(after), ends)
        else:
            known.after = _state(after)

    def node(self, label: str, id: str, before: Props | None, after: Props | None) -> None:
        self.touch(id, label, before, after)

    def relationship(
        self, type_: str, from_: str, to: str, before: Props | None, after: Props | None
    ) -> None:
        id = (after or before or {})["id"]
        self.touch(id, type_, before, after, (from_, to))

    def revisions(self) -> list[Revision]:
        """The revisions that changed something, by id."""
        return [r for _, r in sorted(self._touched.items()) if encode(r.before) != encode(r.after)]


async def append(
    tx: Tx,
    *,
    by: str | None,
    operation: str,
    revisions: list[Revision],
    reverts: int | None = None,
) -> int | None:
    """Record a mutation's change, last in its transaction; its seq (None: nothing changed)."""
    if not revisions:
        return None
    rows = [r.row() for r in revisions]
    (row,) = await tx.run(
        "change_append", by=by, operation=operation, counts=None, reverts=reverts,
        ids=sorted({r["id"] for r in rows}), kinds=sorted({r["kind"] for r in rows}),
        revisions=rows,
    )  # fmt: skip
    return int(row["seq"])


async def append_load(
    tx: Tx, *, operation: str, counts: Props, kinds: Iterable[str], by: str | None = None
) -> int:
    """Record a seed or import load as one change with counts and no revisions (for size)."""
    (row,) = await tx.run(
        "change_append", by=by, operation=operation, reverts=None, ids=[],
        counts=json.dumps(counts, sort_keys=True), kinds=sorted({kind_of(k) for k in kinds}),
        revisions=[],
    )  # fmt: skip
    return int(row["seq"])
