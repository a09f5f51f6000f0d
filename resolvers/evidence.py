"""The sources behind facts, for any number of source ids in one statement."""

from __future__ import annotations

from resolvers import Record
from talentgraph.context import Context


async def sources(context: Context, ids: list[str]) -> list[Record | None]:
    """Each id's source (labelled `Source`), or None where no source has it, in order."""
    rows = await context.graph.read("sources_by_id", ids=ids)
    found = {row["source"]["id"]: row["source"] for row in rows}
    return [{**found[i], "label": ["Source"]} if i in found else None for i in ids]
