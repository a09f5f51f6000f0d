"""What an import asks the graph before it plans: the entities, sources and facts its
records name, in batched reads (talentgraph/transfer/importer.py uses the answers).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from model.records import FACTS_SECTION, SECTIONS
from model.rows import fact_id as stored_fact_id
from talentgraph.dates import PartialDate
from talentgraph.db import Graph
from talentgraph.transfer import resolve, stored
from talentgraph.transfer.records import Raw
from talentgraph.transfer.resolve import Lookup, Stored

BATCH = 5_000
# Batches in flight at once: Neo4j answers one while the driver packs and sends the next,
# and unpacks the one before (a 100,000-fact import's lookups took 4.1 s one at a time).
IN_FLIGHT = 2


@dataclass(frozen=True)
class Facts:
    """Stored facts by id, and every id asked about (found or not)."""

    found: dict[str, dict[str, Any]]
    asked: set[str]


async def lookup(graph: Graph, records: list[Raw]) -> Lookup:
    """The graph's answers about every id, URL and name the records give."""
    found = Lookup()
    own = {r.data["id"] for r in records if isinstance(r.data.get("id"), str)}
    for row in await read_batched(graph, "transfer_entities_by_id", "ids", sorted(own)):
        found.by_id[row["id"]] = entity(row)
    others = sorted(resolve.wanted_ids(records) - own)
    for row in await read_batched(graph, "transfer_kinds_by_id", "ids", others):
        named = stored.kind_of(row["labels"]) or ""
        found.by_id[row["id"]] = Stored(row["resolved"], named, {}, complete=False)
    urls = sorted(resolve.wanted_urls(records))
    for row in await read_batched(graph, "transfer_sources_by_url", "urls", urls):
        found.by_url[row["url"]] = row["id"]
    names = [
        {"text": n, "lower": n.lower(), "query": _phrase(n)}
        for n in sorted(resolve.wanted_names(records, set(found.by_id)))
    ]
    for row in await read_batched(graph, "transfer_names", "names", names):
        kind = stored.kind_of(row["labels"])
        pairs = found.by_name.setdefault(row["name"].lower(), [])
        if kind is not None and (row["id"], kind) not in pairs:
            pairs.append((row["id"], kind))
    return found


def entity(row: dict[str, Any]) -> Stored:
    """An entity as transfer_entities_by_id read it."""
    return Stored(
        id=row["resolved"], kind=stored.kind_of(row["labels"]) or "", props=row["props"],
        family=stored.first(row["families"]), company=stored.first(row["raisers"]),
        investors=[(id, props) for id, props in row["investors"]],
    )  # fmt: skip


def _phrase(text: str) -> str:
    # A Lucene phrase: inside quotes only the backslash and the quote are special.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


async def stored_entities(graph: Graph, records: list[Raw], found: Lookup) -> dict[str, Stored]:
    """Stored entities by their own id: those asked for by id, and those matched by name."""
    entities = {s.id: s for s in found.by_id.values() if s.complete}
    ids = {r.data.get("id") for r in records if r.section in SECTIONS}
    unasked = sorted(i for i in ids if isinstance(i, str) and i not in entities)
    for row in await read_batched(graph, "transfer_entities_by_id", "ids", unasked):
        entities[row["resolved"]] = entity(row)
    return entities


def fact_id(data: dict[str, Any]) -> str | None:
    """The fact id a fact record would have (None if a field it needs is not valid)."""
    rel, from_, to, start = data.get("rel"), data.get("from"), data.get("to"), data.get("start")
    if not all(isinstance(v, str) for v in (rel, from_, to)):
        return None
    try:
        when = PartialDate.coerce(start) if start is not None else None
    except ValueError:
        return None  # validation names the bad date
    return stored_fact_id(str(rel), str(from_), str(to), when)


async def stored_facts(graph: Graph, records: list[Raw]) -> tuple[Facts, dict[int, str]]:
    """The stored facts the records name, and each fact record's id (by its index)."""
    ids: dict[int, str] = {}
    wanted = []
    for index, record in enumerate(records):
        if record.section == FACTS_SECTION and (id := fact_id(record.data)):
            ids[index] = id
            wanted.append({"id": id, "from": record.data["from"], "to": record.data["to"]})
    return Facts(await relationships(graph, wanted), set(ids.values())), ids


async def relationships(graph: Graph, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Stored relationships by fact id, of rows `{id, from, to}` (only those found): their
    properties with dates as ISO text, without the stamps `writtenAt` and `writtenBy`."""
    wanted = [{"id": r["id"], "from": r["from"], "to": r["to"]} for r in rows]
    found = await read_batched(graph, "transfer_relationships_by_id", "rows", wanted)
    return {row["id"]: dict(zip(row["names"], row["values"], strict=True)) for row in found}


async def read_batched(
    graph: Graph, statement: str, param: str, items: list[Any]
) -> list[dict[str, Any]]:
    """The rows of a collected read (Graph.read_collected) asked BATCH items at a time,
    IN_FLIGHT batches at once, in the batches' order."""
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def one(batch: list[Any]) -> list[dict[str, Any]]:
        async with gate:
            return await graph.read_collected(statement, **{param: batch})

    answers = await asyncio.gather(*map(one, chunks(items)))
    return [row for rows in answers for row in rows]


def chunks(items: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(items), BATCH):
        yield items[i : i + BATCH]
