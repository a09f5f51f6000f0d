"""Custom scalars: Python types for annotations, their GraphQL definitions in SCALARS."""

from __future__ import annotations

import datetime
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


# `@specifiedBy` needs a URL that stays true: the published standards each scalar follows
# (docs/scalars.md says which part of each, and what the API adds).
EDTF = "https://www.loc.gov/standards/datetime/"
RFC_8259 = "https://www.rfc-editor.org/rfc/rfc8259"
RFC_3339 = "https://www.rfc-editor.org/rfc/rfc3339"

SCALARS: dict[object, ScalarDefinition] = {
    PartialDate: strawberry.scalar(
        name="PartialDate",
        description=(
            "A date as precise as its source: `2017`, `2024-07` or `2024-07-18` (the dates of "
            "EDTF level 0, nothing else). It stands for every day it could be: `2024-07` is "
            "2024-07-01..2024-07-31. Windows and `asOf` match a fact when its period may "
            "overlap them. Format and meaning: docs/scalars.md."
        ),
        specified_by_url=EDTF,
        serialize=str,
        parse_value=_parse_partial_date,
    ),
    JSON: strawberry.scalar(
        name="JSON",
        description=(
            "Any JSON value (RFC 8259), given and answered as JSON itself, not as a string: "
            "an object for `Hop.properties` and `cypher`'s answer. docs/scalars.md."
        ),
        specified_by_url=RFC_8259,
        serialize=lambda v: v,
        parse_value=lambda v: v,
    ),
    # Strawberry's own DateTime, with the standard its text follows (the change log's times).
    datetime.datetime: strawberry.scalar(
        name="DateTime",
        description="A moment with its UTC offset, as RFC 3339 writes it: "
        "`2026-11-30T09:15:02.123456+00:00`. docs/scalars.md.",
        specified_by_url=RFC_3339,
        serialize=datetime.datetime.isoformat,
        parse_value=datetime.datetime.fromisoformat,
    ),
}
