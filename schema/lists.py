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
from resolvers import nodes, revisions
from schema import records
from schema.arguments import LIST, REQUIRED, Arguments, filters, resolver
from schema.generated import CONNECTIONS, SORTS, WHERE
from schema.pagination import connection, paging
from schema.permissions import CanRead
from schema.relations import at_revision
from schema.types import ENTITY_TYPES, Entity
from talentgraph.context import Context

Id = Annotated[strawberry.ID, strawberry.argument(description="A slug id, e.g. `zhou-chang`.")]
AtRevision = Annotated[
    int | None,
    strawberry.argument(
        description=(
            "A change's seq: the entity and its facts as the change log recorded them after "
            "that change (docs/history.md); null: as they are now."
        )
    ),
]
GraphAtRevision = Annotated[
    int | None,
    strawberry.argument(
        description=(
            "A change's seq: the answer over the graph as the change log recorded it after "
            "that change (docs/history.md); null: now."
        )
    ),
]
NOT_FOUND_NULL = " Null, with a NOT_FOUND error on this field only, for an unknown id."


async def lookup(context: Context, id: str, kind: str | None, revision: int | None) -> Any:
    """A lookup by id, now or as recorded at a revision (the facts below it too)."""
    if revision is None:
        return records.entity(await nodes.entity(context, id, kind))
    found = await revisions.entity_at(context, id, revision, kind)
    return at_revision(records.entity(found), revision)


def entity_lookup(kind: str | None, description: str, *, revision: bool = False) -> Any:
    """One entity of `kind` (None: of any kind) by id, or null with NOT_FOUND; `revision`
    gives it the `revision:` argument (the change log's past states)."""
    arguments: Arguments = {"id": (Id, REQUIRED)}
    if revision:
        arguments["revision"] = (AtRevision, None)

    async def run(root: Any, info: Info[Context, None], args: dict[str, Any]) -> Any:
        return await lookup(info.context, args["id"], kind, args.get("revision"))

    returns = (ENTITY_TYPES[kind] if kind else Entity) | None
    return strawberry.field(resolver=resolver(arguments, run, returns), permission_classes=[CanRead],
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
