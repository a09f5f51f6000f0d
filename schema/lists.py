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
from schema.arguments import LIST, filters, resolver
from schema.generated import CONNECTIONS, SORTS, WHERE
from schema.pagination import connection, paging
from schema.permissions import CanRead
from schema.types import ENTITY_TYPES, Entity
from talentgraph.context import Context

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
    arguments = LIST | filters(
        WHERE[kind], "Only the entities that match.",
        SORTS[kind], "Sort keys, first one first; then by id.",
    )  # fmt: skip

    async def run(root: Any, info: Info[Context, None], args: dict[str, Any]) -> Any:
        compiled_only(args["where"], args["order_by"])
        paged = paging(args["first"], args["after"], args["last"], args["before"])
        found = await nodes.entities(info.context, kind, paging=paged, synthetic=args["synthetic"])
        return connection(found, records.entity)

    return strawberry.field(resolver=resolver(arguments, run, CONNECTIONS[kind]),
                            permission_classes=[CanRead], description=description,
                            metadata={"list": kind})  # fmt: skip
