"""The run's results as bench/results.json, docs/benchmarks.md and docs/bench-latency.png.

A run at other than the default sizes writes the same three files to bench/out/
instead, so a quick try never replaces the full run's numbers.
"""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import import_speed
from bench.measure import MIN_SAMPLES
from bench.naive_load import LoadComparison
from talentgraph.settings import ROOT

JSON = ROOT / "bench" / "results.json"
DOC = ROOT / "docs" / "benchmarks.md"
PLOT = ROOT / "docs" / "bench-latency.png"
TRIAL = ROOT / "bench" / "out"  # where a run at other sizes writes
# docs/benchmarks.md's section from bench/plans.py, a separate run: kept as it stands.
PLANS_HEADING = "## Plans"

# Against the raw driver, by case kind ("nested" and "fixed" have no such target).
RATIO_LIMIT = {"traversal": 1.5, "lookup": 1.3, "list": 1.5}
FLAT_LIMIT = 1.25  # id lookup p50 on the largest graph over the smallest
SEED_SPEEDUP = 20.0
# Against the peer, on the graphs of at least PEER_MIN_RELATIONSHIPS (100k and 1M):
PEER_LIMIT = 1.0  # p50 talentgraph / p50 peer, at most
THROUGHPUT_FLOOR = 1.0  # talentgraph's requests per second over the peer's, at least
PEER_MIN_RELATIONSHIPS = 50_000
GROWTH_LIMIT = 1.5  # a fixed-answer case's p50 on the largest graph over the smallest


def limit(kind: str) -> float | None:
    return RATIO_LIMIT.get(kind)


def case_line(r: dict[str, Any]) -> str:
    g, peer, raw = r["graphql"], r["peer"], r["raw"]
    return (
        f"   {r['case'][:52]:<52} p50 {g['p50_ms']:8.2f} | peer {peer['p50_ms']:8.2f} | "
        f"raw {raw['p50_ms']:8.2f} ms = {r['peer_ratio_p50']:5.2f}x peer, {r['ratio_p50']:5.2f}x raw"
        f"   {r['statements_per_request']:g}/{r['peer_statements_per_request']:g} stmt/req"
        f"   {r['requests_per_second']:6.1f} | {r['peer_requests_per_second']:6.1f} req/s"
        f" ({r['clients']} clients)   ({r['objects']:,} objects, n={r['samples']})"
    )


def _target(
    name: str, scale: str | None, measured: float, bound: float, *, at_least: bool = False
) -> dict[str, Any]:
    ok = measured >= bound if at_least else measured <= bound
    off = (measured / bound - 1) * 100
    how = (
        f"{abs(off):.0f}% {'above' if off >= 0 else 'below'} the {'floor' if at_least else 'limit'}"
    )
    return {
        "target": name, "scale": scale, "measured": round(measured, 2), "limit": bound,
        "result": "PASS" if ok else "MISS", "by": how,
    }  # fmt: skip


def growth(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each fixed-answer case: p50 on the largest graph over the smallest, per side."""
    found = []
    for name in dict.fromkeys(r["case"] for r in rows if r["kind"] == "fixed"):
        rs = [r for r in rows if r["case"] == name]
        first, last = rs[0], rs[-1]
        found.append({
            "case": name, "from": first["scale"], "to": last["scale"],
            "p50_ms": {r["scale"]: r["graphql"]["p50_ms"] for r in rs},
            **{side: round(last[side]["p50_ms"] / first[side]["p50_ms"], 2)
               for side in ("graphql", "peer", "raw")},
        })  # fmt: skip
    return found


def targets(
    rows: list[dict[str, Any]], scales: list[dict[str, Any]], seed: dict[str, Any],
    imports: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    found = []
    for r in rows:
        bound = limit(r["kind"])
        if bound is None:
            continue
        what = (
            "10,000-object list vs raw driver + orjson"
            if r["kind"] == "list"
            else "p50 vs raw driver"
        )
        found.append(_target(f"{r['case']}: {what} (p50 ratio)", r["scale"], r["ratio_p50"], bound))
    for r in rows:
        if r["relationships"] >= PEER_MIN_RELATIONSHIPS and r["kind"] != "fixed":
            found.append(_target(
                f"{r['case']}: p50 talentgraph / peer", r["scale"], r["peer_ratio_p50"], PEER_LIMIT,
            ))  # fmt: skip
            found.append(_target(
                f"{r['case']}: throughput talentgraph / peer, {r['clients']} clients", r["scale"],
                r["throughput_ratio"], THROUGHPUT_FLOOR, at_least=True,
            ))  # fmt: skip
    if len(scales) > 1:
        for g in growth(rows):
            found.append(_target(
                f"{g['case']}: fixed answer, p50 at {g['to']} over {g['from']} "
                f"(the peer's: {g['peer']:.2f}, the raw driver's: {g['raw']:.2f})", None,
                g["graphql"], GROWTH_LIMIT,
            ))  # fmt: skip
    lookups = [r for r in rows if r["kind"] == "lookup"]
    if len(scales) > 1 and lookups:
        first, last = lookups[0], lookups[-1]
        raw = last["raw"]["p50_ms"] / first["raw"]["p50_ms"]
        found.append(_target(
            f"id lookup flat: API p50 at {last['scale']} over {first['scale']} "
            f"(the raw driver's: {raw:.2f})", None,
            last["graphql"]["p50_ms"] / first["graphql"]["p50_ms"], FLAT_LIMIT,
        ))  # fmt: skip
    found.append(_target(
        f"seed loading: loader rows/s at {scales[-1]['name']} over naive rows/s", None,
        seed["speedup_at_scale"], SEED_SPEEDUP, at_least=True,
    ))  # fmt: skip
    found.append(_target(
        f"seed loading: loader over naive on the same {seed['rows']:,} rows", None,
        seed["speedup"], SEED_SPEEDUP, at_least=True,
    ))  # fmt: skip
    if imports is not None:
        found.append(_target(
            f"import: {imports['facts']:,} facts, importer over one statement per row", None,
            imports["speedup"], imports["target"], at_least=True,
        ))  # fmt: skip
    most = max(r["statements_per_request"] for r in rows)
    found.append(_target("Bolt statements per GraphQL request (most of any case)", None, most, 1.0))
    return found


def targets_text(found: list[dict[str, Any]]) -> str:
    lines = ["\n== targets"]
    for t in found:
        where = f" @{t['scale']}" if t["scale"] else ""
        lines.append(
            f"   {t['result']}  {t['target']}{where}: {t['measured']:g} vs {t['limit']:g} ({t['by']})"
        )
    return "\n".join(lines)


def results(
    *, where: str, peer: str, scales: list[dict[str, Any]], rows: list[dict[str, Any]],
    seed: LoadComparison, profiles: list[dict[str, Any]], total_seconds: float,
    imports: dict[str, Any] | None = None,
) -> dict[str, Any]:  # fmt: skip
    seed_row = {
        "people": seed.people, "rows": seed.rows,
        "naive_seconds": round(seed.naive_seconds, 2), "loader_seconds": round(seed.loader_seconds, 2),
        "naive_rows_per_second": round(seed.naive_rows_per_second),
        "loader_rows_per_second": round(seed.loader_rows_per_second),
        "speedup": round(seed.loader_rows_per_second / seed.naive_rows_per_second, 1),
        "loader_at_scale_rows_per_second": scales[-1]["load_rows_per_second"],
        "speedup_at_scale": round(scales[-1]["load_rows_per_second"] / seed.naive_rows_per_second, 1),
    }  # fmt: skip
    return {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gb": _memory_gb(),
            "python": platform.python_version(),
            "neo4j": where,
            "peer": f"@neo4j/graphql {peer} behind Apollo Server (bench/peer/package-lock.json)",
        },
        "total_seconds": round(total_seconds),
        "scales": scales,
        "cases": rows,
        "growth": growth(rows) if len(scales) > 1 else [],
        "seed_load": seed_row,
        "import_at_scale": imports,
        "profiles": profiles,
        "targets": targets(rows, scales, seed_row, imports),
    }


def _memory_gb() -> float:
    with open("/proc/meminfo") as f:
        kb = int(f.readline().split()[1])
    return round(kb / 1024 / 1024, 1)


def write(results: dict[str, Any], *, full: bool = True) -> list[Path]:
    """Write the three files (to bench/out/ unless `full`); returns their paths.

    docs/benchmarks.md keeps its Plans section, which bench/plans.py writes."""
    paths = [JSON, DOC, PLOT]
    if not full:
        TRIAL.mkdir(exist_ok=True)
        paths = [TRIAL / p.name for p in paths]
    json_path, doc, png = paths
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    plot(results, png)
    old = DOC.read_text() if DOC.exists() else ""
    start = old.find(PLANS_HEADING)
    end = old.find("\n## ", start + 1) if start >= 0 else -1
    plans = "" if start < 0 else "\n" + (old[start : end + 1] if end >= 0 else old[start:])
    doc.write_text(markdown(results) + plans)
    return paths


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in results["cases"] if r["kind"] != "fixed"]
    names = list(dict.fromkeys(r["case"] for r in rows))
    fig, (lat, raw, peer) = plt.subplots(1, 3, figsize=(19, 6))
    palette = plt.get_cmap("tab20")
    for k, name in enumerate(names):
        color = palette(k % 20)
        rs = [r for r in rows if r["case"] == name]
        x = [r["relationships"] for r in rs]
        lat.plot(x, [r["graphql"]["p50_ms"] for r in rs], "o-", color=color, label=name)
        lat.plot(x, [r["peer"]["p50_ms"] for r in rs], "s:", color=color, alpha=0.6)
        raw.plot(x, [r["ratio_p50"] for r in rs], "o-", color=color, label=name)
        peer.plot(x, [r["peer_ratio_p50"] for r in rs], "o-", color=color, label=name)
    for axis in (lat, raw, peer):
        axis.set_xscale("log")
        axis.set_xlabel("relationships in the graph")
        axis.grid(True, which="both", alpha=0.3)
    lat.set_yscale("log")
    lat.set_ylabel("p50 latency, ms (solid: talentgraph, dotted: the peer)")
    lat.set_title("Latency against graph size")
    raw.axhline(RATIO_LIMIT["traversal"], color="grey", linestyle=":", label="target 1.5x")
    raw.set_ylabel("p50 talentgraph / p50 raw driver")
    raw.set_title("Overhead over the raw driver")
    peer.axhline(PEER_LIMIT, color="black", linestyle=":", label="target 1.0x")
    peer.set_ylabel("p50 talentgraph / p50 peer (@neo4j/graphql)")
    peer.set_title("Against the peer (below 1: talentgraph is faster)")
    peer.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _ms(v: float) -> str:
    return f"{v:.2f}" if v < 100 else f"{v:.0f}"


def markdown(res: dict[str, Any]) -> str:
    m = res["machine"]
    out = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` (bench/run.py) on {res['generated']}; every number below "
        "comes from that one run (the same numbers are in `bench/results.json`).",
        "",
        "Each case is one GraphQL request sent over HTTP (httpx2, loopback) to the app under "
        "uvicorn in its own process, to the peer (`@neo4j/graphql` behind Apollo Server, in its "
        "own Node process, over the same Neo4j and data: see [The peer](#the-peer)) and to a "
        "raw-driver twin: for the named traversals, `person(id)` and the 10,000-object list, the "
        "same `cypher/` statement with the parameters the resolver passes; for the nested cases, "
        "one hand-written statement (`bench/cypher/twin_*.cypher`) that answers the whole "
        "request, the floor a compiler to one statement can reach. The twin runs through the "
        "official async driver in a read transaction with the database name, records fetched "
        "with `.data()`; the lists' twins also serialise their records with orjson. The three "
        "sides run interleaved, request by request (rotating which goes first), after a warm-up "
        "whose answers are checked equal on both APIs; p50 and p99 are nearest-rank percentiles "
        f"of the samples (with {MIN_SAMPLES} samples, p99 is the slowest). Statements per request "
        "come from each server's own counter; throughput is HTTP only, "
        f"{res['cases'][0]['clients']} concurrent clients, bounded to 400 requests or 3 s per "
        "point.",
        "",
        "## Machine and run",
        "",
        f"- {m['cpus']} cores, {m['memory_gb']} GB, Python {m['python']}; Neo4j 5.26: {m['neo4j']}.",
        f"- The peer: {m['peer']}, Node.js.",
        f"- Whole run (loads, measurements, profiles): {res['total_seconds'] / 60:.1f} min.",
        "- The machine is shared: the 1-minute load average at the end of each size is in the "
        "table below. Above 2 (the core count), other processes competed for the CPU and the "
        "absolute times are pessimistic; the ratios suffer less, since the sides run interleaved.",
        "",
        "## Graph sizes",
        "",
        "| size | people | nodes | relationships | load time | loader rows/s | load average |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in res["scales"]:
        out.append(
            f"| {s['name']} | {s['people']:,} | {s['nodes']:,} | {s['relationships']:,} | "
            f"{s['load_seconds']} s | {s['load_rows_per_second']:,} | {s['load_average']} |"
        )
    out += [
        "",
        "## Latency and throughput: talentgraph, the peer and the raw driver",
        "",
        "Ratios are talentgraph's over the other side's: below 1.0 against the peer, "
        "talentgraph is faster; throughput over 1.0, it serves more requests per second. "
        "Statements: Bolt statements per request, talentgraph / peer.",
        "",
    ]
    for s in res["scales"]:
        out += [
            f"### {s['name']} relationships",
            "",
            "| case | objects | samples | p50 talentgraph ms | p50 peer ms | p50 raw ms | "
            "p50 / peer | p50 / raw | p99 talentgraph ms | p99 peer ms | p99 raw ms | "
            "statements | req/s talentgraph | req/s peer | req/s / peer |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in (r for r in res["cases"] if r["scale"] == s["name"]):
            g, peer, raw = r["graphql"], r["peer"], r["raw"]
            out.append(
                f"| {r['case']} | {r['objects']:,} | {r['samples']} | {_ms(g['p50_ms'])} | "
                f"{_ms(peer['p50_ms'])} | {_ms(raw['p50_ms'])} | **{r['peer_ratio_p50']:.2f}** | "
                f"{r['ratio_p50']:.2f} | {_ms(g['p99_ms'])} | {_ms(peer['p99_ms'])} | "
                f"{_ms(raw['p99_ms'])} | {r['statements_per_request']:g} / "
                f"{r['peer_statements_per_request']:g} | {r['requests_per_second']:,.1f} | "
                f"{r['peer_requests_per_second']:,.1f} | **{r['throughput_ratio']:.2f}** |"
            )
        out.append("")
    few = [r for r in res["cases"] if r["kind"] == "list" and r["objects"] < 10_000]
    for r in few:
        out.append(
            f"At {r['scale']}, `people(first: 10000)` returns {r['objects']:,} objects: that graph "
            "holds no more synthetic people."
        )
    if res["growth"]:
        sizes = [s["name"] for s in res["scales"]]
        out += [
            "",
            "## Fixed answers on a growing graph",
            "",
            "The `fixed:` cases ask about the `syn-anchor-*` neighbourhood, which the generator "
            "makes the same at every size and links to nothing else (seeds/synthetic.py "
            "`anchors`); the run checks that their answers are equal at every size. Their time "
            "should follow the answer, not the graph: the target is talentgraph's p50 on the "
            f"largest graph within {GROWTH_LIMIT}x of its p50 on the smallest.",
            "",
            "| case | "
            + " | ".join(f"p50 ms at {n}" for n in sizes)
            + " | talentgraph growth | peer growth | raw growth |",
            "|---|" + "---:|" * (len(sizes) + 3),
        ]
        for g in res["growth"]:
            out.append(
                f"| {g['case']} | "
                + " | ".join(_ms(g["p50_ms"][n]) for n in sizes)
                + f" | **{g['graphql']:.2f}** | {g['peer']:.2f} | {g['raw']:.2f} |"
            )
    out += [
        "",
        "![p50 latency, and talentgraph's ratio to the raw driver and to the peer, against graph "
        "size](bench-latency.png)",
        "",
        "## Targets",
        "",
        "Reported here, never enforced by tests (timings are no pass/fail test). Against the "
        f"peer, on the graphs of {PEER_MIN_RELATIONSHIPS:,} relationships or more: p50 "
        f"talentgraph / peer at most {PEER_LIMIT:g}, and with {res['cases'][0]['clients']} "
        f"clients at least {THROUGHPUT_FLOOR:g}x the peer's requests per second.",
        "",
        "| target | size | measured | limit | result | by how much |",
        "|---|---|---:|---:|---|---|",
    ]
    for t in res["targets"]:
        out.append(
            f"| {t['target']} | {t['scale'] or 'all'} | {t['measured']:g} | {t['limit']:g} | "
            f"**{t['result']}** | {t['by']} |"
        )
    out += ["", *peer_section()]
    sl = res["seed_load"]
    out += [
        "",
        "## Seed loading",
        "",
        f"The same {sl['rows']:,} rows ({sl['people']} synthetic people with their companies, "
        "rounds and models) into an emptied graph, twice: naively, one auto-commit statement per "
        f"node and per relationship: {sl['naive_seconds']} s, {sl['naive_rows_per_second']:,} "
        f"rows/s; with the seed loader (`seeds.synthetic.load`, UNWIND batches of 5,000): "
        f"{sl['loader_seconds']} s, {sl['loader_rows_per_second']:,} rows/s, "
        f"**{sl['speedup']:g}x**. Both use the same upsert statements (`seed_nodes`, "
        "`seed_relationships`), so the gap is batching alone. On a sample this small the "
        "loader's time is mostly fixed costs (driver start, reset check, schema statements); "
        f"its rate at the largest size, {sl['loader_at_scale_rows_per_second']:,} rows/s, is "
        f"**{sl['speedup_at_scale']:g}x** the naive rate, and the graph-size table has it per size.",
        "",
        *(import_speed.section(res["import_at_scale"]) if res.get("import_at_scale") else []),
        "## Where the time goes",
        "",
        "For the cases with the highest ratio against their raw-driver limit on the largest "
        "graph: first the layers, timed (the raw driver; the app's schema executing the request "
        "in-process, no HTTP; the full HTTP request), then pyinstrument over the API (in-process "
        "behind an ASGI transport) and the raw twin, each sample charged to the innermost frame "
        "of a known package. The profiler's per-call cost inflates call-heavy code, graphql-core "
        "most, so its figures are shares, not milliseconds; 'waiting on Neo4j' is time the event "
        "loop sat idle on the socket. The full trees are written to `bench/out/` (not committed).",
        "",
    ]
    out += [_reading(res["cases"]), ""]
    for p in res["profiles"]:
        out += _profile_section(p)
    return "\n".join(out) + "\n"


def peer_section() -> list[str]:
    """How the peer is set up, what is equivalent and what is not, how to read the ratios."""
    return [
        "## The peer",
        "",
        "The peer is the reference engine for GraphQL over Neo4j, `@neo4j/graphql` 7, behind "
        "Apollo Server 5's standalone HTTP server, both pinned in `bench/peer/package-lock.json` "
        "and installed by `make bench` (`npm ci`; Node.js 20+). `bench/peer/server.mjs` holds "
        "its type definitions; `bench.peer_server` starts it per size on 127.0.0.1 with "
        "`NODE_ENV=production`, against the same Neo4j with the same credentials and database "
        "as the app. It compiles each root field into one Cypher statement that projects only "
        "the selected fields; it has no query cache of its own beyond Apollo's parsed-document "
        "cache, and no depth or cost limits.",
        "",
        "What is equivalent:",
        "",
        "- **Types**: `Person`, `Company` and `FundingRound` are `@node` types over the same "
        "labels and properties; `WORKED_AT`, `INVESTED_IN` and `RAISED` are `@relationship` "
        "fields with relationship-property types (`Employment`: role, team, level, start, end, "
        "ended...; `Investment`: lead; `Raise`). `person(id:)` is the peer's "
        "`people(where: {id: {eq:}})`, `company(id:)` its `companies(where:...)`, a connection "
        "`employments(first: 20) { totalCount edges { node { role employer } } }` its "
        "`employmentsConnection(first: 20, sort: ...) { totalCount edges { properties { role } "
        "node } }`, in talentgraph's order (newest spell first, then the other end's name, then "
        "the fact id; rounds by announcement; `people` by name then id), which the peer sorts "
        "by the stored `startMin`/`announcedMin` dates; `people(synthetic: true)` is its "
        "`people(where: {synthetic: {eq: true}}, sort: [{name: ASC}, {id: ASC}], limit:)`. "
        "Talentgraph's side of the three-level case uses `nodes` instead of `edges { node }`, "
        "to stay within its depth limit of 12.",
        "- **Named traversals**: `@cypher` fields on `Query` with the same names and arguments, "
        "each running talentgraph's own `cypher/*.cypher` file (read at start-up) and reshaping "
        "its one row into the returned items in Cypher, as talentgraph's resolvers do in "
        "Python; so both APIs ask Neo4j the same question, and a faster file speeds up both.",
        "- **Answers**: for every case, the warm-up answers of both APIs must be equal after a "
        "normalisation (bench/cases.py): a connection becomes the list of its nodes "
        "(`{totalCount, items}` when `totalCount` is selected); the peer's `xConnection` edges "
        "become talentgraph's facts (the edge's properties, with the node under the fact's "
        "field: `employer`, `person`, `round`, `company`), and its by-id list becomes the one "
        "object. Numbers compare by value (`2.0` equals `2`). A difference stops the run.",
        "- **Driver**: the official driver, notifications off, a read transaction per request "
        "with the database named, as the app's.",
        "",
        "What is not:",
        "",
        "- The peer's `WORKED_AT` ends at a `Company`; talentgraph's `employer` is an `Entity` "
        "(a university too). The synthetic graph has no academic spells, so the answers agree, "
        "but the peer's statement has a label to filter on that talentgraph's has not.",
        "- The peer has no evidence, sources, disputes, partial-date arithmetic, redirects of "
        "merged ids, `NOT_FOUND` errors for unknown ids (it answers `[]`), limits or "
        "authentication: it does less per request than talentgraph must.",
        "- The traversals' nested entities are plain maps on the peer, not nodes it could "
        "traverse further; `Hop.properties` goes through a `JSON` scalar that drops the "
        "date-index and evidence properties, as talentgraph's does.",
        "- The server stacks differ: Python (uvicorn, Starlette, Strawberry) against Node "
        "(Apollo's standalone server). The comparison is of the whole service, as a client "
        "sees it.",
        "",
        "How to read the ratios: **p50 / peer** is talentgraph's median latency over the "
        "peer's on the same request (below 1: talentgraph is faster); **req/s / peer** is "
        "talentgraph's throughput over the peer's with the same concurrent clients (above 1: "
        "talentgraph serves more). **p50 / raw** is talentgraph over a raw-driver twin: the "
        "cost of the API layer over the database work, as Python's driver sees it: on big "
        "answers its decoding of records is slower than the peer's Node driver, so the peer "
        "can come in under the raw twin. All are ratios from one interleaved run, so they hold "
        "on a busy machine better than the absolute times do.",
    ]


def _reading(rows: list[dict[str, Any]]) -> str:
    """The pattern in the tables: a per-request cost that weighs most on fast queries."""

    def span(values: list[float], fmt: str) -> str:
        return f"{min(values):{fmt}}-{max(values):{fmt}}" if values else "-"

    fast = [r for r in rows if r["raw"]["p50_ms"] < 20]
    slow = [r for r in rows if r["raw"]["p50_ms"] >= 100]
    added = [r["graphql"]["p50_ms"] - r["raw"]["p50_ms"] for r in fast]
    return (
        f"Across all sizes, on the {len(fast)} measurements the database answers in under 20 ms "
        f"(p50, raw driver), the API adds {span(added, '.1f')} ms per request, for p50 ratios of "
        f"{span([r['ratio_p50'] for r in fast], '.2f')}; on the {len(slow)} that take the "
        f"database 100 ms or more, the ratios are {span([r['ratio_p50'] for r in slow], '.2f')}. "
        "A small answer pays a fixed cost per request, which weighs most where the database is "
        "fast; a big one (thousands of objects) adds the driver's decoding of the one record "
        "and the zipping of response keys onto each object (compiler/shape.py), while the raw "
        "twin, which fetches whole nodes, decodes more. The layers below split the added time "
        "between executing the GraphQL request in-process (parsing, validation and limits "
        "from caches, the compiled statement, the driver) and the HTTP layer around it."
    )


def _profile_section(p: dict[str, Any]) -> list[str]:
    layers = p["layers_p50_ms"]
    raw, execute, http = layers.values()
    extra = http - raw
    lines = [
        f"### {p['case']} at {p['scale']}",
        "",
        f"Layers, p50 of {p['layer_samples']} interleaved samples each:",
        "",
        "| layer | p50 ms | adds ms | share of the API's extra time |",
        "|---|---:|---:|---:|",
        f"| raw driver | {raw:.2f} | | |",
    ]
    for name, below, value in (
        ("schema.execute in-process (Strawberry, graphql-core, resolver, driver)", raw, execute),
        ("HTTP request (uvicorn, Starlette, Strawberry's view, orjson, client)", execute, http),
    ):
        share = f"{(value - below) / extra:.0%}" if extra > 0 else "-"
        lines.append(f"| {name} | {value:.2f} | {value - below:+.2f} | {share} |")
    api, twin = p["graphql"], p["raw"]
    lines += [
        "",
        "pyinstrument, share of each side's profiled time:",
        "",
        "| where | API (in-process, via ASGI) | raw driver |",
        "|---|---:|---:|",
    ]
    for n in dict.fromkeys([*api, *twin]):
        lines.append(f"| {n} | {api.get(n, 0):.0%} | {twin.get(n, 0):.0%} |")
    top = [f"{n} {v:.0%}" for n, v in list(api.items())[:3]]
    lines += ["", f"The API side's largest shares: {'; '.join(top)}.", ""]
    return lines
