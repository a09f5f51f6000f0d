"""Read-only Cypher for power users: the Cypher endpoint's guard, reached from GraphQL."""

from __future__ import annotations

from typing import Any

from talentgraph.context import Context
from talentgraph.cypher_guard import run_guarded
from talentgraph.errors import BadInput


async def run(context: Context, query: str, params: Any) -> dict[str, Any]:
    if params is not None and not isinstance(params, dict):
        raise BadInput("`params` must be a JSON object", field="params")
    result = await run_guarded(
        context.graph, context.require_principal(), query=query, params=params,
        settings=context.settings,
    )  # fmt: skip
    return {"columns": result.columns, "rows": result.rows, "truncated": result.truncated}
