"""The `cypher` root field: the Cypher endpoint's guard, reached from GraphiQL."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from talentgraph.context import Context
from talentgraph.cypher_guard import run_guarded
from talentgraph.errors import BadInput


async def run(
    info: Info[Context, None], query: str, params: dict[str, Any] | None
) -> dict[str, Any]:
    context = info.context
    if params is not None and not isinstance(params, dict):
        raise BadInput("`params` must be a JSON object", field="params")
    result = await run_guarded(
        context.graph, context.require_principal(), query=query, params=params,
        settings=context.settings,
    )  # fmt: skip
    return {"columns": result.columns, "rows": result.rows, "truncated": result.truncated}
