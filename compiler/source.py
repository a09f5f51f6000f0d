"""Where a compiled object's fields are read from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Src:
    """An object in Cypher: a node or relationship variable, or a map.

    Maps come from the named traversals' statements (a node's properties plus
    `label`, its labels); relationships are matched from a map by its `id`. A
    fact also has its two ends in `ends`, keyed by the fact's field names.
    """

    expr: str
    node: bool = True
    labels: str = ""  # an expression for the labels; empty: labels(expr)
    ends: dict[str, Src] = field(default_factory=dict)


def from_map(expr: str) -> Src:
    """An entity as a traversal returns it: its properties and `label`."""
    return Src(expr, node=False, labels=f"{expr}.label")


def fact_from_map(props: str, **ends: str) -> Src:
    """A fact as a traversal returns it: its properties, and maps of its ends."""
    return Src(props, node=False, ends={name: from_map(end) for name, end in ends.items()})
