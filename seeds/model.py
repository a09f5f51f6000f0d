"""Typed schema of the seed files (seeds/data/*.yaml) and a validator that reports every problem.

Each file is a mapping with one or more sections: `sources`, `people`, `companies`,
`universities`, `models`, `products`, `rounds`, `facts`. Ids are global across
files and kinds. `validate_files` checks each record on its own (pydantic, with
unknown fields refused), then the graph as a whole (duplicate ids, references,
relationship endpoints, per-type properties, end before start, the same fact
twice), and returns every problem it found rather than stopping at the first.

Run `python -m seeds.model [FILE ...]` to check the seed data (all of
seeds/data by default).
"""

from __future__ import annotations

import ipaddress
import re
import sys
import unicodedata
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)
from pydantic_core import ErrorDetails

from model.graph import RELATIONSHIPS, CompanyKind, MoneyQualifier, RelType
from talentgraph.dates import PartialDate

DATA_DIR = Path(__file__).parent / "data"

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _check_slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(f"{value!r} is not a slug (lowercase a-z and 0-9 words joined by '-')")
    return value


# Bidi embeddings, overrides and isolates: they make text read in another order
# than it is stored ("Trojan Source"), so a name could display as another name.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _hidden(character: str) -> bool:
    """Control characters (NUL, ANSI escapes, C1) and bidi controls: text that is not text."""
    return unicodedata.category(character) == "Cc" or character in _BIDI_CONTROLS


def _check_name(value: str) -> str:
    # Names, aliases and titles are one line of plain text: no character hides or reorders it.
    for position, character in enumerate(value):
        if _hidden(character):
            raise ValueError(
                f"contains the control character U+{ord(character):04X} at position "
                f"{position}; names and titles must be plain text"
            )
    return value


def _check_prose(value: str) -> str:
    # Free text may break lines and indent, nothing more.
    for position, character in enumerate(value):
        if _hidden(character) and character not in "\t\n\r":
            raise ValueError(
                f"contains the control character U+{ord(character):04X} at position {position}"
            )
    return value


def _check_url(value: str) -> str:
    """An absolute http(s) URL to a public-looking host, without credentials or hidden characters."""
    if any(character.isspace() or _hidden(character) for character in value):
        raise ValueError("a URL contains no whitespace or control characters")
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError as error:
        raise ValueError(f"not a URL ({error})") from None
    if parts.scheme not in {"http", "https"}:
        raise ValueError("must be an http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not carry credentials (user:password@)")
    host = parts.hostname or ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        if not address.is_global:
            raise ValueError(f"must point to a public host, not {host}")
    elif "." not in host.strip(".") or host.rstrip(".").endswith((".localhost", ".local")):
        raise ValueError(f"must name a public host (like example.com), not {host or 'nothing'!r}")
    return value


def _scalar_to_text(value: object) -> object:
    # YAML reads an unquoted 1979 as an int; a disputed value is text whatever it looks like.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


class _SeedLoader(yaml.SafeLoader):
    """SafeLoader that leaves 2024-07-18 as text, for PartialDate to judge.

    YAML's own timestamps would turn the text into a date object, and raise a
    bare ValueError on 2024-02-30 instead of letting us name the record.
    """


_SeedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


Slug = Annotated[str, AfterValidator(_check_slug)]
SourceIds = Annotated[list[Slug], Field(min_length=1)]
Confidence = Annotated[float, Field(ge=0.0, le=1.0)]
# One line of plain text: names, aliases, titles.
Line = Annotated[str, AfterValidator(_check_name)]
Text = Annotated[Line, Field(min_length=1)]
Url = Annotated[str, AfterValidator(_check_url)]
DisputedValue = Annotated[str, BeforeValidator(_scalar_to_text)]
Currency = Literal["USD", "CNY"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _plain_text(cls, value: object) -> object:
        """Every text field, not only names, refuses NUL, ANSI escapes and bidi controls."""
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                _check_prose(text)
        return value


class Dispute(_Strict):
    """Another value for one field of the record, as other sources give it."""

    field: str
    value: DisputedValue
    sources: SourceIds
    note: str | None = None


class Source(_Strict):
    id: Slug
    title: Text
    publisher: Text
    url: Url | None = None
    published: PartialDate | None = None
    language: str | None = None
    reliability: Literal["high", "medium", "low"] = "medium"
    note: str | None = None


class _Entity(_Strict):
    id: Slug
    name: Text
    nameZh: Line | None = None
    aliases: list[Text] = []
    description: str | None = None
    sources: SourceIds
    confidence: Confidence = 1.0
    disputes: list[Dispute] = []
    note: str | None = None


class Person(_Entity):
    born: PartialDate | None = None
    bornPlace: str | None = None


class Company(_Entity):
    kind: CompanyKind
    founded: PartialDate | None = None
    hq: str | None = None
    listed: str | None = None


class University(_Entity):
    city: str | None = None


class AIModel(_Entity):
    versionOf: Slug | None = None
    released: PartialDate | None = None
    openSourced: PartialDate | None = None
    parameters: str | None = None
    modality: str | None = None


class Product(_Entity):
    launched: PartialDate | None = None


class Investment(_Strict):
    """One investor in a round; without `sources` the round's sources vouch for it."""

    id: Slug
    lead: bool = False
    sources: list[Slug] | None = None
    note: str | None = None


class FundingRound(_Entity):
    company: Slug
    series: str | None = None
    # Left out only when no source dates the round (say so in `note`).
    announced: PartialDate | None = None
    amount: Annotated[float, Field(ge=0)] | None = None
    amountQualifier: MoneyQualifier | None = None
    amountText: str | None = None
    currency: Currency | None = None
    valuation: Annotated[float, Field(ge=0)] | None = None
    valuationQualifier: MoneyQualifier | None = None
    valuationCurrency: Currency | None = None
    investors: list[Investment] = []


class Fact(_Strict):
    """One relationship; which properties it may carry depends on `rel` (see RELATIONSHIPS)."""

    rel: RelType
    from_: Slug = Field(alias="from")
    to: Slug
    sources: SourceIds
    confidence: Confidence = 1.0
    note: str | None = None
    disputes: list[Dispute] = []
    role: str | None = None
    team: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    # The work is over but no source dates its end ("ex-SenseTime").
    ended: Literal[True] | None = None
    level: str | None = None
    degree: str | None = None
    field: str | None = None
    share: str | None = None
    asOf: PartialDate | None = None


Entity = Source | Person | Company | University | AIModel | Product | FundingRound

# Section name -> record type. The type's name is the node's Neo4j label.
SECTIONS: dict[str, type[Entity]] = {
    "sources": Source,
    "people": Person,
    "companies": Company,
    "universities": University,
    "models": AIModel,
    "products": Product,
    "rounds": FundingRound,
}
FACTS_SECTION = "facts"

# Fields every fact has; the rest are per-type properties, allowed as RELATIONSHIPS says.
_FACT_CORE = {"rel", "from_", "to", "sources", "confidence", "note", "disputes"}
# Provenance fields: a dispute is about what the record says, not about these.
_NOT_DISPUTABLE = {"id", "sources", "confidence", "disputes", "note"}


@dataclass(frozen=True)
class Problem:
    file: str
    record: str  # the record's id, "facts[12]" for facts, "<file>" for the file itself
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.record}: "
        return where + (f"{self.field}: {self.message}" if self.field else self.message)


@dataclass
class SeedGraph:
    sources: dict[str, Source] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    companies: dict[str, Company] = field(default_factory=dict)
    universities: dict[str, University] = field(default_factory=dict)
    models: dict[str, AIModel] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    rounds: dict[str, FundingRound] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)

    def group(self, section: str) -> dict[str, Any]:
        return getattr(self, section)

    def get(self, id: str) -> Entity | None:
        for section in SECTIONS:
            record: Entity | None = self.group(section).get(id)
            if record is not None:
                return record
        return None

    def kind_of(self, id: str) -> str | None:
        """The Neo4j label of the node with this id ("Person", "AIModel", ...), or None."""
        record = self.get(id)
        return None if record is None else type(record).__name__


def fact_key(fact: Fact) -> tuple[str, ...]:
    """What tells one fact from another; two spells at one company differ in `start`."""
    return (fact.rel, fact.from_, fact.to, fact.start.text if fact.start else "")


def seed_files(directory: Path = DATA_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


@dataclass(frozen=True)
class Located:
    """A record and where it came from: its file, and a label naming it there."""

    file: str
    label: str
    record: Entity | Fact


def validate_files(paths: list[Path]) -> tuple[SeedGraph, list[Problem]]:
    """Read and check the seed files; the graph is only fit to load when no problem is returned."""
    problems: list[Problem] = []
    located: list[Located] = []
    for path in paths:
        located.extend(_read_file(path, problems))
    graph, found = validate_records(located)
    problems.extend(found)
    # Stable sort: each file's problems together, in the order they were found.
    problems.sort(key=lambda problem: problem.file)
    return graph, problems


def parse_record(
    file: str, label: str, section: str, raw: object, problems: list[Problem]
) -> Located | None:
    """One record of a section checked on its own; None (and its problems noted) if it fails."""
    model: type[Entity | Fact] = SECTIONS.get(section, Fact)
    try:
        return Located(file, label, model.model_validate(raw))
    except ValidationError as error:
        problems.extend(
            Problem(file, label, error_location(e["loc"]), error_message(e)) for e in error.errors()
        )
        return None


def validate_records(
    located: list[Located], graph: SeedGraph | None = None
) -> tuple[SeedGraph, list[Problem]]:
    """Check records as a whole (duplicates, references, endpoints) and collect them in `graph`.

    `graph` may be a subclass whose `kind_of` also knows entities stored elsewhere
    (the importer's view of the database), so references to them check out.
    """
    graph = SeedGraph() if graph is None else graph
    problems: list[Problem] = []
    first_seen: dict[str, Located] = {}
    facts_seen: dict[tuple[str, ...], Located] = {}
    for item in located:
        record = item.record
        if isinstance(record, Fact):
            earlier = facts_seen.setdefault(fact_key(record), item)
            if earlier is not item:
                problems.append(
                    Problem(
                        item.file,
                        item.label,
                        "",
                        f"same rel, from, to and start as {earlier.label} in {earlier.file}",
                    )
                )
            graph.facts.append(record)
            continue
        earlier = first_seen.setdefault(record.id, item)
        if earlier is not item:
            already = f"already a {type(earlier.record).__name__} in {earlier.file}"
            problems.append(Problem(item.file, item.label, "id", f"duplicate id ({already})"))
            continue
        graph.group(_section_of(record))[record.id] = record

    for item in located:
        problems.extend(
            Problem(item.file, item.label, where, message)
            for where, message in check_record(item.record, graph)
        )
    return graph, problems


def _section_of(record: Entity) -> str:
    return next(name for name, kind in SECTIONS.items() if isinstance(record, kind))


def _read_file(path: Path, problems: list[Problem]) -> Iterator[Located]:
    file = str(path)

    def problem(field: str, message: str) -> None:
        problems.append(Problem(file, "<file>", field, message))

    try:
        loader = _SeedLoader(path.read_text(encoding="utf-8"))
        try:
            content = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem("", f"YAML syntax error{at}: {error.problem}")
        return
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        problem("", f"cannot read: {error}")
        return
    if not isinstance(content, dict):
        problem("", "expected a mapping of sections (sources, people, ..., facts)")
        return
    known = [*SECTIONS, FACTS_SECTION]
    for section, items in content.items():
        if section not in known:
            problem(str(section), f"unknown section (expected one of: {', '.join(known)})")
            continue
        if not isinstance(items, list):
            problem(section, "expected a list of records")
            continue
        for index, raw in enumerate(items):
            raw_id = raw.get("id") if isinstance(raw, dict) and section in SECTIONS else None
            label = raw_id if isinstance(raw_id, str) and raw_id else f"{section}[{index}]"
            if (found := parse_record(file, label, section, raw, problems)) is not None:
                yield found


def error_location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.removeprefix(".")


def error_message(error: ErrorDetails) -> str:
    match error["type"]:
        case "missing":
            return "required field is missing"
        case "extra_forbidden":
            return "unknown field"
        case "value_error":
            return str(error.get("ctx", {}).get("error", error["msg"]))
        case _:
            return f"{error['msg']} (got {error['input']!r})"


def check_record(record: Entity | Fact, graph: SeedGraph) -> Iterator[tuple[str, str]]:
    """(field, message) for each problem of one record that needs the whole graph to see."""
    if isinstance(record, Source):
        return
    yield from _check_sources("sources", record.sources, graph)
    for index, dispute in enumerate(record.disputes):
        where = f"disputes[{index}]"
        yield from _check_sources(f"{where}.sources", dispute.sources, graph)
        if dispute.field not in _disputable_fields(record):
            yield f"{where}.field", f"{dispute.field!r} is not a disputable field of this record"
    if isinstance(record, Fact):
        yield from _check_fact(record, graph)
    elif isinstance(record, AIModel) and record.versionOf is not None:
        yield from _check_ref("versionOf", record.versionOf, ("AIModel",), graph)
    elif isinstance(record, FundingRound):
        yield from _check_round(record, graph)


def _disputable_fields(record: Entity | Fact) -> set[str]:
    if isinstance(record, Fact):
        return {"from", "to", *RELATIONSHIPS[record.rel].props}
    fields = {info.alias or name for name, info in type(record).model_fields.items()}
    return fields - _NOT_DISPUTABLE


def _check_ref(
    where: str, ref: str, kinds: tuple[str, ...], graph: SeedGraph
) -> Iterator[tuple[str, str]]:
    kind = graph.kind_of(ref)
    if kind in kinds:
        return
    expected = " or ".join(kinds)
    if kind is None:
        yield where, f"{ref!r} is not a known id (expected a {expected})"
    else:
        yield where, f"{ref!r} is of kind {kind}, expected {expected}"


def _check_sources(where: str, ids: list[str], graph: SeedGraph) -> Iterator[tuple[str, str]]:
    for index, ref in enumerate(ids):
        yield from _check_ref(f"{where}[{index}]", ref, ("Source",), graph)


def _check_round(round_: FundingRound, graph: SeedGraph) -> Iterator[tuple[str, str]]:
    yield from _check_ref("company", round_.company, ("Company",), graph)
    for index, investor in enumerate(round_.investors):
        where = f"investors[{index}]"
        yield from _check_ref(f"{where}.id", investor.id, ("Company",), graph)
        yield from _check_sources(f"{where}.sources", investor.sources or [], graph)
    # A sum without its currency cannot be compared or converted.
    if round_.amount is not None and round_.currency is None:
        yield "currency", "required when amount is given"
    if round_.valuation is not None and round_.valuationCurrency is None:
        yield "valuationCurrency", "required when valuation is given"
    # A hedge on a figure that is not there would qualify nothing.
    for sum_ in ("amount", "valuation"):
        if getattr(round_, f"{sum_}Qualifier") is not None and getattr(round_, sum_) is None:
            yield f"{sum_}Qualifier", f"given without {sum_}"


def _check_fact(fact: Fact, graph: SeedGraph) -> Iterator[tuple[str, str]]:
    rule = RELATIONSHIPS[fact.rel]
    for prop in Fact.model_fields:
        if prop in fact.model_fields_set and prop not in _FACT_CORE and prop not in rule.props:
            allowed = ", ".join(rule.props) or "none"
            yield prop, f"not a property of {fact.rel} (allowed: {allowed})"
    shape = f"{fact.rel} goes from {'/'.join(rule.sources)} to {'/'.join(rule.targets)}"
    for end, ref, kinds in (("from", fact.from_, rule.sources), ("to", fact.to, rule.targets)):
        for where, message in _check_ref(end, ref, kinds, graph):
            yield where, f"{message}; {shape}"
    if fact.start and fact.end and fact.end.is_surely_before(fact.start):
        yield "end", f"{fact.end} is before start {fact.start}"
    if fact.end and fact.ended and "ended" in rule.props:
        yield "ended", "give either end (the date) or ended (no date known), not both"


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or seed_files()
    graph, problems = validate_files(paths)
    for problem in problems:
        print(problem)
    counts = ", ".join(f"{len(graph.group(section))} {section}" for section in SECTIONS)
    print(f"{len(problems)} problem(s); {counts}, {len(graph.facts)} facts")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
