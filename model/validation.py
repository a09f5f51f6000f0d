"""Checks on records as a whole: ids, references, relationship endpoints, sources.

A record that passes model/records.py is well formed on its own; here the records are
checked together (duplicate ids, the same fact twice, the same page cited as two
sources, references to known ids of the right kind, the properties each relationship
type allows, end before start), and every problem is returned rather than the first.
The seed files (seeds/files.py), the importer (talentgraph/transfer) and the writes
(writes/validation.py) all check through here, so they accept exactly the same data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from model.kinds import RELATIONSHIPS
from model.records import (
    FACT_CORE,
    NOT_DISPUTABLE,
    SECTIONS,
    SLUG_PATTERN,
    AIModel,
    Company,
    Entity,
    Fact,
    FundingRound,
    Person,
    Product,
    Source,
    University,
    slug_problem,
)


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
class RecordGraph:
    """Records by section, and the facts, as the checks below see them."""

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


@dataclass(frozen=True)
class Located:
    """A record and where it came from: its file, and a label naming it there."""

    file: str
    label: str
    record: Entity | Fact


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
    located: list[Located], graph: RecordGraph | None = None
) -> tuple[RecordGraph, list[Problem]]:
    """Check records as a whole (duplicates, references, endpoints) and collect them in `graph`.

    `graph` may be a subclass whose `kind_of` also knows entities stored elsewhere
    (the importer's view of the database), so references to them check out.
    """
    checks = Checks(RecordGraph() if graph is None else graph)
    problems = checks.collect(located)
    return checks.graph, problems + checks.check(located)


class Checks:
    """validate_records' checks for records given in parts: all the entities first, then
    the facts in as many parts as wished (no record refers to a fact, so a fact can be
    checked once every entity is collected). The importer checks a part of its facts
    while Neo4j writes the part before (talentgraph/transfer/importer.py)."""

    def __init__(self, graph: RecordGraph):
        self.graph = graph
        self._first_seen: dict[str, Located] = {}
        self._facts_seen: dict[tuple[str, ...], Located] = {}
        self._urls_seen: dict[str, Located] = {}

    def collect(self, located: Iterable[Located]) -> list[Problem]:
        """Add records to the graph: the problems of ids, facts and pages given twice."""
        problems: list[Problem] = []
        for item in located:
            record = item.record
            if isinstance(record, Fact):
                earlier = self._facts_seen.setdefault(fact_key(record), item)
                if earlier is not item:
                    problems.append(Problem(item.file, item.label, "",
                        f"same rel, from, to and start as {earlier.label} in {earlier.file}"))  # fmt: skip
                self.graph.facts.append(record)
                continue
            earlier = self._first_seen.setdefault(record.id, item)
            if earlier is not item:
                already = f"already a {type(earlier.record).__name__} in {earlier.file}"
                problems.append(Problem(item.file, item.label, "id", f"duplicate id ({already})"))
                continue
            if isinstance(record, Source) and record.url is not None:
                # One source per page: the importer and the exporter match sources by URL.
                cited = self._urls_seen.setdefault(record.url, item)
                if cited is not item:
                    problems.append(Problem(item.file, item.label, "url",
                                            f"the same page as source {cited.label} in {cited.file}"))  # fmt: skip
            self.graph.group(_section_of(record))[record.id] = record
        return problems

    def check(self, located: Iterable[Located]) -> list[Problem]:
        """The problems of references, endpoints and sources, against what is collected."""
        return [
            Problem(item.file, item.label, where, message)
            for item in located
            for where, message in check_record(item.record, self.graph)
        ]


def _section_of(record: Entity) -> str:
    return next(name for name, kind in SECTIONS.items() if isinstance(record, kind))


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
        case "string_pattern_mismatch" if error.get("ctx", {}).get("pattern") == SLUG_PATTERN:
            return slug_problem(error["input"])
        case _:
            return f"{error['msg']} (got {error['input']!r})"


def check_record(record: Entity | Fact, graph: RecordGraph) -> Iterator[tuple[str, str]]:
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
    return fields - NOT_DISPUTABLE


def _check_ref(
    where: str, ref: str, kinds: tuple[str, ...], graph: RecordGraph
) -> Iterator[tuple[str, str]]:
    kind = graph.kind_of(ref)
    if kind in kinds:
        return
    expected = " or ".join(kinds)
    if kind is None:
        yield where, f"{ref!r} is not a known id (expected a {expected})"
    else:
        yield where, f"{ref!r} is of kind {kind}, expected {expected}"


def _check_sources(where: str, ids: list[str], graph: RecordGraph) -> Iterator[tuple[str, str]]:
    for index, ref in enumerate(ids):
        yield from _check_ref(f"{where}[{index}]", ref, ("Source",), graph)


def _check_round(round_: FundingRound, graph: RecordGraph) -> Iterator[tuple[str, str]]:
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


def _check_fact(fact: Fact, graph: RecordGraph) -> Iterator[tuple[str, str]]:
    rule = RELATIONSHIPS[fact.rel]
    if foreign := fact.model_fields_set - FACT_CORE - set(rule.props):
        allowed = ", ".join(rule.props) or "none"
        for prop in (p for p in Fact.model_fields if p in foreign):  # in the fields' order
            yield prop, f"not a property of {fact.rel} (allowed: {allowed})"
    shape = f"{fact.rel} goes from {'/'.join(rule.sources)} to {'/'.join(rule.targets)}"
    for end, ref, kinds in (("from", fact.from_, rule.sources), ("to", fact.to, rule.targets)):
        for where, message in _check_ref(end, ref, kinds, graph):
            yield where, f"{message}; {shape}"
    if fact.start and fact.end and fact.end.is_surely_before(fact.start):
        yield "end", f"{fact.end} is before start {fact.start}"
    if fact.end and fact.ended and "ended" in rule.props:
        yield "ended", "give either end (the date) or ended (no date known), not both"
