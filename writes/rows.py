"""One valid record as the rows model/rows.py makes of it, as the seed loader and importer do.

So a record written through the API is stored exactly as the loader stores it
(dates as text plus Min/Max, disputes as JSON, `ended` on every WORKED_AT).
"""

from __future__ import annotations

from typing import Any

from model import rows
from talentgraph.dates import PartialDate
from writes.validation import RecordGraph

Row = dict[str, Any]


def fact_id(rel: str, from_: str, to: str, start: str | None = None) -> str:
    """The id of the fact of this type between these ends (and with this start)."""
    return rows.fact_id(rel, from_, to, PartialDate(start) if start else None)


def entity_rows(section: str, id: str, valid: Any) -> tuple[Row, list[Row]]:
    """An entity's node row, and the rows of the edges its record holds as fields."""
    graph = RecordGraph()
    graph.group(section)[id] = valid
    found = rows.to_rows(graph)
    (node_row,) = found.nodes
    return node_row, found.relationships


def fact_row(valid: Any) -> Row:
    (row,) = rows.to_rows(RecordGraph(facts=[valid])).relationships
    return row
