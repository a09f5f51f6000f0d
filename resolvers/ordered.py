"""Keyset pages of the named traversals' lists: the reviewed statement returns its whole
list in its own order, and a page is cut from it by a cursor.

Each list's order is its statement's `ORDER BY`, with a unique id appended so that no
two items tie (a cursor must name one place). The same keys drive both read paths: the
compiler writes them as Cypher over the statement's list (compiler/traversals.py,
compiler/keyset.py), and `cut` applies them here in Python for the reference resolvers,
with Cypher's rules: a missing value sorts last whichever way its key sorts.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any

from resolvers import Record
from resolvers.cursors import Window, window
from resolvers.nodes import Page, page
from talentgraph.errors import BadInput


@dataclass(frozen=True)
class Order:
    """One sort key of a traversal's list: a path into each item's map."""

    path: tuple[str, ...]
    kind: type  # what its values are: a cursor holding anything else is no cursor of this list
    descending: bool = False
    nullable: bool = True


# The statements' orders (cypher/*.cypher), each ended by an id that no two items share.
DEPARTURES = [
    Order(("left", "endMin"), datetime.date, descending=True),  # newest first, undated last
    Order(("person", "name"), str),
    Order(("left", "id"), str, nullable=False),
]
PORTFOLIO = [Order(("company", "name"), str), Order(("company", "id"), str, nullable=False)]
SEARCH = [
    Order(("score",), float, descending=True, nullable=False),
    Order(("node", "name"), str),
    Order(("node", "id"), str, nullable=False),
]
# A pair's moves, by the date they joined; a move is one spell left and one joined.
MOVES = [
    Order(("joined", "startMin"), datetime.date),
    Order(("joined", "id"), str, nullable=False),
    Order(("left", "id"), str, nullable=False),
]


def fits(orders: list[Order], key: list[Any]) -> bool:
    """Whether a cursor's key is one of this list's: a value of each key's kind."""
    return len(key) == len(orders) and all(
        (v is None and o.nullable) or (isinstance(v, o.kind) and not isinstance(v, bool))
        for o, v in zip(orders, key, strict=True)
    )


def checked(args: dict[str, Any], orders: list[Order], default: int, cap: int) -> Window:
    """The window `args` ask for (resolvers/cursors.window), its cursors checked against
    the list's keys (a cursor of another list is BAD_USER_INPUT, on both read paths)."""
    asked = window(args, len(orders), default, cap)
    for name, key in (("after", asked.after), ("before", asked.before)):
        if key is not None and not fits(orders, key):
            raise BadInput(f"`{name}` is not a cursor this list gave out", field=name)
    return asked


def key(orders: list[Order], item: Record) -> list[Any]:
    """An item's sort key, as its cursor holds it (dates as Python dates)."""
    found = []
    for order in orders:
        value: Any = item
        for step in order.path:
            value = value.get(step) if value is not None else None
        native = getattr(value, "to_native", None)
        found.append(native() if native is not None else value)
    return found


def _compare(orders: list[Order], a: list[Any], b: list[Any]) -> int:
    for order, x, y in zip(orders, a, b, strict=True):
        if x == y or (x is None and y is None):
            continue
        if x is None or y is None:
            return 1 if x is None else -1  # missing last, either way
        less = x < y
        return (1 if less else -1) if order.descending else (-1 if less else 1)
    return 0


def cut(items: list[Record], orders: list[Order], asked: Window) -> Page:
    """The page `asked` of a whole list, with its total and whether items lie beyond."""
    pairs: list[tuple[list[Any], Record]] = [(key(orders, i), i) for i in items]

    def compare(a: tuple[list[Any], Record], b: tuple[list[Any], Record]) -> int:
        return _compare(orders, a[0], b[0])

    keyed = sorted(pairs, key=functools.cmp_to_key(compare))

    def past(k: list[Any], cursor: list[Any] | None, later: bool) -> bool:
        if cursor is None:
            return True
        side = _compare(orders, k, cursor)
        return side > 0 if later else side < 0

    inside = [
        (k, i) for k, i in keyed if past(k, asked.after, True) and past(k, asked.before, False)
    ]
    fetched = inside[-asked.limit :] if asked.backward else inside[: asked.limit]
    beyond = asked.lead is not None and any(
        not past(k, asked.lead, not asked.backward) for k, _ in keyed
    )
    return page([i for _, i in fetched], asked, beyond, len(items), lambda i: key(orders, i))
