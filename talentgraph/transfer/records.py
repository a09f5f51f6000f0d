"""The import and export file formats: JSON Lines and CSV, both ways, as plain records.

A record is what a seed file holds (model/records.py), as a dict: a source, a
person, a company, a university, a model, a product, a round (with its
`investors`) or a fact (`rel`, `from`, `to`...).

- JSON Lines: one record per line, with `"type"` naming its kind (`source`,
  `person`, `company`, `university`, `model`, `product`, `round`, `fact`,
  `redirect`: a merge redirect, `{id, to}`).
- CSV: one file per kind, named for its seed-file section (`people.csv`,
  `facts.csv`...), plus `investments.csv` for the investors of rounds (one row
  per investor) and `redirects.csv` (`id`, `to`). Columns are the record's fields
  (an entity's also `synthetic`, the flag of generated data); a list (`aliases`, `sources`)
  is its items joined by `|`; `disputes` is JSON; an empty cell is a field left
  out. docs/import-export.md lists the columns.

Nothing here touches the database: these are pure functions over text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from model.records import FACTS_SECTION, SECTIONS, Fact
from model.validation import Problem

REDIRECTS = "redirects"  # merge redirects (talentgraph/transfer/redirects.py)
REDIRECT_COLUMNS = ["id", "to"]
# Generated data (seed --synthetic) is marked so; an entity record may say it.
SYNTHETIC = "synthetic"
# The JSON Lines `type` of each seed-file section (and of redirects), and back.
TYPES: dict[str, str] = {
    "sources": "source",
    "people": "person",
    "companies": "company",
    "universities": "university",
    "models": "model",
    "products": "product",
    "rounds": "round",
    FACTS_SECTION: "fact",
    REDIRECTS: "redirect",
}
SECTION_OF_TYPE = {type_: section for section, type_ in TYPES.items()}
INVESTMENTS = "investments"  # the CSV file of rounds' investors
INVESTMENT_COLUMNS = ["round", "investor", "lead", "sources", "note"]
LIST_SEPARATOR = "|"
_LISTS = {"aliases", "sources"}
_JSON = {"disputes"}
_BOOLEANS = {"lead", "ended", SYNTHETIC}


@dataclass
class Raw:
    """A record as read, before validation, and where it was read."""

    file: str
    line: int
    section: str
    data: dict[str, Any]

    @property
    def label(self) -> str:
        return f"line {self.line}"


@dataclass(frozen=True)
class ParseProblem:
    file: str
    line: int
    field: str
    message: str

    def problem(self) -> Problem:
        return Problem(self.file, f"line {self.line}", self.field, self.message)


def columns(section: str) -> list[str]:
    """The CSV columns of a section's file, in order: every field of its record."""
    if section == INVESTMENTS:
        return INVESTMENT_COLUMNS
    if section == REDIRECTS:
        return REDIRECT_COLUMNS
    cls = SECTIONS.get(section, Fact)
    names = [info.alias or name for name, info in cls.model_fields.items()]
    flag = [SYNTHETIC] if section in SECTIONS else []
    return [name for name in names if name != "investors"] + flag


def take_synthetic(record: Raw, problems: list[Problem]) -> bool | None:
    """Remove an entity record's `synthetic` flag (not a field of the seed model) and
    return it: True, False, or None when the record does not say."""
    if record.section not in SECTIONS or SYNTHETIC not in record.data:
        return None
    flag = record.data.pop(SYNTHETIC)
    if not isinstance(flag, bool):
        problems.append(Problem(record.file, record.label, SYNTHETIC,
                                      f"true or false (got {flag!r})"))  # fmt: skip
        return None
    return flag


def parse_jsonl(file: str, text: str) -> tuple[list[Raw], list[ParseProblem]]:
    records: list[Raw] = []
    problems: list[ParseProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)  # several times faster than json on large imports
        except orjson.JSONDecodeError:
            try:  # json's message says what is wrong, and it reads what orjson will not
                data = json.loads(line)
            except ValueError as error:
                problems.append(ParseProblem(file, number, "", f"not JSON ({error})"))
                continue
        if not isinstance(data, dict):
            problems.append(ParseProblem(file, number, "", "expected a JSON object"))
            continue
        type_ = data.pop("type", None)
        if type_ not in SECTION_OF_TYPE:
            known = ", ".join(SECTION_OF_TYPE)
            problems.append(ParseProblem(file, number, "type", f"expected one of: {known}"))
            continue
        records.append(Raw(file, number, SECTION_OF_TYPE[type_], data))
    return records, problems


def section_of_csv(stem: str) -> str | None:
    """The section a CSV file holds, from its name: `people.csv`, or `2024-people.csv`."""
    for section in [*TYPES, INVESTMENTS]:
        if stem == section or stem.endswith((f"-{section}", f"_{section}", f".{section}")):
            return section
    return None


def parse_csv(file: str, section: str, text: str) -> tuple[list[Raw], list[ParseProblem]]:
    """Rows as records of `section` (investments: as `{round, id, lead, sources, note}`)."""
    records: list[Raw] = []
    problems: list[ParseProblem] = []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    known = set(columns(section))
    unknown = [name for name in reader.fieldnames or [] if name not in known]
    for name in unknown:
        problems.append(ParseProblem(file, 1, name, "unknown column"))
    line = reader.line_num + 1
    for row in reader:
        data: dict[str, Any] = {}
        for column, cell in row.items():
            if column is None:
                problems.append(ParseProblem(file, line, "", "more cells than columns"))
                continue
            if column in unknown:
                continue  # reported once, at the header
            if cell is None or cell.strip() == "":
                continue
            try:
                data[column] = _cell(column, cell.strip())
            except ValueError as error:
                problems.append(ParseProblem(file, line, column, str(error)))
        if section == INVESTMENTS and "investor" in data:
            data["id"] = data.pop("investor")
        records.append(Raw(file, line, section, data))
        line = reader.line_num + 1
    return records, problems


def _cell(column: str, text: str) -> Any:
    if column in _LISTS:
        return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
    if column in _JSON:
        try:
            return json.loads(text)
        except ValueError as error:
            raise ValueError(f"not JSON ({error})") from None
    if column in _BOOLEANS and text.lower() in {"true", "false"}:
        return text.lower() == "true"
    return text


def attach_investments(records: list[Raw], problems: list[ParseProblem]) -> list[Raw]:
    """Fold investments.csv rows into the rounds they name (a round of the same import)."""
    rounds = {r.data.get("id"): r for r in records if r.section == "rounds"}
    kept = []
    for record in records:
        if record.section != INVESTMENTS:
            kept.append(record)
            continue
        investment = dict(record.data)
        round_ = rounds.get(investment.pop("round", None))
        if round_ is None:
            problems.append(
                ParseProblem(
                    record.file, record.line, "round", "names no round of this import's rounds.csv"
                )
            )
            continue
        round_.data.setdefault("investors", []).append(investment)
    return kept


def to_jsonl(section: str, record: dict[str, Any]) -> str:
    return json.dumps({"type": TYPES[section], **record}, ensure_ascii=False)


def csv_rows(section: str, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, str]]:
    """The CSV rows of records of a section; for rounds, their investors are not included."""
    for record in records:
        yield {column: _text(column, record.get(column)) for column in columns(section)}


def investment_rows(rounds: Iterable[dict[str, Any]]) -> Iterator[dict[str, str]]:
    for round_ in rounds:
        for investor in round_.get("investors", []):
            given = {**investor, "round": round_["id"], "investor": investor["id"]}
            yield {column: _text(column, given.get(column)) for column in INVESTMENT_COLUMNS}


def _text(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column in _LISTS:
        return LIST_SEPARATOR.join(value)
    if column in _JSON:
        return json.dumps(value, ensure_ascii=False) if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
