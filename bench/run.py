"""`make bench`: the API against the peer and the raw driver, at three graph sizes, in one run.

For each size: load the synthetic graph, serve the API under uvicorn and the peer
(`@neo4j/graphql` behind Apollo Server, bench/peer) under Node, each in its own
process over the same Neo4j, and measure every case end to end over HTTP on both,
interleaved with its raw-driver twin, after checking that both APIs give the same
answer; count statements per request on both; measure throughput with 8 clients
on both. Then profile the cases with the highest ratios, compare the seed loader
with a naive load and the importer with one statement per row (bench/import_speed.py,
100,000 facts, on the first size's Neo4j), and write bench/results.json, docs/benchmarks.md and
docs/bench-latency.png.

Sizes: TALENTGRAPH_BENCH_SIZES, relationships, comma-separated (default
10000,100000,1000000), e.g. TALENTGRAPH_BENCH_SIZES=10000 for a quick try; a run
at other sizes than the default writes its results to bench/out/ instead.

Neo4j: NEO4J_URI when set (the run empties that graph, so it refuses one that
holds real entities unless TALENTGRAPH_BENCH_RESET=1), else the local launcher in its own
folder (.neo4j/bench, port 17887), started and stopped by the run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sys
import time
from typing import Any

import aiohttp
import neo4j

from bench import import_speed, measure, naive_load, peer_server, report, server, targets
from bench.cases import Case, cases, first_difference
from bench.database import neo4j_for, refuse_real_data, where
from bench.profile import profile
from seeds import loader, synthetic
from talentgraph import progress
from talentgraph.db import Graph
from talentgraph.settings import Settings

# People per size: the generator makes about 3.4 relationships per person, so
# these give about 10k, 100k and 1M relationships.
PEOPLE = {10_000: 2_950, 100_000: 29_500, 1_000_000: 294_000}
SIZES_ENV = "TALENTGRAPH_BENCH_SIZES"
NAIVE_SAMPLE_PEOPLE = 440  # about 2,000 rows: the naive load does a few hundred a second
CASE_BUDGET_SECONDS = 10.0  # per case, all three sides together, within the sample bounds
CLIENTS = 8  # concurrent clients of the throughput runs, on both APIs
# Per case and side: two windows of at most 200 requests or 2 s each, alternated with
# the peer's (measure.paired_throughput); one window of 3 s each, ours first, moved
# talentFlows at 1M from 0.86x to 1.34x of the peer's between runs.
THROUGHPUT = {"rounds": 1, "max_requests": 200, "max_seconds": 2.0}
PROFILE_CASES = 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def human(n: float) -> str:
    return f"{n / 1e6:.1f}M" if n >= 950_000 else f"{round(n / 1000):.0f}k"


async def load(settings: Settings, people: int) -> dict[str, Any]:
    graph = Graph(settings)
    try:
        await loader.empty(graph)  # so the load's own clock does not include emptying a big graph
    finally:
        await graph.close()
    done = await synthetic.load(settings, people, reset=True, show=progress.shown)
    return {
        "people": people, "nodes": done.nodes, "relationships": done.relationships,
        "load_seconds": round(done.seconds, 1), "load_rows_per_second": round(done.rows_per_second),
    }  # fmt: skip


async def measure_case(
    case: Case, bases: tuple[str, str], clients: tuple[aiohttp.ClientSession, aiohttp.ClientSession],
    driver: neo4j.AsyncDriver, database: str,
) -> tuple[dict[str, Any], Any]:  # fmt: skip
    """The case's row, and talentgraph's answer in the normal form."""
    client, peer = clients
    c = await measure.compare(case, client, peer, driver, database, CASE_BUDGET_SECONDS)
    statements = await measure.statements_per_request(client, case)
    peer_statements = await measure.peer_statements_per_request(peer, case)
    rps, peer_rps = (
        round(r, 1) for r in await measure.paired_throughput(bases, case, CLIENTS, **THROUGHPUT)
    )
    row = {
        "case": case.name, "kind": case.kind, "objects": c.objects, "response_bytes": c.response_bytes,
        "samples": c.samples, "graphql": c.graphql, "peer": c.peer, "raw": c.raw,
        "ratio_p50": round(c.graphql["p50_ms"] / c.raw["p50_ms"], 2),
        "ratio_p99": round(c.graphql["p99_ms"] / c.raw["p99_ms"], 2),
        "peer_ratio_p50": round(c.graphql["p50_ms"] / c.peer["p50_ms"], 2),
        "peer_ratio_p99": round(c.graphql["p99_ms"] / c.peer["p99_ms"], 2),
        "statements_per_request": statements, "peer_statements_per_request": peer_statements,
        "clients": CLIENTS, "requests_per_second": rps, "peer_requests_per_second": peer_rps,
        "throughput_ratio": round(rps / peer_rps, 2),
    }  # fmt: skip
    if case.fixed:  # its growth is judged without the peer's requests in between
        graphql, raw = await measure.alone(case, client, driver, database)
        row["alone"] = {"graphql": graphql, "raw": raw}
    return row, c.answer


async def run_scale(
    settings: Settings, people: int, fixed_answers: dict[str, Any], *, profiled: bool
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Load and measure one size. `fixed_answers` holds the fixed-answer cases' answers
    from the first size; a later size must give the same, or the run stops."""
    print(f"\n== loading {people:,} synthetic people ...", flush=True)
    scale = await load(settings, people)
    scale["name"] = human(scale["relationships"])
    print(
        f"   {scale['nodes']:,} nodes, {scale['relationships']:,} relationships in "
        f"{scale['load_seconds']} s ({scale['load_rows_per_second']:,} rows/s)",
        flush=True,
    )
    rows = []
    with (
        server.running(settings, free_port()) as base,
        peer_server.running(settings, free_port()) as peer_base,
    ):
        async with (
            measure.http_client(base) as client,
            measure.http_client(peer_base) as peer,
            measure.raw_driver(settings) as driver,
        ):
            for case in cases(people):
                row, answer = await measure_case(
                    case, (base, peer_base), (client, peer), driver, settings.neo4j_database
                )
                if case.fixed:
                    first = fixed_answers.setdefault(case.name, answer)
                    if diff := first_difference(first, answer):
                        raise measure.AnswersDiffer(
                            f"{case.name}: the answer changed with the graph's size, at {diff}"
                        )
                row = {"scale": scale["name"], "relationships": scale["relationships"], **row}
                print(report.case_line(row), flush=True)
                rows.append(row)
        scale["load_average"] = round(os.getloadavg()[0], 1)
        profiles = await profile_worst(settings, rows, people, base) if profiled else []
    return scale, rows, profiles


async def profile_worst(
    settings: Settings, rows: list[dict[str, Any]], people: int, base: str
) -> list[dict[str, Any]]:
    """Profile the cases whose p50 ratio to the raw driver is highest against their limit."""
    by_name = {c.name: c for c in cases(people)}
    found = []
    limited = [r for r in rows if targets.limit(r["kind"])]
    worst = sorted(limited, key=lambda r: -r["ratio_p50"] / targets.limit(r["kind"]))
    for row in worst[:PROFILE_CASES]:
        print(f"   profiling {row['case']} at {row['scale']} ...", flush=True)
        sides = await profile(settings, by_name[row["case"]], row["scale"], base)
        found.append({"scale": row["scale"], "case": row["case"], **sides})
    return found


def sizes() -> list[int]:
    """People per size, from TALENTGRAPH_BENCH_SIZES (relationships) or the default three."""
    text = os.environ.get(SIZES_ENV, "").strip()
    if not text:
        return list(PEOPLE.values())
    try:
        wanted = [int(part.replace("_", "")) for part in text.split(",")]
    except ValueError:
        sys.exit(f"{SIZES_ENV} takes relationship counts, e.g. 10000,100000; got {text!r}")
    if not wanted or min(wanted) < 1_000:
        sys.exit(f"{SIZES_ENV}: each size is 1000 relationships or more; got {text!r}")
    # The default sizes' people; another size scales the 10k one.
    return [PEOPLE.get(n, round(n * PEOPLE[10_000] / 10_000)) for n in wanted]


async def main(people: list[int]) -> None:
    started = time.perf_counter()
    full = people == list(PEOPLE.values())
    print(f"Neo4j: {where()}", flush=True)
    print(f"peer: @neo4j/graphql {peer_server.version()} (bench/peer)", flush=True)
    scales: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    profiles: list[dict[str, Any]] = []
    fixed_answers: dict[str, Any] = {}
    for k, n in enumerate(people):
        with neo4j_for(n) as settings:
            if k == 0:
                await refuse_real_data(settings)
                print(f"== seed load: the loader against one auto-commit MERGE per row, "
                      f"{NAIVE_SAMPLE_PEOPLE} people ...", flush=True)  # fmt: skip
                seed = await naive_load.compare(settings, NAIVE_SAMPLE_PEOPLE)
                print(f"   naive {seed.naive_rows_per_second:,.0f} rows/s, loader "
                      f"{seed.loader_rows_per_second:,.0f} rows/s", flush=True)  # fmt: skip
                print(f"== import: {import_speed.FACTS:,} facts against one statement per row ...",
                      flush=True)  # fmt: skip
                imports = await import_speed.measure(settings)
                print(f"   naive {imports['naive_rows_per_second']:,} facts/s, importer "
                      f"{imports['rows_per_second']:,} facts/s: {imports['speedup']:g}x",
                      flush=True)  # fmt: skip
            last = k == len(people) - 1
            scale, scale_rows, found = await run_scale(settings, n, fixed_answers, profiled=last)
            scales.append(scale)
            rows.extend(scale_rows)
            profiles.extend(found)
    results = report.results(
        where=where(), peer=peer_server.version(), scales=scales, rows=rows, seed=seed,
        profiles=profiles, total_seconds=time.perf_counter() - started, imports=imports,
    )  # fmt: skip
    written = report.write(results, full=full)
    print(targets.targets_text(results["targets"]))
    print(f"\ntotal {results['total_seconds'] / 60:.1f} min; wrote {', '.join(map(str, written))}")
    if not full:
        print("(not the default sizes: bench/results.json and docs/ are left as they were)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--people", type=int, nargs="+", default=None,
        help=f"graph sizes, in synthetic people (default: from {SIZES_ENV}, else the three sizes)",
    )  # fmt: skip
    asyncio.run(main(parser.parse_args().people or sizes()))
