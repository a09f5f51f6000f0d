"""`talentgraph import` and `POST /import`: records from CSV or JSON Lines into the graph.

The records are those of the seed files (talentgraph/transfer/records.py has the
formats). An import goes:

1. read every file (a problem names file, line and field);
2. ask the graph about every id, URL and name the records give, and settle what
   each record and reference means (talentgraph/transfer/resolve.py);
3. a record of an entity or a fact already stored is laid over the stored record:
   the fields it gives replace, the others stay, its sources are added;
4. check everything with the seed files' own validation (seeds/model.py), with
   references to stored entities counted as known;
5. turn the records into rows with the seed loader's `to_rows` and compare each
   with what is stored: created, changed or left alone (the plan `--dry-run` prints);
6. unless a dry run, write the created and changed rows in ONE transaction with the
   loader's batched UNWIND statements. Any problem in steps 1-5 writes nothing,
   a failure in step 6 rolls it all back, and a second run finds nothing to change.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seeds import loader, model
from seeds.loader import Rows
from talentgraph import changelog
from talentgraph.dates import PartialDate
from talentgraph.db import Graph, Tx
from talentgraph.errors import BadInput
from talentgraph.progress import Progress, Show, hidden
from talentgraph.transfer import records as fmt
from talentgraph.transfer import resolve, stored
from talentgraph.transfer.records import ParseProblem, Raw
from talentgraph.transfer.resolve import Lookup, Stored

BATCH = 5_000
_SUFFIXES = {".csv", ".jsonl", ".ndjson"}
# Written by the mutations beside a record's own properties; an import leaves them be.
_BOOKKEEPING = frozenset({"id", "writtenAt", "writtenBy"})


class ImportProblems(BadInput):
    """The import was refused, nothing written: every problem, each naming file, line and field."""

    def __init__(self, problems: list[model.Problem]):
        self.problems = problems
        shown = "; ".join(map(str, problems[:20]))
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s), nothing was written: {shown}{more}")


@dataclass
class Plan:
    """What the import does (or, in a dry run, would do)."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    rows: Rows = field(default_factory=lambda: Rows([], []))  # to upsert
    new_relationships: list[dict[str, Any]] = field(default_factory=list)  # to create
    records: int = 0
    written: bool = False

    def summary(self) -> dict[str, Any]:
        return {
            "records": self.records, "created": len(self.created), "changed": len(self.changed),
            "unchanged": self.unchanged, "written": self.written,
        }  # fmt: skip


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
    show: Show = hidden,
    timeout: float | None = None,
) -> Plan:
    """Plan the import and, unless `dry_run`, write it; raises ImportProblems on any problem.

    `timeout` bounds the write transaction in seconds (settings.import_timeout_seconds).
    """
    records = resolve.inline_sources(records, problems)
    lookup = await _lookup(graph, records)
    resolved = resolve.resolve(records, lookup)
    problems.extend(resolved.problems)
    entities = await _stored_entities(graph, resolved.records, lookup)
    facts = await _stored_facts(graph, resolved.records)
    for record in resolved.records:
        _overlay(record, entities, facts)
    located = []
    found: list[model.Problem] = [p.problem() for p in problems]
    with show("import: checking", len(resolved.records)) as checking:
        for record in resolved.records:
            item = model.parse_record(record.file, record.label, record.section, record.data, found)
            if item is not None:
                located.append(item)
            checking.advance()
    known = {s.id: s.kind for s in [*lookup.by_id.values(), *entities.values()]}
    known.update((id, kind) for pairs in lookup.by_name.values() for id, kind in pairs)
    # Stored records laid under the import cite sources and name entities of their own.
    unasked = sorted(resolve.wanted_ids(resolved.records) - set(known))
    for batch in _chunks(unasked):
        for row in await graph.read("transfer_entities_by_id", ids=batch):
            known[row["resolved"]] = stored.kind_of(row["labels"]) or ""
    graph_of_import, more = model.validate_records(located, _Known(known))
    found.extend(more)
    if found:
        raise ImportProblems(sorted(found, key=lambda p: p.file))
    plan = await _plan(graph, loader.to_rows(graph_of_import), entities, facts)
    plan.notes = resolved.notes
    plan.records = len(located)
    if not dry_run and (plan.created or plan.changed):
        await graph.apply_schema()
        with show("import", len(plan.created) + len(plan.changed)) as progress:
            await graph.transaction(lambda tx: _write(tx, plan, progress), timeout=timeout)
        plan.written = True
    return plan


async def _write(tx: Tx, plan: Plan, progress: Progress) -> None:
    """The plan's rows: nodes and changed relationships upserted, new relationships created."""
    for batch in _chunks(plan.new_relationships):
        if await tx.run("transfer_relationships_by_id", rows=batch):
            raise BadInput(
                "the graph changed during the import (another writer added some of its facts); "
                "nothing was written: run the import again"
            )
    await loader.write_rows(tx, plan.rows, progress)
    for batch in _chunks(plan.new_relationships):
        await tx.run("transfer_create_relationships", rows=batch)
        progress.advance(len(batch))
    # The import's one change in the change log, last in its transaction (no revisions).
    counts = {"records": plan.records, "created": len(plan.created), "changed": len(plan.changed)}
    kinds = loader.kinds(plan.rows) | {row["type"] for row in plan.new_relationships}
    await changelog.append_load(tx, operation="import", counts=counts, kinds=kinds)


class _Known(model.SeedGraph):
    """The import's records, and the kinds of the stored entities they name."""

    def __init__(self, stored_kinds: dict[str, str]):
        super().__init__()
        self.stored_kinds = stored_kinds

    def kind_of(self, id: str) -> str | None:
        return super().kind_of(id) or self.stored_kinds.get(id)


async def _lookup(graph: Graph, records: list[Raw]) -> Lookup:
    lookup = Lookup()
    own = {r.data["id"] for r in records if isinstance(r.data.get("id"), str)}
    for batch in _chunks(sorted(own)):
        for row in await graph.read("transfer_entities_by_id", ids=batch):
            lookup.by_id[row["id"]] = _stored(row)
    for batch in _chunks(sorted(resolve.wanted_ids(records) - own)):
        for row in await graph.read("transfer_kinds_by_id", ids=batch):
            named = stored.kind_of(row["labels"]) or ""
            lookup.by_id[row["id"]] = Stored(row["resolved"], named, {}, complete=False)
    for batch in _chunks(sorted(resolve.wanted_urls(records))):
        for row in await graph.read("transfer_sources_by_url", urls=batch):
            lookup.by_url[row["url"]] = row["id"]
    names = sorted(resolve.wanted_names(records, set(lookup.by_id)))
    for batch in _chunks(names):
        params = [{"text": n, "lower": n.lower(), "query": _phrase(n)} for n in batch]
        for row in await graph.read("transfer_names", names=params):
            kind = stored.kind_of(row["labels"])
            pairs = lookup.by_name.setdefault(row["name"].lower(), [])
            if kind is not None and (row["id"], kind) not in pairs:
                pairs.append((row["id"], kind))
    return lookup


def _stored(row: dict[str, Any]) -> Stored:
    return Stored(
        id=row["resolved"], kind=stored.kind_of(row["labels"]) or "", props=row["props"],
        family=stored.first(row["families"]), company=stored.first(row["raisers"]),
        investors=[(id, props) for id, props in row["investors"]],
    )  # fmt: skip


def _phrase(text: str) -> str:
    # A Lucene phrase: inside quotes only the backslash and the quote are special.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


async def _stored_entities(graph: Graph, records: list[Raw], lookup: Lookup) -> dict[str, Stored]:
    """Stored entities by their own id: those asked for by id, and those matched by name."""
    found = {s.id: s for s in lookup.by_id.values() if s.complete}
    ids = {r.data.get("id") for r in records if r.section in model.SECTIONS}
    for batch in _chunks(sorted(i for i in ids if isinstance(i, str) and i not in found)):
        for row in await graph.read("transfer_entities_by_id", ids=batch):
            found[row["resolved"]] = _stored(row)
    return found


def _fact_id(data: dict[str, Any]) -> str | None:
    rel, from_, to, start = data.get("rel"), data.get("from"), data.get("to"), data.get("start")
    if not all(isinstance(v, str) for v in (rel, from_, to)):
        return None
    try:
        when = PartialDate(str(start)) if start is not None else None
    except ValueError:
        return None  # validation names the bad date
    return loader.fact_id(str(rel), str(from_), str(to), when)


async def _stored_facts(graph: Graph, records: list[Raw]) -> Facts:
    wanted = []
    for record in records:
        if record.section == model.FACTS_SECTION and (id := _fact_id(record.data)):
            wanted.append({"id": id, "from": record.data["from"], "to": record.data["to"]})
    return Facts(await _relationships(graph, wanted), {row["id"] for row in wanted})


@dataclass(frozen=True)
class Facts:
    """Stored facts by id, and every id asked about (found or not)."""

    found: dict[str, dict[str, Any]]
    asked: set[str]


async def _relationships(graph: Graph, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for batch in _chunks(rows):
        wanted = [{"id": r["id"], "from": r["from"], "to": r["to"]} for r in batch]
        for row in await graph.read("transfer_relationships_by_id", rows=wanted):
            found[row["id"]] = row["props"]
    return found


def _overlay(record: Raw, entities: dict[str, Stored], facts: Facts) -> None:
    """Lay the record over the stored one: given fields replace, sources add up."""
    data = record.data
    if record.section == model.FACTS_SECTION:
        id = _fact_id(data)
        if id is None or id not in facts.found:
            return
        props = facts.found[id]
        base = stored.fact(str(data["rel"]), str(data["from"]), str(data["to"]), props)
        if "end" in data and "ended" not in data:
            base.pop("ended", None)  # a dated end supersedes "ended, date unknown"
    elif record.section in model.SECTIONS:
        found = entities.get(data.get("id", ""))
        if found is None or found.kind != resolve.KIND_OF_SECTION[record.section]:
            return
        base = stored.entity(found.kind, found.props, family=found.family,
                             company=found.company, investors=found.investors)  # fmt: skip
    else:
        return
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


def _union(first: list[Any], more: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys([*first, *more]))


async def _plan(graph: Graph, rows: Rows, entities: dict[str, Stored], facts: Facts) -> Plan:
    plan = Plan()
    for row in rows.nodes:
        found = entities.get(row["id"])
        _classify(plan, row, found.props if found else None, f"{row['label']} {row['id']}")
    unasked = [row for row in rows.relationships if row["id"] not in facts.asked]
    rels = {**facts.found, **await _relationships(graph, unasked)}
    for row in rows.relationships:
        label = f"{row['type']} {row['from']} -> {row['to']}"
        _classify(plan, row, rels.get(row["id"]), label)
    return plan


def _classify(plan: Plan, row: dict[str, Any], current: dict[str, Any] | None, label: str) -> None:
    if current is None:
        plan.created.append(label)
        (plan.new_relationships if "type" in row else plan.rows.nodes).append(row)
        return
    differ = sorted(k for k, v in row["props"].items() if _native(current.get(k)) != v)
    if differ:
        plan.changed.append(f"{label} ({', '.join(differ)})")
        (plan.rows.relationships if "type" in row else plan.rows.nodes).append(row)
    else:
        plan.unchanged += 1


def _native(value: Any) -> Any:
    # Stored dates come back as neo4j.time.Date; the rows hold datetime.date.
    to_native = getattr(value, "to_native", None)
    native = to_native() if to_native is not None else value
    return native if not isinstance(native, datetime.datetime) else native.date()


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(items), BATCH):
        yield items[i : i + BATCH]
