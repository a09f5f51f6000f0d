"""Load seed files into Neo4j: validate everything first, then write in one transaction.

Nothing is written when any file has a problem. The write is batched UNWIND
statements inside a single transaction, so a failure halfway leaves the graph
as it was; it ends with the load's one change in the change log (counts, no
revisions: talentgraph/changelog.py). A reset empties all but the change log first. Every write is an upsert by id (nodes) or fact id (relationships),
so loading twice leaves the same graph.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.graph import RelType
from seeds import model
from seeds.model import Fact, FundingRound, SeedGraph
from talentgraph import changelog
from talentgraph.dates import PartialDate
from talentgraph.db import Graph, Tx
from talentgraph.progress import QUIET, Progress
from talentgraph.settings import Settings

BATCH = 5_000
# Per-record fields that become relationships rather than properties.
_STRUCTURAL = {"id", "company", "investors", "versionOf", "disputes"}


class SeedError(Exception):
    def __init__(self, problems: list[model.Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


@dataclass
class Rows:
    nodes: list[dict[str, Any]]
    relationships: list[dict[str, Any]]


@dataclass(frozen=True)
class Report:
    nodes: int
    relationships: int
    seconds: float
    removed: dict[str, int] | None = None

    @property
    def rows_per_second(self) -> float:
        return (self.nodes + self.relationships) / self.seconds if self.seconds else 0.0


def default_files() -> list[Path]:
    return model.seed_files()


def properties(fields: dict[str, Any], *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """Record fields as Neo4j properties: partial dates become text plus Min/Max dates."""
    props: dict[str, Any] = {}
    for key, value in fields.items():
        if key in _STRUCTURAL or key in exclude:
            continue
        if isinstance(value, PartialDate):
            props.update(value.stored(key))
        else:
            props[key] = value
    return props


def _disputes(record: Any) -> str | None:
    # A list of maps is no Neo4j property type; JSON keeps each alternative whole.
    if not record.disputes:
        return None
    return json.dumps(
        [d.model_dump(exclude_none=True) for d in record.disputes], ensure_ascii=False
    )


def fact_id(rel: str, from_: str, to: str, start: PartialDate | None = None) -> str:
    # The start tells apart two spells at one company (someone who left and came back).
    return f"{rel}:{from_}:{to}" + (f":{start.text}" if start else "")


def to_rows(graph: SeedGraph) -> Rows:
    nodes: list[dict[str, Any]] = []
    rels: list[dict[str, Any]] = []
    for section, kind in model.SECTIONS.items():
        label = kind.__name__
        for record in graph.group(section).values():
            fields = {k: getattr(record, k) for k in type(record).model_fields}
            props = properties(fields)
            if label != "Source":
                props["aliasText"] = " ".join(record.aliases) or None
                props["disputes"] = _disputes(record)
            nodes.append({"id": record.id, "label": label, "props": props})
            if isinstance(record, model.AIModel) and record.versionOf:
                rels.append(_rel("VERSION_OF", record.id, record.versionOf, record.sources))
            if isinstance(record, FundingRound):
                rels.extend(_round_rels(record))
    rels.extend(_fact_row(fact) for fact in graph.facts)
    return Rows(nodes, rels)


def _rel(type_: str, from_: str, to: str, sources: list[str], **props: Any) -> dict[str, Any]:
    return {
        "id": fact_id(type_, from_, to),
        "type": type_,
        "from": from_,
        "to": to,
        "props": {"sources": sources, "confidence": props.pop("confidence", 1.0), **props},
    }


def _round_rels(round_: FundingRound) -> Iterator[dict[str, Any]]:
    yield _rel("RAISED", round_.company, round_.id, round_.sources, confidence=round_.confidence)
    for investor in round_.investors:
        yield _rel(
            "INVESTED_IN", investor.id, round_.id, investor.sources or round_.sources,
            lead=investor.lead, note=investor.note, confidence=round_.confidence,
        )  # fmt: skip


def _fact_row(fact: Fact) -> dict[str, Any]:
    fields = {k: getattr(fact, k) for k in Fact.model_fields}
    props = properties(fields, exclude={"rel", "from_", "to"})
    props["disputes"] = _disputes(fact)
    if fact.rel == RelType.WORKED_AT:
        # "Former" is one property to test, whether or not the end is dated.
        props["ended"] = fact.end is not None or bool(fact.ended)
    return {
        "id": fact_id(fact.rel, fact.from_, fact.to, fact.start),
        "type": str(fact.rel),
        "from": fact.from_,
        "to": fact.to,
        "props": props,
    }


def validate(paths: list[Path]) -> SeedGraph:
    graph, problems = model.validate_files(paths)
    if problems:
        raise SeedError(problems)
    return graph


async def write(graph: Graph, rows: Rows, *, reset: bool = False) -> Report:
    """Write rows in one transaction (after an optional reset)."""
    started = time.perf_counter()
    removed = await empty(graph) if reset else None
    await graph.apply_schema()

    async def load(tx: Tx) -> None:
        await write_rows(tx, rows)
        counts = {"nodes": len(rows.nodes), "relationships": len(rows.relationships)}
        await changelog.append_load(
            tx, operation="seed", counts={**counts, "removed": removed}, kinds=kinds(rows)
        )

    await graph.transaction(load)
    elapsed = time.perf_counter() - started
    return Report(len(rows.nodes), len(rows.relationships), elapsed, removed)


def kinds(rows: Rows) -> set[str]:
    """The labels and relationship types of a load's rows, for its change's `kinds`."""
    return {*(r["label"] for r in rows.nodes), *(r["type"] for r in rows.relationships)}


async def write_rows(tx: Tx, rows: Rows, progress: Progress = QUIET) -> None:
    """Upsert the rows inside `tx`: nodes first (relationships match their ends), in batches."""
    for batch in _chunks(rows.nodes):
        await tx.run("seed_nodes", rows=batch)
        progress.advance(len(batch))
    for batch in _chunks(rows.relationships):
        await tx.run("seed_relationships", rows=batch)
        progress.advance(len(batch))


async def empty(graph: Graph) -> dict[str, int]:
    """Delete everything; returns what was there."""
    (before,) = await graph.read("seed_count")
    # Batched deletes of a million relationships outlast the server's default
    # transaction timeout (30 s on the local launcher); an hour bounds them still.
    await graph.autocommit("seed_reset_relationships", timeout=3600)
    await graph.autocommit("seed_reset_nodes", timeout=3600)
    return before


async def load_files(settings: Settings, paths: list[Path], *, reset: bool = False) -> Report:
    rows = to_rows(validate(paths))  # raises before anything touches the database
    graph = Graph(settings)
    try:
        return await write(graph, rows, reset=reset)
    finally:
        await graph.close()


def _chunks(items: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(items), BATCH):
        yield items[i : i + BATCH]
