"""Imports at scale: 100,000 facts through `talentgraph import` against one statement per row.

The importer's run is the user's: read a JSON Lines file of WORKED_AT facts whose
people and companies are already stored, look up and validate everything, plan,
and write in one transaction of UNWIND batches. The naive side writes other facts
of the same shape, one auto-commit `seed_relationships` statement per row, on a
sample (it manages a few hundred rows a second; the full 100,000 would take
minutes). The ratio of the two rates is the result.

Neo4j's JIT keeps speeding both sides up long after a first warm-up: on 2026-12-03
the naive side ran at 343-365 rows/s after 500 rows of warm-up, 439-447 after 3,000,
499 after 8,000, and 597-635 on a Neo4j that had run the benchmark several times;
the importer went from 15-17 s to about 10 s (docs/benchmarks.md, imports at scale,
measured alone). So after an untimed warm-up of each side (an import of
WARMUP_FACTS facts, WARMUP_NAIVE rows one statement each), the two are timed in
ROUNDS alternated rounds, each an import of FACTS new facts then NAIVE_SAMPLE new
rows, and the result is the round with the median ratio: a drift of the JVM or of
the machine falls on both sides alike.

Run alone: `.venv/bin/python -m bench.import_speed` (NEO4J_URI, or the bench's own
local Neo4j); `make bench` runs it once, on the first size's fresh Neo4j.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

from bench import naive_load
from bench.database import LOCAL, neo4j_for, refuse_real_data
from model.records import Fact
from model.rows import to_rows
from model.validation import RecordGraph
from seeds import loader
from talentgraph import progress
from talentgraph.db import Graph
from talentgraph.settings import ROOT, Settings
from talentgraph.transfer import importer

FACTS = 100_000
NAIVE_SAMPLE = 2_000
WARMUP_FACTS = 20_000  # imported first, untimed (other facts, other people)
WARMUP_NAIVE = 500  # rows written one statement each first, untimed
ROUNDS = 3  # timed rounds, each an import then a naive sample
SPELLS = 5  # facts per person: one person's spells start in different years
COMPANIES = 200
SOURCE = "bench-import-source"
TARGET = 20.0  # the importer at least this many times the naive rate
OUT = ROOT / "bench" / "out"


def entities(people: int) -> list[dict[str, Any]]:
    """The source, companies and people the facts name (imported first, not timed)."""
    records: list[dict[str, Any]] = [
        {"type": "source", "id": SOURCE, "title": "Benchmark records", "publisher": "talentgraph",
         "url": "https://example.com/talentgraph-bench", "reliability": "low"},
    ]  # fmt: skip
    common = {"sources": [SOURCE], "confidence": 0.5}
    records += [{"type": "company", "id": f"bench-co-{c}", "name": f"Bench Co {c}",
                 "kind": "STARTUP", **common} for c in range(COMPANIES)]  # fmt: skip
    records += [{"type": "person", "id": f"bench-person-{p}", "name": f"Bench Person {p}",
                 **common} for p in range(people)]  # fmt: skip
    return records


def facts(first: int, count: int) -> list[dict[str, Any]]:
    """`count` WORKED_AT facts, numbered from `first` (each number one distinct fact)."""
    found = []
    for n in range(first, first + count):
        person, spell = divmod(n, SPELLS)
        found.append({
            "type": "fact", "rel": "WORKED_AT", "from": f"bench-person-{person}",
            "to": f"bench-co-{n % COMPANIES}", "role": "engineer", "start": f"{2000 + spell}-03",
            "end": f"{2001 + spell}-02", "sources": [SOURCE], "confidence": 0.5,
        })  # fmt: skip
    return found


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(r) + "\n" for r in records)
    return path


async def _import(graph: Graph, path: Path, timeout: float) -> importer.Plan:
    records, problems = importer.read_files([path])
    return await importer.run(
        graph, records, problems, dry_run=False, show=progress.shown, timeout=timeout,
        by=importer.command_name([path]),
    )  # fmt: skip


def _naive_rows(records: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    # As the importer gets them: `type` names the record's kind, not a field of it.
    plain = [{k: v for k, v in r.items() if k != "type"} for r in records]
    graph = RecordGraph(facts=[Fact.model_validate(r) for r in plain])
    return [("rel", row) for row in to_rows(graph).relationships]


async def measure(settings: Settings, count: int = FACTS, rounds: int = ROUNDS) -> dict[str, Any]:
    """Into an emptied graph: untimed warm-ups of both sides, then `rounds` alternated
    rounds of an import of `count` facts and a naive sample, all facts distinct."""
    warm, naive_warm = WARMUP_FACTS, WARMUP_NAIVE
    people = -(-(warm + naive_warm + rounds * (count + NAIVE_SAMPLE)) // SPELLS)
    graph = Graph(settings)
    timed = []
    try:
        await loader.empty(graph)
        timeout = settings.import_timeout_seconds
        await _import(graph, _write(OUT / "import-entities.jsonl", entities(people)), timeout)
        await _import(graph, _write(OUT / "import-warmup.jsonl", facts(0, warm)), timeout)
        await naive_load.one_statement_per_row(settings, _naive_rows(facts(warm, naive_warm)))
        first = warm + naive_warm
        for _ in range(rounds):
            path = _write(OUT / "import-facts.jsonl", facts(first, count))
            started = time.perf_counter()
            plan = await _import(graph, path, timeout)
            seconds = time.perf_counter() - started
            if len(plan.created) != count:
                raise RuntimeError(f"the import created {len(plan.created)} facts, not {count}")
            sample = _naive_rows(facts(first + count, NAIVE_SAMPLE))
            naive_seconds = await naive_load.one_statement_per_row(settings, sample)
            first += count + NAIVE_SAMPLE
            timed.append(_round(count, seconds, naive_seconds))
    finally:
        await graph.close()
    median = sorted(timed, key=lambda r: r["speedup"])[len(timed) // 2]
    return {
        "facts": count, "naive_rows": NAIVE_SAMPLE, **median, "rounds": timed,
        "warmup_facts": warm, "warmup_naive_rows": naive_warm, "target": TARGET,
    }  # fmt: skip


def _round(count: int, seconds: float, naive_seconds: float) -> dict[str, Any]:
    rate, naive_rate = count / seconds, NAIVE_SAMPLE / naive_seconds
    return {
        "seconds": round(seconds, 2), "rows_per_second": round(rate),
        "naive_seconds": round(naive_seconds, 2), "naive_rows_per_second": round(naive_rate),
        "speedup": round(rate / naive_rate, 1),
    }  # fmt: skip


def section(result: dict[str, Any]) -> list[str]:
    """The paragraph docs/benchmarks.md gives the result."""
    rounds = result.get("rounds") or [result]
    each = ", ".join(f"{r['speedup']:g}x" for r in rounds)
    return [
        "## Imports at scale",
        "",
        f"`talentgraph import` of a JSON Lines file of {result['facts']:,} WORKED_AT facts "
        "(people and companies already stored), from reading the file to the commit of its one "
        f"transaction, against the same kind of fact written one auto-commit statement per row "
        f"({result['naive_rows']:,} of them), in {len(rounds)} alternated rounds after an "
        f"untimed warm-up of each side ({result['warmup_facts']:,} facts imported, "
        f"{result['warmup_naive_rows']:,} rows one at a time). The rounds' ratios: {each}. The "
        f"median round: the import {result['seconds']} s, {result['rows_per_second']:,} "
        f"facts/s; one statement per row {result['naive_seconds']} s, "
        f"{result['naive_rows_per_second']:,} facts/s; the importer **{result['speedup']:g}x** "
        f"faster (target: {result['target']:g}x). Both sides keep getting faster as Neo4j's "
        "JIT warms, which is why the rounds alternate (bench/import_speed.py). "
        "Per batch of 10,000 new facts the import sends one statement that creates them, "
        "stamped, with dates sent as text and made dates by Neo4j; each relationship type's "
        "uniqueness constraint on `id` refuses a fact another writer has added since the plan "
        "(talentgraph/transfer/writing.py). The importer checks and plans each part of 10,000 "
        "facts while Neo4j writes the part before; before the write come reading the file and "
        "the lookups: see [measured alone](#imports-at-scale-measured-alone). "
        "Rerun alone: `.venv/bin/python -m bench.import_speed`.",
        "",
    ]


if __name__ == "__main__":
    with neo4j_for(0) as settings:  # the bench's own Neo4j, unless NEO4J_URI
        asyncio.run(refuse_real_data(settings))
        found = asyncio.run(measure(settings))
    print(json.dumps(found, indent=2))
    print(f"import {found['speedup']:g}x one statement per row ({LOCAL.home} or NEO4J_URI)")
