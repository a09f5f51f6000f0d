"""Partial dates: parsing, the interval each denotes, ordering and comparisons."""

from datetime import date, datetime

import pytest
from pydantic import BaseModel, ValidationError

from talentgraph.dates import PartialDate, parse_optional


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2017", "year", date(2017, 1, 1), date(2017, 12, 31)),
        ("2024-07", "month", date(2024, 7, 1), date(2024, 7, 31)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),  # leap year
        ("2023-02", "month", date(2023, 2, 1), date(2023, 2, 28)),
        ("1900-02", "month", date(1900, 2, 1), date(1900, 2, 28)),  # century, not leap
        ("2024-07-18", "day", date(2024, 7, 18), date(2024, 7, 18)),
        ("2024-02-29", "day", date(2024, 2, 29), date(2024, 2, 29)),
    ],
)
def test_parse_gives_the_interval_the_text_denotes(
    text: str, precision: str, earliest: date, latest: date
) -> None:
    parsed = PartialDate(text)
    assert (parsed.text, parsed.precision) == (text, precision)
    assert (parsed.earliest, parsed.latest) == (earliest, latest)
    assert str(parsed) == text


@pytest.mark.parametrize(
    "bad",
    [
        "2024-13",  # no month 13
        "2024-00",
        "2024-02-30",  # no such day
        "2023-02-29",  # not a leap year
        "24",  # two-digit year
        "2024-7",  # month without leading zero
        "2024-07-1",
        "",
        " 2024",
        "2024-07-18T10:00",
        "2024/07",
        "0000",  # no year zero
        "\uff12\uff10\uff12\uff14",  # full-width digits are not ASCII digits
    ],
)
def test_malformed_text_is_rejected_with_a_message_naming_it(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a partial date") as raised:
        PartialDate(bad)
    assert repr(bad) in str(raised.value)
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in str(raised.value)


@pytest.mark.parametrize("bad", [2024, None, 2024.0, date(2024, 7, 18)])
def test_the_constructor_takes_text_only(bad: object) -> None:
    with pytest.raises(ValueError, match="is not a partial date"):
        PartialDate(bad)  # type: ignore[arg-type]


def test_coerce_accepts_what_yaml_produces() -> None:
    assert PartialDate.coerce(2017) == PartialDate("2017")
    assert PartialDate.coerce(date(2024, 7, 18)) == PartialDate("2024-07-18")
    assert PartialDate.coerce("2024-07") == PartialDate("2024-07")
    already = PartialDate("2024")
    assert PartialDate.coerce(already) is already


@pytest.mark.parametrize("bad", [True, 24, datetime(2024, 7, 18, 10, 0), 2024.5, ["2024"]])
def test_coerce_rejects_other_values(bad: object) -> None:
    with pytest.raises(ValueError, match="is not a partial date"):
        PartialDate.coerce(bad)


def test_parse_optional() -> None:
    assert parse_optional(None) is None
    assert parse_optional("2024-07") == PartialDate("2024-07")
    assert parse_optional(2017) == PartialDate("2017")
    with pytest.raises(ValueError, match="is not a partial date"):
        parse_optional("2024-13")


def test_coarser_dates_sort_before_finer_ones_starting_the_same_day() -> None:
    expected = ["2024", "2024-07", "2024-07-01", "2024-07-18", "2024-08", "2025"]
    shuffled = ["2024-08", "2025", "2024-07-18", "2024", "2024-07-01", "2024-07"]
    assert [str(d) for d in sorted(PartialDate(t) for t in shuffled)] == expected


def test_order_is_total_and_consistent_with_equality() -> None:
    year, month, day = PartialDate("2024"), PartialDate("2024-01"), PartialDate("2024-01-01")
    assert year < month < day
    assert year <= PartialDate("2024")
    assert year >= PartialDate("2024")
    assert day > month > year
    assert year != month
    assert len({PartialDate("2024"), PartialDate("2024"), month}) == 2
    assert year.sort_key == (date(2024, 1, 1), 0)


def test_may_be_before_asks_whether_the_intervals_allow_it() -> None:
    # Overlapping intervals: either may come first.
    assert PartialDate("2024").may_be_before(PartialDate("2024-07"))
    assert PartialDate("2024-07").may_be_before(PartialDate("2024"))
    # Touching at one day counts; the same day may be "on or before".
    assert PartialDate("2024-07-31").may_be_before(PartialDate("2024-07"))
    assert PartialDate("2024-07-18").may_be_before(PartialDate("2024-07-18"))
    assert not PartialDate("2024-08-01").may_be_before(PartialDate("2024-07"))
    assert not PartialDate("2025").may_be_before(PartialDate("2024-12-31"))


def test_is_surely_before_needs_every_day_to_precede() -> None:
    assert PartialDate("2024-07-31").is_surely_before(PartialDate("2024-08"))
    assert PartialDate("2023").is_surely_before(PartialDate("2024-01-01"))
    assert not PartialDate("2024-07").is_surely_before(PartialDate("2024-07-31"))
    assert not PartialDate("2024").is_surely_before(PartialDate("2024-12"))
    assert not PartialDate("2024-07-18").is_surely_before(PartialDate("2024-07-18"))


class _Record(BaseModel):
    start: PartialDate
    end: PartialDate | None = None


def test_pydantic_accepts_int_years_dates_and_text() -> None:
    record = _Record.model_validate({"start": 2017, "end": date(2024, 7, 18)})
    assert record.start == PartialDate("2017")
    assert record.end == PartialDate("2024-07-18")
    assert _Record(start="2024-07").start.precision == "month"
    assert record.model_dump(mode="json") == {"start": "2017", "end": "2024-07-18"}


@pytest.mark.parametrize("bad", ["2024-13", 24, True, 1.5])
def test_pydantic_reports_the_bad_value(bad: object) -> None:
    with pytest.raises(ValidationError) as raised:
        _Record.model_validate({"start": bad})
    (error,) = raised.value.errors()
    assert error["loc"] == ("start",)
    assert "is not a partial date (YYYY, YYYY-MM or YYYY-MM-DD)" in error["msg"]
