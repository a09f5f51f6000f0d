"""The root lookups and lists of entities: a lookup by id per entity type, and a list
per entity type with generated `where` and `orderBy`.

Each field carries what it reads (`metadata`: `lookup` or `list`, and the label),
which is how the compiler (compiler/compile.py) knows it.

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
from schema.pagination import connection
from schema.permissions import CanRead
from schema.types import ENTITY_TYPES, Entity
from talentgraph.context import Context

ListFirst = Annotated[int, strawberry.argument(description="Page size; over the cap is an error.")]
After = Annotated[
    str | None, strawberry.argument(description="The cursor of the item to continue after.")
]
Synthetic = Annotated[
    bool | None,
    strawberry.argument(description="null: all; false: real entities only; true: generated only."),
]


Id = Annotated[strawberry.ID, strawberry.argument(description="A slug id, e.g. `zhou-chang`.")]
NOT_FOUND_NULL = " Null, with a NOT_FOUND error on this field only, for an unknown id."


def entity_lookup(kind: str | None, description: str) -> Any:
    """One entity of `kind` (None: of any kind) by id, or null with NOT_FOUND."""

    async def resolve(root: Any, info: Info[Context, None], id: Id) -> Any:
        return records.entity(await nodes.entity(info.context, id, kind))

    resolve.__annotations__["return"] = (ENTITY_TYPES[kind] if kind else Entity) | None
    return strawberry.field(resolver=resolve, permission_classes=[CanRead],
                            description=description + NOT_FOUND_NULL, metadata={"lookup": kind})  # fmt: skip


def entity_list(kind: str, description: str) -> Any:
    """A connection over every entity of one kind, by name unless `orderBy` says otherwise."""

    async def resolve(
        root: Any,
        info: Info[Context, None],
        first: ListFirst = 100,
        after: After = None,
        synthetic: Synthetic = None,
        where: Any = None,
        order_by: Any = None,
    ) -> Any:
        compiled_only(where, order_by)
        page = await nodes.entities(
            info.context, kind, first=first, after=after, synthetic=synthetic
        )
        return connection([records.entity(n) for n in page.items], page.skip, page.total)

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
    return strawberry.field(resolver=resolve, permission_classes=[CanRead],
                            description=description, metadata={"list": kind})  # fmt: skip
