"""Valid records as the rows the seed loader writes: the one module of writes/ that imports it.

So a record written through the API is stored exactly as the loader stores it
(dates as text plus Min/Max, disputes as JSON, `ended` on every WORKED_AT).
"""

from __future__ import annotations

from typing import Any

from seeds import loader
from talentgraph.dates import PartialDate
from writes.validation import SeedGraph

Row = dict[str, Any]


def fact_id(rel: str, from_: str, to: str, start: str | None = None) -> str:
    """The id of the fact of this type between these ends (and with this start)."""
    return loader.fact_id(rel, from_, to, PartialDate(start) if start else None)


def entity_rows(section: str, id: str, valid: Any) -> tuple[Row, list[Row]]:
    """An entity's node row, and the rows of the edges its record holds as fields."""
    graph = SeedGraph()
    graph.group(section)[id] = valid
    rows = loader.to_rows(graph)
    (node_row,) = rows.nodes
    return node_row, rows.relationships


def fact_row(valid: Any) -> Row:
    (row,) = loader.to_rows(SeedGraph(facts=[valid])).relationships
    return row
