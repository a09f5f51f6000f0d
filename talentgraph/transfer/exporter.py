"""`talentgraph export`: the graph, or one entity's neighbourhood, as importable records.

The records are the seed files' (talentgraph/transfer/stored.py makes them from
the stored properties), so an export imported into an empty database gives the
same graph back. Formats: JSON Lines and CSV (the import's own formats), GraphML
(Gephi, Cytoscape, networkx) and a Cypher script (talentgraph/transfer/formats.py).

A neighbourhood (`around`, `hops`) holds the entities up to `hops` steps away in
either direction, plus what their records need to load on their own: each round's
company and investors, and every source any of them cites; its facts are those
between two of its entities, and the merge redirects to its entities.

Besides the seed files' records an export carries what else the graph holds: the
merge redirects (`redirect` records, `{id, to}`: an id `mergeEntities` retired and
the entity it resolves to) and the `synthetic` flag of generated entities. Only
the stamps `writtenAt` and `writtenBy` stay out: an import stamps its own.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from model.records import FACTS_SECTION, SECTIONS
from talentgraph.db import Graph
from talentgraph.errors import BadInput, NotFound
from talentgraph.progress import QUIET, Progress, Show, hidden
from talentgraph.transfer import formats, stored
from talentgraph.transfer import records as fmt
from talentgraph.transfer.resolve import source_lists

BATCH = 5_000
FORMATS = ("jsonl", "csv", "graphml", "cypher")


@dataclass
class Export:
    """Records by section (`sources`, `people`... `facts`), each list sorted by id."""

    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def count(self) -> int:
        return sum(map(len, self.sections.values()))

    def items(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for section in [*SECTIONS, FACTS_SECTION, fmt.REDIRECTS]:
            for record in self.sections.get(section, []):
                yield section, record


async def collect(
    graph: Graph, *, around: str | None = None, hops: int = 1, show: Show = hidden
) -> Export:
    """The whole graph's records, or those of the neighbourhood of `around`."""
    if around is None:
        ids = [row["id"] for row in await graph.read_collected("transfer_ids")]
        with show("export: reading", len(ids)) as progress:
            rows = await _entities(graph, ids, progress)
    else:
        rows = await _neighbourhood(graph, around, hops)
    among = None if around is None else sorted(rows)
    export = Export()
    _add(export, rows.values(), None if among is None else set(among))
    facts = export.sections.setdefault(FACTS_SECTION, [])
    for batch in _chunks(sorted(rows)):
        for rel in await graph.read_collected(
            "transfer_relationships_from", ids=batch, types=sorted(stored.FACT_TYPES), among=among
        ):
            facts.append(stored.fact(rel["type"], rel["from"], rel["to"], rel["props"]))
    if among is not None:
        # A neighbourhood loads on its own: every source it cites comes with it.
        cited = {
            id for _, record in export.items() for ids, _ in source_lists(record) for id in ids
        }
        _add(export, (await _entities(graph, sorted(cited - set(rows)))).values(), None)
    moved = await graph.read_collected("transfer_redirects", among=among)
    export.sections[fmt.REDIRECTS] = [{"id": row["id"], "to": row["to"]} for row in moved]
    for records in export.sections.values():
        records.sort(key=_key)
    return export


def _add(export: Export, rows: Iterable[dict[str, Any]], among: set[str] | None) -> None:
    """Records of entity rows; with `among`, edges to entities outside it are left out."""
    for row in rows:
        kind = stored.kind_of(row["labels"])
        if kind is None:
            continue
        record = stored.entity(
            kind, row["props"],
            family=row["family"] if among is None or row["family"] in among else None,
            company=row["company"],
            investors=[(i, edge) for i, edge in row["investors"] if among is None or i in among],
        )  # fmt: skip
        export.sections.setdefault(stored.KINDS[kind], []).append(record)


def _key(record: dict[str, Any]) -> tuple[str, ...]:
    if "rel" in record:
        return (record["rel"], record["from"], record["to"], str(record.get("start", "")))
    return (record["id"],)


async def _entities(
    graph: Graph, ids: list[str], progress: Progress = QUIET
) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for batch in _chunks(ids):
        for row in await graph.read_collected("transfer_entities_by_id", ids=batch):
            family, company = stored.first(row["families"]), stored.first(row["raisers"])
            found[row["resolved"]] = {**row, "family": family, "company": company}
        progress.advance(len(batch))
    return found


async def _neighbourhood(graph: Graph, around: str, hops: int) -> dict[str, dict[str, Any]]:
    if hops < 0:
        raise BadInput("--hops is 0 or more", field="hops")
    start = await _entities(graph, [around])
    if not start:
        raise NotFound(f"no entity has the id {around!r}", field="around")
    seen = set(start)
    frontier = sorted(seen)
    for _ in range(hops):
        found = {row["id"] for b in _chunks(frontier) for row in await _neighbours(graph, b)}
        frontier = sorted(found - seen)
        seen |= found
    rows = await _entities(graph, sorted(seen))
    # A round loads only with its company; its investors come along with it.
    needed = {r["company"] for r in rows.values() if r["company"]} | {
        i for r in rows.values() for i, _ in r["investors"]
    }
    rows.update(await _entities(graph, sorted(needed - set(rows))))
    return rows


async def _neighbours(graph: Graph, ids: list[str]) -> list[dict[str, Any]]:
    return await graph.read_collected("transfer_neighbours", ids=ids)


def write(export: Export, format: str, out: Path | TextIO, show: Show = hidden) -> None:
    """Write the records: to a file or stream, or for CSV, to a directory of files."""
    if format not in FORMATS:
        raise BadInput(f"the formats are {', '.join(FORMATS)}", field="format")
    with show("export: writing", export.count()) as progress:
        _write(export, format, out, progress)


def _write(export: Export, format: str, out: Path | TextIO, progress: Progress) -> None:
    if format == "csv":
        if not isinstance(out, Path):
            raise BadInput("CSV is one file per kind: give a directory with --output")
        _write_csv(export, out, progress)
        return
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as stream:
            _write_stream(export, format, stream, progress)
    else:
        _write_stream(export, format, out, progress)


def _write_stream(export: Export, format: str, out: TextIO, progress: Progress) -> None:
    if format == "jsonl":
        for section, record in export.items():
            out.write(fmt.to_jsonl(section, record) + "\n")
            progress.advance()
    elif format == "graphml":
        formats.write_graphml(export.items(), out, progress)
    else:
        formats.write_cypher(export.items(), out, progress)


def _write_csv(export: Export, directory: Path, progress: Progress) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for section in [*SECTIONS, FACTS_SECTION]:
        records = export.sections.get(section, [])
        _csv_file(
            directory / f"{section}.csv", fmt.columns(section), fmt.csv_rows(section, records)
        )
        progress.advance(len(records))
    rounds = export.sections.get("rounds", [])
    _csv_file(
        directory / f"{fmt.INVESTMENTS}.csv", fmt.INVESTMENT_COLUMNS, fmt.investment_rows(rounds)
    )
    moved = export.sections.get(fmt.REDIRECTS, [])
    _csv_file(
        directory / f"{fmt.REDIRECTS}.csv", fmt.REDIRECT_COLUMNS, fmt.csv_rows(fmt.REDIRECTS, moved)
    )
    progress.advance(len(moved))


def _csv_file(path: Path, columns: list[str], rows: Iterator[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, columns)
        writer.writeheader()
        writer.writerows(rows)


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(items), BATCH):
        yield items[i : i + BATCH]
