"""Relationship fields: the same edge type on both of its ends, with the same arguments.

`relation(...)` makes a Strawberry field whose resolver pages one relationship
type in one direction; `@with_relations` gives an entity type the fields its
row in the registry (model/kinds.toml) lists. All the parents of one level share a DataLoader batch
(schema/loaders.py, resolvers/edges.py), so the statements sent grow with the query's depth,
never with its rows.

Their arguments are schema/arguments.py's tables: the dated relationships
take the time window too.
"""

from functools import partial
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry.types import Info

from compiler.filters import compiled_only
from model import Relation, kinds
from resolvers import edges, revisions
from resolvers.revisions import REVISION
from schema import records
from schema.arguments import PAGE, SORT_BY_NAME, SORT_BY_START, WINDOW, filters, resolver
from schema.classes import snake
from schema.loaders import loader
from schema.pagination import connection, paging
from talentgraph.context import Context

T = TypeVar("T")


def at_revision(entity: Any, revision: int | None) -> Any:
    """Mark an entity as read at `revision` (None: now), so its facts are read then too
    (`REVISION`, the attribute schema/records.py sets from a map read at a revision)."""
    if revision is not None:
        setattr(entity, REVISION, revision)
    return entity


def with_relations(cls: type[T]) -> type[T]:
    """Give the entity type `cls` the relationship fields its registry row lists, in order."""
    for field, spec in kinds.relations(cls.__name__):
        setattr(cls, snake(field.name), relation(spec, field.about))
    return cls


def _generated(name: str) -> Any:
    # Lazy: the generated inputs (schema/generated.py) are made from these very types.
    return Annotated[name, strawberry.lazy("schema.generated")]


def relation(model: Relation, description: str) -> Any:
    """A connection field over `(parent)-[:rel_type]->(other)` (or `<-` for IN).

    `model` is also what the compiler reads back to write the same traversal as Cypher.
    """
    name = model.edge_type
    arguments = {**PAGE, **WINDOW, **SORT_BY_START} if model.dated else {**PAGE, **SORT_BY_NAME}
    arguments |= filters(
        _generated(f"{name}Where"), "Only the facts that match.",
        _generated(f"{name}Sort"), "Sort keys, first one first; replaces `sort`.",
    )  # fmt: skip

    async def run(root: Any, info: Info[Context, None], args: dict[str, Any]) -> Any:
        compiled_only(args["where"], args["order_by"])
        window = {k: v for k, v in args.items() if k in WINDOW}
        paged = paging(args["first"], args["after"], args["last"], args["before"])
        query = edges.edge_query(model, paging=paged, sort=args["sort"].value,
                                 max_page_size=info.context.settings.max_page_size, **window)  # fmt: skip
        context, revision = info.context, getattr(root, REVISION, None)
        if revision is None:
            batch = loader(context, query, partial(edges.pages, context, query))
        else:  # an entity read at a revision: its facts as recorded then, and theirs below
            batch = loader(
                context, (query, revision), partial(revisions.pages_at, context, query, revision)
            )
        found = await batch.load(root.id)
        return connection(
            found,
            lambda item: records.build(
                records.type_of(name),
                item["rel"],
                **{model.parent_field: root,
                   model.other_field: at_revision(records.entity(item["node"]), revision)},
            ),
        )  # fmt: skip

    return strawberry.field(
        resolver=resolver(arguments, run, _generated(f"{name}Connection")),
        description=description,
        metadata={"relation": model},
    )
