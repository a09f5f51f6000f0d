"""Relationship fields: the same edge type on both of its ends, with the same arguments.

`relation(...)` makes a Strawberry field whose resolver pages one relationship
type in one direction. All the parents of one level share a DataLoader batch
(schema/loaders.py, resolvers/edges.py), so the statements sent grow with the query's depth,
never with its rows.

No `from __future__ import annotations` here: the resolvers' annotations must
be real objects, since the edge type differs from field to field.
"""

from enum import Enum
from functools import partial
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from compiler.filters import compiled_only
from model import IN, OUT, Relation
from resolvers import edges, revisions
from schema import records
from schema.loaders import loader
from schema.pagination import connection
from schema.scalars import PartialDate
from talentgraph.context import Context

__all__ = ["IN", "OUT", "at_revision", "relation"]

# The attribute an entity read at a revision carries, for the relationship fields below it.
REVISION = "_revision"


def at_revision(entity: Any, revision: int | None) -> Any:
    """Mark an entity as read at `revision` (None: now), so its facts are read then too."""
    if revision is not None:
        setattr(entity, REVISION, revision)
    return entity


First = Annotated[int, strawberry.argument(description="Page size; over the cap is an error.")]
After = Annotated[
    str | None, strawberry.argument(description="The cursor of the item to continue after.")
]
Current = Annotated[
    bool | None, strawberry.argument(description="true: only ongoing; false: only ended.")
]
Since = Annotated[
    PartialDate | None,
    strawberry.argument(description="Only facts whose period may reach this date or later."),
]
Until = Annotated[
    PartialDate | None,
    strawberry.argument(description="Only facts whose period may begin by this date."),
]
AsOf = Annotated[
    PartialDate | None,
    strawberry.argument(
        description="The graph as it stood then: facts that may have held on that date."
    ),
]
Role = Annotated[
    str | None, strawberry.argument(description="Only roles containing this text, any case.")
]


@strawberry.enum(description="How to order a relationship's edges.")
class EdgeSort(Enum):
    START_DESC = "START_DESC"
    START_ASC = "START_ASC"
    NAME = "NAME"


Sort = Annotated[
    EdgeSort,
    strawberry.argument(
        description="START_DESC (newest first), START_ASC, or NAME of the other end."
    ),
]


def relation(
    rel_type: str,
    direction: str,
    edge_type: type,
    parent_field: str,
    other_field: str,
    *,
    dated: bool = False,
    description: str,
) -> Any:
    """A connection field over `(parent)-[:rel_type]->(other)` (or `<-` for IN)."""
    # What the compiler reads back to write the same traversal as Cypher.
    model = Relation(rel_type, direction, edge_type.__name__, parent_field, other_field, dated)

    async def resolve_dated(
        root: Any,
        info: Info[Context, None],
        first: First = 20,
        after: After = None,
        current: Current = None,
        since: Since = None,
        until: Until = None,
        as_of: AsOf = None,
        role: Role = None,
        sort: Sort = EdgeSort.START_DESC,
        where: Any = None,
        order_by: Any = None,
    ) -> Any:
        compiled_only(where, order_by)
        query = edges.edge_query(model, first=first, after=after, sort=sort.value,
                                 max_page_size=info.context.settings.max_page_size,
                                 current=current, since=since, until=until, as_of=as_of, role=role)  # fmt: skip
        return await page(info.context, query, root)

    async def resolve_plain(
        root: Any,
        info: Info[Context, None],
        first: First = 20,
        after: After = None,
        sort: Sort = EdgeSort.NAME,
        where: Any = None,
        order_by: Any = None,
    ) -> Any:
        compiled_only(where, order_by)
        query = edges.edge_query(model, first=first, after=after, sort=sort.value,
                                 max_page_size=info.context.settings.max_page_size)  # fmt: skip
        return await page(info.context, query, root)

    async def page(context: Context, query: edges.EdgeQuery, root: Any) -> Any:
        revision = getattr(root, REVISION, None)
        if revision is None:
            batch = loader(context, query, partial(edges.pages, context, query))
        else:  # an entity read at a revision: its facts as recorded then, and theirs below
            batch = loader(
                context, (query, revision), partial(revisions.pages_at, context, query, revision)
            )
        found = await batch.load(root.id)
        items = [
            records.build(
                edge_type,
                item["rel"],
                **{
                    parent_field: root,
                    other_field: at_revision(records.entity(item["node"]), revision),
                },
            )
            for item in found.items
        ]
        return connection(items, found.skip, found.total)

    resolver = resolve_dated if dated else resolve_plain
    name = edge_type.__name__
    # Lazy: the generated inputs (schema/generated.py) are made from these very types.
    resolver.__annotations__.update(
        where=Annotated[
            Annotated[f"{name}Where", strawberry.lazy("schema.generated")] | None,
            strawberry.argument(description="Only the facts that match."),
        ],
        order_by=Annotated[
            list[Annotated[f"{name}Sort", strawberry.lazy("schema.generated")]] | None,  # type: ignore[misc]
            strawberry.argument(description="Sort keys, first one first; replaces `sort`."),
        ],
    )
    resolver.__annotations__["return"] = Annotated[
        f"{name}Connection", strawberry.lazy("schema.generated")
    ]
    return strawberry.field(
        resolver=resolver, description=description, metadata={"relation": model}
    )
