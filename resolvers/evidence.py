"""The sources behind a fact, batched for the whole level."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.types import Info

from resolvers import convert
from resolvers.loaders import loader
from schema.types import Source
from talentgraph.context import Context


async def sources(info: Info[Context, None], ids: Sequence[str]) -> list[Source]:
    context = info.context

    async def batch(keys: list[str]) -> list[Source | None]:
        rows = await context.graph.read("sources_by_id", ids=keys)
        found = {row["source"]["id"]: row["source"] for row in rows}
        return [
            convert.entity({**found[k], "label": ["Source"]}) if k in found else None for k in keys
        ]

    found = await loader(context, "sources", batch).load_many(list(ids))
    return [s for s in found if s is not None]
