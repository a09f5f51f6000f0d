"""Relay connections built from a page the reference executor cut in Cypher."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from resolvers.arguments import cursor
from schema.connections import Connection, Edge, PageInfo

T = TypeVar("T")


def connection(items: Sequence[T], skip: int, total: int) -> Connection[T]:
    edges = [Edge(cursor=cursor(skip + i), node=item) for i, item in enumerate(items)]
    return Connection(
        total_count=total,
        page_info=PageInfo(
            has_next_page=skip + len(items) < total,
            has_previous_page=skip > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        edges=edges,
    )
