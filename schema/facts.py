"""The fact types, generated from the registry: one `Fact` type per row of model/kinds.toml.

Each has the interface's fields (schema/types.py `Fact`: id, note, evidence),
then its two ends, then its properties, as the row lists them. An end of one
kind is that entity type; an end of several kinds is an `Entity`. A property's
GraphQL type follows its registry type: `text` a String, `date` a PartialDate,
`flag` a Boolean that is false where the graph holds nothing. A property
without an `about` in the registry takes its description from schema/glossary.py.

`from schema.facts import Employment` works like any import: each generated
type is an attribute of this module.
"""

from __future__ import annotations

from typing import Any

import strawberry

from model.kinds import FACT_ROWS, End, FactKind, Prop
from schema import records
from schema.classes import REQUIRED, Fields, make, snake
from schema.scalars import PartialDate
from schema.types import ENTITY_TYPES, Entity, Fact

_OUTPUT: dict[str, tuple[Any, Any]] = {
    # registry type -> (annotation, default where the graph holds nothing)
    "text": (str | None, None),
    "date": (PartialDate | None, None),
    "flag": (bool, False),
}


def _end(end: End) -> tuple[Any, Any]:
    annotation = ENTITY_TYPES[end.kinds[0]] if len(end.kinds) == 1 else Entity
    return annotation, strawberry.field(description=end.about) if end.about else REQUIRED


def _prop(prop: Prop) -> tuple[Any, Any]:
    annotation, default = _OUTPUT[prop.type]
    if prop.about:
        return annotation, strawberry.field(default=default, description=prop.about)
    return annotation, default


def _fact_type(row: FactKind) -> Any:
    fields: Fields = {end.field: _end(end) for end in (row.source, row.target)}
    fields.update((snake(p.name), _prop(p)) for p in row.props)
    return make(strawberry.type, row.stem, __name__, fields, row.about, (Fact,))


FACT_TYPES: dict[str, Any] = {row.stem: _fact_type(row) for row in FACT_ROWS}
records.register(*FACT_TYPES.values())
