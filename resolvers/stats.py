"""The graph's size, by kind."""

from __future__ import annotations

from talentgraph.db import Graph


async def graph_stats(graph: Graph) -> dict[str, int]:
    (row,) = await graph.read("graph_stats")
    return row
