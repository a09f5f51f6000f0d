"""The fact types, generated from the registry: one `Fact` type per row of model/kinds.toml.

Each has the interface's fields (schema/types.py `Fact`: id, note, evidence),
then its two ends, then its properties, as the row lists them. An end of one
kind is that entity type; an end of several kinds is its interface (`Employer`) or an
`Entity`. A property's
GraphQL type follows its registry type (schema/classes.py `output`).

`from schema.facts import Employment` works like any import: each generated
type is an attribute of this module.
"""

from __future__ import annotations

from typing import Any

import strawberry

from model.kinds import FACT_OF_TYPE, FACT_ROWS, End, FactKind
from schema import records
from schema.classes import REQUIRED, Fields, make, output, snake
from schema.types import ENTITY_TYPES, INTERFACES, Entity, Fact, Node


def _end(end: End) -> tuple[Any, Any]:
    if len(end.kinds) == 1:
        annotation = ENTITY_TYPES[end.kinds[0]]
    else:
        annotation = INTERFACES[end.interface] if end.interface else Entity
    return annotation, strawberry.field(description=end.about) if end.about else REQUIRED


def _fact_type(row: FactKind) -> Any:
    fields: Fields = {end.field: _end(end) for end in (row.source, row.target)}
    fields.update((snake(p.name), f) for p in row.props if (f := output(p)) is not None)
    return make(strawberry.type, row.stem, __name__, fields, row.about, (Fact,))


FACT_TYPES: dict[str, Any] = {row.stem: _fact_type(row) for row in FACT_ROWS}
records.register(*FACT_TYPES.values())


def fact(record: dict[str, Any]) -> Any:
    """A fact found by id (resolvers/nodes.py: its type, properties and ends), as its type."""
    row = FACT_OF_TYPE[record["type"]]
    ends = {row.source.field: records.entity(record["start"]),
            row.target.field: records.entity(record["end"])}  # fmt: skip
    return records.build(FACT_TYPES[row.stem], record["rel"], **ends)


def node(record: dict[str, Any] | None) -> Node | None:
    """An entity or a fact as resolvers/nodes.py finds it by id; None for nothing."""
    if record is None:
        return None
    found: Node = fact(record) if "rel" in record else records.entity(record)
    return found
