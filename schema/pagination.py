"""Relay connections built from a page the reference executor cut in Cypher, and the
paging arguments every connection takes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry

from resolvers.cursors import encode
from resolvers.nodes import Page
from schema.connections import Connection, Edge, PageInfo

T = TypeVar("T")


def first_description(default: int, size: str = "The page's size, from the start") -> str:
    """What `first` means: a page's size, `default` when neither `first` nor `last` is given."""
    return (
        f"{size} or from `after` ({default} when neither `first` nor `last` is given); "
        "over the cap is an error."
    )


FirstOfList = Annotated[int | None, strawberry.argument(description=first_description(100))]
FirstOfRelation = Annotated[int | None, strawberry.argument(description=first_description(20))]
After = Annotated[
    str | None, strawberry.argument(description="The cursor of the item to continue after.")
]
Last = Annotated[
    int | None,
    strawberry.argument(
        description="The page's size, from the end or back from `before` (not with `first`)."
    ),
]
Before = Annotated[
    str | None, strawberry.argument(description="The cursor of the item to stop before.")
]


def paging(
    first: int | None, after: str | None, last: int | None, before: str | None
) -> dict[str, Any]:
    return {"first": first, "after": after, "last": last, "before": before}


def connection(page: Page, build: Callable[[Any], T]) -> Connection[T]:
    edges = [
        Edge(cursor=encode(key), node=build(item))
        for item, key in zip(page.items, page.keys, strict=True)
    ]
    return Connection(
        total_count=page.total,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        edges=edges,
    )
