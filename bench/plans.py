"""Plans: the raw-driver cost of statements before and after they were anchored.

    .venv/bin/python -m bench.plans --before <commit> [--people 2950 29500 294000]

For each size, a fresh local Neo4j (its own folder and port) gets the synthetic graph
(the current cypher/schema.cypher, so both sides have the same indexes); then each case
runs its statement as it was at `--before` and as it is now, interleaved request by
request after a warm-up, through the async driver in a read transaction with the
database name, records fetched with `.data()` (and, for lists, serialised with
orjson), as bench/measure.py's raw side does. Each case also reports whether both
sides gave the same answer (moves tied on their start date may come in either order)
and what tests/plans.py refuses in each side's profiled plan at that size. The results
go to bench/out/plans.json and replace the "Plans" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from typing import Any

import neo4j
import orjson

from bench.cases import page
from bench.measure import percentile, raw_driver
from bench.report import DOC, PLANS_HEADING
from bench.run import free_port, human
from bench.server import settings_for
from seeds import synthetic
from talentgraph.local_neo4j import LocalNeo4j
from talentgraph.queries import parse
from talentgraph.settings import ROOT
from tests.plans import Anchor, refusals

PEOPLE = [2_950, 29_500, 294_000]
SAMPLES = 30
BUDGET_SECONDS = 30.0  # per case and side: the slow "before" sides stop there
OUT = ROOT / "bench" / "out" / "plans.json"
NO_WINDOW = {"sinceMin": None, "untilMax": None}


@dataclass(frozen=True)
class Case:
    name: str
    statement: str
    params: dict[str, Any]
    anchor: Anchor
    is_list: bool = False


def listing(first: int, synthetic: bool | None) -> dict[str, Any]:
    """entity_list's parameters as it takes them now (`args`, one map) and as it took them
    before (flat), for both sides."""
    params = page("Person", first, synthetic)
    return {**params, **params["args"]}


CASES = [
    Case("people(first: 10000, synthetic: true)", "entity_list",
         listing(10_000, True), "label", True),
    Case("people(first: 20)", "entity_list",
         listing(20, None), "label", True),
    Case("people(first: 20, synthetic: true)", "entity_list",
         listing(20, True), "label", True),
    Case("talentFlows(from: syn-group-0)", "talent_flows",
         {"from": "syn-group-0", "to": None, "first": 10, "quarterly": False, **NO_WINDOW}, "id"),
    Case("talentFlows(to: syn-group-1)", "talent_flows",
         {"from": None, "to": "syn-group-1", "first": 10, "quarterly": False, **NO_WINDOW}, "id"),
    Case("talentFlows(from: syn-group-0, to: syn-group-1)", "talent_flows",
         {"from": "syn-group-0", "to": "syn-group-1", "first": 10, "quarterly": False, **NO_WINDOW}, "id"),
    Case("departures(company: syn-group-0)", "departures",
         {"company": "syn-group-0", **NO_WINDOW}, "id"),
    Case("portfolioAlumniHires(investor: syn-group-0)", "portfolio_alumni_hires",
         {"investor": "syn-group-0", "alumniOf": None}, "id"),
    Case("graphStats", "graph_stats", {}, "id"),
]  # fmt: skip


def statement_at(commit: str, name: str) -> str:
    source = subprocess.run(
        ["git", "show", f"{commit}:cypher/{name}.cypher"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return parse(name, source).text


def statement_now(name: str) -> str:
    return parse(name, (ROOT / "cypher" / f"{name}.cypher").read_text()).text


async def _fetch(tx: neo4j.AsyncManagedTransaction, text: str, params: dict[str, Any]) -> Any:
    result = await tx.run(text, params)  # text comes from cypher/, now or at a commit
    return await result.data()


async def call(driver: neo4j.AsyncDriver, text: str, case: Case) -> tuple[float, Any]:
    started = time.perf_counter()
    async with driver.session(database="neo4j", default_access_mode=neo4j.READ_ACCESS) as s:
        rows = await s.execute_read(_fetch, text, case.params)
    if case.is_list:
        orjson.dumps(rows, default=str)
    return time.perf_counter() - started, rows


def canonical(rows: Any) -> bytes:
    """The answer with every list of moves in a fixed order: ties on a date may come either way."""

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            items = [walk(v) for v in value]
            if items and all(isinstance(v, dict) and "person" in v for v in items):
                items.sort(key=lambda v: orjson.dumps(v, default=str, option=orjson.OPT_SORT_KEYS))
            return items
        return value

    return orjson.dumps(walk(rows), default=str, option=orjson.OPT_SORT_KEYS)


async def refused(driver: neo4j.AsyncDriver, text: str, case: Case) -> list[str]:
    async with driver.session(database="neo4j") as s:
        result = await s.run("PROFILE " + text, case.params)
        await result.data()
        summary = await result.consume()
    return refusals(summary.profile or {}, case.anchor)


async def measure(driver: neo4j.AsyncDriver, case: Case, before: str, after: str) -> dict[str, Any]:
    sides = {"before": before, "after": after}
    answers = {}
    for side, text in sides.items():  # warm-up: plans cached, pages in memory
        for _ in range(2):
            _, answers[side] = await call(driver, text, case)
    times: dict[str, list[float]] = {side: [] for side in sides}
    spent = dict.fromkeys(sides, 0.0)
    while any(len(times[s]) < SAMPLES and spent[s] < BUDGET_SECONDS for s in sides):
        for side, text in sides.items():
            if len(times[side]) < SAMPLES and spent[side] < BUDGET_SECONDS:
                seconds, _ = await call(driver, text, case)
                times[side].append(seconds)
                spent[side] += seconds
    return {
        "case": case.name,
        "samples": {s: len(t) for s, t in times.items()},
        "p50_ms": {s: round(percentile(t, 0.5) * 1000, 2) for s, t in times.items()},
        "same_answer": canonical(answers["before"]) == canonical(answers["after"]),
        "refused": {s: await refused(driver, text, case) for s, text in sides.items()},
    }


async def size(people: int, commit: str) -> dict[str, Any]:
    local = LocalNeo4j(
        home=ROOT / ".neo4j" / "plans", port=free_port(), heap="3g", pagecache="2g",
        tx_timeout="600s",
    )  # fmt: skip
    shutil.rmtree(local.data, ignore_errors=True)
    local.start()
    try:
        settings = settings_for(local.uri, "neo4j", local.password())
        print(f"== {people:,} people: loading ...", flush=True)
        loaded = await synthetic.load(settings, people)
        driver = raw_driver(settings)
        try:
            await driver.execute_query("CALL db.awaitIndexes(600)", database_="neo4j")
            rows = []
            for case in CASES:
                before, after = statement_at(commit, case.statement), statement_now(case.statement)
                row = await measure(driver, case, before, after)
                print(f"   {row}", flush=True)
                rows.append(row)
        finally:
            await driver.close()
    finally:
        local.stop()
    return {"people": people, "relationships": loaded.relationships, "cases": rows}


def markdown(results: dict[str, Any]) -> str:
    sizes = results["sizes"]
    head = " | ".join(f"{human(s['relationships'])} before | after" for s in sizes)
    lines = [
        PLANS_HEADING,
        "",
        "Every statement that an id or a label anchors plans from it; `tests/test_plans.py` "
        "checks each in `cypher/` (docs/data-model.md, Constraints and indexes). What that "
        "changed:",
        "",
        "- `entity_list` scanned every node twice (a label given as a parameter defeats the "
        "label index). Now one branch per kind, with the label written out: a page walks the "
        "kind's name index in order and stops after `skip + first` entries; the total comes "
        "from the count store, or with `synthetic` set from the `entity_synthetic` index.",
        "- `talent_flows` scanned every company (on big graphs: the `WORKED_AT` start index) "
        "even when `from` or `to` named one. Now it starts from the named company's units.",
        "- `graph_stats` expanded every entity to count relationships; now the count store.",
        "- `departures` and `portfolio_alumni_hires` write spell-date conditions as `CASE`: on "
        "some statistics the planner scanned the `WORKED_AT` date indexes once per row.",
        "",
        "Measured with the raw driver: the statement as it was at "
        f"`{results['before']}` against the statement now, on the same graph (with the new "
        "indexes), interleaved, p50 in ms, on the shared 2-core machine (the absolute "
        "times suffer from its load; both sides alike). Written by "
        f"`{results['command']}` on {results['generated']}; the samples are in "
        "`bench/out/plans.json` (not committed).",
        "",
        f"| case | {head} |",
        "|---|" + "---:|---:|" * len(sizes),
    ]
    for i, case in enumerate(CASES):
        cells = []
        for s in sizes:
            row = s["cases"][i]
            cells += [f"{row['p50_ms']['before']:g}", f"{row['p50_ms']['after']:g}"]
        lines.append(f"| {case.name} | " + " | ".join(cells) + " |")
    differ = [
        f"{c['case']} at {human(s['relationships'])}"
        for s in sizes
        for c in s["cases"]
        if not c["same_answer"]
    ]
    refused_now = [
        f"{c['case']} at {human(s['relationships'])}: {'; '.join(c['refused']['after'])}"
        for s in sizes
        for c in s["cases"]
        if c["refused"]["after"]
    ]
    lines += [
        "",
        "Same answers before and after: "
        + ("every case, at every size." if not differ else "**not** for " + ", ".join(differ)),
        "Scans refused in the profiled plans now (tests/plans.py): "
        + ("none, at any size." if not refused_now else "; ".join(refused_now)),
        "",
    ]
    return "\n".join(lines)


def write_section(section: str) -> None:
    text = DOC.read_text()
    start = text.find(PLANS_HEADING)
    if start < 0:
        DOC.write_text(text.rstrip("\n") + "\n\n" + section)
        return
    end = text.find("\n## ", start + len(PLANS_HEADING))
    DOC.write_text(text[:start] + section + (text[end + 1 :] if end >= 0 else ""))


async def main(people: list[int], commit: str, command: str) -> None:
    sizes = [await size(n, commit) for n in people]
    results = {
        "generated": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "before": commit,
        "command": command,
        "sizes": sizes,
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    write_section(markdown(results))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the commit whose cypher/ to compare with")
    parser.add_argument("--people", type=int, nargs="+", default=PEOPLE)
    args = parser.parse_args()
    command = "python -m bench.plans --before " + args.before
    if args.people != PEOPLE:
        command += " --people " + " ".join(map(str, args.people))
    asyncio.run(main(args.people, args.before, command))
