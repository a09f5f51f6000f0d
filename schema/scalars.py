"""Custom scalars: Python types for annotations, their GraphQL definitions in SCALARS."""

from __future__ import annotations

from typing import Any, NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

from talentgraph.dates import PartialDate as _PartialDate

# Values arrive parsed (talentgraph.dates.PartialDate) and leave as text from the database.
PartialDate = NewType("PartialDate", _PartialDate)
JSON = NewType("JSON", object)


def _parse_partial_date(value: Any) -> _PartialDate:
    # A ValueError here becomes a BAD_USER_INPUT error naming the value.
    return _PartialDate(value if isinstance(value, str) else str(value))


SCALARS: dict[object, ScalarDefinition] = {
    PartialDate: strawberry.scalar(
        name="PartialDate",
        description=(
            "A date as precise as its source: `2017`, `2024-07` or `2024-07-18`. It stands for "
            "every day it could be: `2024-07` is 2024-07-01..2024-07-31. Windows and `asOf` "
            "match a fact when its period may overlap them."
        ),
        serialize=str,
        parse_value=_parse_partial_date,
    ),
    JSON: strawberry.scalar(
        name="JSON", description="Any JSON value.", serialize=lambda v: v, parse_value=lambda v: v
    ),
}
