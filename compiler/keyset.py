"""Keyset paging in Cypher: a list's sort keys, either way, and the conditions of cursors.

A list sorts by keys, the item's id last (unique, never null). Missing values sort
last whichever way a key sorts, as undated facts always have. A cursor holds one
item's key values (resolvers/cursors.py); `past` writes the condition "strictly
later than the cursor" (`after`) or "strictly earlier" (`before`), lexicographic
over the keys and null-safe, so its value is never null and `NOT` inverts it. The
same conditions are written by hand in cypher/entity_list.cypher and
cypher/edges_*.cypher for the reference executor; the two must agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compiler import shape
from resolvers.cursors import encode


@dataclass(frozen=True)
class Key:
    expr: str
    descending: bool = False
    nullable: bool = True  # False: the list holds no item without it (ids, filtered names)


def order(keys: list[Key], backward: bool) -> str:
    """ORDER BY's keys: the list's order, or (backward) its reverse."""
    parts = []
    for key in keys:
        if key.descending and key.nullable:  # DESC alone would put missing values first
            parts.append(f"{key.expr} IS NULL" + (" DESC" if backward else ""))
        descending = key.descending != backward
        parts.append(key.expr + (" DESC" if descending else ""))
    return ", ".join(parts)


def past(keys: list[Key], cursor: str, later: bool) -> str:
    """Items strictly later (`later`, for `after`) or earlier than the key in `cursor`
    (a list parameter): true or false, never null."""
    last = len(keys) - 1
    test = _beyond(keys[last], f"{cursor}[{last}]", later)
    for i in range(last - 1, -1, -1):
        key, value = keys[i], f"{cursor}[{i}]"
        test = f"{_beyond(key, value, later)} OR ({_same(key, value)} AND ({test}))"
    return f"coalesce({test}, false)"


def _beyond(key: Key, value: str, later: bool) -> str:
    e = key.expr
    sign = ">" if later != key.descending else "<"
    if not key.nullable:
        return f"{e} {sign} {value}"
    if later:  # a missing value is later than any other
        return f"({value} IS NOT NULL AND ({e} IS NULL OR {e} {sign} {value}))"
    return f"({e} IS NOT NULL AND ({value} IS NULL OR {e} {sign} {value}))"


def _same(key: Key, value: str) -> str:
    if not key.nullable:
        return f"{key.expr} = {value}"
    return f"coalesce({key.expr} = {value}, {key.expr} IS NULL AND {value} IS NULL)"


def values(keys: list[Key]) -> str:
    """The list of an item's key values: what its cursor holds."""
    return "[" + ", ".join(k.expr for k in keys) + "]"


def cursor_build(key: Any) -> Any:
    """A cursor from the key values the statement returned (None: no item)."""
    return None if key is None else encode(key)


cursor_shape: shape.Build = cursor_build
