"""Load seed files into Neo4j: validate everything first, then write in one transaction.

Nothing is written when any file has a problem. The write is batched UNWIND
statements inside a single transaction, so a failure halfway leaves the graph
as it was; it ends with the load's one change in the change log (counts, no
revisions: talentgraph/changelog.py). A reset empties all but the change log first. Every write is an upsert by id (nodes) or fact id (relationships),
so loading twice leaves the same graph.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.rows import Rows, to_rows
from model.validation import Problem, RecordGraph
from seeds.files import seed_files, validate_files
from talentgraph import changelog
from talentgraph.db import Graph, Tx
from talentgraph.progress import QUIET, Progress
from talentgraph.settings import Settings

BATCH = 5_000


class SeedError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


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
    return seed_files()


def validate(paths: list[Path]) -> RecordGraph:
    graph, problems = validate_files(paths)
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
            tx, operation="seed", counts={**counts, "removed": removed}, kinds=rows.kinds()
        )

    await graph.transaction(load)
    await graph.resample_indexes()
    elapsed = time.perf_counter() - started
    return Report(len(rows.nodes), len(rows.relationships), elapsed, removed)


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
