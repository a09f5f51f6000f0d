"""The seed loader against a naive load: one auto-commit statement per node and per relationship.

Both write the same rows (seeds.synthetic.generate) with the same upsert
statements, so the difference is only what the loader adds: thousands of rows
per statement (UNWIND), one transaction per batch. The naive load is slow, so
both run on a small sample into an emptied graph.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import neo4j

from seeds import loader, synthetic
from talentgraph.db import Graph
from talentgraph.queries import QUERIES
from talentgraph.settings import Settings

STATEMENT = {"node": "seed_nodes", "rel": "seed_relationships"}


@dataclass(frozen=True)
class LoadComparison:
    people: int
    rows: int
    naive_seconds: float
    loader_seconds: float

    @property
    def naive_rows_per_second(self) -> float:
        return self.rows / self.naive_seconds

    @property
    def loader_rows_per_second(self) -> float:
        return self.rows / self.loader_seconds


async def _emptied(settings: Settings) -> None:
    graph = Graph(settings)
    try:
        await loader.empty(graph)
        await graph.apply_schema()
    finally:
        await graph.close()


async def naive(settings: Settings, people: int) -> tuple[int, float]:
    """Rows written and seconds taken, one auto-commit MERGE statement per row."""
    await _emptied(settings)
    rows = list(synthetic.generate(people))
    return len(rows), await one_statement_per_row(settings, rows)


async def one_statement_per_row(
    settings: Settings, rows: list[tuple[str, dict[str, Any]]]
) -> float:
    """Seconds to write ("node" | "rel", row) pairs with one auto-commit statement each."""
    auth = (settings.neo4j_user, settings.password())
    async with (
        neo4j.AsyncGraphDatabase.driver(
            settings.bolt_uri(), auth=auth, notifications_min_severity="OFF"
        ) as driver,
        driver.session(database=settings.neo4j_database) as session,
    ):
        started = time.perf_counter()
        for kind, row in rows:
            text = QUERIES[STATEMENT[kind]].text
            await (await session.run(text, {"rows": [row]})).consume()
        return time.perf_counter() - started


async def compare(settings: Settings, people: int) -> LoadComparison:
    rows, naive_seconds = await naive(settings, people)
    await _emptied(settings)
    # The loader's own clock (it includes its reset check and schema step, as users see it).
    report = await synthetic.load(settings, people, reset=True)
    return LoadComparison(people, rows, naive_seconds, report.seconds)
