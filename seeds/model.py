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

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    ValidationError,
)
from pydantic_core import ErrorDetails

from model.graph import RELATIONSHIPS
from seeds.records import (
    FACT_CORE,
    FACTS_SECTION,
    NOT_DISPUTABLE,
    SECTIONS,
    AIModel,
    Company,
    Entity,
    Fact,
    FundingRound,
    Person,
    Product,
    Source,
    University,
)

DATA_DIR = Path(__file__).parent / "data"


class _SeedLoader(yaml.SafeLoader):
    """SafeLoader that leaves 2024-07-18 as text, for PartialDate to judge.

    YAML's own timestamps would turn the text into a date object, and raise a
    bare ValueError on 2024-02-30 instead of letting us name the record.
    """


_SeedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
    urls_seen: dict[str, Located] = {}
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
        if isinstance(record, Source) and record.url is not None:
            # One source per page: the importer and the exporter match sources by URL.
            cited = urls_seen.setdefault(record.url, item)
            if cited is not item:
                problems.append(Problem(item.file, item.label, "url",
                                        f"the same page as source {cited.label} in {cited.file}"))  # fmt: skip
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
    return fields - NOT_DISPUTABLE


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
        if prop in fact.model_fields_set and prop not in FACT_CORE and prop not in rule.props:
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
