"""Turn what the compiled statement returns into the response's JSON objects.

Neo4j does not keep a map's key order, and a GraphQL response must list fields
in the order the query asks for them. So the statement returns every object as
a list of its field values, in response order, and a shape made at compile
time zips the response keys back on. That is the only per-object work left in
Python: no resolvers, no type checks, no coercion (the statement already
renders every scalar as the API serialises it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

Build = Callable[[Any], Any]
"""Rebuilds one value from the statement's answer; `None` stays `None`. A field whose
build is None (a leaf, a list of leaves) is used as Neo4j returned it."""


def value() -> None:
    """A leaf or a list of leaves: used as Neo4j returned it (a shape of `None`)."""
    return


def obj(keys: Sequence[str], subs: Sequence[Build | None]) -> Build:
    """An object: a list of field values, `subs[i]` rebuilding field i (None: a leaf)."""
    keys = tuple(keys)
    nested = tuple(
        (i, key, sub) for i, (key, sub) in enumerate(zip(keys, subs, strict=True)) if sub
    )

    def build(values: Any) -> Any:
        if values is None:
            return None
        built = dict(zip(keys, values, strict=True))
        for i, key, sub in nested:
            built[key] = sub(values[i])
        return built

    return build


def abstract(branches: dict[str, Build]) -> Build:
    """An interface value: `[typename, *fields]`, each type with its own fields."""

    def build(values: Any) -> Any:
        if values is None:
            return None
        return branches[values[0]](values[1:])

    return build


def many(item: Build | None) -> Build | None:
    """A list of objects; a list of leaves needs no rebuilding."""
    if item is None:
        return None

    def build(values: Any) -> Any:
        if values is None:
            return None
        return [item(v) for v in values]

    return build


def relationship_properties(props: Any) -> Any:
    """A relationship's own properties for clients (`Hop.properties`): as-given dates,
    without the Min/Max index helpers or the evidence, which has fields of its own."""
    if props is None:
        return None
    return {
        k: v
        for k, v in props.items()
        if not k.endswith(("Min", "Max")) and k not in {"sources", "confidence", "disputes"}
    }


# A dispute's fields, from the JSON record the loader stores for each (`disputes`).
DISPUTE_FIELDS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "__typename": lambda d: "Dispute",
    "field": lambda d: d["field"],
    "value": lambda d: d["value"],
    "note": lambda d: d.get("note"),
    "sourceIds": lambda d: d["sources"],
}


def disputes(fields: Sequence[tuple[str, str]]) -> Build:
    """`evidence.disputes`: the stored JSON text, parsed, with the selected fields.

    The one place Python reads a field's value: Cypher cannot parse JSON, and
    disputes are few."""
    getters = [(key, DISPUTE_FIELDS[name]) for key, name in fields]

    def build(text: Any) -> Any:
        records = json.loads(text) if text else []
        return [{key: get(d) for key, get in getters} for d in records]

    return build
