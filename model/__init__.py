"""The graph model: what the API's relationship fields stand for in Neo4j.

The bottom layer: it imports nothing of the project. The schema declares its
relationship fields with these specs, and the compiler reads them back from
the schema to write Cypher, so a relationship type or direction is stated once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OUT = "out"
IN = "in"
_TYPE = re.compile(r"[A-Z][A-Z_]*")


@dataclass(frozen=True)
class Relation:
    """A field paging `(parent)-[:rel_type]->(other)` (or `<-` for IN) as `edge_type` facts.

    `parent_field` and `other_field` name the fact's fields for its two ends;
    `dated` relationships take the time-window arguments.
    """

    rel_type: str
    direction: str
    edge_type: str
    parent_field: str
    other_field: str
    dated: bool = False

    def __post_init__(self) -> None:
        # These reach Cypher text as identifiers: refuse anything else, even from our own code.
        if not _TYPE.fullmatch(self.rel_type) or self.direction not in (OUT, IN):
            raise ValueError(f"not a relationship spec: {self}")

    @property
    def ends(self) -> tuple[str, str]:
        """The fact's fields for the relationship's start and end node."""
        if self.direction == OUT:
            return self.parent_field, self.other_field
        return self.other_field, self.parent_field


def facts_by_type(relations: list[Relation]) -> dict[str, Relation]:
    """Each relationship type's fact, from the relationship fields (every type has one)."""
    return {r.rel_type: r for r in sorted(relations, key=lambda r: (r.rel_type, r.direction))}
