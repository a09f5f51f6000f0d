"""Partial dates: as precise as the source, and no more.

Sources say "2017", "2024-07" or "2024-07-18". A `PartialDate` keeps that text
and denotes the closed interval of days it could mean, `[earliest, latest]`:
"2024" is 2024-01-01..2024-12-31, "2024-02" is 2024-02-01..2024-02-29,
"2024-07-18" is that one day. No day is ever invented.

Storage: the database keeps the text as given (`start: "2024-07"`) plus
`startMin` and `startMax`, Neo4j dates holding `earliest` and `latest`, so
that range filters compare dates (and can use indexes), never strings.

Time windows: a fact spanning `[s, e]` (no `e`: still ongoing) is in the
window `[since, until]` when it may overlap it:
`s.earliest <= until.latest and (e is None or e.latest >= since.earliest)`.

Order: `sort_key = (earliest, precision rank)` with year < month < day, a
total order in which "2024" < "2024-07" < "2024-07-01" < "2024-07-18" < "2024-08".
It sorts timelines; whether one date really precedes another is a separate
question, answered by `may_be_before` and `is_surely_before`.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

Precision = Literal["year", "month", "day"]

_RANK: dict[Precision, int] = {"year": 0, "month": 1, "day": 2}
# ASCII digits only: \d would also accept other scripts' digits.
_FORM = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
ACCEPTED_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"


def _invalid(value: object) -> ValueError:
    return ValueError(f"{value!r} is not a partial date ({ACCEPTED_FORMS})")


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A year, a month or a day; `PartialDate("2024-07")`."""

    text: str
    precision: Precision = field(init=False, repr=False, compare=False)
    earliest: date = field(init=False, repr=False, compare=False)
    latest: date = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        match = _FORM.fullmatch(self.text) if isinstance(self.text, str) else None
        if match is None:
            raise _invalid(self.text)
        year_text, month_text, day_text = match.groups()
        year = int(year_text)
        try:
            if month_text is None:
                precision: Precision = "year"
                earliest, latest = date(year, 1, 1), date(year, 12, 31)
            elif day_text is None:
                precision = "month"
                month = int(month_text)
                earliest = date(year, month, 1)
                latest = date(year, month, calendar.monthrange(year, month)[1])
            else:
                precision = "day"
                earliest = latest = date(year, int(month_text), int(day_text))
        except ValueError:  # month 13, February 30, year 0000
            raise _invalid(self.text) from None
        # Frozen dataclass: derived fields are set once, here.
        object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "earliest", earliest)
        object.__setattr__(self, "latest", latest)

    @classmethod
    def coerce(cls, value: object) -> PartialDate:
        """Accept what YAML hands over: text, an int year (2017) or a date."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return _parsed(str(value))
        # A datetime is more precise than any partial date: refuse, don't truncate.
        if isinstance(value, date) and not isinstance(value, datetime):
            return _parsed(value.isoformat())
        if isinstance(value, str):
            return _parsed(value)
        raise _invalid(value)

    @property
    def sort_key(self) -> tuple[date, int]:
        return (self.earliest, _RANK[self.precision])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __str__(self) -> str:
        return self.text

    def stored(self, name: str) -> dict[str, Any]:
        """How the graph keeps the property `name`: the text as given, and its first and
        last possible days as `<name>Min` and `<name>Max` (the dates filters compare)."""
        return {name: self.text, f"{name}Min": self.earliest, f"{name}Max": self.latest}

    def may_be_before(self, other: PartialDate) -> bool:
        """Some day of self is on or before some day of other."""
        return self.earliest <= other.latest

    def is_surely_before(self, other: PartialDate) -> bool:
        """Every day of self is before every day of other."""
        return self.latest < other.earliest

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.coerce,
            json_schema_input_schema=core_schema.str_schema(pattern=f"^{_FORM.pattern}$"),
            serialization=core_schema.to_string_ser_schema(),
        )


def parse_optional(value: object) -> PartialDate | None:
    """None stays None; anything else must be a partial date."""
    return None if value is None else PartialDate.coerce(value)


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> PartialDate:
    # An import of 100,000 facts parses a few hundred distinct dates 200,000 times; a
    # PartialDate is frozen, so one value serves every record that gives the same text.
    return PartialDate(text)
