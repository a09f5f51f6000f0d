"""Keyset cursors and the paging window: one set of rules for both read paths.

A cursor is the sort key of an item and its id, as URL-safe base64 of a small
JSON list (`["Zhou Chang","zhou-chang"]`): a page after it starts at the first
item that sorts after that key, wherever it now stands, so writes between two
page requests never repeat or skip an item (an offset would shift). Dates in a
key are `{"date": "2024-07-01"}`. Both read paths make cursors with `encode`
from the same key values, so their cursors are the same bytes.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from typing import Any

from talentgraph.errors import BadInput

_MAX_CURSOR = 2_000  # characters: a key is a few names, dates and an id


def encode(key: list[Any]) -> str:
    """The cursor of an item whose sort key (its id last) is `key`."""
    text = json.dumps([_plain(v) for v in key], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode()


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    iso = getattr(value, "iso_format", None) or getattr(value, "isoformat", None)
    if iso is not None:  # neo4j.time.Date, datetime.date
        return {"date": iso()}
    raise TypeError(f"a sort key holds a {type(value).__name__}")


def decode(cursor: str | None, size: int, field: str) -> list[Any] | None:
    """The key in a cursor this API gave out for a list sorted by `size` keys (the id last);
    None for no cursor. Anything else is BAD_USER_INPUT naming the argument."""
    if cursor is None:
        return None
    try:
        if len(cursor) > _MAX_CURSOR:
            raise ValueError
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
        if isinstance(key, list) and len(key) == size and isinstance(key[-1], str):
            return [_value(v) for v in key]
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        pass
    raise BadInput(f"`{field}` is not a cursor this list gave out", field=field)


def _value(value: Any) -> Any:
    if isinstance(value, dict):
        if list(value) == ["date"] and isinstance(value["date"], str):
            return datetime.date.fromisoformat(value["date"])
        raise ValueError("not a key")
    if isinstance(value, list) or (isinstance(value, int) and not -(2**63) <= value < 2**63):
        raise ValueError("not a key")  # Neo4j's integers are 64 bits
    return value


@dataclass(frozen=True)
class Window:
    """Which page of a list a request asks for (the Relay connection arguments, checked).

    `count` items, read forwards from `after` or (`backward`) back from `before`; the
    statement fetches `count + 1` to tell whether more lie beyond.
    """

    count: int
    backward: bool
    after: list[Any] | None
    before: list[Any] | None

    @property
    def limit(self) -> int:
        return self.count + 1

    @property
    def lead(self) -> list[Any] | None:
        """The cursor the page starts from: what `hasPreviousPage` (forwards) or
        `hasNextPage` (backwards) looks beyond."""
        return self.before if self.backward else self.after


def window(args: dict[str, Any], size: int, default: int, cap: int) -> Window:
    """The window that `first`/`after`/`last`/`before` ask for, for a list sorted by
    `size` keys (the id last); `default` items when neither `first` nor `last` is given."""
    first, last = args.get("first"), args.get("last")
    if first is not None and last is not None:
        raise BadInput("give `first` or `last`, not both", field="last")
    name, count = ("last", last) if last is not None else ("first", first)
    if count is None:
        count = default
    if not 0 <= count <= cap:
        raise BadInput(f"`{name}` must be between 0 and {cap}, got {count}", field=name)
    after = decode(args.get("after"), size, "after")
    before = decode(args.get("before"), size, "before")
    return Window(count, last is not None, after, before)
