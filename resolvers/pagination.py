"""Offset cursors for Relay connections; the page itself is cut in Cypher."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import TypeVar

from schema.connections import Connection, Edge, PageInfo
from talentgraph.errors import BadInput

T = TypeVar("T")
_PREFIX = "o:"
_MAX_OFFSET = 2**31


def cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def offset_after(after: str | None) -> int:
    """The offset of the first item after the cursor."""
    if after is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(after.encode()).decode()
        offset = int(text.removeprefix(_PREFIX)) if text.startswith(_PREFIX) else -1
        # Cursors this API gives out never pass a list's cap; bound them below Neo4j's ints.
        if 0 <= offset < _MAX_OFFSET:
            return offset + 1
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise BadInput("`after` is not a cursor this API gave out", field="after")


def check_first(first: int, cap: int) -> int:
    if not 0 <= first <= cap:
        raise BadInput(f"`first` must be between 0 and {cap}, got {first}", field="first")
    return first


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
