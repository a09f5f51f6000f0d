"""The root list fields, one per entity type, with generated `where` and `orderBy`.

No `from __future__ import annotations` here: the resolver's annotations are
set per field, since each list has its own item, filter and sort types.
"""

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from compiler.filters import compiled_only
from resolvers import nodes
from schema import records
from schema.generated import CONNECTIONS, SORTS, WHERE
from schema.pagination import After, Before, Last, connection, paging
from schema.pagination import FirstOfList as First
from schema.permissions import CanRead
from talentgraph.context import Context

Synthetic = Annotated[
    bool | None,
    strawberry.argument(description="null: all; false: real entities only; true: generated only."),
]


def entity_list(kind: str, description: str) -> Any:
    """A connection over every entity of one kind, by name unless `orderBy` says otherwise
    (`first` defaults to 100)."""

    async def resolve(
        root: Any,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        synthetic: Synthetic = None,
        where: Any = None,
        order_by: Any = None,
    ) -> Any:
        compiled_only(where, order_by)
        found = await nodes.entities(
            info.context, kind, paging=paging(first, after, last, before), synthetic=synthetic
        )
        return connection(found, records.entity)

    resolve.__annotations__.update(
        where=Annotated[
            WHERE[kind] | None,
            strawberry.argument(description="Only the entities that match."),
        ],
        order_by=Annotated[
            list[SORTS[kind]] | None,  # type: ignore[valid-type]
            strawberry.argument(description="Sort keys, first one first; then by id."),
        ],
        **{"return": CONNECTIONS[kind]},
    )
    return strawberry.field(resolver=resolve, permission_classes=[CanRead], description=description)
