"""One page of one relationship for every parent of a level, in one statement."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from compiler.arguments import check_first, edge_filters, offset_after
from resolvers import convert
from resolvers.loaders import loader
from resolvers.pagination import connection
from schema.connections import Connection
from talentgraph.context import Context
from talentgraph.dates import PartialDate

# The relationship types a query may name: a type reaches Cypher only from here.
ALLOWED_TYPES = frozenset(
    {"WORKED_AT", "FOUNDED", "STUDIED_AT", "CONTRIBUTED_TO", "DEVELOPED", "PART_OF",
     "AFFILIATE_OF", "OWNS", "HOLDS_STAKE", "RAISED", "INVESTED_IN", "VERSION_OF"}
)  # fmt: skip
ALLOWED_SORTS = frozenset({"START_DESC", "START_ASC", "NAME"})


async def page(
    info: Info[Context, None],
    root: Any,
    spec: tuple[str, str, type, str, str],
    *,
    first: int,
    after: str | None,
    sort: str,
    current: bool | None = None,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    as_of: PartialDate | None = None,
    role: str | None = None,
) -> Connection[Any]:
    rel_type, direction, edge_type, parent_field, other_field = spec
    # Both are fixed by the schema, never taken from users; checked all the same.
    assert rel_type in ALLOWED_TYPES
    assert sort in ALLOWED_SORTS
    context = info.context
    skip = offset_after(after)
    params = {
        "type": rel_type,
        "first": check_first(first, context.settings.max_page_size),
        "skip": skip,
        "sort": sort,
        **edge_filters(current=current, since=since, until=until, as_of=as_of, role=role),
    }
    query = "edges_out" if direction == "out" else "edges_in"

    async def batch(ids: list[str]) -> list[dict[str, Any]]:
        rows = await context.graph.read(query, ids=ids, **params)
        by_id = {row["id"]: row for row in rows}
        return [by_id.get(i, {"total": 0, "page": []}) for i in ids]

    key = (query, *sorted((k, v) for k, v in params.items() if k != "type"), rel_type)
    result = await loader(context, key, batch).load(root.id)
    edges = [
        convert.build(
            edge_type,
            item["rel"],
            **{parent_field: root, other_field: convert.entity(item["node"])},
        )
        for item in result["page"]
    ]
    return connection(edges, skip, result["total"])
