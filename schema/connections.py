"""Relay connections: paging both ways (`first`/`after`, `last`/`before`), keyset cursors,
a cheap `totalCount`."""

from __future__ import annotations

import sys
import types
from typing import Any, Generic, TypeVar

import strawberry

T = TypeVar("T")


@strawberry.type(description="Where a page sits in its list (Relay).")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a page, with the cursor to continue after it.")
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a list. `totalCount` counts the whole list, not the page.")
class Connection(Generic[T]):
    total_count: int
    page_info: PageInfo
    edges: list[Edge[T]]

    @strawberry.field(description="The page's items without cursors (a shortcut for edges.node).")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def page_of(node: type, description: str, module: str, **fields: Any) -> Any:
    """`<Node>Connection`: `Connection[node]` as a type of `module` with a description of
    its own (the order of its list), and any more `fields`."""
    name = f"{node.__name__}Connection"
    base = Connection[node]  # type: ignore[valid-type]
    made = types.new_class(
        name, (base,), exec_body=lambda ns: ns.update(__module__=module, **fields)
    )
    page = strawberry.type(made, description=description)
    setattr(sys.modules[module], name, page)
    return page
