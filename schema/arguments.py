"""The arguments of the paged fields, as tables: the root lists and the relationship
fields share most of theirs, so each argument is declared once here and each field
names the ones it takes.

`resolver(arguments, run)` makes a resolver whose GraphQL arguments are the
table's, in its order: Strawberry reads them from the signature the resolver
shows (`__signature__`), and calls it with the values by those names.

No `from __future__ import annotations` here: the annotations must be real objects.
"""

import inspect
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.pagination import After, Before, FirstOfList, FirstOfRelation, Last
from schema.scalars import PartialDate
from talentgraph.context import Context


@strawberry.enum(description="How to order a relationship's edges.")
class EdgeSort(Enum):
    START_DESC = "START_DESC"
    START_ASC = "START_ASC"
    NAME = "NAME"


def argument(annotation: Any, description: str, name: str | None = None) -> Any:
    """A GraphQL argument of `annotation`, described; `name` where Python cannot spell it."""
    return Annotated[annotation, strawberry.argument(name=name, description=description)]


Arguments = dict[str, tuple[Any, Any]]
"""Python name -> (annotation, default): the arguments of a field, in order."""
REQUIRED = inspect.Parameter.empty
"""The default of an argument that has none."""

# Relay's paging, both ways (schema/pagination.py): `first` defaults to 20 on a relationship.
PAGE: Arguments = {
    "first": (FirstOfRelation, None),
    "after": (After, None),
    "last": (Last, None),
    "before": (Before, None),
}
# Dated relationships: the time window, the state of the spell and its role.
WINDOW: Arguments = {
    "current": (argument(bool | None, "true: only ongoing; false: only ended."), None),
    "since": (
        argument(PartialDate | None, "Only facts whose period may reach this date or later."),
        None,
    ),
    "until": (
        argument(PartialDate | None, "Only facts whose period may begin by this date."),
        None,
    ),
    "as_of": (
        argument(
            PartialDate | None, "The graph as it stood then: facts that may have held on that date."
        ),
        None,
    ),
    "role": (argument(str | None, "Only roles containing this text, any case."), None),
}
_SORT = argument(EdgeSort, "START_DESC (newest first), START_ASC, or NAME of the other end.")
SORT_BY_START: Arguments = {"sort": (_SORT, EdgeSort.START_DESC)}
SORT_BY_NAME: Arguments = {"sort": (_SORT, EdgeSort.NAME)}
LIST: Arguments = {
    **PAGE,
    "first": (FirstOfList, None),  # 100 by default
    "synthetic": (
        argument(bool | None, "null: all; false: real entities only; true: generated only."),
        None,
    ),
}


def filters(where: Any, matches: str, sort: Any, order: str) -> Arguments:
    """`where` and `orderBy` over the field's items: `where` and `sort` are their input types."""
    return {
        "where": (argument(where | None, matches), None),
        "order_by": (argument(list[sort] | None, order), None),
    }


Run = Callable[[Any, Info[Context, None], dict[str, Any]], Awaitable[Any]]


def resolver(arguments: Arguments, run: Run, returns: Any) -> Any:
    """A resolver `(root, info, <arguments>) -> returns` calling `run(root, info, values)`."""

    async def resolve(root: Any, info: Info[Context, None], **values: Any) -> Any:
        return await run(root, info, values)

    positional, keyword = inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY
    parameters = [
        inspect.Parameter("root", positional, annotation=Any),
        inspect.Parameter("info", positional, annotation=Info[Context, None]),
        *(
            inspect.Parameter(name, keyword, default=default, annotation=annotation)
            for name, (annotation, default) in arguments.items()
        ),
    ]
    signature = inspect.Signature(parameters, return_annotation=returns)
    resolve.__signature__ = signature  # type: ignore[attr-defined]
    resolve.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": returns}
    return resolve
