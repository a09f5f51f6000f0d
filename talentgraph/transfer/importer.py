"""`talentgraph import` and `POST /import`: records from CSV or JSON Lines into the graph.

The records are those of the seed files (talentgraph/transfer/records.py has the
formats), plus merge redirects (talentgraph/transfer/redirects.py) and the
`synthetic` flag of generated entities. An import goes:

1. read every file (a problem names file, line and field);
2. ask the graph about every id, URL and name the records give, and settle what
   each record and reference means (talentgraph/transfer/lookups.py, resolve.py);
3. a record of an entity or a fact already stored is laid over the stored record:
   the fields it gives replace, the others stay, its sources are added;
4. check everything with the seed files' own validation (model/validation.py), with
   references to stored entities counted as known;
5. turn the records into rows with the seed loader's (model/rows.py) and compare each
   with what is stored: created, changed or left alone (the plan `--dry-run` prints);
6. unless a dry run, write the created and changed rows in ONE transaction
   (talentgraph/transfer/writing.py), stamped with `writtenAt` and `writtenBy`
   (`by`: the API key's name for POST /import, `import:<file names>` for the
   command).

Steps 4-6 go a part at a time (_Parts): the entities and redirects first, then the
facts, each part checked and planned while Neo4j writes the part before. Any problem
writes nothing (a problem found in a later part rolls back the parts written before
it), a failure in step 6 rolls it all back, and a second run finds nothing to change.
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import Any

from model.records import FACTS_SECTION, SECTIONS, Fact
from model.rows import Rows, fact_row, to_rows
from model.validation import Checks, Problem, RecordGraph, parse_record, validate_records
from talentgraph import collector
from talentgraph.db import Graph
from talentgraph.errors import BadInput
from talentgraph.progress import Show, hidden
from talentgraph.transfer import lookups, redirects, resolve, stored, writing
from talentgraph.transfer import records as fmt
from talentgraph.transfer.lookups import Facts
from talentgraph.transfer.plan import Plan
from talentgraph.transfer.records import ParseProblem, Raw
from talentgraph.transfer.resolve import Stored

_SUFFIXES = {".csv", ".jsonl", ".ndjson"}
# Fact records planned a part at a time: one part is one create statement (writing.BATCH).
FACTS_PER_PART = writing.BATCH


class ImportProblems(BadInput):
    """The import was refused, nothing written: every problem, each naming file, line and field."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "; ".join(map(str, problems[:20]))
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s), nothing was written: {shown}{more}")


def command_name(paths: Iterable[Path]) -> str:
    """`writtenBy` of a `talentgraph import`: `import:` and the names of the paths given."""
    return "import:" + ",".join(path.name or str(path) for path in paths)


def read_files(paths: list[Path]) -> tuple[list[Raw], list[ParseProblem]]:
    """Every record of the files: `.jsonl`/`.ndjson` JSON Lines, `.csv` one kind per file;
    a directory stands for its files of those kinds."""
    found: list[Raw] = []
    problems: list[ParseProblem] = []
    for path in _files_of(paths):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(ParseProblem(str(path), 0, "", f"cannot read: {error}"))
            continue
        records, more = read_text(str(path), text, path.suffix.lower().lstrip("."), path.stem)
        found.extend(records)
        problems.extend(more)
    return fmt.attach_investments(found, problems), problems


def _files_of(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES)
        else:
            yield path


def read_text(
    file: str, text: str, format: str, kind: str | None
) -> tuple[list[Raw], list[ParseProblem]]:
    """One file's records; `kind` is a CSV file's section (`people`...) or its name."""
    with collector.bulk():
        return _read_text(file, text, format, kind)


def _read_text(
    file: str, text: str, format: str, kind: str | None
) -> tuple[list[Raw], list[ParseProblem]]:
    if format in {"jsonl", "ndjson"}:
        return fmt.parse_jsonl(file, text)
    if format == "csv":
        section = fmt.section_of_csv(kind or "")
        if section is None:
            known = ", ".join([*fmt.TYPES, fmt.INVESTMENTS])
            return [], [ParseProblem(file, 0, "", f"a CSV file is named for its kind: {known}")]
        return fmt.parse_csv(file, section, text)
    return [], [ParseProblem(file, 0, "", "expected a .csv, .jsonl or .ndjson file")]


async def run(
    graph: Graph,
    records: list[Raw],
    problems: list[ParseProblem],
    *,
    dry_run: bool,
    by: str,
    show: Show = hidden,
    timeout: float | None = None,
) -> Plan:
    """Plan the import and, unless `dry_run`, write it; raises ImportProblems on any problem.

    `by` is stamped as `writtenBy` on everything written; `timeout` bounds the write
    transaction in seconds (settings.import_timeout_seconds). Python's cyclic collector
    runs less often meanwhile (talentgraph/collector.py).
    """
    with collector.bulk():
        return await _import(graph, records, problems, dry_run=dry_run, by=by, show=show,
                          timeout=timeout)  # fmt: skip


async def _import(
    graph: Graph,
    records: list[Raw],
    problems: list[ParseProblem],
    *,
    dry_run: bool,
    by: str,
    show: Show,
    timeout: float | None,
) -> Plan:
    await graph.apply_schema()  # the name lookup needs the full-text index, even on a new store
    records = resolve.inline_sources(records, problems)
    lookup = await lookups.lookup(graph, records)
    resolved = resolve.resolve(records, lookup)
    problems.extend(resolved.problems)
    entities = await lookups.stored_entities(graph, resolved.records, lookup)
    facts, fact_ids = await lookups.stored_facts(graph, resolved.records)
    located = []
    fact_records: list[Raw] = []  # parsed and checked a part at a time (_Parts)
    laid: list[Raw] = []  # records laid over stored ones
    moves: list[Raw] = []
    flags: dict[str, bool | None] = {}
    found: list[Problem] = [p.problem() for p in problems]
    with show("import: checking", len(resolved.records)) as checking:
        for index, record in enumerate(resolved.records):
            checking.advance()
            if record.section == redirects.SECTION:
                moves.append(record)
                continue
            if _overlay(record, entities, facts, fact_ids.get(index)):
                laid.append(record)
            if record.section == FACTS_SECTION:
                fact_records.append(record)
                continue
            flag = fmt.take_synthetic(record, found)
            item = parse_record(record.file, record.label, record.section, record.data, found)
            if item is not None:
                located.append(item)
                if flag is not None and not isinstance(item.record, Fact):
                    flags[item.record.id] = flag
    known = {s.id: s.kind for s in [*lookup.by_id.values(), *entities.values()]}
    known.update((id, kind) for pairs in lookup.by_name.values() for id, kind in pairs)
    known.update((id, "Source") for id in lookup.by_url.values())
    # Stored records laid under the import cite sources and name entities of their own
    # (the others' ids were asked about before they were resolved, or found by name or URL).
    unasked = sorted(resolve.wanted_ids(laid) - set(known))
    for row in await lookups.read_batched(graph, "transfer_entities_by_id", "ids", unasked):
        known[row["resolved"]] = stored.kind_of(row["labels"]) or ""
    graph_of_import, more = validate_records(located, _Known(known))
    found.extend(more)
    own = {item.record.id for item in located if not isinstance(item.record, Fact)}
    moved, refused = redirects.plan(moves, lookup, own, graph_of_import.kind_of)
    found.extend(p.problem() for p in refused)
    first = Plan()  # the entities' part, planned unless a problem refuses the import already
    if not found:
        rows = to_rows(graph_of_import)
        for row in rows.nodes:
            if row["id"] in flags:
                row["props"]["synthetic"] = flags[row["id"]] or None  # false: not synthetic
        first = await _plan(graph, rows, entities, facts)
        first.created += moved.created
        first.redirects, first.unchanged = moved.rows, first.unchanged + moved.unchanged
        first.notes = resolved.notes
        first.records = len(located) + len(moves)
    parts = _Parts(graph, first, fact_records, graph_of_import, facts, found)
    if dry_run or found:
        plan = Plan()
        with show("import: planning", first.records + len(fact_records)) as planning:
            async for part in parts:
                plan.add(part)
                planning.advance(part.records)
        return plan
    plan = await writing.write(graph, parts, expected=first.writes() + len(fact_records),
                               by=by, timeout=timeout, show=show)  # fmt: skip
    plan.written = plan.writes() > 0
    return plan


class _Parts:
    """The import's plan a part at a time: first the entities and redirects (`first`,
    planned already), then the facts, FACTS_PER_PART records a part, each part parsed,
    checked, turned into rows and compared with the stored ones only when it is asked
    for. In a real import Python so plans a part while Neo4j writes the one before
    (Tx.pipelined): for 100,000 new facts that took about a seventh off the import
    (docs/benchmarks.md, imports at scale).

    A part with a problem, and every part after it, is not given; once every part is
    checked, ImportProblems is raised with all the problems, and whatever was written
    rolls back. Iterating again plans the facts again, from the start."""

    def __init__(
        self, graph: Graph, first: Plan, facts: list[Raw], graph_of_import: RecordGraph,
        stored: Facts, found: list[Problem],
    ):  # fmt: skip
        self.graph, self.first, self.facts = graph, first, facts
        self.graph_of_import, self.stored, self.found = graph_of_import, stored, found

    def __aiter__(self) -> AsyncIterator[Plan]:
        return self._parts()

    async def _parts(self) -> AsyncIterator[Plan]:
        found = list(self.found)
        if not found:
            yield self.first
        self.graph_of_import.facts = []  # collected again if the parts are asked for again
        checks = Checks(self.graph_of_import)
        for start in range(0, len(self.facts), FACTS_PER_PART):
            located = []
            for record in self.facts[start : start + FACTS_PER_PART]:
                item = parse_record(record.file, record.label, record.section, record.data, found)
                if item is not None:
                    located.append(item)
            found += checks.collect(located)
            found += checks.check(located)
            if found:
                continue  # nothing more is written: only the problems are wanted
            fact_rows = [fact_row(f) for item in located if isinstance(f := item.record, Fact)]
            part = await _plan(self.graph, Rows([], fact_rows), {}, self.stored)
            part.records = len(located)
            yield part
        if found:
            raise ImportProblems(sorted(found, key=lambda p: p.file))


class _Known(RecordGraph):
    """The import's records, and the kinds of the stored entities they name."""

    def __init__(self, stored_kinds: dict[str, str]):
        super().__init__()
        self.stored_kinds = stored_kinds
        # Asked three times a fact (its ends and source), after every record is collected.
        self._asked: dict[str, str | None] = {}

    def kind_of(self, id: str) -> str | None:
        if id not in self._asked:
            self._asked[id] = super().kind_of(id) or self.stored_kinds.get(id)
        return self._asked[id]


def _overlay(record: Raw, entities: dict[str, Stored], facts: Facts, fact_id: str | None) -> bool:
    """Lay the record over the stored one: given fields replace, sources add up. False if
    nothing of it is stored."""
    data = record.data
    if record.section == FACTS_SECTION:
        if fact_id is None or fact_id not in facts.found:
            return False
        props = facts.found[fact_id]
        base = stored.fact(str(data["rel"]), str(data["from"]), str(data["to"]), props)
        if "end" in data and "ended" not in data:
            base.pop("ended", None)  # a dated end supersedes "ended, date unknown"
    elif record.section in SECTIONS:
        found = entities.get(data.get("id", ""))
        if found is None or found.kind != resolve.KIND_OF_SECTION[record.section]:
            return False
        base = stored.entity(found.kind, found.props, family=found.family,
                             company=found.company, investors=found.investors)  # fmt: skip
    else:
        return False
    merged = {**base, **data}
    if isinstance(base.get("sources"), list) and isinstance(data.get("sources"), list):
        merged["sources"] = _union(base["sources"], data["sources"])
    if "investors" in base and isinstance(data.get("investors"), list):
        by_id = {i["id"]: i for i in base["investors"]}
        for investor in data["investors"]:
            if isinstance(investor, dict):
                by_id[investor.get("id")] = {**by_id.get(investor.get("id"), {}), **investor}
        merged["investors"] = list(by_id.values())
    record.data = merged
    return True


def _union(first: list[Any], more: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys([*first, *more]))


async def _plan(graph: Graph, rows: Rows, entities: dict[str, Stored], facts: Facts) -> Plan:
    plan = Plan()
    for row in rows.nodes:
        found = entities.get(row["id"])
        _classify(plan, row, found.props if found else None, f"{row['label']} {row['id']}")
    unasked = [row for row in rows.relationships if row["id"] not in facts.asked]
    rels = {**facts.found, **await lookups.relationships(graph, unasked)}
    for row in rows.relationships:
        label = f"{row['type']} {row['from']} -> {row['to']}"
        _classify(plan, row, rels.get(row["id"]), label)
    return plan


def _classify(plan: Plan, row: dict[str, Any], current: dict[str, Any] | None, label: str) -> None:
    if current is None:
        plan.created.append(label)
        (plan.new_relationships if "type" in row else plan.rows.nodes).append(row)
        return
    differ = sorted(
        k for k, v in row["props"].items() if _comparable(current.get(k)) != _comparable(v)
    )
    if differ:
        plan.changed.append(f"{label} ({', '.join(differ)})")
        (plan.rows.relationships if "type" in row else plan.rows.nodes).append(row)
    else:
        plan.unchanged += 1


def _comparable(value: Any) -> Any:
    """A value as compared between a row and the graph: dates as ISO text.

    The rows hold datetime.date; stored entities' dates come back as neo4j.time.Date,
    stored facts' as text already (lookups.relationships)."""
    to_native = getattr(value, "to_native", None)
    native = to_native() if to_native is not None else value
    if isinstance(native, datetime.datetime):
        native = native.date()
    return native.isoformat() if isinstance(native, datetime.date) else native
